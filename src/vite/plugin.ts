import type { Plugin } from 'vite'
import { formatProblem } from '../report/format-diagnostics.ts'
import { appReportHook } from './app-report.ts'
import { buildReportHooks } from './build-report.ts'
import { devServerHook } from './dev-server.ts'
import { resolveOptions, type ServerFnAuthOptions } from './options.ts'
import { checkPluginOrder, startEnvironments } from './plugin-order.ts'
import { PluginState } from './plugin-state.ts'
import { transformHook } from './transform-hook.ts'
import { verifyHook } from './verify-hook.ts'
import { virtualModuleHooks } from './virtual-modules.ts'

const PLUGIN_NAME = 'serverfn-auth'

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
 * Two plugins around one state: the transform, before TanStack's compiler, and the verification
 * after it, which reads what TanStack really emitted.
 */
export function serverFnAuth(options: ServerFnAuthOptions): Plugin[] {
  const state = new PluginState(resolveOptions(options))

  const main: Plugin = {
    name: PLUGIN_NAME,
    enforce: 'pre',

    configResolved(config) {
      state.config = config
      state.colors = !process.env.CI && !!process.stdout.isTTY
      const names = config.plugins.map((plugin) => plugin.name)
      const problem = checkPluginOrder(names, PLUGIN_NAME)
      if (problem) throw new Error(formatProblem(problem.code, problem.message))
      state.startEnvironments = startEnvironments(names)
    },

    // Only where TanStack compiles server functions: nitro re-bundles the server build's output in
    // an environment of its own, whose chunks are already compiled and checked.
    applyToEnvironment: (environment) => state.startEnvironments.has(environment.name),

    async buildStart() {
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

  return [main, verify]
}
