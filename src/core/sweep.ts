import type { ModuleAnalysis } from './model.ts'
import type { ProjectAnalyzer } from './project.ts'

/**
 * The sweep of a finished module graph. A module that imports a builder (or a module that hands
 * one on) is analysed again with every import answered, whether or not the transform saw it: a
 * builder passed to a helper, put in an object or written to in a position no import query
 * covers (`strip(authed)`, `export default { authed }`) then meets the rules like any other.
 * Modules it finds handing builders on are swept in turn, and so are the importers of the modules
 * that declare or hand out the session middleware's parts: a write to one of them anywhere would
 * change every endpoint.
 */

export interface SweepInput {
  analyzer: ProjectAnalyzer
  /** The module graph: each module and the modules it imports (ids without query). */
  graph: ReadonlyMap<string, readonly string[]>
  /** Every analysis made so far, by file; analyses the sweep makes are added to it. */
  analyses: Map<string, ModuleAnalysis>
  read(file: string): Promise<string | null>
}

/** Exports a builder, or re-exports something (a barrel may hand a builder on). */
export function exposesServerFns(analysis: ModuleAnalysis): boolean {
  return analysis.starSources.length > 0 || [...analysis.exports.values()].some((value) => value.kind === 'builder' || value.kind === 'forward')
}

/** Returns the analyses the sweep made, one per module it swept. */
export async function sweepImporters(input: SweepInput): Promise<ModuleAnalysis[]> {
  const swept = new Map<string, ModuleAnalysis>()
  const sessionModules = await input.analyzer.sessionModules()
  for (let changed = true; changed; ) {
    changed = false
    const exposing = new Set([...input.analyses.values()].filter(exposesServerFns).map((analysis) => analysis.file))
    for (const file of sessionModules) exposing.add(file)
    for (const [file, imported] of input.graph) {
      if (swept.has(file) || !imported.some((target) => exposing.has(target))) continue
      const code = await input.read(file)
      if (code === null) continue
      const analysis = await input.analyzer.analyze(file, code, { allImports: true })
      swept.set(file, analysis)
      input.analyses.set(file, analysis)
      if (exposesServerFns(analysis) && !exposing.has(file)) changed = true
    }
  }
  return [...swept.values()]
}
