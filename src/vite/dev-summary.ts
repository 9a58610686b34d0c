import { endpointRows, formatServerRoutes, formatSummary, serverRouteRows } from '../report/summary.ts'
import type { BuildState } from './build-state.ts'
import type { PluginState } from './plugin-state.ts'
import { describeRelease } from './start-framework.ts'

/**
 * Under `vite dev` the endpoint table prints at start-up and whenever the endpoints or their
 * access change; the server routes under it, once the dev server has loaded their modules (on
 * the first request, as TanStack loads the route tree). Not while a module has problems: the app
 * does not run then, and a table would call endpoints protected that do not load. It prints again
 * once they are fixed.
 */
export function printDevSummary(state: PluginState, build: BuildState): void {
  if (state.options.quiet) return
  const dev = state.devSummary
  clearTimeout(dev.timer)
  dev.timer = setTimeout(() => {
    if (state.dev?.problems.count()) return
    const options = { root: state.config.root, colors: state.colors }
    const routes = serverRouteRows(build.routes)
    const table = `${formatSummary(endpointRows(build.modules.values()), options)}\n  framework: ${describeRelease(state.start)}`
    const summary = [table, ...(routes.length ? [formatServerRoutes(routes, options)] : [])].join('\n')
    if (summary === dev.last) return
    dev.last = summary
    state.config.logger.info(summary, { timestamp: true })
  }, 300)
  dev.timer.unref?.()
}

/** The table, even when it has not changed since it last printed (after the problems are fixed). */
export function forceDevSummary(state: PluginState, build: BuildState): void {
  state.devSummary.last = ''
  printDevSummary(state, build)
}
