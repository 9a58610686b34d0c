import type { Diagnostic } from '../core/index.ts'
import { displayPath, formatDiagnostics } from '../report/format-diagnostics.ts'

/**
 * What is wrong under `vite dev`, right now. Every server environment reports each file it
 * transforms (or verifies); a file is fixed when every environment that had problems in it says
 * so. Each change is announced once: the problems of a file when they appear or change, and a
 * line when they are gone. Nothing is announced when a file is transformed again unchanged, so
 * the terminal is not flooded by every request that meets the same problem.
 */

/** What Vite's error overlay reads (`ErrorPayload['err']`). */
export interface OverlayError {
  message: string
  stack: string
  id: string
  loc: { file: string; line: number; column: number }
  plugin: string
}

export interface DevProblemOutputs {
  /** The problems of one file, printed when they appear or change. */
  problems(text: string): void
  /** A file's problems are gone; `remaining` problems are left in other files. */
  fixed(file: string, remaining: number): void
  /** Open pages show `overlay`, or reload when it is null (every problem is gone). */
  notify(overlay: OverlayError | null): void
}

interface Entry {
  diagnostics: readonly Diagnostic[]
  code: string
}

export class DevProblems {
  /** Problems by file, then by environment. */
  private readonly byFile = new Map<string, Map<string, Entry>>()
  /** The text last announced for each file with problems. */
  private readonly announced = new Map<string, string>()

  constructor(
    private readonly root: string,
    private readonly outputs: DevProblemOutputs,
    private readonly colors = false,
  ) {}

  /** The problems `environment` found in `file` now (none when it is clean). */
  update(environment: string, file: string, diagnostics: readonly Diagnostic[], code: string): void {
    const environments = this.byFile.get(file) ?? new Map<string, Entry>()
    if (diagnostics.length) environments.set(environment, { diagnostics, code })
    else environments.delete(environment)
    if (environments.size) this.byFile.set(file, environments)
    else this.byFile.delete(file)
    this.announce(file)
  }

  /** A file that was deleted, or that no longer declares anything the plugin reads. */
  forget(file: string): void {
    if (!this.byFile.delete(file)) return
    this.announce(file)
  }

  files(): string[] {
    return [...this.byFile.keys()].sort()
  }

  count(): number {
    return this.files().reduce((sum, file) => sum + this.diagnosticsOf(file).length, 0)
  }

  /** Every problem, for the overlay and the refused requests; null when there is none. */
  overlay(): OverlayError | null {
    const files = this.files()
    if (!files.length) return null
    const diagnostics = files.flatMap((file) => this.diagnosticsOf(file))
    const first = diagnostics[0]!
    return {
      message: this.format(diagnostics, false),
      stack: '',
      id: first.file,
      loc: { file: first.file, line: first.loc.line, column: first.loc.column + 1 },
      plugin: 'serverfn-auth',
    }
  }

  private announce(file: string): void {
    const diagnostics = this.diagnosticsOf(file)
    const text = diagnostics.length ? this.format(diagnostics, false) : ''
    if (text === (this.announced.get(file) ?? '')) return
    if (text) {
      this.announced.set(file, text)
      this.outputs.problems(this.colors ? this.format(diagnostics, true) : text)
    } else {
      this.announced.delete(file)
      this.outputs.fixed(displayPath(file, this.root), this.count())
    }
    this.outputs.notify(this.overlay())
  }

  /** The problems of a file across environments, each once, in source order. */
  private diagnosticsOf(file: string): Diagnostic[] {
    const unique = new Map<string, Diagnostic>()
    for (const { diagnostics } of this.byFile.get(file)?.values() ?? []) {
      for (const diagnostic of diagnostics) unique.set(`${diagnostic.loc.start}\n${diagnostic.code}`, diagnostic)
    }
    return [...unique.values()].sort((a, b) => a.loc.start - b.loc.start || a.code.localeCompare(b.code))
  }

  private format(diagnostics: readonly Diagnostic[], colors: boolean): string {
    const sources = new Map<string, string>()
    for (const [file, environments] of this.byFile) sources.set(file, environments.values().next().value!.code)
    return formatDiagnostics(diagnostics, sources, { root: this.root, colors })
  }
}
