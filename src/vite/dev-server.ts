import { relative } from 'node:path'
import type { Plugin } from 'vite'
import { findCandidateModules } from './find-candidates.ts'
import { DEV_LOOKUP_KEY } from './guard-module.ts'
import type { PluginState } from './plugin-state.ts'

/**
 * The dev server: the runtime guard runs in this process and asks the plugin's live state, and
 * the modules that may declare server functions are warmed up in the server environments, so
 * that the endpoint table (and any problem) shows at start-up rather than at the first request.
 */
export function devServerHook(state: PluginState): Plugin['configureServer'] {
  return (server) => {
    ;(globalThis as Record<symbol, unknown>)[Symbol.for(DEV_LOOKUP_KEY)] = (meta: { filename?: string; name?: string }) =>
      state.all().some(({ build }) =>
        [...build.modules.values()].some(
          (module) =>
            relative(state.config.root, module.file).replace(/\\/g, '/') === meta.filename &&
            module.declarations.some((declaration) => declaration.kind === 'endpoint' && declaration.name === meta.name),
        ),
      )
    if (state.options.quiet) return
    const environments = Object.values(server.environments).filter((environment) => environment.config.consumer === 'server')
    void findCandidateModules(state.config.root).then(async (files) => {
      for (const environment of environments) await Promise.all(files.map((file) => environment.warmupRequest(file)))
    })
  }
}
