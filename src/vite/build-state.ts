import { createDiagnostic, type CompiledEndpoint, type Diagnostic, type ModuleAnalysis, type ServerFnDeclaration } from '../core/index.ts'

/**
 * What the plugin learnt during one build (or one dev server session). The same file is
 * transformed several times (plain, `?tss-serverfn-split`, lookups); everything is keyed by the
 * file's own path so that each problem and each endpoint counts once.
 */

export interface ModuleRecord {
  file: string
  /** The package the module belongs to, when it lives in node_modules. */
  package: string | null
  declarations: ServerFnDeclaration[]
  /**
   * For declarations derived from an imported builder: the module that declares the builder and
   * its name there (through re-exports), or null when it could not be followed.
   */
  resolvedReferences: Map<string, BuilderLocation | null>
}

export interface BuilderLocation {
  file: string
  name: string
}

export class BuildState {
  readonly modules = new Map<string, ModuleRecord>()
  private readonly diagnostics = new Map<string, Diagnostic>()
  /** Source text per file, for code frames. */
  readonly sources = new Map<string, string>()
  /** What TanStack's compiler registered, by provider module (file without query). */
  readonly compiled = new Map<string, CompiledEndpoint[]>()

  record(code: string, analysis: ModuleAnalysis, record: Omit<ModuleRecord, 'file' | 'declarations'>): void {
    const { file } = analysis
    this.sources.set(file, code)
    this.modules.set(file, { file, declarations: analysis.declarations, ...record })
    for (const key of this.diagnostics.keys()) if (key.startsWith(`${file}\n`)) this.diagnostics.delete(key)
    for (const diagnostic of analysis.diagnostics) this.addDiagnostic(diagnostic)
  }

  addDiagnostic(diagnostic: Diagnostic): void {
    this.diagnostics.set(`${diagnostic.file}\n${diagnostic.loc.start}\n${diagnostic.code}`, diagnostic)
  }

  problems(): Diagnostic[] {
    return [...this.diagnostics.values()].sort(
      (a, b) => a.file.localeCompare(b.file) || a.loc.start - b.loc.start || a.code.localeCompare(b.code),
    )
  }

  clear(): void {
    this.modules.clear()
    this.diagnostics.clear()
    this.sources.clear()
    this.compiled.clear()
  }
}

/** SFA401 for a module of a package that has no rule: one diagnostic naming its server functions. */
export function unclassifiedDependency(pkg: string, analysis: ModuleAnalysis): Diagnostic | null {
  const roots = analysis.declarations.filter((d) => d.origin.kind === 'root')
  if (roots.length === 0) return null
  const names = roots.map((d) => d.name).join(', ')
  return createDiagnostic(
    'SFA401',
    analysis.file,
    roots[0]!.loc,
    `The package \`${pkg}\` declares server functions (${names}) and \`dependencies\` has no rule for it. They would become live endpoints of this app.`,
  )
}
