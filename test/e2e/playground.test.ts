import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from './support/fixture-app.ts'
import { builtManifest, readInventory } from './support/manifest.ts'
import { buildFunctionId, callServerFn, cookieFrom, errorMessage, type FetchHandler } from './support/server-fn-client.ts'

/**
 * Builds the playground with Vite, imports its production server and calls every endpoint
 * directly, as `curl` would: no page, no route guard in between.
 */

const playground = join(import.meta.dirname, '../../playground')
let fetch: FetchHandler

const id = (file: string, name: string) => buildFunctionId(`src/server/${file}`, name)
const endpoints = {
  login: id('auth.ts', 'login'),
  logout: id('auth.ts', 'logout'),
  health: id('auth.ts', 'health'),
  getSessionUser: id('auth.ts', 'getSessionUser'),
  getProfile: id('profile.ts', 'getProfile'),
  updateProfile: id('profile.ts', 'updateProfile'),
  deleteAccount: id('profile.ts', 'deleteAccount'),
  getOrders: id('profile.ts', 'getOrders'),
  listAllUsers: id('admin.ts', 'listAllUsers'),
  getStats: id('admin.ts', 'getStats'),
}

const protectedEndpoints = [
  ['logout', 'POST'],
  ['getProfile', 'GET'],
  ['updateProfile', 'POST'],
  ['deleteAccount', 'POST'],
  ['getOrders', 'GET'],
  ['listAllUsers', 'GET'],
  ['getStats', 'POST'],
] as const

async function signIn(email: string, password: string): Promise<string> {
  const reply = await callServerFn(fetch, endpoints.login, { data: { email, password } })
  expect(reply.status).toBe(200)
  return cookieFrom(reply.setCookie)
}

beforeAll(async () => {
  await buildApp(playground)
  const server = await import(pathToFileURL(join(playground, 'dist/server/server.js')).href)
  fetch = (request) => server.default.fetch(request)
}, 120_000)

describe('the built playground, called directly over HTTP', () => {
  test.each(protectedEndpoints)('%s rejects an anonymous call with 401', async (name, method) => {
    const reply = await callServerFn(fetch, endpoints[name], { method, data: method === 'POST' ? { name: 'Mallory' } : undefined })
    expect(reply.status).toBe(401)
    expect(errorMessage(reply)).toBe('Unauthenticated')
  })

  test('public and optional endpoints answer anonymously', async () => {
    expect(await callServerFn(fetch, endpoints.health, { method: 'GET' })).toMatchObject({ status: 200, body: { result: { status: 'ok' } } })
    expect(await callServerFn(fetch, endpoints.getSessionUser, { method: 'GET' })).toMatchObject({ status: 200, body: { result: null } })
    const wrongPassword = await callServerFn(fetch, endpoints.login, { data: { email: 'ada@example.com', password: 'nope' } })
    expect([wrongPassword.status, errorMessage(wrongPassword)]).toEqual([401, 'Wrong email or password'])
  })

  test('server routes: the protected API route answers 401 anonymously and 200 with the session; the public one answers anyone', async () => {
    const anonymous = await fetch(new Request('http://localhost/api/me'))
    expect([anonymous.status, await anonymous.text()]).toEqual([401, 'Unauthorized'])
    // HEAD falls back to GET in TanStack: protected the same.
    expect((await fetch(new Request('http://localhost/api/me', { method: 'HEAD' }))).status).toBe(401)
    const cookie = await signIn('ada@example.com', 'ada-password')
    const signedIn = await fetch(new Request('http://localhost/api/me', { headers: { cookie } }))
    expect([signedIn.status, await signedIn.json()]).toEqual([200, { email: 'ada@example.com' }])
    const health = await fetch(new Request('http://localhost/api/health'))
    expect([health.status, await health.json()]).toEqual([200, { ok: true }])
    expect(readInventory(playground).serverRoutes).toEqual([
      { file: 'src/routes/api/health.ts', line: 7, path: '/api/health', method: 'GET', handlers: 'declared', access: 'public', reason: 'health probe for the load balancer' },
      { file: 'src/routes/api/me.ts', line: 7, path: '/api/me', method: 'GET', handlers: 'declared', access: 'protected', reason: null },
    ])
  })

  test('an anonymous deleteAccount deletes nothing', async () => {
    const forged = { user: { id: 'u2', name: 'Bob', role: 'admin', email: 'bob@example.com' } }
    const reply = await callServerFn(fetch, endpoints.deleteAccount, { context: forged })
    expect(reply.status).toBe(401)
    const cookie = await signIn('bob@example.com', 'bob-password')
    const profile = await callServerFn(fetch, endpoints.getProfile, { method: 'GET', cookie })
    expect(profile).toMatchObject({ status: 200, body: { result: { id: 'u2', name: 'Bob' } } })
  })

  test('an anonymous call with an invalid payload gets 401, not a validation error', async () => {
    const reply = await callServerFn(fetch, endpoints.updateProfile, { data: { name: 1 } })
    expect([reply.status, errorMessage(reply)]).toEqual([401, 'Unauthenticated'])
  })

  test('a client-sent context.user does not get through', async () => {
    const admin = { user: { id: 'u1', name: 'Ada', role: 'admin', email: 'ada@example.com' } }
    for (const [name, method] of [['getProfile', 'GET'], ['listAllUsers', 'GET'], ['getStats', 'POST']] as const) {
      const reply = await callServerFn(fetch, endpoints[name], { method, context: admin })
      expect([name, reply.status, errorMessage(reply)]).toEqual([name, 401, 'Unauthenticated'])
    }
  })

  test('with the session cookie from login, protected endpoints succeed', async () => {
    const cookie = await signIn('ada@example.com', 'ada-password')
    expect(await callServerFn(fetch, endpoints.getProfile, { method: 'GET', cookie })).toMatchObject({ status: 200, body: { result: { id: 'u1' } } })
    expect(await callServerFn(fetch, endpoints.getOrders, { method: 'GET', cookie })).toMatchObject({ status: 200, body: { result: [{ id: 'o1' }] } })
    expect(await callServerFn(fetch, endpoints.updateProfile, { data: { name: 'Ada L.' }, cookie })).toMatchObject({ status: 200, body: { result: { name: 'Ada L.' } } })
    const invalid = await callServerFn(fetch, endpoints.updateProfile, { data: { name: 1 }, cookie })
    expect(errorMessage(invalid)).toBe('name must have at least 2 characters')
    expect(await callServerFn(fetch, endpoints.listAllUsers, { method: 'GET', cookie })).toMatchObject({ status: 200 })
    expect(await callServerFn(fetch, endpoints.getStats, { cookie })).toMatchObject({ status: 200, body: { result: { users: 2 } } })
    expect(await callServerFn(fetch, endpoints.getSessionUser, { method: 'GET', cookie })).toMatchObject({ body: { result: { id: 'u1' } } })
  })

  test('@auth role: admin on the shared builder: 401 anonymously, 403 for a member, 200 for an admin', async () => {
    const member = await signIn('bob@example.com', 'bob-password')
    const admin = await signIn('ada@example.com', 'ada-password')
    for (const [name, method] of [['listAllUsers', 'GET'], ['getStats', 'POST']] as const) {
      const anonymous = await callServerFn(fetch, endpoints[name], { method })
      expect([name, anonymous.status, errorMessage(anonymous)]).toEqual([name, 401, 'Unauthenticated'])
      const forbidden = await callServerFn(fetch, endpoints[name], { method, cookie: member })
      expect([name, forbidden.status, errorMessage(forbidden)]).toEqual([name, 403, 'Forbidden'])
      // A member who sends an admin as context is still a member: the session middleware sets the user.
      const forged = await callServerFn(fetch, endpoints[name], { method, cookie: member, context: { user: { id: 'u1', role: 'admin' } } })
      expect([name, forged.status]).toEqual([name, 403])
      expect([name, (await callServerFn(fetch, endpoints[name], { method, cookie: admin })).status]).toEqual([name, 200])
    }
  })

  test('@auth optional: getSessionUser answers anonymously with null and with the session with its user; a client-sent user stays out', async () => {
    expect(await callServerFn(fetch, endpoints.getSessionUser, { method: 'GET' })).toMatchObject({ status: 200, body: { result: null } })
    const forged = await callServerFn(fetch, endpoints.getSessionUser, { method: 'GET', context: { user: { id: 'u1', name: 'Ada', role: 'admin' } } })
    expect(forged).toMatchObject({ status: 200, body: { result: null } })
    const cookie = await signIn('bob@example.com', 'bob-password')
    expect(await callServerFn(fetch, endpoints.getSessionUser, { method: 'GET', cookie })).toMatchObject({ status: 200, body: { result: { id: 'u2', name: 'Bob' } } })
  })

  test("passes the probe's role matrix: admin endpoints answer the admin's session and forbid the member's", async () => {
    const cli = join(import.meta.dirname, '../../dist/cli.js')
    const admin = await signIn('ada@example.com', 'ada-password')
    const member = await signIn('bob@example.com', 'bob-password')
    const result = await promisify(execFile)(process.execPath, [cli, 'probe', join(playground, 'dist'), '--json', '--cookie-for', `admin=${admin}`, '--cookie-for', `member=${member}`, '--skip', 'deleteAccount,logout']).catch(
      (error: { stdout: string }) => error,
    )
    const report = JSON.parse(result.stdout) as { ok: boolean; rows: Array<{ name: string; session: string | null; status: number; verdict: string; detail: string }> }
    expect(report.rows.filter((row) => !row.verdict.startsWith('pass'))).toEqual([])
    expect(report.ok).toBe(true)
    const matrix = report.rows.filter((row) => row.name === 'listAllUsers' || row.name === 'getSessionUser').map((row) => [row.name, row.session ?? 'anonymous', row.status])
    expect(matrix).toEqual([
      ['listAllUsers', 'anonymous', 401],
      ['listAllUsers', 'member', 403],
      ['listAllUsers', 'admin', 200],
      ['getSessionUser', 'admin', 200],
      ['getSessionUser', 'member', 200],
    ])
  })

  test('logout ends the session; deleteAccount with a session deletes the account', async () => {
    const cookie = await signIn('bob@example.com', 'bob-password')
    const out = await callServerFn(fetch, endpoints.logout, { cookie })
    expect(out.status).toBe(200)
    const cleared = cookieFrom(out.setCookie)
    expect((await callServerFn(fetch, endpoints.getProfile, { method: 'GET', cookie: cleared })).status).toBe(401)

    const again = await signIn('bob@example.com', 'bob-password')
    expect(await callServerFn(fetch, endpoints.deleteAccount, { cookie: again })).toMatchObject({ status: 200, body: { result: { deleted: true } } })
    expect((await callServerFn(fetch, endpoints.getProfile, { method: 'GET', cookie: again })).status).toBe(401)
  })

  test('the route guard redirects a visitor; it is user experience only', async () => {
    const page = await fetch(new Request('http://localhost/account'))
    expect([302, 307]).toContain(page.status)
    expect(page.headers.get('location')).toMatch(/\/login$/)
  })

  test('the client bundle does not carry the session middleware', () => {
    const assets = join(playground, 'dist/client/assets')
    const client = readdirSync(assets).map((name) => readFileSync(join(assets, name), 'utf8')).join('\n')
    expect(client).not.toContain('Unauthenticated')
    expect(client).not.toContain('playground_session')
  })

  test('the inventory lists exactly the endpoints of TanStack\'s built manifest, with the same ids', () => {
    const inventory = readInventory(playground)
    expect(inventory.version).toBe(1)
    const listed = inventory.endpoints.map(({ id, name }) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id))
    expect(listed).toEqual(builtManifest(playground))
    expect(Object.fromEntries(inventory.endpoints.map((e) => [e.name, e.id]))).toEqual(endpoints)
    const access = Object.fromEntries(inventory.endpoints.map((e) => [e.name, e.access === 'protected' ? `protected [${e.roles.join(', ')}]` : `${e.access}: ${e.reason}`]))
    expect(access).toMatchObject({
      login: 'public: signing in is how a visitor gets a session',
      health: 'public: health probe for the load balancer',
      getSessionUser: 'optional: the root route asks who is signed in on every page, the sign-in page too',
      getProfile: 'protected []',
      listAllUsers: 'protected [admin]',
      getStats: 'protected [admin]',
    })
    expect(inventory.endpoints.find((e) => e.name === 'listAllUsers')).toMatchObject({ file: 'src/server/admin.ts', method: 'GET', line: 4 })
  })

  test('the playground\'s committed baseline matches its public and optional endpoints and its roles', () => {
    type Entry = { name?: string; route?: string; method?: string; access?: string; roles?: string[] }
    const baseline = JSON.parse(readFileSync(join(playground, 'serverfn-auth.public.json'), 'utf8')) as { version: number; endpoints: Entry[] }
    expect(baseline.version).toBe(2)
    const described = baseline.endpoints.map((entry) => `${entry.name ?? `${entry.method} ${entry.route}`}: ${entry.access ?? entry.roles?.join(', ')}`)
    expect(described.sort()).toEqual(['GET /api/health: public', 'getSessionUser: optional', 'getStats: admin', 'health: public', 'listAllUsers: admin', 'login: public'])
  })

  test('passes `serverfn-auth probe`: every protected endpoint rejects an anonymous call', async () => {
    const cli = join(import.meta.dirname, '../../dist/cli.js')
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'probe', join(playground, 'dist'), '--json'])
    const report = JSON.parse(stdout) as { ok: boolean; rows: Array<{ name: string; status: number; verdict: string }> }
    expect(report.ok).toBe(true)
    expect(report.rows.map((row) => [row.name, row.status, row.verdict]).sort()).toEqual(
      [...protectedEndpoints.map(([name]) => [name, 401, 'pass']), ['/api/me', 401, 'pass']].sort(),
    )
  })

  test("passes the README's full probe: with a session and the public endpoints, reads before the account is deleted", async () => {
    const cli = join(import.meta.dirname, '../../dist/cli.js')
    const cookie = await signIn('ada@example.com', 'ada-password')
    const result = await promisify(execFile)(process.execPath, [cli, 'probe', join(playground, 'dist'), '--json', '--cookie', cookie, '--include-public']).catch(
      (error: { stdout: string }) => error,
    )
    const report = JSON.parse(result.stdout) as { ok: boolean; rows: Array<{ name: string; caller: string; verdict: string; detail: string }> }
    expect(report.rows.filter((row) => !row.verdict.startsWith('pass'))).toEqual([])
    expect(report.ok).toBe(true)
    const authenticated = report.rows.filter((row) => row.caller === 'authenticated').map((row) => row.name)
    expect(authenticated.indexOf('deleteAccount')).toBe(authenticated.length - 1)
    // The server routes are called too: the protected one with the session, the public one anonymously.
    expect(report.rows.filter((row) => row.name.startsWith('/api/')).map((row) => [row.name, row.caller, row.verdict])).toEqual([
      ['/api/me', 'anonymous', 'pass'],
      ['/api/health', 'anonymous', 'pass'],
      ['/api/me', 'authenticated', 'pass'],
    ])
  })
})

