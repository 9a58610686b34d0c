import type { Plugin } from 'vite'
import { formatProblem } from '../report/format-diagnostics.ts'
import { appReportHook } from './app-report.ts'
import { buildReportHooks } from './build-report.ts'
import { devServerHook } from './dev-server.ts'
import { resolveOptions, type ResolvedOptions, type ServerFnAuthOptions } from './options.ts'
import { checkPluginOrder, startEnvironments } from './plugin-order.ts'
import { PluginState } from './plugin-state.ts'
import { removeReports, serverOutDir } from './reports.ts'
import { routerEntryPlugin } from './router-entry.ts'
import { serverRoutesHook } from './server-routes-hook.ts'
import { startReleaseOf } from './start-framework.ts'
import { transformHook } from './transform-hook.ts'
import { verifyHook } from './verify-hook.ts'
import { virtualModuleHooks } from './virtual-modules.ts'

export const PLUGIN_NAME = 'serverfn-auth'

/** The plugin's `api`: its options as resolved, for tools that read the app's config. */
export interface ServerFnAuthApi {
  options: ResolvedOptions
}

/**
 * serverfn-auth: every TanStack Start server function gets the project's session middleware
 * first and a check of it last, unless its declaration is annotated `@auth public: <reason>`.
 *
 * ```ts
 * plugins: [
 *   serverFnAuth({ middleware: { from: '/src/server/session.ts', export: 'requireSession' } }),
 *   tanstackStart(),
 *   viteReact(),
 * ]
 * ```
 *
 * Four plugins around one state: the transform, before TanStack's compiler; the listing of the
 * app's server routes, which writes nothing; the router entry, whose routers' trees are protected
 * whole; and the verification after TanStack's compiler, which reads what TanStack really emitted.
 */
export function serverFnAuth(options: ServerFnAuthOptions): Plugin[] {
  const state = new PluginState(resolveOptions(options))

  const main: Plugin = {
    name: PLUGIN_NAME,
    enforce: 'pre',
    // What `serverfn-auth audit` reads from the app's config: the options as resolved.
    api: { options: state.options } satisfies ServerFnAuthApi,

    configResolved(config) {
      state.config = config
      state.colors = !process.env.CI && !!process.stdout.isTTY
      const names = config.plugins.map((plugin) => plugin.name)
      const problem = checkPluginOrder(names, PLUGIN_NAME)
      if (problem) throw new Error(formatProblem(problem.code, problem.message))
      state.startEnvironments = startEnvironments(names)
      const release = startReleaseOf(names, config.root)
      if ('problem' in release) throw new Error(formatProblem('SFA505', release.problem))
      state.start = release
      // The plugin applies only where TanStack compiles: if that is no server environment (a
      // renamed compiler plugin, say), it would protect nothing.
      const servers = [...state.startEnvironments].filter((name) => config.environments[name]?.consumer === 'server')
      if (!servers.length) {
        throw new Error(formatProblem('SFA504', `TanStack Start's server function compiler runs in no server environment (its plugins name ${[...state.startEnvironments].join(', ') || 'none'}), so serverfn-auth would protect nothing.`))
      }
    },

    // Only where TanStack compiles server functions: nitro re-bundles the server build's output in
    // an environment of its own, whose chunks are already compiled and checked.
    applyToEnvironment: (environment) => state.startEnvironments.has(environment.name),

    async buildStart() {
      // The first environment of a build removes the last build's inventory and record: whatever
      // fails from here on, nothing on disk looks current until this build reports.
      if (this.environment.mode === 'build' && !state.cleared) {
        state.cleared = true
        await removeReports(state, serverOutDir(state))
      }
      state.reset(this.environment.name)
      // Fail before any module is built when the session middleware cannot be found.
      await state.environment(this.environment, this)
    },

    watchChange(id, change) {
      state.invalidate(id)
      state.dev?.fileChanged(id, change.event)
    },

    configureServer: devServerHook(state),
    transform: transformHook(state),
    ...virtualModuleHooks(state),
    ...buildReportHooks(state),
    ...appReportHook(state),
  }

  const verify: Plugin = {
    name: `${PLUGIN_NAME}:verify-emitted`,
    enforce: 'post',
    applyToEnvironment: (environment) => state.startEnvironments.has(environment.name),
    transform: verifyHook(state),
  }

  // Lists the app's server routes for the report and protects them; in the server environments
  // only (the client bundle gets no route handlers): the client never calls its hook at all.
  const serverRoutes: Plugin = {
    name: `${PLUGIN_NAME}:server-routes`,
    enforce: 'pre',
    applyToEnvironment: (environment) => state.startEnvironments.has(environment.name) && environment.config.consumer === 'server',
    transform: serverRoutesHook(state),
  }

  return [main, serverRoutes, routerEntryPlugin(state, `${PLUGIN_NAME}:router-entry`), verify]
}
