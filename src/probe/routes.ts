import type { ServerRouteEntry } from '../report/inventory.ts'
import { withTimeout, type FetchHandler } from './http.ts'
import { judge, type ProbeRow } from './probe.ts'

/**
 * The server routes' part of the probe: every protected route method is called anonymously and
 * must refuse (401, 403 or a redirect); with a cookie it must answer; with `includePublic` the
 * public ones are called anonymously and must answer. Anonymous calls come first, then reads
 * (GET, HEAD) before the methods that may write, as for server functions.
 *
 * A path parameter (`$id`, `{-$lang}`, a splat) is filled with a placeholder: the route matches
 * whatever it holds, and a protected handler refuses before it reads it.
 */

export const PLACEHOLDER = 'serverfn-auth-probe'

export interface RouteProbeOptions {
  cookie?: string
  includePublic?: boolean
  timeoutMs?: number
  routerBasepath?: string
  /**
   * `refusals and reads`: the anonymous calls, then the reads; `writes`: the calls of other methods
   * that run handlers. The probe makes the first before the server functions' calls and the
   * second after them, so that a write (deleting the probe's own account) runs after every read.
   */
  phase?: 'refusals and reads' | 'writes'
}

/** The URL path of a route path, under the router's basepath. */
export function concretePath(path: string, basepath = '/'): string {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '' && !/^\{-\$[^}]*\}$/.test(segment) && !/^\([^)]*\)$/.test(segment) && !segment.startsWith('_'))
    .map((segment) => (segment === '$' ? PLACEHOLDER : segment.replace(/\{\$[^}]*\}|\$[\w$]+/g, PLACEHOLDER)))
  const base = basepath.replace(/\/+$/, '')
  return `${base}/${segments.join('/')}`
}

/** The HTTP method a row calls: `ANY` and handlers that cannot be listed are called with GET. */
function callMethod(route: ServerRouteEntry): string {
  return route.method === null || route.method === 'ANY' ? 'GET' : route.method
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function planRoutes(routes: readonly ServerRouteEntry[], options: Pick<RouteProbeOptions, 'cookie' | 'includePublic' | 'phase'> = {}) {
  const calls: Array<{ route: ServerRouteEntry; caller: ProbeRow['caller']; rank: number }> = []
  for (const route of routes) {
    if (route.path === null) continue
    const rank = READS.has(callMethod(route)) ? 1 : 2
    if (route.access === 'protected') {
      calls.push({ route, caller: 'anonymous', rank: 0 })
      if (options.cookie) calls.push({ route, caller: 'authenticated', rank })
    } else if (options.includePublic) calls.push({ route, caller: 'anonymous', rank })
  }
  const phase = options.phase ? calls.filter((call) => (call.rank === 2) === (options.phase === 'writes')) : calls
  return phase.sort((a, b) => a.rank - b.rank)
}

export async function probeRoutes(fetch: FetchHandler, routes: readonly ServerRouteEntry[], options: RouteProbeOptions = {}): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = []
  for (const { route, caller } of planRoutes(routes, options)) {
    const method = callMethod(route)
    const path = concretePath(route.path!, options.routerBasepath)
    const base = { id: `${method} ${path}`, name: route.path!, file: route.file, line: route.line, method, access: route.access, caller }
    const headers = new Headers(caller === 'authenticated' ? { cookie: options.cookie! } : {})
    try {
      const response = await withTimeout(fetch(new Request(`http://localhost${path}`, { method, headers, redirect: 'manual' })), options.timeoutMs ?? 10_000)
      await response.body?.cancel()
      const redirect = response.status >= 300 && response.status < 400
      const { verdict, detail } = judge(route.access, caller, { status: response.status, reply: redirect ? 'redirect' : 'raw', detail: redirect ? response.headers.get('location') : null })
      rows.push({ ...base, status: response.status, verdict, detail })
    } catch (error) {
      rows.push({ ...base, status: null, verdict: 'inconclusive', detail: (error as Error).message })
    }
  }
  return rows
}
