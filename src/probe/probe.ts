import type { InventoryEntry } from '../report/inventory.ts'
import { callEndpoint, type CallOutcome, type FetchHandler } from './http.ts'

/**
 * Proves over HTTP what the build claims: every protected endpoint rejects an anonymous call;
 * with `cookie`, every protected endpoint accepts an authenticated one; with `includePublic`,
 * public endpoints answer anonymously.
 */

export type Verdict =
  /** Rejected as it should be (401/403), or accepted as it should be. */
  | 'pass'
  /** Rejected, but with another status (200 and a serialized error): set 401 in the middleware. */
  | 'pass-with-warning'
  /** A protected endpoint accepted an anonymous call. */
  | 'accepted'
  /** An authenticated call was rejected, or a public endpoint refused an anonymous one. */
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
  timeoutMs?: number
  onProgress?: (done: number, total: number, row: ProbeRow) => void
}

export async function probe(fetch: FetchHandler, endpoints: readonly InventoryEntry[], options: ProbeOptions = {}): Promise<ProbeRow[]> {
  const plan: Array<{ endpoint: InventoryEntry; caller: ProbeRow['caller'] }> = []
  for (const endpoint of endpoints) {
    if (endpoint.access === 'protected') {
      plan.push({ endpoint, caller: 'anonymous' })
      if (options.cookie) plan.push({ endpoint, caller: 'authenticated' })
    } else if (options.includePublic) {
      plan.push({ endpoint, caller: 'anonymous' })
    }
  }
  const rows: ProbeRow[] = []
  for (const { endpoint, caller } of plan) {
    const row = await probeOne(fetch, endpoint, caller, options)
    rows.push(row)
    options.onProgress?.(rows.length, plan.length, row)
  }
  return rows
}

async function probeOne(fetch: FetchHandler, endpoint: InventoryEntry, caller: ProbeRow['caller'], options: ProbeOptions): Promise<ProbeRow> {
  const base = { id: endpoint.id, name: endpoint.name, file: endpoint.file, line: endpoint.line, access: endpoint.access, caller }
  // An unknown method (not a literal in the source) is tried both ways: the wrong one answers 405.
  const methods: Array<'GET' | 'POST'> = endpoint.method === 'unknown' ? ['GET', 'POST'] : [endpoint.method]
  let outcome: CallOutcome | null = null
  let method: 'GET' | 'POST' = methods[0]!
  try {
    for (method of methods) {
      outcome = await callEndpoint(fetch, endpoint.id, { method, timeoutMs: options.timeoutMs ?? 10_000, ...(caller === 'authenticated' ? { cookie: options.cookie! } : {}) })
      if (outcome.status !== 405) break
    }
  } catch (error) {
    return { ...base, method, status: null, verdict: 'inconclusive', detail: (error as Error).message }
  }
  const { verdict, detail } = judge(endpoint.access, caller, outcome!)
  return { ...base, method, status: outcome!.status, verdict, detail }
}

function judge(access: ProbeRow['access'], caller: ProbeRow['caller'], outcome: CallOutcome): { verdict: Verdict; detail: string } {
  const { status, reply } = outcome
  const refused = status === 401 || status === 403
  const answered = status >= 200 && status < 300
  if (access === 'protected' && caller === 'anonymous') {
    if (refused) return { verdict: 'pass', detail: `rejected with ${status}` }
    if (answered && reply === 'error') {
      return { verdict: 'pass-with-warning', detail: `rejected with ${status} and a serialized error: the session middleware should call setResponseStatus(401)` }
    }
    if (answered) return { verdict: 'accepted', detail: `an anonymous call was answered with ${status}` }
    return { verdict: 'inconclusive', detail: `answered ${status}: neither accepted nor rejected as unauthenticated` }
  }
  // Authenticated calls of protected endpoints, anonymous calls of public ones: they must answer.
  // A serialized error means the handler (or a validator) ran and refused: the call got through.
  if (answered) return { verdict: 'pass', detail: reply === 'error' ? `answered ${status} with an error from the function` : `answered ${status}` }
  if (refused) return { verdict: 'rejected', detail: `refused with ${status}` }
  return { verdict: 'inconclusive', detail: `answered ${status}` }
}

export function failed(rows: readonly ProbeRow[]): ProbeRow[] {
  return rows.filter((row) => row.verdict === 'accepted' || row.verdict === 'rejected' || row.verdict === 'inconclusive')
}
