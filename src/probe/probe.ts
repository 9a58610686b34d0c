import type { InventoryEntry } from '../report/inventory.ts'
import { callEndpoint, type CallOutcome, type FetchHandler } from './http.ts'
import { listenForRefusals } from './refusals.ts'

/**
 * Proves over HTTP what the build claims: every protected endpoint rejects an anonymous call;
 * with `cookie`, every protected endpoint without roles accepts an authenticated one; with
 * `includePublic`, public and optional endpoints answer anonymously.
 *
 * The role matrix (`sessions`, from `--cookie-for admin=…`): each session is labelled with the
 * roles it holds (`admin`, `admin+billing`; a label that names no required role, `member`, holds
 * none of them). An endpoint whose roles the session holds, every one, must answer; an endpoint
 * that requires a role the session lacks must refuse it with 403 (or a redirect). Endpoints
 * without roles and optional ones must answer every session.
 */

export type Verdict =
  /** Refused as it should be (401/403 or a redirect), or answered as it should be. */
  | 'pass'
  /** Refused, but with another status (200 and a serialized error): set 401 in the middleware. */
  | 'pass-with-warning'
  /** A protected endpoint accepted an anonymous call, or a role endpoint a session without the role. */
  | 'accepted'
  /** A call that must be answered was refused (a session, or an anonymous call of a public or optional endpoint). */
  | 'rejected'
  /** No proof either way: a timeout, a server error, a method the endpoint does not take. */
  | 'inconclusive'

export interface ProbeRow {
  id: string
  name: string
  file: string
  line: number
  method: string
  access: 'protected' | 'optional' | 'public'
  /** The roles the endpoint requires, all of them (empty for a server route). */
  roles?: string[]
  caller: 'anonymous' | 'authenticated'
  /** The `--cookie-for` label of the session the call carried; null for `--cookie` and anonymous calls. */
  session?: string | null
  status: number | null
  verdict: Verdict
  detail: string
}

/** A session of the role matrix: its label, the roles it holds, its Cookie header. */
export interface ProbeSession {
  label: string
  roles: string[]
  cookie: string
}

/** `admin+billing` holds `admin` and `billing`. */
export function sessionOf(label: string, cookie: string): ProbeSession {
  return { label, roles: label.split('+').map((role) => role.trim()).filter(Boolean), cookie }
}

/**
 * What a call must get: `refuse` (an anonymous call of a protected endpoint: 401, 403 or a
 * redirect), `forbid` (a session without a required role: 403 or a redirect), `answer`.
 */
export type Expectation = 'refuse' | 'forbid' | 'answer'

export interface ProbeOptions {
  cookie?: string
  /** The role matrix: sessions by the roles they hold. */
  sessions?: readonly ProbeSession[]
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

interface PlannedCall {
  endpoint: InventoryEntry
  caller: Caller
  /** The Cookie header of the call; null for an anonymous one. */
  cookie: string | null
  /** The `--cookie-for` label; null otherwise. */
  session: string | null
  expect: Expectation
}

/**
 * The calls to make, in a safe order: every call that must be refused first (a protected endpoint
 * must not run its handler: anonymous calls, then sessions without a role), then the calls that
 * do run handlers, reads (GET) before writes (POST), so that a destructive function (deleting the
 * probe's own account) runs after the reads it would break.
 */
export function plan(endpoints: readonly InventoryEntry[], options: Pick<ProbeOptions, 'cookie' | 'sessions' | 'includePublic' | 'only' | 'skip'> = {}): PlannedCall[] {
  const named = (endpoint: InventoryEntry, names: readonly string[]) => names.includes(endpoint.name) || names.includes(endpoint.id)
  const chosen = endpoints.filter((endpoint) => (!options.only?.length || named(endpoint, options.only)) && !named(endpoint, options.skip ?? []))
  const calls: PlannedCall[] = []
  const call = (endpoint: InventoryEntry, expect: Expectation, session: ProbeSession | { cookie: string; label: null } | null) =>
    calls.push({ endpoint, caller: session ? 'authenticated' : 'anonymous', cookie: session?.cookie ?? null, session: session?.label ?? null, expect })
  for (const endpoint of chosen) {
    const roles = endpoint.roles ?? []
    if (endpoint.access === 'protected') {
      call(endpoint, 'refuse', null)
      // A session whose roles were not given cannot tell what a role endpoint must do.
      if (options.cookie && roles.length === 0) call(endpoint, 'answer', { cookie: options.cookie, label: null })
      for (const session of options.sessions ?? []) call(endpoint, roles.every((role) => session.roles.includes(role)) ? 'answer' : 'forbid', session)
      continue
    }
    if (options.includePublic) call(endpoint, 'answer', null)
    if (endpoint.access !== 'optional') continue
    if (options.cookie) call(endpoint, 'answer', { cookie: options.cookie, label: null })
    for (const session of options.sessions ?? []) call(endpoint, 'answer', session)
  }
  const rank = (planned: PlannedCall) => (planned.expect === 'refuse' ? 0 : planned.expect === 'forbid' ? 1 : 2 + METHOD_RANK[planned.endpoint.method])
  // Array.prototype.sort is stable: the inventory's order holds within a rank.
  return calls.sort((a, b) => rank(a) - rank(b))
}

const METHOD_RANK: Record<InventoryEntry['method'], number> = { GET: 0, unknown: 1, POST: 2 }

/**
 * serverfn-auth's runtime tells a listener in this process which calls its layers (the session
 * middleware, a role's, the checks) refused. A call no layer refused reached what comes after them:
 * the function's own middleware, its validator, its handler. So a 200 with an error, or a
 * redirect, is a refusal only if a layer refused; and a session without a role that no layer
 * refused got through, whatever the function then answered. Absent any refusal in the whole run
 * (a build without serverfn-auth's runtime), the statuses alone decide, as they can.
 */
export async function probe(fetch: FetchHandler, endpoints: readonly InventoryEntry[], options: ProbeOptions = {}): Promise<ProbeRow[]> {
  const calls = plan(endpoints, options)
  const made: Array<{ planned: PlannedCall; row: ProbeRow; outcome: CallOutcome | null; refused: boolean }> = []
  for (const planned of calls) {
    const made1 = await probeOne(fetch, planned, options)
    made.push({ planned, ...made1 })
    options.onProgress?.(made.length, calls.length, made1.row)
  }
  const reporting = made.some((call) => call.refused)
  return made.map(({ planned, row, outcome, refused }) => {
    if (!outcome) return row
    const { verdict, detail } = judgeExpected(planned.expect, outcome, row.roles ?? [], reporting ? refused : null)
    return { ...row, verdict, detail }
  })
}

async function probeOne(fetch: FetchHandler, planned: PlannedCall, options: ProbeOptions): Promise<{ row: ProbeRow; outcome: CallOutcome | null; refused: boolean }> {
  const listening = listenForRefusals()
  try {
    const { row, outcome } = await callOnce(fetch, planned, options)
    return { row, outcome, refused: listening.events.some((event) => !event?.fn || event.fn.id === planned.endpoint.id) }
  } finally {
    listening.stop()
  }
}

async function callOnce(fetch: FetchHandler, planned: PlannedCall, options: ProbeOptions): Promise<{ row: ProbeRow; outcome: CallOutcome | null }> {
  const { endpoint, caller } = planned
  const base = { id: endpoint.id, name: endpoint.name, file: endpoint.file, line: endpoint.line, access: endpoint.access, roles: endpoint.roles ?? [], caller, session: planned.session }
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
        ...(planned.cookie !== null ? { cookie: planned.cookie } : {}),
      })
      if (outcome.status !== 405) break
    }
  } catch (error) {
    return { row: { ...base, method, status: null, verdict: 'inconclusive', detail: (error as Error).message }, outcome: null }
  }
  const { verdict, detail } = judgeExpected(planned.expect, outcome!, base.roles)
  return { row: { ...base, method, status: outcome!.status, verdict, detail }, outcome: outcome! }
}

/** The verdict of a call of an endpoint of this access by this caller (no role matrix). */
export function judge(access: ProbeRow['access'], caller: Caller, outcome: Pick<CallOutcome, 'status' | 'reply' | 'detail'>): { verdict: Verdict; detail: string } {
  return judgeExpected(access === 'protected' && caller === 'anonymous' ? 'refuse' : 'answer', outcome)
}

/**
 * `refused`: whether one of serverfn-auth's layers refused the call (see `listenForRefusals`); null when
 * that cannot be known, and the status alone decides.
 */
export function judgeExpected(
  expect: Expectation,
  outcome: Pick<CallOutcome, 'status' | 'reply' | 'detail'>,
  roles: readonly string[] = [],
  refused: boolean | null = null,
): { verdict: Verdict; detail: string } {
  const { status, reply, detail } = outcome
  const isRefusal = status === 401 || status === 403
  const redirected = reply === 'redirect'
  const answered = status >= 200 && status < 300 && !redirected
  const error = reply === 'error' && detail !== null ? ` "${detail}"` : ''
  const where = detail ?? 'an unknown location'
  const reached = refused === false
  if (expect === 'refuse') {
    if (isRefusal) return { verdict: 'pass', detail: `rejected with ${status}` }
    if (reached && (redirected || (answered && reply === 'error'))) {
      return { verdict: 'accepted', detail: `no serverfn-auth layer refused the anonymous call: the function ${redirected ? `redirected it to ${where}` : `answered ${status} with the error${error || ' (no message)'}`}` }
    }
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
  if (expect === 'forbid') {
    const lacking = `a session without every role of ${roles.join(', ') || 'the endpoint'}`
    if (reached) return { verdict: 'accepted', detail: `no role middleware refused ${lacking}: it reached the function, which answered ${redirected ? `with a redirect to ${where}` : `${status}${error && ` with the error${error}`}`}` }
    if (status === 403) return { verdict: 'pass', detail: `forbidden with 403` }
    if (redirected) return { verdict: 'pass', detail: `redirected to ${where}` }
    if (status === 401) return { verdict: 'inconclusive', detail: `refused with 401: the session was not recognised (an expired cookie?), so the role was not tested` }
    if (answered && reply === 'error') {
      return {
        verdict: 'pass-with-warning',
        detail: `refused with ${status} and the error${error || ' (no message)'}: if this is the role middleware's refusal, have it call setResponseStatus(403) before it throws; if not, it failed instead of refusing`,
      }
    }
    if (answered) return { verdict: 'accepted', detail: `${lacking} was answered with ${status}` }
    return { verdict: 'inconclusive', detail: `answered ${status}${error && ` with the error${error}`}: neither accepted nor forbidden` }
  }
  // Authenticated calls of protected endpoints, anonymous calls of public ones: they must answer.
  // A serialized error means the handler (or a validator) ran and refused: the call got through.
  if (reached && (isRefusal || redirected)) {
    return { verdict: 'pass-with-warning', detail: `no serverfn-auth layer refused it; the function itself answered ${redirected ? `with a redirect to ${where}` : `${status}${error && ` with the error${error}`}`}` }
  }
  if (isRefusal) return { verdict: 'rejected', detail: `refused with ${status}${error && ` and the error${error}`}` }
  if (redirected) return { verdict: 'rejected', detail: `redirected to ${where}` }
  if (answered) return { verdict: 'pass', detail: reply === 'error' ? `answered ${status} with the error${error || ' (no message)'} (from the function, its validator or a middleware)` : `answered ${status}` }
  return { verdict: 'inconclusive', detail: `answered ${status}${error && ` with the error${error}`}` }
}

export function failed(rows: readonly ProbeRow[]): ProbeRow[] {
  return rows.filter((row) => row.verdict === 'accepted' || row.verdict === 'rejected' || row.verdict === 'inconclusive')
}
