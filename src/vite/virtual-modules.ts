import type { Plugin } from 'vite'
import { RUNTIME_SPECIFIER } from '../core/index.ts'
import { classifiedSetOf, GUARD_ID, guardModuleSource, INVENTORY_PLACEHOLDER } from './guard-module.ts'
import type { PluginState } from './plugin-state.ts'
import { runtimeModuleSource } from './runtime-module.ts'

/**
 * The modules the plugin serves: `serverfn-auth/runtime` (imported by every transformed module)
 * and `serverfn-auth/guard` (registered by the app in src/start.ts). Their real content depends
 * on the build, so the package's own files only stand in for them when the plugin is missing.
 */

const RESOLVED = { [RUNTIME_SPECIFIER]: '\0serverfn-auth/runtime.js', [GUARD_ID]: '\0serverfn-auth/guard.js' } as const

export function virtualModuleHooks(state: PluginState): Pick<Plugin, 'resolveId' | 'load' | 'renderChunk'> {
  return {
    resolveId: {
      filter: { id: /^serverfn-auth\/(?:runtime|guard)$/ },
      handler(id) {
        return RESOLVED[id as keyof typeof RESOLVED] ?? null
      },
    },
    load: {
      filter: { id: /^\0serverfn-auth\/(?:runtime|guard)\.js$/ },
      async handler(id) {
        const { consumer } = this.environment.config
        const server = consumer === 'server'
        // The app's own Start (see start-framework.ts), never the first one that resolves.
        const startPackage = state.start.package
        if (id === RESOLVED[RUNTIME_SPECIFIER]) {
          const session = server ? await state.sessionModule(this) : null
          const routeSession = server ? await state.routeSessionModule(this) : null
          const access = server ? await state.accessModules(this) : null
          return runtimeModuleSource({
            startPackage,
            sessionModule: session?.file ?? '',
            sessionExport: session?.exportName ?? '',
            routeSessionModule: routeSession?.file ?? null,
            routeSessionExport: routeSession?.exportName ?? null,
            roles: access?.roles.map((role) => ({ name: role.name, module: role.module.file, exportName: role.module.exportName })) ?? [],
            optional: access?.optional ? { module: access.optional.file, exportName: access.optional.exportName } : null,
            environment: server ? 'server' : 'client',
          })
        }
        if (id !== RESOLVED[GUARD_ID]) return null
        const mode = this.environment.mode
        if (server && mode === 'build') state.guarded.add(this.environment.name)
        return guardModuleSource({ startPackage, environment: !server ? 'client' : mode === 'build' ? 'server-build' : 'server-dev' })
      },
    },
    // The guard's classified set is known once the server build has analysed every module. Only
    // the chunk that holds the guard is handed to JavaScript (a hook call costs the bundler even
    // when it returns at once).
    renderChunk: {
      filter: { code: INVENTORY_PLACEHOLDER },
      handler(code) {
        const inventory = state.finished.get(this.environment.name)
        const placeholder = JSON.stringify(INVENTORY_PLACEHOLDER)
        if (!inventory || !code.includes(placeholder)) return null
        const set = JSON.stringify(JSON.stringify(classifiedSetOf(inventory)))
        return { code: code.replaceAll(placeholder, set), map: null }
      },
    },
  }
}
