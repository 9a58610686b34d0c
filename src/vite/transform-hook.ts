import type { Plugin, Rolldown } from 'vite'
import { cleanModuleId, RUNTIME_SPECIFIER, SERVER_FN_CANDIDATE_PATTERN, writeAnalysis, type Diagnostic } from '../core/index.ts'
import { codeFrame, formatDiagnostics } from '../report/format-diagnostics.ts'
import { printDevSummary } from './dev-summary.ts'
import type { PluginState } from './plugin-state.ts'

/** Script modules in any case (`x.JS` is bundled too), with the queries Vite and TanStack add. */
export const SCRIPT_ID = /\.[cm]?[jt]sx?(?:$|\?)/i

/**
 * The transform, before TanStack's compiler: every module that may declare a server function is
 * analysed, its imports answered by reading the modules they come from. In the server
 * environments the session middleware, the check and the seals are written in; in the
 * client environment nothing is written, but the analysis is kept so that the verification can
 * tell whether TanStack replaced every handler by its RPC stub.
 */
export function transformHook(state: PluginState): Plugin['transform'] {
  return {
    filter: { id: SCRIPT_ID, code: SERVER_FN_CANDIDATE_PATTERN },
    async handler(code, id) {
      const { analyzer, build } = await state.environment(this.environment, this)
      const analysis = await analyzer.analyze(id, code)
      build.transformed.add(cleanModuleId(id))
      const server = this.environment.config.consumer === 'server'
      if (this.environment.mode === 'dev') {
        const problems = analysis.diagnostics.filter((diagnostic) => !state.ignored.has(diagnostic.code))
        if (problems.length) reportModuleErrors(this, problems, code, state.config.root)
        if (server) printDevSummary(state, build)
      }
      if (!server) return null
      return writeAnalysis(code, analysis, id, RUNTIME_SPECIFIER)
    },
  }
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
