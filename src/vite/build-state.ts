import type { CompiledEndpoint, Diagnostic, DiagnosticCode, ModuleAnalysis, ServerRouteAnalysis } from '../core/index.ts'
import type { ModuleEndpoints } from '../report/summary.ts'

/**
 * What the plugin learnt in one server or client environment during one build (or one dev server
 * session). The same file is transformed several times (plain, `?tss-serverfn-split`, lookups);
 * everything is keyed by the file's own path so that each problem and each endpoint counts once.
 */
export class BuildState {
  readonly modules = new Map<string, ModuleEndpoints>()
  /** The analysis of every module, by file: what it exports, for the sweep of the module graph. */
  readonly analyses = new Map<string, ModuleAnalysis>()
  /** Source text per file, for code frames. */
  readonly sources = new Map<string, string>()
  /** What TanStack's compiler registered, by provider module (file without query). */
  readonly compiled = new Map<string, CompiledEndpoint[]>()
  /** Files the transform itself saw (not only read to answer another module's imports). */
  readonly transformed = new Set<string>()
  /** Server routes (routes with `server.handlers`) and their access, by file. */
  readonly routes = new Map<string, ServerRouteAnalysis[]>()
  /** Files where the route analysis found a route factory called (with handlers or without), for the check of the route tree. */
  readonly routeModules = new Set<string>()
  /** The route trees TanStack generated (`export const routeTree = …`), by module id: the path it serves each route module at. */
  readonly routeTrees = new Map<string, ReadonlyArray<{ source: string; fullPath: string }>>()
  /** The path the generated route tree serves each route module at, by file. */
  readonly routePaths = new Map<string, string>()
  private readonly diagnostics = new Map<string, Diagnostic>()

  constructor(
    /** Codes a test switched off; their problems are counted, not reported. */
    private readonly ignored: ReadonlySet<DiagnosticCode> = new Set(),
  ) {}

  record(code: string, analysis: ModuleAnalysis, pkg: string | null): void {
    const { file } = analysis
    this.sources.set(file, code)
    this.modules.set(file, { file, package: pkg, declarations: analysis.declarations })
    this.analyses.set(file, analysis)
    this.replaceDiagnostics(file, 'analysis', analysis.diagnostics)
  }

  /**
   * Replaces the problems of one kind for a file: `analysis` when it is analysed again,
   * `provider` or `caller` when TanStack's output for it is verified again (dev).
   */
  replaceDiagnostics(file: string, kind: 'analysis' | 'routes' | 'provider' | 'caller', diagnostics: readonly Diagnostic[]): void {
    const prefix = `${file}\n${kind}\n`
    for (const key of this.diagnostics.keys()) if (key.startsWith(prefix)) this.diagnostics.delete(key)
    for (const diagnostic of diagnostics) this.diagnostics.set(`${prefix}${diagnostic.loc.start}\n${diagnostic.code}`, diagnostic)
  }

  addDiagnostic(diagnostic: Diagnostic): void {
    this.diagnostics.set(`${diagnostic.file}\nbuild\n${diagnostic.loc.start}\n${diagnostic.code}`, diagnostic)
  }

  problems(): Diagnostic[] {
    return [...this.diagnostics.values()]
      .filter((diagnostic) => !this.ignored.has(diagnostic.code))
      .sort((a, b) => a.file.localeCompare(b.file) || a.loc.start - b.loc.start || a.code.localeCompare(b.code))
  }

  /** How many problems the test switch hid. */
  ignoredCount(): number {
    return [...this.diagnostics.values()].filter((diagnostic) => this.ignored.has(diagnostic.code)).length
  }

  clear(): void {
    this.modules.clear()
    this.analyses.clear()
    this.sources.clear()
    this.compiled.clear()
    this.transformed.clear()
    this.routes.clear()
    this.routeModules.clear()
    this.routeTrees.clear()
    this.routePaths.clear()
    this.diagnostics.clear()
  }
}
