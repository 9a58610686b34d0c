import { describe, expect, test } from 'vitest'
import { callEndpoint } from '../../src/probe/http.ts'
import { judge, judgeExpected, plan, sessionOf } from '../../src/probe/probe.ts'
import type { InventoryEntry } from '../../src/report/inventory.ts'

/** The probe's pure parts: what a reply means, and in which order the calls are made. */

const entry = (name: string, method: InventoryEntry['method'], access: InventoryEntry['access'] = 'protected', roles: string[] = []): InventoryEntry => ({
  id: `id-${name}`,
  file: 'src/server/fns.ts',
  name,
  method,
  access,
  roles,
  reason: access === 'protected' ? null : 'test',
  line: 1,
  package: null,
})

const reply = (body: string, init: ResponseInit = {}) => async (request: Request) => {
  seen.push(request)
  return new Response(body, init)
}
const seen: Request[] = []

describe('reading a reply', () => {
  test('a serialized redirect (200 and isSerializedRedirect) and an HTTP 3xx are redirects, with their target', async () => {
    const serialized = await callEndpoint(reply(JSON.stringify({ to: '/login', href: '/login?next=%2F', isSerializedRedirect: true })), 'f', { method: 'GET', timeoutMs: 1000 })
    expect(serialized).toMatchObject({ status: 200, reply: 'redirect', detail: '/login?next=%2F' })
    const http = await callEndpoint(reply('', { status: 307, headers: { location: '/sign-in' } }), 'f', { method: 'POST', timeoutMs: 1000 })
    expect(http).toMatchObject({ status: 307, reply: 'redirect', detail: '/sign-in' })
    expect(seen.at(-1)!.redirect).toBe('manual')
  })

  test("a serialized error's message is read from TanStack's error node and from seroval's own", async () => {
    const headers = { 'x-tss-serialized': 'true' }
    const tsr = JSON.stringify({ t: 10, i: 0, p: { k: ['error'], v: [{ t: 25, i: 1, s: { message: { t: 1, s: 'SESSION_SECRET is not set' } }, c: '$TSR/Error' }] }, o: 0 })
    expect(await callEndpoint(reply(tsr, { headers }), 'f', { method: 'GET', timeoutMs: 1000 })).toMatchObject({ reply: 'error', detail: 'SESSION_SECRET is not set' })
    const plain = JSON.stringify({ t: 10, i: 0, p: { k: ['error'], v: [{ t: 13, i: 1, s: 0, m: 'boom' }] }, o: 0 })
    expect(await callEndpoint(reply(plain, { headers }), 'f', { method: 'GET', timeoutMs: 1000 })).toMatchObject({ reply: 'error', detail: 'boom' })
    const result = JSON.stringify({ t: 10, i: 0, p: { k: ['result'], v: [{ t: 1, s: 'ok' }] }, o: 0 })
    expect(await callEndpoint(reply(result, { headers }), 'f', { method: 'GET', timeoutMs: 1000 })).toMatchObject({ reply: 'result', detail: null })
    // Without TanStack's header, JSON is a raw reply (a Response the function returned).
    expect(await callEndpoint(reply(result), 'f', { method: 'GET', timeoutMs: 1000 })).toMatchObject({ reply: 'raw' })
    expect(await callEndpoint(reply('not json', { headers }), 'f', { method: 'GET', timeoutMs: 1000 })).toMatchObject({ reply: 'raw' })
  })

  test('calls the base path it is given', async () => {
    await callEndpoint(reply(''), 'a/b', { method: 'GET', timeoutMs: 1000, serverFnBase: '/app/_fns/' })
    expect(new URL(seen.at(-1)!.url).pathname).toBe('/app/_fns/a%2Fb')
    await callEndpoint(reply(''), 'x', { method: 'GET', timeoutMs: 1000 })
    expect(new URL(seen.at(-1)!.url).pathname).toBe('/_serverFn/x')
  })
})

describe('verdicts', () => {
  const anonymous = (status: number, replyKind: 'result' | 'error' | 'redirect' | 'raw', detail: string | null = null) =>
    judge('protected', 'anonymous', { status, reply: replyKind, detail })
  const authenticated = (status: number, replyKind: 'result' | 'error' | 'redirect' | 'raw', detail: string | null = null) =>
    judge('protected', 'authenticated', { status, reply: replyKind, detail })

  test('an anonymous call of a protected endpoint passes when refused: 401, 403 or a redirect', () => {
    expect(anonymous(401, 'error')).toEqual({ verdict: 'pass', detail: 'rejected with 401' })
    expect(anonymous(403, 'raw').verdict).toBe('pass')
    expect(anonymous(200, 'redirect', '/login')).toEqual({ verdict: 'pass', detail: 'redirected to /login' })
    expect(anonymous(307, 'redirect', null)).toEqual({ verdict: 'pass', detail: 'redirected to an unknown location' })
  })

  test('an answer is an acceptance; an error with 200 a warning that names the error; a 5xx is inconclusive and says the middleware threw', () => {
    expect(anonymous(200, 'result').verdict).toBe('accepted')
    expect(anonymous(204, 'raw').verdict).toBe('accepted')
    const warning = anonymous(200, 'error', 'SESSION_SECRET is not set')
    expect(warning.verdict).toBe('pass-with-warning')
    expect(warning.detail).toContain('"SESSION_SECRET is not set"')
    expect(anonymous(200, 'error').detail).toContain('(no message)')
    const crashed = anonymous(500, 'error', 'Cannot read properties of undefined')
    expect(crashed.verdict).toBe('inconclusive')
    expect(crashed.detail).toContain('the session middleware threw instead of refusing')
    expect(anonymous(404, 'raw')).toEqual({ verdict: 'inconclusive', detail: 'answered 404: neither accepted nor rejected as unauthenticated' })
  })

  test('a call that must answer fails when refused or redirected', () => {
    expect(authenticated(200, 'result')).toEqual({ verdict: 'pass', detail: 'answered 200' })
    expect(authenticated(200, 'error', 'name is required').detail).toContain('"name is required"')
    expect(authenticated(401, 'error', 'Unauthenticated')).toEqual({ verdict: 'rejected', detail: 'refused with 401 and the error "Unauthenticated"' })
    expect(authenticated(200, 'redirect', '/login')).toEqual({ verdict: 'rejected', detail: 'redirected to /login' })
    expect(judge('public', 'anonymous', { status: 302, reply: 'redirect', detail: '/x' }).verdict).toBe('rejected')
    expect(authenticated(500, 'raw')).toEqual({ verdict: 'inconclusive', detail: 'answered 500' })
  })
})

describe('the order of calls', () => {
  const endpoints = [entry('deleteAccount', 'POST'), entry('health', 'GET', 'public'), entry('getOrders', 'GET'), entry('either', 'unknown'), entry('getProfile', 'GET')]

  test('anonymous calls of protected endpoints first, then what runs handlers: GET, then unknown, then POST, each in inventory order', () => {
    const calls = plan(endpoints, { cookie: 'c', includePublic: true }).map(({ endpoint, caller }) => `${caller} ${endpoint.name}`)
    expect(calls).toEqual([
      'anonymous deleteAccount',
      'anonymous getOrders',
      'anonymous either',
      'anonymous getProfile',
      'anonymous health',
      'authenticated getOrders',
      'authenticated getProfile',
      'authenticated either',
      'authenticated deleteAccount',
    ])
  })

  test('without a cookie or --include-public, only anonymous calls of protected endpoints; --only and --skip by name or id', () => {
    expect(plan(endpoints).map(({ endpoint }) => endpoint.name)).toEqual(['deleteAccount', 'getOrders', 'either', 'getProfile'])
    expect(plan(endpoints, { only: ['getOrders', 'id-getProfile'] }).map(({ endpoint }) => endpoint.name)).toEqual(['getOrders', 'getProfile'])
    expect(plan(endpoints, { skip: ['deleteAccount'], only: [] }).map(({ endpoint }) => endpoint.name)).toEqual(['getOrders', 'either', 'getProfile'])
    expect(plan(endpoints, { only: ['getOrders'], skip: ['getOrders'] })).toEqual([])
  })
})

describe('the role matrix', () => {
  const endpoints = [
    entry('listUsers', 'GET', 'protected', ['admin']),
    entry('refund', 'POST', 'protected', ['admin', 'billing']),
    entry('getProfile', 'GET'),
    entry('whoAmI', 'GET', 'optional'),
    entry('health', 'GET', 'public'),
  ]
  const sessions = [sessionOf('admin', 'sid=a'), sessionOf('member', 'sid=m'), sessionOf('admin+billing', 'sid=ab')]
  const calls = (options: Parameters<typeof plan>[1]) => plan(endpoints, options).map((call) => `${call.expect} ${call.endpoint.name} ${call.session ?? call.caller}${call.cookie ? ` ${call.cookie}` : ''}`)

  test('a label holds the roles it names; `member` names none an endpoint requires', () => {
    expect(sessionOf('admin+billing', 'sid=1')).toEqual({ label: 'admin+billing', roles: ['admin', 'billing'], cookie: 'sid=1' })
    expect(sessionOf(' admin + ', 'c').roles).toEqual(['admin'])
  })

  test('role endpoints must forbid the sessions without every role and answer those with all; optional ones answer every session', () => {
    expect(calls({ sessions })).toEqual([
      'refuse listUsers anonymous',
      'refuse refund anonymous',
      'refuse getProfile anonymous',
      'forbid listUsers member sid=m',
      'forbid refund admin sid=a',
      'forbid refund member sid=m',
      'answer listUsers admin sid=a',
      'answer listUsers admin+billing sid=ab',
      'answer getProfile admin sid=a',
      'answer getProfile member sid=m',
      'answer getProfile admin+billing sid=ab',
      'answer whoAmI admin sid=a',
      'answer whoAmI member sid=m',
      'answer whoAmI admin+billing sid=ab',
      'answer refund admin+billing sid=ab',
    ])
  })

  test('a plain --cookie says nothing about roles: role endpoints are not called with it; optional ones answer anonymously with --include-public', () => {
    expect(calls({ cookie: 'sid=x', includePublic: true })).toEqual([
      'refuse listUsers anonymous',
      'refuse refund anonymous',
      'refuse getProfile anonymous',
      'answer getProfile authenticated sid=x',
      'answer whoAmI anonymous',
      'answer whoAmI authenticated sid=x',
      'answer health anonymous',
    ])
  })

  test('a session without the role: 403 or a redirect passes, an answer fails, a 401 proves nothing', () => {
    const forbid = (status: number, reply: 'raw' | 'error' | 'redirect' | 'result', detail: string | null = null) => judgeExpected('forbid', { status, reply, detail }, ['admin'])
    expect(forbid(403, 'error', 'Forbidden')).toEqual({ verdict: 'pass', detail: 'forbidden with 403' })
    expect(forbid(302, 'redirect', '/denied')).toEqual({ verdict: 'pass', detail: 'redirected to /denied' })
    expect(forbid(200, 'result')).toEqual({ verdict: 'accepted', detail: 'a session without every role of admin was answered with 200' })
    expect(forbid(401, 'error', 'Unauthenticated').verdict).toBe('inconclusive')
    expect(forbid(200, 'error', 'Forbidden').verdict).toBe('pass-with-warning')
    expect(forbid(500, 'error', 'boom').verdict).toBe('inconclusive')
  })
})

describe('what the runtime heard: a refusal by a serverfn-auth layer, or none', () => {
  const outcome = (status: number, reply: 'raw' | 'error' | 'redirect' | 'result', detail: string | null = null) => ({ status, reply, detail })

  test('a session without the role that no layer refused got through, whatever the function answered', () => {
    for (const answer of [outcome(200, 'error', 'order not found'), outcome(200, 'redirect', '/'), outcome(403, 'error', 'not yours'), outcome(200, 'result')]) {
      expect(judgeExpected('forbid', answer, ['admin'], false).verdict, JSON.stringify(answer)).toBe('accepted')
    }
    // Refused by the role's layer: as the status says.
    expect(judgeExpected('forbid', outcome(200, 'error', 'Forbidden'), ['admin'], true).verdict).toBe('pass-with-warning')
    expect(judgeExpected('forbid', outcome(200, 'redirect', '/denied'), ['admin'], true).verdict).toBe('pass')
    // Not known (a build whose runtime reports nothing): the status alone.
    expect(judgeExpected('forbid', outcome(200, 'error', 'Forbidden'), ['admin'], null).verdict).toBe('pass-with-warning')
  })

  test('an anonymous call no layer refused reached the function: its error or redirect is no refusal', () => {
    expect(judgeExpected('refuse', outcome(200, 'error', 'boom'), [], false).verdict).toBe('accepted')
    expect(judgeExpected('refuse', outcome(200, 'redirect', '/login'), [], false).verdict).toBe('accepted')
    expect(judgeExpected('refuse', outcome(200, 'error', 'Unauthenticated'), [], true).verdict).toBe('pass-with-warning')
    expect(judgeExpected('refuse', outcome(401, 'error', 'Unauthenticated'), [], false).verdict).toBe('pass')
  })

  test("a call that must be answered, refused by the function itself and by no layer, passes with a warning", () => {
    expect(judgeExpected('answer', outcome(200, 'redirect', '/'), ['admin'], false)).toEqual({ verdict: 'pass-with-warning', detail: 'no serverfn-auth layer refused it; the function itself answered with a redirect to /' })
    expect(judgeExpected('answer', outcome(200, 'redirect', '/'), ['admin'], true).verdict).toBe('rejected')
    expect(judgeExpected('answer', outcome(403, 'error', 'Forbidden'), ['admin'], null).verdict).toBe('rejected')
  })
})
