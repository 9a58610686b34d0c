import { analyzeModule, type AnalyzeOptions } from './analyze-module.ts'
import { injectSessionMiddleware } from './inject-session.ts'
import type { ModuleAnalysis } from './model.ts'
import { cleanModuleId } from './parse.ts'
import { HANDLER_CALL_PATTERN, mayContainServerFn } from './start-packages.ts'

export interface TransformResult {
  analysis: ModuleAnalysis
  /** The rewritten module and its source map; null when nothing changed. */
  output: { code: string; map: ReturnType<import('magic-string').default['generateMap']> } | null
}

export interface TransformOptions extends AnalyzeOptions {
  /**
   * Also analyse modules that only call `.handler(...)` (endpoints of imported builders), so that
   * the host can list them and inject at the endpoint when their builder is not transformed.
   * @default false
   */
  includeHandlerCalls?: boolean
}

/**
 * Analyses a module and injects the session middleware. Returns null, without parsing, for a
 * module whose text never names `createServerFn` (nor calls `.handler(` when asked to).
 */
export function transformModule(code: string, options: TransformOptions): TransformResult | null {
  if (!mayContainServerFn(code) && !(options.includeHandlerCalls && HANDLER_CALL_PATTERN.test(code))) return null
  const analysis = analyzeModule(code, options)
  const output = injectSessionMiddleware(code, analysis)
  if (!output) return { analysis, output: null }
  return {
    analysis,
    output: {
      code: output.toString(),
      map: output.generateMap({ source: cleanModuleId(options.file), hires: 'boundary', includeContent: true }),
    },
  }
}
