import { parse } from '@babel/parser'
import * as startClientCore from '@tanstack/start-client-core'
import { runWithStartContext } from '@tanstack/start-storage-context'
import { describe, expect, test } from 'vitest'
import { MARK_KEY, REFUSAL_LISTENER, runtimeModuleSource } from '../../src/vite/runtime-module.ts'
import { ModuleLoader, type Namespace } from '../support/module-loader.ts'

/**
 * The runtime module the plugin serves, evaluated with TanStack's real createServerFn and
 * middleware: what the session middleware (and its mark), the check and the seals do on their own.
 */

const SESSION = '/app/src/server/session.ts'
const sessionSource = (extra = '') => `import { createMiddleware } from '@tanstack/react-start'
${extra}
export const requireSession = createMiddleware({ type: 'function' })${extra ? '.middleware([dependency])' : ''}.server(({ next, context }) => {
  if (!context.cookie) throw new Error('Unauthenticated')
  return next({ context: { user: 'ada' } })
})
`

function load(session: string | null, statuses: number[]) {
  const modules: Record<string, string> = {
    'serverfn-auth/runtime': runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: SESSION, sessionExport: 'requireSession', environment: 'server' }),
  }
  if (session !== null) modules[SESSION] = session
  const externals: Record<string, Namespace> = {
    '@tanstack/react-start': startClientCore as unknown as Namespace,
    '@tanstack/react-start/server': { setResponseStatus: (status: number) => statuses.push(status) },
  }
  const loader = new ModuleLoader({
    source: (id) => modules[id] ?? null,
    resolve: (specifier) => specifier,
    external: (id) => externals[id] ?? (id === SESSION && session === null ? undefined : undefined),
  })
  return loader.load('serverfn-auth/runtime')
}

/** The runtime and the session module it loads, both as the app would see them. */
async function loadWithSession(session: string) {
  const modules: Record<string, string> = {
    'serverfn-auth/runtime': runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: SESSION, sessionExport: 'requireSession', environment: 'server' }),
    [SESSION]: session,
  }
  const loader = new ModuleLoader({
    source: (id) => modules[id] ?? null,
    resolve: (specifier) => specifier,
    external: (id) => (id === '@tanstack/react-start' ? (startClientCore as unknown as Namespace) : id === '@tanstack/react-start/server' ? { setResponseStatus: () => {} } : undefined),
  })
  const runtime = await loader.load('serverfn-auth/runtime')
  return { runtime, session: await loader.load(SESSION) }
}

/** An endpoint with the given middleware, called as TanStack's server handler calls it. */
async function call(middleware: unknown[], context: Record<string, unknown>) {
  const endpoint = (startClientCore.createServerFn() as any).middleware(middleware).handler({ serverFnMeta: { id: 'x', name: 'f', filename: 'f.ts' } }, () => 'secret')
  const store = { request: new Request('http://localhost/'), startOptions: {}, contextAfterGlobalMiddlewares: {}, executedRequestMiddlewares: new Set(), handlerType: 'serverFn' }
  const reply = await runWithStartContext(store as never, () => endpoint.__executeServer({ data: undefined, method: 'POST', context }))
  return 'error' in reply ? { error: (reply.error as Error).message } : { result: reply.result }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('serverfn-auth/runtime', () => {
  test('the session middleware lets a session through and marks it, and the check lets it on', async () => {
    const runtime = await load(sessionSource(), [])
    await settle()
    const chain = [runtime.session, runtime.check]
    expect(await call(chain, { cookie: 'valid' })).toEqual({ result: 'secret' })
    expect(await call(chain, {})).toEqual({ error: 'Unauthenticated' })
  })

  test('without the session middleware the check answers 401, and a forged mark does not pass', async () => {
    const statuses: number[] = []
    const runtime = await load(sessionSource(), statuses)
    await settle()
    const refused = 'Unauthenticated: the session middleware did not let this call through'
    expect(await call([runtime.check], { cookie: 'valid' })).toEqual({ error: refused })
    expect(await call([runtime.check], { [MARK_KEY]: {} })).toEqual({ error: refused })
    // Only the session middleware's own next() marks: another middleware that lets everything
    // through does not.
    const open = startClientCore.createMiddleware({ type: 'function' }).server(({ next }: any) => next({ context: { user: 'anyone' } }))
    expect(await call([open, runtime.check], {})).toEqual({ error: refused })
    expect(statuses).toEqual([401, 401, 401])
  })

  test("refusals are told to the probe's listener, with the function; what fails after the session let a call through is not one", async () => {
    const runtime = await load(sessionSource(), [])
    await settle()
    const events: Array<{ fn: unknown; error: string }> = []
    const key = Symbol.for(REFUSAL_LISTENER)
    const globals = globalThis as Record<symbol, unknown>
    globals[key] = (event: { fn: unknown; error: Error }) => events.push({ fn: event.fn, error: event.error.message })
    try {
      expect(await call([runtime.session, runtime.check], {})).toEqual({ error: 'Unauthenticated' })
      expect(await call([runtime.check], { cookie: 'valid' })).toMatchObject({ error: expect.stringContaining('did not let this call through') })
      const failing = startClientCore.createMiddleware({ type: 'function' }).server(() => {
        throw new Error('the handler side failed')
      })
      expect(await call([runtime.session, failing, runtime.check], { cookie: 'valid' })).toEqual({ error: 'the handler side failed' })
      expect(await call([runtime.session, runtime.check], { cookie: 'valid' })).toEqual({ result: 'secret' })
      const fn = { id: 'x', name: 'f', filename: 'f.ts' }
      expect(events).toEqual([
        { fn, error: 'Unauthenticated' },
        { fn, error: 'Unauthenticated: the session middleware did not let this call through' },
      ])
      // The session middleware's own middleware refuses before its server part runs: heard too.
      events.length = 0
      const composed = await load(
        `import { createMiddleware } from '@tanstack/react-start'
const auth = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  if (!context.cookie) throw new Error('no session (from auth)')
  return next()
})
export const requireSession = createMiddleware({ type: 'function' }).middleware([auth]).server(({ next }) => next({ context: { user: 'ada' } }))
`,
        [],
      )
      await settle()
      expect(await call([composed.session, composed.check], {})).toEqual({ error: 'no session (from auth)' })
      expect(await call([composed.session, composed.check], { cookie: 'valid' })).toEqual({ result: 'secret' })
      expect(await call([composed.session, failing, composed.check], { cookie: 'valid' })).toEqual({ error: 'the handler side failed' })
      expect(events).toEqual([{ fn, error: 'no session (from auth)' }])
      // A listener that throws changes nothing.
      globals[key] = () => {
        throw new Error('listener')
      }
      expect(await call([runtime.session, runtime.check], {})).toEqual({ error: 'Unauthenticated' })
    } finally {
      delete globals[key]
    }
  })

  test('a request that comes before the session module loaded waits for it', async () => {
    const runtime = await load(sessionSource(), [])
    // No settling: the session module's import() has not resolved yet.
    expect(await call([runtime.session, runtime.check], { cookie: 'valid' })).toEqual({ result: 'secret' })
  })

  test('that early request is refused (503) when the session middleware has middleware of its own', async () => {
    const statuses: number[] = []
    const runtime = await load(sessionSource("const dependency = createMiddleware({ type: 'function' }).server(({ next }) => next())"), statuses)
    expect(await call([runtime.session, runtime.check], { cookie: 'valid' })).toEqual({ error: 'serverfn-auth: the session middleware was still loading; retry' })
    expect(statuses).toEqual([503])
    await settle()
    expect(await call([runtime.session, runtime.check], { cookie: 'valid' })).toEqual({ result: 'secret' })
  })

  test('a session module without the export fails closed with 500', async () => {
    const statuses: number[] = []
    const runtime = await load('export const other = 1', statuses)
    await settle()
    await expect(call([runtime.session, runtime.check], { cookie: 'valid' })).rejects.toThrow(/does not export a middleware with a server part as requireSession/)
    expect(statuses).toEqual([500])
  })

  test('the seal freezes a builder, its options and its middleware list, and an endpoint', async () => {
    const runtime = await load(sessionSource(), [])
    const seal = runtime.seal as (value: unknown) => unknown
    const builder = (startClientCore.createServerFn() as any).middleware([runtime.session])
    expect(seal(builder)).toBe(builder)
    expect(Object.isFrozen(builder) && Object.isFrozen(builder.options) && Object.isFrozen(builder.options.middleware)).toBe(true)
    expect(() => {
      'use strict'
      builder.options.middleware.length = 0
    }).toThrow(TypeError)
    // A sealed builder still derives new builders and endpoints.
    expect(typeof builder.middleware([]).handler).toBe('function')
    const endpoint = builder.handler({}, () => 1)
    seal(endpoint)
    expect(Object.isFrozen(endpoint)).toBe(true)
    expect(seal(null)).toBeNull()
    expect(seal(1)).toBe(1)
  })

  test('once loaded, the session middleware cannot be rewritten', async () => {
    const statuses: number[] = []
    const runtime = await load(sessionSource(), statuses)
    await settle()
    expect(await call([runtime.session, runtime.check], {})).toEqual({ error: 'Unauthenticated' })
    const options = (runtime.session as { options: Record<string, unknown> }).options
    expect(Object.isFrozen(options)).toBe(true)
    expect(() => {
      'use strict'
      options.server = () => 'open'
    }).toThrow(TypeError)
  })

  test('sealMiddleware freezes a middleware with what it lists, to the bottom, but not its validator', async () => {
    const runtime = await load(sessionSource(), [])
    const sealMiddleware = runtime.sealMiddleware as (value: unknown) => unknown
    const create = () => startClientCore.createMiddleware({ type: 'function' }) as any
    const inner = create().server(({ next }: any) => next())
    const outer = create().middleware([inner]).server(({ next }: any) => next())
    const validator = { parse: (x: unknown) => x }
    const session = create().middleware([outer, inner]).validator(validator).server(({ next }: any) => next())
    expect(sealMiddleware(session)).toBe(session)
    for (const middleware of [session, outer, inner]) {
      expect(Object.isFrozen(middleware) && Object.isFrozen(middleware.options), 'middleware and options').toBe(true)
    }
    expect(Object.isFrozen(session.options.middleware) && Object.isFrozen(outer.options.middleware)).toBe(true)
    // TanStack's middleware methods write into the middleware: on a sealed one they throw.
    expect(() => inner.server(() => 'open')).toThrow(TypeError)
    expect(Object.isFrozen(validator)).toBe(false)
    expect(sealMiddleware(null)).toBeNull()
  })

  test('once loaded, the session middleware and what it lists are frozen too', async () => {
    const modules = await loadWithSession(sessionSource("export const dependency = createMiddleware({ type: 'function' }).server(({ next }) => next())"))
    await settle()
    expect(await call([modules.runtime.session, modules.runtime.check], { cookie: 'valid' })).toEqual({ result: 'secret' })
    const real = modules.session.requireSession as { options: { middleware: Array<{ options: object }> } }
    expect(Object.isFrozen(real.options) && Object.isFrozen(real.options.middleware) && Object.isFrozen(real.options.middleware[0]!.options)).toBe(true)
  })

  test('the check cannot be rewritten', async () => {
    const runtime = await load(sessionSource(), [])
    const check = runtime.check as { options: Record<string, unknown>; server: (fn: unknown) => unknown }
    expect(Object.isFrozen(check) && Object.isFrozen(check.options)).toBe(true)
    expect(() => check.server(() => 'open')).toThrow(TypeError)
  })

  test('the client variant has no server part', async () => {
    const source = runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: '', sessionExport: '', environment: 'client' })
    expect(source).not.toContain('import(')
    expect(source).not.toContain('setResponseStatus')
    // It must be a valid module with the server variant's exports (Babel refuses a duplicate export).
    const exportsOf = (code: string) =>
      parse(code, { sourceType: 'module' })
        .program.body.flatMap((node) =>
          node.type === 'ExportNamedDeclaration' && node.declaration
            ? node.declaration.type === 'FunctionDeclaration'
              ? [node.declaration.id!.name]
              : node.declaration.type === 'VariableDeclaration'
                ? node.declaration.declarations.map((d) => (d.id as { name: string }).name)
                : []
            : [],
        )
        .sort()
    const server = runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: '/s.ts', sessionExport: 's', routeSessionModule: '/r.ts', routeSessionExport: 'r', environment: 'server' })
    expect(exportsOf(source)).toEqual(exportsOf(server))
    expect(exportsOf(source)).toEqual(['check', 'checkOptional', 'checkRole', 'guard', 'guardOptional', 'optional', 'protectRouter', 'protectTree', 'role', 'route', 'seal', 'sealMiddleware', 'session'])
  })
})
