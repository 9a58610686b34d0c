import type { SourceMap } from 'magic-string'
import { analyzeModule, type AnalyzeOptions } from './analyze-module.ts'
import { writeInjection } from './injection-plan.ts'
import { RUNTIME_SPECIFIER } from './runtime-references.ts'
import type { ModuleAnalysis } from './model.ts'
import { cleanModuleId } from './parse.ts'
import { mayContainServerFn } from './start-packages.ts'
import { isProviderModule } from './tanstack-model.ts'

export interface TransformResult {
  analysis: ModuleAnalysis
  /** The rewritten module and its source map (null when not asked for); null when nothing changed. */
  output: { code: string; map: SourceMap | null } | null
}

export type TransformOptions = AnalyzeOptions

/**
 * Analyses a module and writes the session middleware, the check and the seals into it. Returns
 * null, without parsing, for a module whose text cannot declare a server function.
 */
export function transformModule(code: string, options: TransformOptions): TransformResult | null {
  if (!mayContainServerFn(code)) return null
  const analysis = analyzeModule(code, options)
  return { analysis, output: writeAnalysis(code, analysis, options.file, options.runtimeSource) }
}

/**
 * Writes what an analysis planned; `id` may carry the provider query. `map: false` leaves the
 * source map out (null) where nothing would read it: a build that emits none. The insertions keep
 * every line at its number.
 */
export function writeAnalysis(code: string, analysis: ModuleAnalysis, id: string, runtimeSource = RUNTIME_SPECIFIER, map = true): TransformResult['output'] {
  const output = writeInjection(code, analysis.plan, { runtimeSource, provider: isProviderModule(id) })
  if (!output) return null
  return {
    code: output.toString(),
    map: map ? output.generateMap({ source: cleanModuleId(id), hires: 'boundary', includeContent: true }) : null,
  }
}
