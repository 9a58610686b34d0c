import type { Environment, ResolvedConfig, Rolldown } from 'vite'
import { createParseCache, DIAGNOSTIC_CATALOG, ProjectAnalyzer, type DiagnosticCode } from '../core/index.ts'
import { formatProblem } from '../report/format-diagnostics.ts'
import type { InventoryEntry } from '../report/inventory.ts'
import type { EndpointRow, ServerRouteRow } from '../report/summary.ts'
import { createAnalyzerHost, createPackageFilter } from './analyzer-host.ts'
import { BuildState } from './build-state.ts'
import type { DevSession } from './dev-session.ts'
import { packageNameOf } from './dependencies.ts'
import { ModuleSources } from './module-sources.ts'
import type { ResolvedOptions } from './options.ts'
import type { ServerOutput } from './reports.ts'
import type { StartRelease } from './start-framework.ts'
import { resolveSessionModule, SessionModuleError, type ResolveFn, type ResolvedSessionModule } from './session-module.ts'

/**
 * The one state the plugin's hooks share. Each hook lives in a file of its own and reads or
 * writes only this object, so that what one build knows is in one place.
 */

/**
 * A test switch, never for apps: codes listed here (comma-separated) are counted instead of
 * failing the build, so that end-to-end tests can prove that the runtime check and the
 * verification of TanStack's output hold on their own. The build says loudly that it is on.
 */
export const IGNORE_ENV = 'SERVERFN_AUTH_DANGEROUSLY_IGNORE'

export interface EnvironmentState {
  build: BuildState
  analyzer: ProjectAnalyzer
  /** The resolver of the latest hook context of this environment. */
  resolve: ResolveFn
}

/** What one server environment's build found and wrote, for the build's one report. */
export interface EnvironmentResult {
  rows: EndpointRow[]
  /** The endpoints its server registers, each with this environment's name. */
  endpoints: InventoryEntry[]
  /** Server routes found in its modules. */
  routes: ServerRouteRow[]
  guarded: boolean
  serverFnBase: string
  routerBasepath: string
  /** Set once its bundle is on disk; null for an environment that wrote nothing. */
  output: (ServerOutput & { outDir: string }) | null
}

/** The middleware of each role and the optional-session middleware, as the plugin resolved them. */
export interface AccessModules {
  roles: Array<{ name: string; module: ResolvedSessionModule }>
  optional: ResolvedSessionModule | null
}

export class PluginState {
  config!: ResolvedConfig
  colors = false
  /** Set once the build removed the last build's inventory and record. */
  cleared = false
  /** The TanStack Start the app builds with (framework, package, release), from the config. */
  start!: StartRelease
  /** The environments TanStack compiles server functions in; the plugin applies to these only. */
  startEnvironments: ReadonlySet<string> = new Set()
  /** Server environments whose build includes the runtime guard. */
  readonly guarded = new Set<string>()
  /** The inventory of each server environment, from buildEnd to renderChunk (the guard's set). */
  readonly finished = new Map<string, InventoryEntry[]>()
  /** Each server environment's result, from buildEnd and writeBundle to the build's one report. */
  readonly results = new Map<string, EnvironmentResult>()
  /** Modules read from disk to answer imports: each is read and parsed once per build. */
  readonly sources = new ModuleSources()
  /** One parse of a file's text for every environment and hook that reads it. */
  readonly parse = createParseCache()
  /** Modules of packages that can declare none of the app's server functions (see `createPackageFilter`). */
  readonly declaresNothing = createPackageFilter()
  readonly ignored: ReadonlySet<DiagnosticCode>
  /** The last endpoint table printed by the dev server, and the timer that debounces it. */
  readonly devSummary: { last: string; timer?: NodeJS.Timeout } = { last: '' }
  /** The dev server's problems and checks; null in a build. */
  dev: DevSession | null = null
  private session: Promise<ResolvedSessionModule> | null = null
  private routeSession: Promise<ResolvedSessionModule | null> | null = null
  private access: Promise<AccessModules> | null = null
  private readonly environments = new Map<string, EnvironmentState>()

  constructor(readonly options: ResolvedOptions) {
    this.ignored = parseIgnored(process.env[IGNORE_ENV])
  }

  /** Resolves `middleware.from` once per build; fails with SFA501/SFA502. */
  sessionModule(context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<ResolvedSessionModule> {
    this.session ??= resolveSessionModule(this.options.middleware.from, this.options.middleware.export, this.config.root, resolverOf(context)).catch(
      (error: unknown) => {
        if (error instanceof SessionModuleError) throw new Error(formatProblem(error.code, error.message))
        throw error
      },
    )
    return this.session
  }

  /** Resolves `routes.middleware` once per build (null when not configured); fails with SFA501/SFA502. */
  routeSessionModule(context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<ResolvedSessionModule | null> {
    const option = this.options.routeMiddleware
    this.routeSession ??= !option
      ? Promise.resolve(null)
      : resolveSessionModule(option.from, option.export, this.config.root, resolverOf(context), 'routes.middleware').catch((error: unknown) => {
          if (error instanceof SessionModuleError) throw new Error(formatProblem(error.code, error.message))
          throw error
        })
    return this.routeSession
  }

  /** Resolves every `roles` entry and `optional` once per build; fails with SFA501/SFA502. */
  accessModules(context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<AccessModules> {
    const resolveOne = (option: { from: string; export: string }, name: string) =>
      resolveSessionModule(option.from, option.export, this.config.root, resolverOf(context), name).catch((error: unknown) => {
        if (error instanceof SessionModuleError) throw new Error(formatProblem(error.code, error.message))
        throw error
      })
    this.access ??= (async () => {
      const roles = await Promise.all([...this.options.roles].map(async ([name, option]) => ({ name, module: await resolveOne(option, `roles.${name}`) })))
      const optional = this.options.optional ? await resolveOne(this.options.optional, 'optional') : null
      return { roles, optional }
    })()
    return this.access
  }

  /** The state of an environment, created on first use; its resolver follows the latest context. */
  async environment(environment: Environment, context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<EnvironmentState> {
    const session = await this.sessionModule(context)
    await this.routeSessionModule(context)
    const access = await this.accessModules(context)
    let state = this.environments.get(environment.name)
    if (!state) {
      const build = new BuildState(this.ignored)
      const entry: EnvironmentState = {
        build,
        resolve: resolverOf(context),
        analyzer: new ProjectAnalyzer({
          host: createAnalyzerHost({ resolve: () => entry.resolve, sources: this.sources, dependencies: this.options.dependencies }),
          session: { file: session.file, exportName: session.exportName },
          parse: this.parse,
          layers: [...access.roles.map((role) => role.module), ...(access.optional ? [access.optional] : [])],
          access: { roles: new Set(this.options.roles.keys()), optional: access.optional !== null },
          // Modules read only to answer another module's imports have problems of their own.
          onAnalysis: (analysis, code) => build.record(code, analysis, packageNameOf(analysis.file)),
        }),
      }
      this.environments.set(environment.name, (state = entry))
    }
    state.resolve = resolverOf(context)
    return state
  }

  existing(name: string): EnvironmentState | undefined {
    return this.environments.get(name)
  }

  all(): EnvironmentState[] {
    return [...this.environments.values()]
  }

  /** A new build of one environment starts from nothing. */
  reset(name: string): void {
    this.environments.delete(name)
    this.guarded.delete(name)
    this.finished.delete(name)
    this.results.delete(name)
    this.sources.clear()
    this.session = null
    this.routeSession = null
    this.access = null
  }

  /**
   * A file changed (dev server, watch mode). Every analysis is dropped, not only the file's: the
   * analysis of a module depends on the modules its imports come from, and one that is not
   * analysed again would keep an answer about a builder that has changed.
   */
  invalidate(file: string): void {
    this.sources.invalidate(file)
    for (const state of this.environments.values()) state.analyzer.clear()
  }
}

export function resolverOf(context: Pick<Rolldown.PluginContext, 'resolve'>): ResolveFn {
  return (source, importer) => context.resolve(source, importer)
}

function parseIgnored(value: string | undefined): ReadonlySet<DiagnosticCode> {
  if (!value) return new Set()
  const codes = value.split(',').map((code) => code.trim()).filter(Boolean)
  for (const code of codes) {
    if (!(code in DIAGNOSTIC_CATALOG)) throw new Error(`[serverfn-auth] ${IGNORE_ENV} lists ${JSON.stringify(code)}, which is not a diagnostic code.`)
  }
  return new Set(codes as DiagnosticCode[])
}
