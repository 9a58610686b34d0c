import type { Rolldown } from 'vite'
import { cleanModuleId, createDiagnostic, sweepImporters } from '../core/index.ts'
import type { EnvironmentState, PluginState } from './plugin-state.ts'
import { SCRIPT_ID } from './transform-hook.ts'

/**
 * The end of a build: the module graph Rolldown built is swept (see `core/sweep.ts`), so that
 * every importer of a builder is checked with all its imports answered. A server function in a
 * module the transform never saw was never protected: SFA607.
 */
export async function sweepModuleGraph(
  context: Pick<Rolldown.PluginContext, 'getModuleIds' | 'getModuleInfo'>,
  state: Pick<PluginState, 'sources'>,
  env: EnvironmentState,
): Promise<void> {
  const graph = new Map<string, string[]>()
  for (const id of context.getModuleIds()) {
    const info = context.getModuleInfo(id)
    // Script modules only: another plugin's source (`.mdx`, `.vue`) is not JavaScript on disk.
    if (!info || id.startsWith('\0') || !SCRIPT_ID.test(id)) continue
    graph.set(cleanModuleId(id), [...(info.importedIds ?? []), ...(info.dynamicallyImportedIds ?? [])].map(cleanModuleId))
  }
  const swept = await sweepImporters({
    analyzer: env.analyzer,
    graph,
    analyses: env.build.analyses,
    read: (file) => state.sources.read(file),
  })
  for (const analysis of swept) {
    if (env.build.transformed.has(analysis.file)) continue
    for (const declaration of analysis.declarations) {
      if (declaration.kind !== 'endpoint' && declaration.origin.kind !== 'root') continue
      env.build.addDiagnostic(
        createDiagnostic('SFA607', analysis.file, declaration.loc, `\`${declaration.name}\` is a server function in a module serverfn-auth's transform never saw, so nothing protects it.`),
      )
    }
  }
}
