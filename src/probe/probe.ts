import type { InventoryEntry } from '../report/inventory.ts'
import { callEndpoint, type CallOutcome, type FetchHandler } from './http.ts'

/**
 * Proves over HTTP what the build claims: every protected endpoint rejects an anonymous call;
 * with `cookie`, every protected endpoint accepts an authenticated one; with `includePublic`,
 * public endpoints answer anonymously.
 */

export type Verdict =
  /** Refused as it should be (401/403 or a redirect), or answered as it should be. */
  | 'pass'
  /** Refused, but with another status (200 and a serialized error): set 401 in the middleware. */
  | 'pass-with-warning'
  /** A protected endpoint accepted an anonymous call. */
  | 'accepted'
  /** An authenticated call was refused, or a public endpoint refused an anonymous one. */
  | 'rejected'
  /** No proof either way: a timeout, a server error, a method the endpoint does not take. */
  | 'inconclusive'

export interface ProbeRow {
  id: string
  name: string
  file: string
  line: number
  method: string
  access: 'protected' | 'public'
  caller: 'anonymous' | 'authenticated'
  status: number | null
  verdict: Verdict
  detail: string
}

export interface ProbeOptions {
  cookie?: string
  includePublic?: boolean
  /** Call only these endpoints (by name or function id). */
  only?: readonly string[]
  /** Never call these endpoints (by name or function id). */
  skip?: readonly string[]
  timeoutMs?: number
  /** TanStack's server function path (`/_serverFn/`, under Vite's `base`), from the inventory. */
  serverFnBase?: string
  onProgress?: (done: number, total: number, row: ProbeRow) => void
}

type Caller = ProbeRow['caller']

/**
 * The calls to make, in a safe order: every anonymous call first (a protected endpoint must not
 * run its handler), then the calls that do run handlers, reads (GET) before writes (POST), so
 * that a destructive function (deleting the probe's own account) runs after the reads it would
 * break.
 */
export function plan(endpoints: readonly InventoryEntry[], options: Pick<ProbeOptions, 'cookie' | 'includePublic' | 'only' | 'skip'> = {}) {
  const named = (endpoint: InventoryEntry, names: readonly string[]) => names.includes(endpoint.name) || names.includes(endpoint.id)
  const chosen = endpoints.filter((endpoint) => (!options.only?.length || named(endpoint, options.only)) && !named(endpoint, options.skip ?? []))
  const calls: Array<{ endpoint: InventoryEntry; caller: Caller; runsHandler: boolean }> = []
  for (const endpoint of chosen) {
    if (endpoint.access === 'protected') {
      calls.push({ endpoint, caller: 'anonymous', runsHandler: false })
      if (options.cookie) calls.push({ endpoint, caller: 'authenticated', runsHandler: true })
    } else if (options.includePublic) {
      calls.push({ endpoint, caller: 'anonymous', runsHandler: true })
    }
  }
  const rank = (call: (typeof calls)[number]) => (call.runsHandler ? 1 + METHOD_RANK[call.endpoint.method] : 0)
  // Array.prototype.sort is stable: the inventory's order holds within a rank.
  return calls.sort((a, b) => rank(a) - rank(b)).map(({ endpoint, caller }) => ({ endpoint, caller }))
}

const METHOD_RANK: Record<InventoryEntry['method'], number> = { GET: 0, unknown: 1, POST: 2 }

export async function probe(fetch: FetchHandler, endpoints: readonly InventoryEntry[], options: ProbeOptions = {}): Promise<ProbeRow[]> {
  const calls = plan(endpoints, options)
  const rows: ProbeRow[] = []
  for (const { endpoint, caller } of calls) {
    const row = await probeOne(fetch, endpoint, caller, options)
    rows.push(row)
    options.onProgress?.(rows.length, calls.length, row)
  }
  return rows
}

async function probeOne(fetch: FetchHandler, endpoint: InventoryEntry, caller: Caller, options: ProbeOptions): Promise<ProbeRow> {
  const base = { id: endpoint.id, name: endpoint.name, file: endpoint.file, line: endpoint.line, access: endpoint.access, caller }
  // An unknown method (not a literal in the source) is tried both ways: the wrong one answers 405.
  const methods: Array<'GET' | 'POST'> = endpoint.method === 'unknown' ? ['GET', 'POST'] : [endpoint.method]
  let outcome: CallOutcome | null = null
  let method: 'GET' | 'POST' = methods[0]!
  try {
    for (method of methods) {
      outcome = await callEndpoint(fetch, endpoint.id, {
        method,
        timeoutMs: options.timeoutMs ?? 10_000,
        ...(options.serverFnBase ? { serverFnBase: options.serverFnBase } : {}),
        ...(caller === 'authenticated' ? { cookie: options.cookie! } : {}),
      })
      if (outcome.status !== 405) break
    }
  } catch (error) {
    return { ...base, method, status: null, verdict: 'inconclusive', detail: (error as Error).message }
  }
  const { verdict, detail } = judge(endpoint.access, caller, outcome!)
  return { ...base, method, status: outcome!.status, verdict, detail }
}

export function judge(access: ProbeRow['access'], caller: Caller, outcome: Pick<CallOutcome, 'status' | 'reply' | 'detail'>): { verdict: Verdict; detail: string } {
  const { status, reply, detail } = outcome
  const refused = status === 401 || status === 403
  const redirected = reply === 'redirect'
  const answered = status >= 200 && status < 300 && !redirected
  const error = reply === 'error' && detail !== null ? ` "${detail}"` : ''
  const where = detail ?? 'an unknown location'
  if (access === 'protected' && caller === 'anonymous') {
    if (refused) return { verdict: 'pass', detail: `rejected with ${status}` }
    if (redirected) return { verdict: 'pass', detail: `redirected to ${where}` }
    if (answered && reply === 'error') {
      return {
        verdict: 'pass-with-warning',
        detail: `rejected with ${status} and the error${error || ' (no message)'}: if this is the session middleware's refusal, have it call setResponseStatus(401) before it throws; if not, it failed (a missing setting, say) instead of refusing`,
      }
    }
    if (answered) return { verdict: 'accepted', detail: `an anonymous call was answered with ${status}` }
    if (status >= 500 && reply === 'error') {
      return { verdict: 'inconclusive', detail: `failed with ${status} and the error${error || ' (no message)'}: the session middleware threw instead of refusing (401, 403 or a redirect)` }
    }
    return { verdict: 'inconclusive', detail: `answered ${status}: neither accepted nor rejected as unauthenticated` }
  }
  // Authenticated calls of protected endpoints, anonymous calls of public ones: they must answer.
  // A serialized error means the handler (or a validator) ran and refused: the call got through.
  if (refused) return { verdict: 'rejected', detail: `refused with ${status}${error && ` and the error${error}`}` }
  if (redirected) return { verdict: 'rejected', detail: `redirected to ${where}` }
  if (answered) return { verdict: 'pass', detail: reply === 'error' ? `answered ${status} with the error${error || ' (no message)'} (from the function, its validator or a middleware)` : `answered ${status}` }
  return { verdict: 'inconclusive', detail: `answered ${status}${error && ` with the error${error}`}` }
}

export function failed(rows: readonly ProbeRow[]): ProbeRow[] {
  return rows.filter((row) => row.verdict === 'accepted' || row.verdict === 'rejected' || row.verdict === 'inconclusive')
}
