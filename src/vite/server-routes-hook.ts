import type { Plugin } from 'vite'
import { cleanModuleId, ROUTE_CANDIDATE_PATTERN, serverRoutesOf } from '../core/index.ts'
import type { PluginState } from './plugin-state.ts'
import { SCRIPT_ID } from './transform-hook.ts'

/**
 * Finds the app's server routes (file routes with `server.handlers`) in the server environments,
 * so that the report lists them: serverfn-auth does not protect them, and says so. It writes
 * nothing. Package code is left out: routes are the app's files.
 */
export function serverRoutesHook(state: PluginState): Plugin['transform'] {
  return {
    filter: { id: { include: SCRIPT_ID, exclude: /\/node_modules\// }, code: ROUTE_CANDIDATE_PATTERN },
    async handler(code, id) {
      if (this.environment.config.consumer !== 'server') return null
      const { build } = await state.environment(this.environment, this)
      const file = cleanModuleId(id)
      const routes = serverRoutesOf(code, file)
      if (routes.length) build.routes.set(file, routes)
      else build.routes.delete(file)
      return null
    },
  }
}
