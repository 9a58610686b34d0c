import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path'
import type { Plugin, ResolvedConfig, Rolldown } from 'vite'
import {
  analyzeAst,
  analyzeModule,
  cleanModuleId,
  injectSessionMiddleware,
  parseModule,
  readCompiledEndpoints,
  readModuleExports,
  SERVER_FN_CANDIDATE_PATTERN,
  transformModule,
  type Diagnostic,
  type ModuleAnalysis,
  type SessionMiddleware,
} from '../core/index.ts'
import { codeFrame, formatDiagnostics, formatProblem } from '../report/format-diagnostics.ts'
import { toMarkdown } from '../report/markdown.ts'
import { toSarif } from '../report/sarif.ts'
import { serializeInventory, type InventoryEntry } from '../report/inventory.ts'
import { endpointRows, formatSummary } from '../report/summary.ts'
import { BuildState, unclassifiedDependency, type BuilderLocation } from './build-state.ts'
import { checkBaseline } from './check-baseline.ts'
import { crossCheck } from './cross-check.ts'
import { decideByRule, packageNameOf } from './dependencies.ts'
import { findDeclaringModule } from './follow-exports.ts'
import { ModuleSources } from './module-sources.ts'
import { resolveOptions, type ServerFnAuthOptions } from './options.ts'
import { checkPluginOrder } from './plugin-order.ts'
import { buildProblems } from './build-problems.ts'
import { resolveSessionModule, SessionModuleError, type ResolveFn, type ResolvedSessionModule } from './session-module.ts'
import { createSourceMatcher } from './source-matcher.ts'
import { findCandidateModules } from './find-candidates.ts'
import { classifiedSetOf, DEV_LOOKUP_KEY, GUARD_ID, guardModuleSource, INVENTORY_PLACEHOLDER, RESOLVED_GUARD_ID } from './guard-module.ts'

const PLUGIN_NAME = 'serverfn-auth'
/** Script modules, with the queries Vite and TanStack add (`?tss-serverfn-split`). */
const SCRIPT_ID = /\.[cm]?[jt]sx?(?:$|\?)/
/** The provider module TanStack builds endpoints from, after its compiler ran. */
const PROVIDER_ID = /[?&]tss-serverfn-split(?:&|$)/
const TOOL_VERSION = '0.1.0'

/**
 * serverfn-auth: every TanStack Start server function gets the project's session middleware
 * first, unless its declaration is annotated `@auth public: <reason>`.
 *
 * ```ts
 * plugins: [
 *   serverFnAuth({ middleware: { from: '/src/server/session.ts', export: 'requireSession' } }),
 *   tanstackStart(),
 *   viteReact(),
 * ]
 * ```
 *
 * Two plugins: the transform, before TanStack's compiler, and a collector after it that reads
 * which endpoints TanStack really registered, to check that none escaped.
 */
export function serverFnAuth(options: ServerFnAuthOptions): Plugin[] {
  const resolved = resolveOptions(options)
  /** One state per server environment (`ssr`, `rsc`): they may build one after the other or together. */
  const states = new Map<string, BuildState>()
  const stateOf = (environment: string) => {
    let state = states.get(environment)
    if (!state) states.set(environment, (state = new BuildState()))
    return state
  }
  /** The inventory of each server environment, from buildEnd to renderChunk (guard) and writeBundle (files). */
  const finished = new Map<string, InventoryEntry[]>()
  let config: ResolvedConfig
  let session: Promise<ResolvedSessionModule> | null = null
  let matchesSessionSource: SessionMiddleware['matchesSource']
  let colors = false
  /** Server environments whose build includes the runtime guard. */
  const guardedEnvironments = new Set<string>()
  /** Builder modules read from disk to link endpoints across modules. */
  const sources = new ModuleSources()
  let lastDevSummary = ''
  let devSummaryTimer: NodeJS.Timeout | undefined

  const sessionModule = (context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<ResolvedSessionModule> => {
    session ??= resolveSessionModule(resolved.middleware.from, resolved.middleware.export, config.root, resolverOf(context)).catch(
      (error: unknown) => {
        if (error instanceof SessionModuleError) throw new Error(formatProblem(error.code, error.message))
        throw error
      },
    )
    return session
  }

  const sessionFor = async (context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<SessionMiddleware> => {
    const { file, exportName } = await sessionModule(context)
    matchesSessionSource ??= createSourceMatcher(config, file)
    return { source: file, exportName, file, matchesSource: matchesSessionSource }
  }

  /** Links each endpoint of an imported builder to the module that declares the builder. */
  const locateBuilders = async (analysis: ModuleAnalysis, importer: string, resolve: ResolveFn) => {
    const locations = new Map<string, BuilderLocation | null>()
    const injectAt: number[] = []
    for (const builder of analysis.importedBuilders) {
      const target = await resolve(builder.reference.source, importer)
      // An external module is not compiled by TanStack either: no endpoint comes of it.
      const targetFile = target && !target.external ? cleanModuleId(target.id) : null
      const location = targetFile ? await findDeclaringModule(targetFile, builder.reference.importedName, resolve, sources) : null
      locations.set(builder.name, location)
      // A package's builder follows the package's rule (public, say), but this endpoint is the
      // app's own: it gets the session middleware here. The app's builders were injected at their root.
      if (location && packageNameOf(location.file) && (await exportsServerFnBuilder(location, sources))) {
        injectAt.push(builder.headEnd)
      }
    }
    return { locations, injectAt }
  }

  const printDevSummary = (state: BuildState) => {
    if (resolved.quiet) return
    clearTimeout(devSummaryTimer)
    devSummaryTimer = setTimeout(() => {
      const summary = formatSummary(state, { root: config.root, colors })
      if (summary === lastDevSummary) return
      lastDevSummary = summary
      config.logger.info(summary, { timestamp: true })
    }, 300)
    devSummaryTimer.unref?.()
  }

  const main: Plugin = {
    name: PLUGIN_NAME,
    enforce: 'pre',

    configResolved(resolvedConfig) {
      config = resolvedConfig
      colors = !process.env.CI && !!process.stdout.isTTY
      const problem = checkPluginOrder(resolvedConfig.plugins.map((plugin) => plugin.name), PLUGIN_NAME)
      if (problem) throw new Error(formatProblem(problem.code, problem.message))
    },

    configureServer(server) {
      // The runtime guard runs in this process in dev: it asks the plugin's live state.
      ;(globalThis as Record<symbol, unknown>)[Symbol.for(DEV_LOOKUP_KEY)] = (meta: { filename?: string; name?: string }) =>
        [...states.values()].some((state) =>
          [...state.modules.values()].some(
            (module) =>
              relative(config.root, module.file).replace(/\\/g, '/') === meta.filename &&
              module.declarations.some((declaration) => declaration.kind === 'endpoint' && declaration.name === meta.name),
          ),
        )
      // Modules are transformed on demand in dev: warm the candidates up in the server
      // environments so that the endpoint table (and any problem) shows at start-up.
      if (resolved.quiet) return
      const environments = Object.values(server.environments).filter((environment) => environment.config.consumer === 'server')
      void findCandidateModules(config.root).then(async (files) => {
        for (const environment of environments) await Promise.all(files.map((file) => environment.warmupRequest(file)))
      })
    },

    resolveId: {
      filter: { id: /^serverfn-auth\/guard$/ },
      handler(id) {
        return id === GUARD_ID ? RESOLVED_GUARD_ID : null
      },
    },

    load: {
      filter: { id: /^\0serverfn-auth\/guard\.js$/ },
      async handler(id) {
        if (id !== RESOLVED_GUARD_ID) return null
        const { consumer } = this.environment.config
        const mode = this.environment.mode
        if (consumer === 'server' && mode === 'build') guardedEnvironments.add(this.environment.name)
        return guardModuleSource({
          startPackage: await startPackageOf(this, config.root),
          environment: consumer !== 'server' ? 'client' : mode === 'build' ? 'server-build' : 'server-dev',
        })
      },
    },

    renderChunk(code) {
      const inventory = finished.get(this.environment.name)
      const placeholder = JSON.stringify(INVENTORY_PLACEHOLDER)
      if (!inventory || !code.includes(placeholder)) return null
      const set = JSON.stringify(JSON.stringify(classifiedSetOf(inventory)))
      return { code: code.replaceAll(placeholder, set), map: null }
    },

    async buildStart() {
      if (this.environment.config.consumer !== 'server') return
      sources.clear()
      guardedEnvironments.delete(this.environment.name)
      stateOf(this.environment.name).clear()
      session = null
      matchesSessionSource = undefined
      // Fail before any module is built when the session middleware cannot be found.
      await sessionModule(this)
    },

    watchChange(id) {
      sources.invalidate(cleanModuleId(id))
    },

    transform: {
      filter: { id: SCRIPT_ID, code: SERVER_FN_CANDIDATE_PATTERN },
      async handler(code, id) {
        // Only the server environments run server functions: the client keeps its RPC stubs.
        if (this.environment.config.consumer !== 'server') return null
        const sessionRef = await sessionFor(this)
        const file = cleanModuleId(id)
        const pkg = packageNameOf(file)
        const rule = pkg ? resolved.dependencies.get(pkg) : undefined
        const result = transformModule(code, {
          file,
          session: sessionRef,
          includeHandlerCalls: true,
          ...(rule ? { decideUnannotated: decideByRule(rule) } : {}),
        })
        if (!result) return null
        const { analysis } = result
        const { locations, injectAt } = await locateBuilders(analysis, id, resolverOf(this))
        if (pkg && !rule) {
          const problem = unclassifiedDependency(pkg, analysis)
          if (problem) analysis.diagnostics.push(problem)
        }
        const state = stateOf(this.environment.name)
        state.record(code, analysis, { package: pkg, resolvedReferences: locations })
        if (this.environment.mode === 'dev') {
          if (analysis.diagnostics.length) reportModuleErrors(this, analysis.diagnostics, code, config.root)
          printDevSummary(state)
        }
        if (injectAt.length === 0) return result.output
        const output = injectSessionMiddleware(code, analysis, [...analysis.injectionPoints, ...injectAt])!
        return { code: output.toString(), map: output.generateMap({ source: file, hires: 'boundary', includeContent: true }) }
      },
    },

    async buildEnd(error) {
      if (this.environment.config.consumer !== 'server' || this.environment.mode === 'dev') return
      const state = stateOf(this.environment.name)
      await analyseLinkedBuilders(state, this)
      const rows = endpointRows(state)
      const compiled = [...state.compiled.values()].flat()
      const check = crossCheck(rows, compiled, config.root)
      const diagnostics = [...state.problems(), ...(await buildProblems(check, config.root, state.sources))]
      // Problems of the build as a whole, without a position: the guard and the baseline.
      const buildLevel: string[] = []
      if (resolved.guard === 'required' && !guardedEnvironments.has(this.environment.name)) {
        buildLevel.push(formatProblem('SFA604', "The runtime guard is required (`guard: 'required'`), but `serverfn-auth/guard` is not part of the server build."))
      }
      if (resolved.baseline && diagnostics.length === 0 && !error) {
        const mismatch = await checkBaseline(resolved.baseline, config.root, check.inventory, config.logger)
        if (mismatch) buildLevel.push(mismatch)
      }
      const outDir = resolvePath(config.root, this.environment.config.build.outDir)

      if (diagnostics.length || buildLevel.length) {
        // Nothing is emitted when the build fails, so the machine-readable reports are written here.
        await writeReports(outDir, { diagnostics, endpoints: check.inventory }, { ...resolved, inventory: null }, config.root)
        const report = [
          diagnostics.length ? formatDiagnostics(diagnostics, state.sources, { root: config.root, colors }) : '',
          ...buildLevel,
        ]
          .filter(Boolean)
          .join('\n\n')
        // Another plugin already failed the build: still show every problem found so far.
        if (error) config.logger.error(report)
        else this.error(report)
        return
      }
      finished.set(this.environment.name, check.inventory)
      if (!resolved.quiet && !error) {
        const notEmitted = check.notEmitted.length
          ? `\n  ${check.notEmitted.length} classified endpoint(s) not emitted by TanStack (nothing imports them): ${check.notEmitted.map((row) => row.name).join(', ')}`
          : ''
        const guard = guardedEnvironments.has(this.environment.name)
          ? '\n  runtime guard: registered (serverfn-auth/guard is in the server build)'
          : '\n  runtime guard: not registered (see serverfn-auth/guard)'
        config.logger.info(formatSummary(state, { root: config.root, colors }) + notEmitted + guard)
      }
    },

    // Vite drops assets emitted by SSR builds (`build.ssrEmitAssets`), so the files are written
    // next to the server bundle once it is on disk.
    async writeBundle() {
      const inventory = finished.get(this.environment.name)
      if (!inventory) return
      finished.delete(this.environment.name)
      const outDir = resolvePath(config.root, this.environment.config.build.outDir)
      await writeReports(outDir, { diagnostics: [], endpoints: inventory }, resolved, config.root)
    },
  }

  const collector: Plugin = {
    name: `${PLUGIN_NAME}:compiled-endpoints`,
    enforce: 'post',
    transform: {
      filter: { id: PROVIDER_ID, code: /createServerRpc/ },
      handler(code, id) {
        if (this.environment.config.consumer !== 'server') return null
        const file = cleanModuleId(id)
        stateOf(this.environment.name).compiled.set(file, readCompiledEndpoints(parseModule(code, file)))
        return null
      },
    },
  }

  /**
   * A builder module that the transform never saw (it neither names createServerFn nor calls
   * `.handler(`, e.g. `export const adminFn = authed.middleware([requireAdmin])`) is analysed
   * from disk, so that every endpoint links to the root that decides its access.
   */
  async function analyseLinkedBuilders(state: BuildState, context: Rolldown.PluginContext): Promise<void> {
    const sessionRef = await sessionFor(context)
    for (let pass = 0; pass < 10; pass++) {
      const missing = new Set<string>()
      for (const module of state.modules.values()) {
        for (const location of module.resolvedReferences.values()) {
          if (location && !state.modules.has(location.file)) missing.add(location.file)
        }
      }
      if (missing.size === 0) return
      for (const file of missing) {
        const source = await sources.read(file)
        if (!source) {
          state.modules.set(file, { file, package: packageNameOf(file), declarations: [], resolvedReferences: new Map() })
          continue
        }
        const analysis = source.ast ? analyzeAst(source.ast, source.code, { file, session: sessionRef }) : analyzeModule(source.code, { file, session: sessionRef })
        const { locations } = await locateBuilders(analysis, file, resolverOf(context))
        state.record(source.code, analysis, { package: packageNameOf(file), resolvedReferences: locations })
      }
    }
  }

  return [main, collector]
}

/** The TanStack Start package the app uses, for the guard module's imports. */
async function startPackageOf(context: Pick<Rolldown.PluginContext, 'resolve'>, root: string): Promise<string> {
  for (const candidate of ['@tanstack/react-start', '@tanstack/solid-start', '@tanstack/vue-start']) {
    if (await context.resolve(candidate, join(root, 'vite.config.ts'))) return candidate
  }
  return '@tanstack/react-start'
}

function resolverOf(context: Pick<Rolldown.PluginContext, 'resolve'>): ResolveFn {
  return (source, importer) => context.resolve(source, importer)
}

/**
 * Whether a package module exports `name` as a server function builder, or may (it re-exports
 * names from elsewhere). Other `.handler(...)` chains, such as an RPC library's, are left alone.
 */
async function exportsServerFnBuilder({ file, name }: BuilderLocation, sources: ModuleSources): Promise<boolean> {
  const source = await sources.read(file)
  if (!source) return false
  if (!source.ast) return true
  const exports = readModuleExports(source.ast)
  if (exports.starSources.length > 0 || exports.reexports.has(name)) return true
  const analysis = analyzeAst(source.ast, source.code, { file, session: { source: file, exportName: '\0' } })
  return analysis.declarations.some((declaration) => declaration.exportedAs.includes(name))
}

async function writeReports(
  outDir: string,
  input: { diagnostics: Diagnostic[]; endpoints: InventoryEntry[] },
  files: { inventory: string | null; markdown: string | null; sarif: string | null },
  root: string,
): Promise<void> {
  const write = async (name: string, content: string) => {
    const path = isAbsolute(name) ? name : join(outDir, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
  }
  if (files.inventory) await write(files.inventory, serializeInventory(input.endpoints))
  if (files.markdown) await write(files.markdown, toMarkdown({ ...input, root }))
  if (files.sarif) await write(files.sarif, `${JSON.stringify(toSarif({ ...input, root, toolVersion: TOOL_VERSION }), null, 2)}\n`)
}

/** In dev, a module with problems does not load: the error names all of them, the overlay shows the first. */
function reportModuleErrors(context: Pick<Rolldown.TransformPluginContext, 'error'>, diagnostics: Diagnostic[], code: string, root: string): never {
  const first = diagnostics[0]!
  const sources = new Map([[first.file, code]])
  context.error({
    message: formatDiagnostics(diagnostics, sources, { root, colors: false }),
    id: first.file,
    loc: { file: first.file, line: first.loc.line, column: first.loc.column },
    frame: codeFrame(code, first),
    code: first.code,
  })
}
