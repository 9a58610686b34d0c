import type { Plugin } from 'vite'
import { analyzeRoutesOf, cleanModuleId, ROUTE_CANDIDATE_PATTERN, ROUTE_TREE_PATTERN, RUNTIME_SPECIFIER, SERVER_FN_CANDIDATE_PATTERN, writeRouteWraps } from '../core/index.ts'
import type { PluginState } from './plugin-state.ts'
import { reportDevProblems, reportModuleErrors, SCRIPT_ID } from './transform-hook.ts'

/**
 * Server routes (routes with `server.handlers`), in the server environments: each route that is
 * not annotated public is wrapped in the runtime's `route(…)`, which runs the route session
 * middleware (`routes.middleware`) before the route's own middleware and handlers. The client
 * bundle is left as it is: TanStack removes `server` from it. The generated route tree is checked
 * once built: a route with handlers that no wrap saw is protected there, whole. Package code is left out: routes
 * are the app's files (a router package creates routes of its own inside its factories).
 */
export function serverRoutesHook(state: PluginState): Plugin['transform'] {
  return {
    filter: { id: { include: SCRIPT_ID, exclude: /\/node_modules\// }, code: [ROUTE_CANDIDATE_PATTERN, ROUTE_TREE_PATTERN] },
    async handler(code, id) {
      if (this.environment.config.consumer !== 'server') return null
      const { build } = await state.environment(this.environment, this)
      const file = cleanModuleId(id)
      const analysis = analyzeRoutesOf(code, id, {
        routeMiddleware: state.options.routeMiddleware !== null,
        withServerFns: SERVER_FN_CANDIDATE_PATTERN.test(code),
      })
      if (analysis.routes.length) build.routes.set(file, analysis.routes)
      else build.routes.delete(file)
      build.replaceDiagnostics(file, 'routes', analysis.diagnostics)
      if (!build.sources.has(file)) build.sources.set(file, code)
      if (this.environment.mode === 'dev') {
        reportDevProblems(state, this, file, code)
        const problems = analysis.diagnostics.filter((diagnostic) => !state.ignored.has(diagnostic.code))
        if (problems.length) reportModuleErrors(this, problems, code, state.config.root)
      }
      const output = analysis.ast && writeRouteWraps(code, analysis.ast, analysis.wraps, RUNTIME_SPECIFIER, analysis.tree)
      if (!output) return null
      return { code: output.toString(), map: output.generateMap({ source: file, hires: 'boundary', includeContent: true }) }
    },
  }
}
