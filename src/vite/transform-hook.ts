import type { Plugin, Rolldown } from 'vite'
import { cleanModuleId, mayContainServerFn, RUNTIME_SPECIFIER, SERVER_FN_CANDIDATE_PATTERN, VUE_SFC_ID, vueComponentDiagnostic, writeAnalysis, type Diagnostic } from '../core/index.ts'
import { codeFrame, formatDiagnostics } from '../report/format-diagnostics.ts'
import { printDevSummary } from './dev-summary.ts'
import type { PluginState } from './plugin-state.ts'

/** Script modules in any case (`x.JS` is bundled too), with the queries Vite and TanStack add. */
export const SCRIPT_ID = /\.[cm]?[jt]sx?(?:$|\?)/i

/** The virtual modules serverfn-auth serves (`\0serverfn-auth/runtime.js`, …). */
export const OWN_MODULES = /^\0serverfn-auth\//

/**
 * The transform, before TanStack's compiler: every module that may declare a server function is
 * analysed, its imports answered by reading the modules they come from. In the server
 * environments the session middleware, the check and the seals are written in; in the
 * client environment nothing is written, but the analysis is kept so that the verification can
 * tell whether TanStack replaced every handler by its RPC stub.
 *
 * Under `vite dev` the server environments are where endpoints run, and where problems are
 * reported (see `reportDevProblems`). The client environment reports nothing there: the dev
 * server serves every source file as it is anyway, and the build verifies the client bundle.
 */
export function transformHook(state: PluginState): Plugin['transform'] {
  return {
    // Not the modules the plugin serves itself (the runtime imports the session, role and
    // optional-session modules with import(), which the analysis would take for the app's).
    filter: { id: { include: [SCRIPT_ID, VUE_SFC_ID], exclude: OWN_MODULES }, code: SERVER_FN_CANDIDATE_PATTERN },
    async handler(code, id) {
      const file = cleanModuleId(id)
      if (state.declaresNothing(file) || !mayContainServerFn(code)) return null
      const { analyzer, build } = await state.environment(this.environment, this)
      if (VUE_SFC_ID.test(id)) {
        refuseVueServerFns(state, this, id, code)
        return null
      }
      const changed = build.sources.get(file) !== code
      const analysis = await analyzer.analyze(id, code)
      build.transformed.add(file)
      const server = this.environment.config.consumer === 'server'
      if (!server) return null
      if (this.environment.mode === 'dev') {
        // What TanStack emitted for the previous version is verified again after this transform.
        if (changed) for (const kind of ['provider', 'caller'] as const) build.replaceDiagnostics(file, kind, [])
        reportDevProblems(state, this, file, code)
        const problems = analysis.diagnostics.filter((diagnostic) => !state.ignored.has(diagnostic.code))
        if (problems.length) reportModuleErrors(this, problems, code, state.config.root)
        printDevSummary(state, build)
      }
      return writeAnalysis(code, analysis, id, RUNTIME_SPECIFIER, wantsSourceMap(this.environment))
    },
  }
}

/**
 * Whether anything reads a transform's source map: the dev server (stack traces, the browser's
 * devtools) and a build that emits source maps. A build that emits none (Vite's default) would
 * only spend time composing them.
 */
export function wantsSourceMap(environment: Pick<Rolldown.TransformPluginContext['environment'], 'mode' | 'config'>): boolean {
  return environment.mode === 'dev' || !!environment.config.build.sourcemap
}

/** Tells the dev session what the file's problems are now, as this environment has found them. */
export function reportDevProblems(state: PluginState, context: Pick<Rolldown.TransformPluginContext, 'environment'>, file: string, code: string): void {
  const build = state.existing(context.environment.name)?.build
  if (!build || !state.dev) return
  state.dev.problems.update(
    context.environment.name,
    file,
    build.problems().filter((diagnostic) => diagnostic.file === file),
    code,
  )
}

/** In dev, a module with problems does not load: the error names all of them, the overlay shows the first. */
export function reportModuleErrors(context: Pick<Rolldown.TransformPluginContext, 'error'>, diagnostics: Diagnostic[], code: string, root: string): never {
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

/**
 * A Vue component whose script blocks declare a server function is refused (SFA116, see
 * core/vue-sfc.ts), from the component's own text, where the positions are the file's. Its blocks
 * (`X.vue?vue&type=script…`, Vue's compiled output) are left alone: the component's check covers
 * them, and they are not the script modules the analysis reads.
 */
function refuseVueServerFns(state: PluginState, context: Rolldown.TransformPluginContext, id: string, code: string): void {
  if (id.includes('?')) return
  const diagnostic = vueComponentDiagnostic(code, id)
  const build = state.existing(context.environment.name)!.build
  build.sources.set(id, code)
  // Also when there is none (any more): under `vite dev`, a fixed component loses its SFA116.
  build.replaceDiagnostics(id, 'analysis', diagnostic ? [diagnostic] : [])
  if (!diagnostic || context.environment.mode !== 'dev' || context.environment.config.consumer !== 'server') return
  reportDevProblems(state, context, id, code)
  if (!state.ignored.has('SFA116')) reportModuleErrors(context, [diagnostic], code, state.config.root)
}
