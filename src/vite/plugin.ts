import type { Plugin } from 'vite'
import { formatProblem } from '../report/format-diagnostics.ts'
import { buildReportHooks } from './build-report.ts'
import { devServerHook } from './dev-server.ts'
import { resolveOptions, type ServerFnAuthOptions } from './options.ts'
import { checkPluginOrder } from './plugin-order.ts'
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
      const problem = checkPluginOrder(config.plugins.map((plugin) => plugin.name), PLUGIN_NAME)
      if (problem) throw new Error(formatProblem(problem.code, problem.message))
    },

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
  }

  const verify: Plugin = {
    name: `${PLUGIN_NAME}:verify-emitted`,
    enforce: 'post',
    transform: verifyHook(state),
  }

  return [main, verify]
}
