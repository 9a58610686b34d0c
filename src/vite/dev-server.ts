import { relative } from 'node:path'
import type { Plugin } from 'vite'
import { devGate } from './dev-gate.ts'
import { DevSession } from './dev-session.ts'
import { findCandidateModules } from './find-candidates.ts'
import { DEV_LOOKUP_KEY } from './guard-module.ts'
import type { PluginState } from './plugin-state.ts'

/**
 * The dev server: the runtime guard runs in this process and asks the plugin's live state; the
 * modules that may declare server functions are transformed in the server environments at
 * start-up, so that the endpoint table and every problem show before the first request; and
 * while a module has problems, requests meet the gate instead of the app.
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
    const session = (state.dev = new DevSession(state, server))
    session.warm(findCandidateModules(state.config.root))
    // Returned, so it is installed after Vite's own middleware (modules, assets, the client) and,
    // because this plugin comes first, before TanStack Start's handler.
    return () => server.middlewares.use(devGate(state))
  }
}
