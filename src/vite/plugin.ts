import type { Plugin, ResolvedConfig, Rolldown } from 'vite'
import { readFile } from 'node:fs/promises'
import {
  analyzeAst,
  cleanModuleId,
  parseModule,
  readModuleExports,
  SERVER_FN_CANDIDATE_PATTERN,
  transformModule,
  injectSessionMiddleware,
  type Diagnostic,
  type SessionMiddleware,
} from '../core/index.ts'
import { formatDiagnostics, formatProblem, codeFrame } from '../report/format-diagnostics.ts'
import { formatSummary } from '../report/summary.ts'
import { BuildState, unclassifiedDependency } from './build-state.ts'
import { decideByRule, packageNameOf } from './dependencies.ts'
import { resolveOptions, type ServerFnAuthOptions } from './options.ts'
import { checkPluginOrder } from './plugin-order.ts'
import { createSourceMatcher } from './source-matcher.ts'
import { resolveSessionModule, SessionModuleError, type ResolvedSessionModule } from './session-module.ts'

const PLUGIN_NAME = 'serverfn-auth'
/** Script modules, with the queries Vite and TanStack add (`?tss-serverfn-split`). */
const SCRIPT_ID = /\.[cm]?[jt]sx?(?:$|\?)/

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
 */
export function serverFnAuth(options: ServerFnAuthOptions): Plugin {
  const resolved = resolveOptions(options)
  /** One state per server environment (`ssr`, `rsc`): they may build one after the other or together. */
  const states = new Map<string, BuildState>()
  const stateOf = (environment: string) => {
    let state = states.get(environment)
    if (!state) states.set(environment, (state = new BuildState()))
    return state
  }
  let config: ResolvedConfig
  let session: Promise<ResolvedSessionModule> | null = null
  let matchesSessionSource: SessionMiddleware['matchesSource']
  let colors = false

  return {
    name: PLUGIN_NAME,
    enforce: 'pre',

    configResolved(resolvedConfig) {
      config = resolvedConfig
      colors = !process.env.CI && !!process.stdout.isTTY
      const problem = checkPluginOrder(resolvedConfig.plugins.map((plugin) => plugin.name), PLUGIN_NAME)
      if (problem) throw new Error(formatProblem(problem.code, problem.message))
    },

    async buildStart() {
      if (this.environment.config.consumer !== 'server') return
      stateOf(this.environment.name).clear()
      session = null
      matchesSessionSource = undefined
      // Fail before any module is built when the session middleware cannot be found.
      await sessionModule(this)
    },

    transform: {
      filter: { id: SCRIPT_ID, code: SERVER_FN_CANDIDATE_PATTERN },
      async handler(code, id) {
        // Only the server environments run server functions: the client keeps its RPC stubs.
        if (this.environment.config.consumer !== 'server') return null
        const { file: sessionFile, exportName } = await sessionModule(this)
        const file = cleanModuleId(id)
        const pkg = packageNameOf(file)
        const rule = pkg ? resolved.dependencies.get(pkg) : undefined
        matchesSessionSource ??= createSourceMatcher(config, sessionFile)
        const sessionRef: SessionMiddleware = { source: sessionFile, exportName, file: sessionFile, matchesSource: matchesSessionSource }
        const result = transformModule(code, {
          file,
          session: sessionRef,
          includeHandlerCalls: true,
          ...(rule ? { decideUnannotated: decideByRule(rule) } : {}),
        })
        if (!result) return null
        const { analysis } = result

        // An endpoint finished on a builder that a package exports: the package's root follows the
        // package's rule (public, say), while this endpoint is the app's own, so it gets the session
        // middleware here. Builders of the app itself were injected at their root.
        const resolvedReferences = new Map<string, string | null>()
        const extraPoints: number[] = []
        for (const builder of analysis.importedBuilders) {
          const target = await this.resolve(builder.reference.source, id)
          // An external module is not compiled by TanStack either: no endpoint comes of it.
          const targetFile = target && !target.external ? cleanModuleId(target.id) : null
          resolvedReferences.set(builder.name, targetFile)
          if (targetFile && packageNameOf(targetFile) && (await exportsServerFnBuilder(targetFile, builder.reference.importedName))) {
            extraPoints.push(builder.headEnd)
          }
        }

        if (pkg && !rule) {
          const problem = unclassifiedDependency(pkg, analysis)
          if (problem) analysis.diagnostics.push(problem)
        }
        stateOf(this.environment.name).record(code, analysis, { package: pkg, resolvedReferences })
        if (analysis.diagnostics.length && this.environment.mode === 'dev') {
          reportModuleErrors(this, analysis.diagnostics, code, config.root)
        }

        const points = [...analysis.injectionPoints, ...extraPoints]
        const output = points.length === analysis.injectionPoints.length ? result.output : injectOutput(code, analysis, points, file)
        return output ? { code: output.code, map: output.map } : null
      },
    },

    buildEnd(error) {
      if (this.environment.config.consumer !== 'server' || this.environment.mode === 'dev') return
      const state = stateOf(this.environment.name)
      const problems = state.problems()
      if (problems.length) {
        const report = formatDiagnostics(problems, state.sources, { root: config.root, colors })
        // Another plugin already failed the build: still show every problem found so far.
        if (error) config.logger.error(report)
        else this.error(report)
        return
      }
      if (resolved.report && !error) config.logger.info(formatSummary(state, { root: config.root, colors }))
    },
  }

  function sessionModule(context: Pick<Rolldown.PluginContext, 'resolve'>): Promise<ResolvedSessionModule> {
    session ??= resolveSessionModule(resolved.middleware.from, resolved.middleware.export, config.root, (source, importer) =>
      context.resolve(source, importer),
    ).catch((error: unknown) => {
      if (error instanceof SessionModuleError) throw new Error(formatProblem(error.code, error.message))
      throw error
    })
    return session
  }
}

/**
 * Whether a package module exports `name` as a server function builder, or may (it re-exports
 * names from elsewhere). Other `.handler(...)` chains, such as an RPC library's, are left alone.
 */
async function exportsServerFnBuilder(file: string, name: string): Promise<boolean> {
  let code: string
  try {
    code = await readFile(file, 'utf8')
  } catch {
    return false
  }
  let ast
  try {
    ast = parseModule(code, file)
  } catch {
    return true
  }
  const exports = readModuleExports(ast)
  if (exports.starSources.length > 0 || exports.reexported.has(name)) return true
  const analysis = analyzeAst(ast, code, { file, session: { source: file, exportName: '\0' } })
  return analysis.declarations.some((declaration) => declaration.exportedAs.includes(name))
}

function injectOutput(code: string, analysis: Parameters<typeof injectSessionMiddleware>[1], points: number[], file: string) {
  const output = injectSessionMiddleware(code, analysis, points)
  if (!output) return null
  return { code: output.toString(), map: output.generateMap({ source: file, hires: 'boundary', includeContent: true }) }
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
