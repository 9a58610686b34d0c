import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { buildFunctionId, callServerFn, errorMessage, type FetchHandler } from './support/server-fn-client.ts'

/**
 * Roles and the optional session in an app laid out the way real ones are: the middleware modules
 * also export the builders made of them, builders are finished in other modules, and a session
 * carries its roles. Built with Vite and called over HTTP, anonymously, as a member, as an admin
 * and as a billing clerk, each also with a forged context.
 */

const session = `import { createMiddleware, createServerFn } from '@tanstack/react-start'
import { getCookie, setResponseStatus } from '@tanstack/react-start/server'

const USERS: Record<string, { id: string; roles: string[] }> = {
  member: { id: 'u-member', roles: [] },
  admin: { id: 'u-admin', roles: ['admin'] },
  clerk: { id: 'u-clerk', roles: ['billing'] },
  both: { id: 'u-both', roles: ['admin', 'billing'] },
}

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  const user = USERS[getCookie('session') ?? '']
  if (!user) {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user } })
})

export const readSession = createMiddleware({ type: 'function' }).server(({ next }) =>
  next({ context: { user: USERS[getCookie('session') ?? ''] ?? null } }),
)

// The session module also exports builders made here, as many apps do.
export const authed = createServerFn()

// @auth optional: pages greet a signed-in visitor
export const greeting = createServerFn()
`

const roles = `import { createMiddleware, createServerFn } from '@tanstack/react-start'
import { setResponseStatus } from '@tanstack/react-start/server'

function requireRole(role: string) {
  return ({ next, context }: any) => {
    if (!context.user?.roles.includes(role)) {
      setResponseStatus(403)
      throw new Error('Forbidden: ' + role)
    }
    return next()
  }
}
export const requireAdmin = createMiddleware({ type: 'function' }).server(requireRole('admin'))
export const requireBilling = createMiddleware({ type: 'function' }).server(requireRole('billing'))
// A broken role middleware, for the probe to catch: it lets every session through.
export const requireSupport = createMiddleware({ type: 'function' }).server(({ next }) => next())

// The roles module also exports the role builders.
// @auth role: admin
export const adminFn = createServerFn()
`

const fns = `import { createServerFn } from '@tanstack/react-start'
import { authed, greeting } from './session'
import { adminFn } from './roles'
import * as Roles from './roles'

export const listUsers = adminFn.handler(() => 'users')

export const stats = Roles.adminFn({ method: 'POST' }).handler(() => 'stats')

// @auth role: billing
export const refund = adminFn({ method: 'POST' }).handler(() => 'refunded')

// @auth role: billing
export const invoices = createServerFn().handler(() => 'invoices')

// @auth role: admin, billing
export const audit = authed.handler(() => 'audit')

export const profile = authed.handler(({ context }: any) => context.user.id)

export const hello = greeting.handler(({ context }: any) => (context.user ? 'hello ' + context.user.id : 'hello visitor'))

// @auth optional: who is signed in
export const whoAmI = createServerFn().handler(({ context }: any) => context.user?.id ?? null)
`

// Functions whose own answers look like refusals: the probe must tell them from the role's.
const probed = `import { createServerFn } from '@tanstack/react-start'
import { redirect } from '@tanstack/react-router'

// @auth role: support
export const supportTicket = createServerFn({ method: 'POST' }).handler(async () => {
  throw new Error('ticket not found')
})

// @auth role: support
export const supportRedirect = createServerFn({ method: 'POST' }).handler(async () => {
  throw redirect({ to: '/' })
})

// @auth role: admin
export const adminRedirect = createServerFn({ method: 'POST' }).handler(async () => {
  throw redirect({ to: '/' })
})
`

// A builder that adds a role, in a module whose only mark is the directive: it is transformed all
// the same, so the role runs wherever the builder's middleware does (also as a middleware item).
const billingBuilders = `import { adminFn } from './roles'

// @auth role: billing
export const billingFn = adminFn.middleware([])
`

const items = `import { createMiddleware, createServerFn } from '@tanstack/react-start'
import { billingFn } from './billing-builders'

export const direct = billingFn.handler(() => 'direct')
export const asItem = createServerFn({ method: 'POST' }).middleware([billingFn]).handler(() => 'as item')
const viaMiddleware = createMiddleware({ type: 'function' }).middleware([billingFn])
export const asMiddlewareItem = createServerFn({ method: 'POST' }).middleware([viaMiddleware]).handler(() => 'through a middleware')
`

// An import cycle real apps write: the builders' module reads a value from the module that
// finishes them. The build must end, with the roles right.
const cycleFns = `import { cycleAdmin } from './cycle-builders'
export const limits = { admin: 10 }
export const cycled = cycleAdmin.handler(() => 'cycled')
`
const cycleBuilders = `import { createServerFn } from '@tanstack/react-start'
import { limits } from './cycle-fns'
export const adminLimit = () => limits.admin
// @auth role: admin
export const cycleAdmin = createServerFn()
`

let fetch: FetchHandler
let root: string
const id = (file: string, name: string) => buildFunctionId(`src/server/${file}`, name)

beforeAll(async () => {
  root = writeFixtureApp({
    name: 'roles',
    serverModules: { 'session.ts': session, 'roles.ts': roles, 'fns.ts': fns, 'billing-builders.ts': billingBuilders, 'items.ts': items, 'cycle-fns.ts': cycleFns, 'cycle-builders.ts': cycleBuilders, 'probed.ts': probed },
    pluginOptions: `{
      middleware: { from: '/src/server/session.ts', export: 'requireSession' },
      roles: { admin: { from: '/src/server/roles.ts', export: 'requireAdmin' }, billing: { from: '/src/server/roles.ts', export: 'requireBilling' }, support: { from: '/src/server/roles.ts', export: 'requireSupport' } },
      optional: { from: '/src/server/session.ts', export: 'readSession' },
    }`,
  })
  await buildApp(root)
  const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
  fetch = (request) => server.default.fetch(request)
}, 120_000)

const forged = { user: { id: 'u-forged', roles: ['admin', 'billing'] } }

describe('roles and the optional session, built and called over HTTP', () => {
  test('the inventory says what each endpoint requires', () => {
    const access = Object.fromEntries(readInventory(root).endpoints.map((e) => [e.name, e.access === 'protected' ? e.roles.join('+') || 'session' : e.access]))
    expect(access).toEqual({
      listUsers: 'admin',
      stats: 'admin',
      refund: 'admin+billing',
      invoices: 'billing',
      audit: 'admin+billing',
      profile: 'session',
      hello: 'optional',
      whoAmI: 'optional',
      direct: 'admin+billing',
      asItem: 'admin+billing',
      // Through a middleware that lists the builder, the roles run (below) but the report cannot say so.
      asMiddlewareItem: 'session',
      cycled: 'admin',
      supportTicket: 'support',
      supportRedirect: 'support',
      adminRedirect: 'admin',
    })
  })

  test.each([
    ['items.ts', 'direct', 'GET', ['both']],
    ['items.ts', 'asItem', 'POST', ['both']],
    ['items.ts', 'asMiddlewareItem', 'POST', ['both']],
    ['cycle-fns.ts', 'cycled', 'GET', ['admin', 'both']],
    ['fns.ts', 'listUsers', 'GET', ['admin', 'both']],
    ['fns.ts', 'stats', 'POST', ['admin', 'both']],
    ['fns.ts', 'refund', 'POST', ['both']],
    ['fns.ts', 'invoices', 'GET', ['clerk', 'both']],
    ['fns.ts', 'audit', 'GET', ['both']],
    ['fns.ts', 'profile', 'GET', ['member', 'admin', 'clerk', 'both']],
  ] as const)('%s %s: 401 anonymously, 403 for a session without its roles, 200 with them; a forged context changes nothing', async (module, name, method, allowed) => {
    const fn = id(module, name)
    const anonymous = await callServerFn(fetch, fn, { method, context: forged })
    expect([anonymous.status, errorMessage(anonymous)]).toEqual([401, 'Unauthenticated'])
    for (const who of ['member', 'admin', 'clerk', 'both']) {
      const reply = await callServerFn(fetch, fn, { method, cookie: `session=${who}`, context: forged })
      if ((allowed as readonly string[]).includes(who)) expect([who, reply.status, errorMessage(reply)]).toEqual([who, 200, undefined])
      else expect([who, reply.status, errorMessage(reply)]).toEqual([who, 403, expect.stringMatching(/^Forbidden: /)])
    }
  })

  test('optional endpoints answer anyone, with the session read, never the client-sent user', async () => {
    for (const [name, anonymous, signedIn] of [['hello', 'hello visitor', 'hello u-clerk'], ['whoAmI', null, 'u-clerk']] as const) {
      expect(await callServerFn(fetch, id('fns.ts', name), { method: 'GET', context: forged })).toMatchObject({ status: 200, body: { result: anonymous } })
      expect(await callServerFn(fetch, id('fns.ts', name), { method: 'GET', cookie: 'session=clerk', context: forged })).toMatchObject({ status: 200, body: { result: signedIn } })
    }
  })

  test("the probe's role matrix tells the function's own answers from the role middleware's refusals", async () => {
    const cli = join(import.meta.dirname, '../../dist/cli.js')
    const args = [cli, 'probe', join(root, 'dist'), '--json', '--cookie-for', 'admin=session=admin', '--cookie-for', 'member=session=member', '--only', 'supportTicket,supportRedirect,adminRedirect,listUsers']
    const result = await promisify(execFile)(process.execPath, args).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    )
    const report = JSON.parse(result.stdout) as { ok: boolean; rows: Array<{ name: string; session: string | null; verdict: string; detail: string }> }
    const verdicts = Object.fromEntries(report.rows.map((row) => [`${row.name} ${row.session ?? 'anonymous'}`, row.verdict]))
    expect(verdicts).toEqual({
      'listUsers anonymous': 'pass',
      'supportTicket anonymous': 'pass',
      'supportRedirect anonymous': 'pass',
      'adminRedirect anonymous': 'pass',
      'listUsers member': 'pass',
      'adminRedirect member': 'pass',
      // The broken role let the member in: the function's error and redirect are not refusals.
      'supportTicket admin': 'accepted',
      'supportTicket member': 'accepted',
      'supportRedirect admin': 'accepted',
      'supportRedirect member': 'accepted',
      'listUsers admin': 'pass',
      // The admin got through the role; the function redirected on its own.
      'adminRedirect admin': 'pass-with-warning',
    })
    expect([report.ok, result.code]).toEqual([false, 1])
  }, 60_000)
})
