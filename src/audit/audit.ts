import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Plugin, ViteDevServer } from 'vite'
import { analyzeRoutesOf, cleanModuleId, DIAGNOSTIC_CATALOG, mayContainServerFn, ProjectAnalyzer, ROUTE_CANDIDATE_PATTERN, VUE_SFC_ID, vueComponentDiagnostic, type Diagnostic, type DiagnosticCode, type ServerFnDeclaration } from '../core/index.ts'
import { endpointRows, serverRouteRows, type EndpointRow, type ModuleEndpoints, type ServerRouteRow } from '../report/summary.ts'
import { createAnalyzerHost, createPackageFilter } from '../vite/analyzer-host.ts'
import { BuildState } from '../vite/build-state.ts'
import { packageNameOf } from '../vite/dependencies.ts'
import { findCandidateModules } from '../vite/find-candidates.ts'
import { ModuleSources } from '../vite/module-sources.ts'
import type { ResolvedOptions } from '../vite/options.ts'
import { PLUGIN_NAME, type ServerFnAuthApi } from '../vite/plugin.ts'
import { resolveSessionModule, SessionModuleError, type ResolveFn, type ResolvedSessionModule } from '../vite/session-module.ts'
import { startReleaseOf, type StartRelease } from '../vite/start-framework.ts'

/**
 * `serverfn-auth audit`: what the plugin would do to an app, without building it. The app's Vite
 * config is resolved by a dev server in middleware mode (no build, no port): its resolver answers
 * imports as in the build, and its `serverFnAuth()` options, when it has the plugin, configure
 * the analysis. Each module that may declare a server function or a server route is analysed by
 * the same core as the build. What only a build can check (the sweep of its module graph, the
 * verification of TanStack's output, the cross-check) is left to the build.
 */

/** Whether an endpoint's chain, or a builder it derives from, lists middleware by hand today. */
export type MiddlewareToday = 'none' | 'listed' | 'unknown'

export interface AuditEndpoint extends EndpointRow {
  today: MiddlewareToday
}

/** A problem of the configuration (the session module, the Start release): no file to point at. */
export interface ConfigProblem {
  code: DiagnosticCode
  message: string
}

export interface AuditReport {
  root: string
  /** The Start the config uses; null when it has none serverfn-auth supports (a config problem says why). */
  start: StartRelease | null
  /** Whether the config has `serverFnAuth()`: without it, the report is what adopting it would change. */
  configured: boolean
  endpoints: AuditEndpoint[]
  serverRoutes: ServerRouteRow[]
  diagnostics: Diagnostic[]
  configProblems: ConfigProblem[]
  /** Source text of the files the diagnostics point at, for code frames. */
  sources: ReadonlyMap<string, string>
  /** Modules that register function middleware for every server function (`createStart`'s `functionMiddleware`). */
  globalMiddleware: string[]
}

export async function auditApp(root: string): Promise<AuditReport> {
  const { createServer } = await import('vite')
  // From the app's folder, as `vite dev` runs: the config's own `root` then means what it says.
  const previous = process.cwd()
  process.chdir(root)
  // Vite's dependency cache goes to a folder of the audit's own, not the app's node_modules.
  const cacheDir = await mkdtemp(join(tmpdir(), 'serverfn-auth-audit-'))
  let server: ViteDevServer
  try {
    server = await createServer({
      logLevel: 'silent',
      appType: 'custom',
      cacheDir,
      server: { middlewareMode: true, hmr: false, ws: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    })
  } catch (error) {
    await rm(cacheDir, { recursive: true, force: true })
    process.chdir(previous)
    // The plugin refuses its configuration before anything is built (SFA5xx): the build would fail.
    const problem = configProblemOf(error)
    if (!problem) throw error
    return { root, start: null, configured: true, endpoints: [], serverRoutes: [], diagnostics: [], configProblems: [problem], sources: new Map(), globalMiddleware: [] }
  }
  try {
    return await auditWith(server)
  } finally {
    await server.close()
    await rm(cacheDir, { recursive: true, force: true })
    process.chdir(previous)
  }
}

/** `[serverfn-auth] SFA504 tanstack-start-missing: <message>\n  hint: …`, as the plugin throws it. */
function configProblemOf(error: unknown): ConfigProblem | null {
  const match = /\[serverfn-auth\] (SFA\d{3}) [a-z-]+: ([\s\S]*?)\n {2}hint: /.exec(error instanceof Error ? error.message : '')
  if (!match || !(match[1]! in DIAGNOSTIC_CATALOG)) return null
  return { code: match[1] as DiagnosticCode, message: match[2]! }
}

async function auditWith(server: ViteDevServer): Promise<AuditReport> {
  const { config } = server
  const root = config.root
  const configProblems: ConfigProblem[] = []
  const names = config.plugins.map((plugin) => plugin.name)
  const release = startReleaseOf(names, root)
  if ('problem' in release) configProblems.push({ code: 'SFA505', message: release.problem })
  const options = (config.plugins.find((plugin) => plugin.name === PLUGIN_NAME) as (Plugin & { api?: ServerFnAuthApi }) | undefined)?.api?.options ?? null

  const environment = Object.values(server.environments).find((candidate) => candidate.config.consumer === 'server')
  if (!environment) throw new Error(`The Vite config of ${root} has no server environment: it is not a TanStack Start app.`)
  const resolveId: ResolveFn = async (source, importer) => (await environment.pluginContainer.resolveId(source, importer)) ?? null

  const modules = options ? await configuredModules(options, root, resolveId, configProblems) : { session: null, layers: [] }
  const build = new BuildState()
  const analyzer = new ProjectAnalyzer({
    host: createAnalyzerHost({ resolve: () => resolveId, sources: new ModuleSources(), dependencies: options?.dependencies ?? new Map() }),
    ...(modules.session ? { session: { file: modules.session.file, exportName: modules.session.exportName } } : {}),
    layers: modules.layers,
    access: { roles: new Set(options?.roles.keys() ?? []), optional: !!options?.optional },
    onAnalysis: (analysis, code) => build.record(code, analysis, packageNameOf(analysis.file)),
  })

  // Every script module and component: the candidates are analysed, and every module's imports
  // of packages are followed (a package's endpoints are the build's as soon as the app imports it).
  const candidates = await findCandidateModules(root, Number.POSITIVE_INFINITY, null)
  const routes = new Map<string, ReturnType<typeof analyzeRoutesOf>['routes']>()
  const globalMiddleware: string[] = []
  const packages = new PackageModules(analyzer, resolveId)
  for (const file of candidates) {
    const code = await readFile(file, 'utf8')
    if (VUE_SFC_ID.test(file)) {
      const refusal = vueComponentDiagnostic(code, file)
      if (refusal) build.replaceDiagnostics(file, 'analysis', [refusal])
      build.sources.set(file, code)
      continue
    }
    if (GLOBAL_FUNCTION_MIDDLEWARE.test(code)) globalMiddleware.push(file)
    if (mayContainServerFn(code)) await analyzer.analyze(file, code)
    await packages.follow(file, code)
    if (!ROUTE_CANDIDATE_PATTERN.test(code)) continue
    const analysis = analyzeRoutesOf(code, file, { routeMiddleware: !!options?.routeMiddleware, withServerFns: mayContainServerFn(code) })
    if (analysis.routes.length) routes.set(file, analysis.routes)
    build.replaceDiagnostics(file, 'routes', analysis.diagnostics)
    if (!build.sources.has(file)) build.sources.set(file, code)
  }

  const endpoints = endpointRows(build.modules.values()).map((row) => ({ ...row, today: middlewareToday(build.modules, row) }))
  return {
    root,
    start: 'problem' in release ? null : release,
    configured: options !== null,
    endpoints,
    serverRoutes: serverRouteRows(routes),
    diagnostics: build.problems(),
    configProblems,
    sources: build.sources,
    globalMiddleware,
  }
}

/** `createStart(() => ({ functionMiddleware: [...] }))`: middleware that runs before every server function. */
const GLOBAL_FUNCTION_MIDDLEWARE = /\bfunctionMiddleware\s*:/

/**
 * The modules of packages the app imports that may declare its endpoints (packages that depend on
 * TanStack Start, see `createPackageFilter`), followed from the app's modules through each
 * package's own imports, and analysed as the build's transform would: their endpoints are listed
 * and their problems (SFA401 without a rule) counted.
 */
class PackageModules {
  private readonly seen = new Set<string>()
  private readonly declaresNothing = createPackageFilter()

  constructor(
    private readonly analyzer: ProjectAnalyzer,
    private readonly resolveId: ResolveFn,
  ) {}

  async follow(importer: string, code: string): Promise<void> {
    const inPackage = importer.includes('/node_modules/')
    for (const source of importSources(code)) {
      // The app's own modules are all walked: from them, only packages are followed.
      if (!inPackage && /^[./]/.test(source)) continue
      const resolved = await this.resolveId(source, importer).catch(() => null)
      // An external package is still read: the build bundles the packages that depend on Start.
      if (!resolved || resolved.id.startsWith('\0')) continue
      const file = cleanModuleId(resolved.id)
      if (!file.includes('/node_modules/') || this.seen.has(file) || this.declaresNothing(file)) continue
      this.seen.add(file)
      const text = await readFile(file, 'utf8').catch(() => null)
      if (text === null) continue
      if (mayContainServerFn(text)) await this.analyzer.analyze(file, text)
      await this.follow(file, text)
    }
  }
}

/** `from '…'`, `import '…'`, `import('…')`: what a module imports or re-exports, read from its text. */
const IMPORT_SPECIFIER = /\bfrom\s*(['"])([^'"\n]+)\1|\bimport\s*\(?\s*(['"])([^'"\n]+)\3/g

/** The specifiers a module may import. A specifier in a comment or a string is only followed for nothing. */
function importSources(code: string): string[] {
  return [...new Set([...code.matchAll(IMPORT_SPECIFIER)].map((match) => (match[2] ?? match[4])!))]
}

/** The session, role and optional-session middleware the plugin's options name, as the build resolves them. */
async function configuredModules(options: ResolvedOptions, root: string, resolveId: ResolveFn, problems: ConfigProblem[]) {
  const resolveOne = async (option: { from: string; export: string }, name?: string): Promise<ResolvedSessionModule | null> => {
    try {
      return await resolveSessionModule(option.from, option.export, root, resolveId, name)
    } catch (error) {
      if (!(error instanceof SessionModuleError)) throw error
      problems.push({ code: error.code, message: error.message })
      return null
    }
  }
  const session = await resolveOne(options.middleware)
  const layers: ResolvedSessionModule[] = []
  for (const [name, option] of options.roles) {
    const module = await resolveOne(option, `roles.${name}`)
    if (module) layers.push(module)
  }
  if (options.optional) {
    const module = await resolveOne(options.optional, 'optional')
    if (module) layers.push(module)
  }
  if (options.routeMiddleware) await resolveOne(options.routeMiddleware, 'routes.middleware')
  return { session, layers }
}

/**
 * Whether the endpoint lists middleware by hand today: on its own chain, or on a builder it is
 * derived from (in its module or another one the analysis read). `unknown` when a builder could
 * not be followed. What listed middleware does is not judged: serverfn-auth adds the session
 * middleware before it either way.
 */
function middlewareToday(modules: ReadonlyMap<string, ModuleEndpoints>, row: EndpointRow): MiddlewareToday {
  const find = (file: string, name: string) => modules.get(file)?.declarations.find((declaration) => declaration.name === name)
  let declaration: ServerFnDeclaration | undefined = find(row.file, row.name)
  let file = row.file
  const seen = new Set<string>()
  while (declaration && !seen.has(`${file}#${declaration.name}`)) {
    seen.add(`${file}#${declaration.name}`)
    if (declaration.chain.includes('middleware')) return 'listed'
    const origin = declaration.origin
    if (origin.kind === 'root') return 'none'
    if (origin.kind === 'builder') {
      declaration = find(file, origin.name)
      continue
    }
    if (!origin.declaredIn) return 'unknown'
    file = resolve(origin.declaredIn.file)
    declaration = find(file, origin.declaredIn.name)
  }
  return 'unknown'
}
