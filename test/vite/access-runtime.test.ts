import * as startClientCore from '@tanstack/start-client-core'
import { runWithStartContext } from '@tanstack/start-storage-context'
import { describe, expect, test } from 'vitest'
import { OPTIONAL_MARK_KEY, ROLE_MARK_PREFIX, runtimeModuleSource, type RuntimeModuleOptions } from '../../src/vite/runtime-module.ts'
import { ModuleLoader, type Namespace } from '../support/module-loader.ts'

/**
 * Roles and the optional session in the runtime module the plugin serves, evaluated with
 * TanStack's real createServerFn and middleware: each role's middleware and the optional-session
 * middleware mark the calls they let through, and the checks and the guard refuse a call without
 * the marks, whatever the chain did.
 */

const SESSION = '/app/src/server/session.ts'
const ROLES = '/app/src/server/roles.ts'
const START = `import { createMiddleware } from '@tanstack/react-start'\nimport { setResponseStatus } from '@tanstack/react-start/server'\n`
const MODULES: Record<string, string> = {
  [SESSION]: `${START}
export const requireSession = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  if (!context.cookie) { setResponseStatus(401); throw new Error('Unauthenticated') }
  return next({ context: { user: { name: context.cookie, roles: context.cookie === 'ada' ? ['admin'] : [] } } })
})
// Reads the session without refusing: the user, or null.
export const readSession = createMiddleware({ type: 'function' }).server(({ next, context }) =>
  next({ context: { user: context.cookie ? { name: context.cookie } : null } }),
)
`,
  [ROLES]: `${START}
export const requireAdmin = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  if (!context.user || !context.user.roles.includes('admin')) { setResponseStatus(403); throw new Error('Forbidden: admin only') }
  return next()
})
export const requireBilling = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  if (!context.user || !context.user.roles.includes('billing')) { setResponseStatus(403); throw new Error('Forbidden: billing only') }
  return next()
})
`,
}

const CONFIGURED: Partial<RuntimeModuleOptions> = {
  roles: [
    { name: 'admin', module: ROLES, exportName: 'requireAdmin' },
    { name: 'billing', module: ROLES, exportName: 'requireBilling' },
  ],
  optional: { module: SESSION, exportName: 'readSession' },
}

async function load(statuses: number[], options: Partial<RuntimeModuleOptions> = CONFIGURED) {
  const modules: Record<string, string> = {
    ...MODULES,
    'serverfn-auth/runtime': runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: SESSION, sessionExport: 'requireSession', environment: 'server', ...options }),
  }
  const loader = new ModuleLoader({
    source: (id) => modules[id] ?? null,
    resolve: (specifier) => specifier,
    external: (id) =>
      id === '@tanstack/react-start' ? (startClientCore as unknown as Namespace) : id === '@tanstack/react-start/server' ? { setResponseStatus: (status: number) => statuses.push(status) } : undefined,
  })
  const runtime = await loader.load('serverfn-auth/runtime')
  await new Promise((resolve) => setTimeout(resolve, 0))
  return runtime as Record<string, any>
}

/** An endpoint with the given middleware and handler, called as TanStack's server handler calls it. */
async function call(middleware: unknown[], handler: (call: any) => unknown, context: Record<string, unknown>) {
  const endpoint = (startClientCore.createServerFn() as any).middleware(middleware).handler({ serverFnMeta: { id: 'x', name: 'f', filename: 'f.ts' } }, handler)
  const store = { request: new Request('http://localhost/'), startOptions: {}, contextAfterGlobalMiddlewares: {}, executedRequestMiddlewares: new Set(), handlerType: 'serverFn' }
  const reply = await runWithStartContext(store as never, () => endpoint.__executeServer({ data: undefined, method: 'POST', context }))
  return 'error' in reply ? { error: (reply.error as Error).message } : { result: reply.result }
}

const secret = () => 'secret'

describe('roles at run time', () => {
  test('an admin endpoint as the transform writes it: 401 anonymous, 403 for a member, the answer for an admin', async () => {
    const statuses: number[] = []
    const R = await load(statuses)
    const chain = [R.session, R.role('admin'), R.check, R.checkRole('admin')]
    const handler = R.guard(secret, 'admin')
    expect(await call(chain, handler, {})).toEqual({ error: 'Unauthenticated' })
    expect(await call(chain, handler, { cookie: 'bob' })).toEqual({ error: 'Forbidden: admin only' })
    expect(await call(chain, handler, { cookie: 'ada' })).toEqual({ result: 'secret' })
    expect(statuses).toEqual([401, 403])
  })

  test('every role listed is required', async () => {
    const R = await load([])
    const chain = [R.session, R.role('admin'), R.role('billing'), R.check, R.checkRole('admin'), R.checkRole('billing')]
    expect(await call(chain, R.guard(secret, 'admin', 'billing'), { cookie: 'ada' })).toEqual({ error: 'Forbidden: billing only' })
  })

  test('one middleware per role name (TanStack deduplicates by identity); an unknown name throws', async () => {
    const R = await load([])
    expect(R.role('admin')).toBe(R.role('admin'))
    expect(R.checkRole('admin')).toBe(R.checkRole('admin'))
    expect(R.role('admin')).not.toBe(R.role('billing'))
    // A role check that passes when no role is given is a classic: here no name is no role.
    for (const name of ['auditor', '__proto__', 'constructor', 'toString', undefined, '', ['admin']] as any[]) {
      expect(() => R.role(name), String(name)).toThrow(/is not configured in the roles option/)
      expect(() => R.checkRole(name), String(name)).toThrow(/is not configured/)
      expect(() => R.guard(secret, name), String(name)).toThrow(/is not configured/)
    }
  })

  test("without the role's middleware in the chain, its check answers 403 and so does the guard", async () => {
    const statuses: number[] = []
    const R = await load(statuses)
    expect(await call([R.session, R.check, R.checkRole('admin')], secret, { cookie: 'ada' })).toEqual({
      error: 'Forbidden: the middleware of the role "admin" did not let this call through',
    })
    expect(await call([R.session, R.check], R.guard(secret, 'admin'), { cookie: 'ada' })).toEqual({
      error: 'Forbidden: the middleware of the role "admin" did not let this call through',
    })
    // The session's mark is checked first.
    expect(await call([R.role('admin'), R.checkRole('admin')], R.guard(secret, 'admin'), { cookie: 'ada', user: { roles: ['admin'] } })).toEqual({
      error: 'Unauthenticated: the session middleware did not let this call through',
    })
    expect(statuses).toEqual([403, 403, 401])
  })

  test("a forged role mark (the client sends any context) and another role's mark do not pass", async () => {
    const R = await load([])
    const forged = { [`${ROLE_MARK_PREFIX}admin`]: Object.freeze(Object.create(null)) }
    expect(await call([R.session, R.checkRole('admin')], secret, { cookie: 'ada', ...forged })).toMatchObject({ error: expect.stringMatching(/role "admin"/) })
    // ada holds admin, not billing: billing's check is not satisfied by admin's mark.
    expect(await call([R.session, R.role('admin'), R.checkRole('billing')], secret, { cookie: 'ada' })).toMatchObject({ error: expect.stringMatching(/role "billing"/) })
  })

  test("a role's middleware is frozen once loaded: nothing can change what it does", async () => {
    const R = await load([])
    const options = R.role('admin').options
    expect(Object.isFrozen(options)).toBe(true)
    expect(Object.isFrozen(options.middleware)).toBe(true)
  })
})

describe('the optional session at run time', () => {
  const whoAmI = ({ context }: any) => context.user

  test('answers anonymous callers with no user, and a session with its user', async () => {
    const R = await load([])
    const chain = [R.optional, R.checkOptional]
    expect(await call(chain, R.guardOptional(whoAmI), {})).toEqual({ result: null })
    expect(await call(chain, R.guardOptional(whoAmI), { cookie: 'ada' })).toEqual({ result: { name: 'ada' } })
  })

  test('a call the optional-session middleware did not see never reaches the handler (a forged user stays out)', async () => {
    const statuses: number[] = []
    const R = await load(statuses)
    const forged = { user: { name: 'mallory', roles: ['admin'] } }
    const refusal = { error: 'serverfn-auth: the optional-session middleware did not run for this call' }
    expect(await call([R.checkOptional], whoAmI, forged)).toEqual(refusal)
    expect(await call([], R.guardOptional(whoAmI), forged)).toEqual(refusal)
    expect(await call([R.checkOptional], whoAmI, { ...forged, [OPTIONAL_MARK_KEY]: {} })).toEqual(refusal)
    expect(statuses).toEqual([401, 401, 401])
  })

  test('without the optional option, the optional middleware refuses every call (the build fails before, SFA212)', async () => {
    const statuses: number[] = []
    const R = await load(statuses, {})
    expect(await call([R.optional, R.checkOptional], whoAmI, {})).toEqual({ error: 'serverfn-auth: @auth optional needs the optional option of serverFnAuth()' })
    expect(statuses).toEqual([500])
    expect(() => R.role('admin')).toThrow(/is not configured/)
  })
})
