import type { InventoryEntry } from '../report/inventory.ts'
import { withTimeout, type FetchHandler } from './http.ts'
import { pathParameters } from './route-tree.ts'
import { listenForRefusals, type Refusal } from './refusals.ts'

/**
 * `probe --pages`: renders pages anonymously (server-side, as a first visit does) and names the
 * protected server functions that refused during the render. A page that answers 401 or 500
 * because its loader or a root `beforeLoad` calls a protected function ("who am I?") is broken for
 * every anonymous visitor; the build cannot see that, the render can. The refusals are reported by
 * serverfn-auth's runtime to a listener the probe installs in its own process.
 */

export type PageVerdict = 'pass' | 'pass-with-warning' | 'refused' | 'failed' | 'skipped'

export interface PageRow {
  path: string
  status: number | null
  verdict: PageVerdict
  detail: string
  /** The server functions that refused during the render. */
  refusals: Array<{ id: string; name: string; file: string }>
}

const ORIGIN = 'http://localhost'

export async function probePages(
  fetch: FetchHandler,
  paths: readonly string[],
  options: { endpoints: readonly InventoryEntry[]; routerBasepath?: string; timeoutMs?: number; serverRoutes?: ReadonlySet<string> },
): Promise<PageRow[]> {
  const rows: PageRow[] = []
  const byId = new Map(options.endpoints.map((endpoint) => [endpoint.id, endpoint]))
  const base = (options.routerBasepath ?? '/').replace(/\/$/, '')
  for (const given of paths) {
    const path = given.startsWith('/') ? given : `/${given}`
    if (options.serverRoutes?.has(path)) {
      rows.push({ path, status: null, verdict: 'skipped', detail: 'a server route (`server.handlers`): an endpoint, not a page; rendering it would run its handler', refusals: [] })
      continue
    }
    const parameters = pathParameters(path)
    if (parameters.length) {
      rows.push({ path, status: null, verdict: 'skipped', detail: `needs a value for ${parameters.join(', ')}: pass one with --page (e.g. --page ${path.replace(/\{-\$[^}]*\}|\$[\w]*/g, '1')})`, refusals: [] })
      continue
    }
    const { events, stop } = listenForRefusals()
    let status: number | null = null
    let location: string | null = null
    try {
      const response = await withTimeout(fetch(new Request(`${ORIGIN}${base}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' })), options.timeoutMs ?? 10_000)
      // A streamed render goes on after the headers: wait for the whole page.
      await withTimeout(response.text(), options.timeoutMs ?? 10_000)
      status = response.status
      location = response.headers.get('location')
    } catch (error) {
      rows.push({ path, status: null, verdict: 'failed', detail: (error as Error).message, refusals: refusalsOf(events, byId) })
      continue
    } finally {
      stop()
    }
    const refusals = refusalsOf(events, byId)
    rows.push({ path, status, refusals, ...judgePage(status, location, refusals) })
  }
  return rows
}

function refusalsOf(events: readonly Refusal[], byId: ReadonlyMap<string, InventoryEntry>): PageRow['refusals'] {
  const seen = new Map<string, PageRow['refusals'][number]>()
  for (const { fn } of events) {
    const id = typeof fn?.id === 'string' ? fn.id : ''
    const known = byId.get(id)
    const name = known?.name ?? (typeof fn?.name === 'string' ? fn.name : 'an unnamed server function')
    const file = known ? `${known.file}:${known.line}` : typeof fn?.filename === 'string' ? fn.filename : 'an unknown file'
    seen.set(`${id}#${name}`, { id, name, file })
  }
  return [...seen.values()]
}

export function judgePage(status: number, location: string | null, refusals: PageRow['refusals']): Pick<PageRow, 'verdict' | 'detail'> {
  const named = refusals.map((refusal) => `${refusal.name} (${refusal.file})`).join(', ')
  const they = refusals.length === 1 ? 'the protected server function' : 'the protected server functions'
  if (status >= 300 && status < 400) return { verdict: 'pass', detail: `redirects to ${location ?? 'an unknown location'}` }
  if (status >= 200 && status < 300) {
    if (!refusals.length) return { verdict: 'pass', detail: `renders ${status} anonymously` }
    return { verdict: 'pass-with-warning', detail: `renders ${status}, but ${they} ${named} refused during the render: anonymous visitors see its error or fallback` }
  }
  if (refusals.length) {
    return {
      verdict: 'refused',
      detail: `answers ${status} because ${they} ${named} refused the anonymous render: if anonymous visitors need it, annotate it \`// @auth public: <reason>\`; if they must not see the page, redirect them in its beforeLoad`,
    }
  }
  if (status === 401 || status === 403) {
    return { verdict: 'pass-with-warning', detail: `answers ${status}, and no protected server function was heard refusing: the page itself, or a request middleware, refuses anonymous visitors` }
  }
  return { verdict: 'failed', detail: `answers ${status}, and no server function refused: the render failed` }
}

export function failedPages(rows: readonly PageRow[]): PageRow[] {
  return rows.filter((row) => row.verdict === 'refused' || row.verdict === 'failed')
}
