import type { Plugin } from 'vite'
import { RUNTIME_SPECIFIER } from '../core/index.ts'
import type { PluginState } from './plugin-state.ts'

/**
 * TanStack Start answers every request with the router that the app's router entry returns:
 * start-server-core's request handler calls `(await import('#tanstack-router-entry')).getRouter()`.
 * In the server environments that import is pointed at a module of serverfn-auth's own, which
 * calls the app's `getRouter` and protects the route tree of the router it returns before any
 * request is matched against it (`protectRouter` in the runtime). A tree the app builds by hand,
 * from routes made in ways the analysis does not follow, is protected like the generated one.
 */

const SPECIFIER = 'serverfn-auth/router-entry'
const RESOLVED = '\0serverfn-auth/router-entry.js'

/** The id Start imports the app's router entry by (an alias TanStack's plugin sets). */
const ROUTER_ENTRY = '#tanstack-router-entry'

/** Start's request handler, where the router entry is imported. */
const START_HANDLER = /[\\/]@tanstack[\\/]start-server-core[\\/]dist[\\/]esm[\\/]createStartHandler\.js$/
const ROUTER_ENTRY_IMPORT = new RegExp(`\\bimport\\(\\s*(["'])${ROUTER_ENTRY}\\1\\s*\\)`, 'g')

/** The wrapper: the app's router entry with its `getRouter` protecting what it returns. */
export const ROUTER_ENTRY_SOURCE = `import * as entry from ${JSON.stringify(ROUTER_ENTRY)}
import { protectRouter } from ${JSON.stringify(RUNTIME_SPECIFIER)}
export * from ${JSON.stringify(ROUTER_ENTRY)}
export function getRouter(...args) {
  return protectRouter(entry.getRouter(...args))
}
`

export function routerEntryPlugin(state: PluginState, name: string): Plugin {
  return {
    name,
    enforce: 'pre',
    applyToEnvironment: (environment) => state.startEnvironments.has(environment.name),
    resolveId: {
      filter: { id: /^serverfn-auth\/router-entry$/ },
      handler: () => RESOLVED,
    },
    load: {
      filter: { id: /^\0serverfn-auth\/router-entry\.js$/ },
      handler: () => ROUTER_ENTRY_SOURCE,
    },
    transform: {
      filter: { id: START_HANDLER, code: ROUTER_ENTRY },
      handler(code) {
        if (this.environment.config.consumer !== 'server') return null
        const output = redirectRouterEntry(code)
        if (output === null) {
          // Not silent: the generated route tree is still checked, but a tree built by hand is
          // protected only where the analysis wrapped its routes.
          this.warn(`serverfn-auth: TanStack Start's request handler does not import its router entry as this version of serverfn-auth expects; a route tree built by hand in the router entry is protected only where the analysis wrapped its routes.`)
          return null
        }
        return { code: output, map: null }
      },
    },
  }
}

/** Start's request handler with its router entry imported from the wrapper; null when it imports none. */
export function redirectRouterEntry(code: string): string | null {
  const output = code.replace(ROUTER_ENTRY_IMPORT, `import(${JSON.stringify(SPECIFIER)})`)
  return output === code ? null : output
}
