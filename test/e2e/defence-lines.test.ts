import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp, type FixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { callServerFn, errorMessage, type FetchHandler } from './support/server-fn-client.ts'

/**
 * The lines behind the static analysis, each proved on its own on real builds. A test-only
 * switch (`SERVERFN_AUTH_DANGEROUSLY_IGNORE`) tells the build to count, not report, the static rule
 * that would have stopped a shape; what remains must still hold:
 * - line 3, the check before every protected handler: a chain that lost the session middleware
 *   answers 401 without running the handler; the seal makes a tampering module refuse to load;
 * - line 2, the verification of what TanStack emitted: a handler TanStack left in the client
 *   bundle fails the build (SFA606), and so does a registered endpoint whose compiled chain lost
 *   the session middleware or the check (SFA605).
 */

const IGNORE = 'SERVERFN_AUTH_DANGEROUSLY_IGNORE'
afterEach(() => {
  delete process.env[IGNORE]
})

async function build(app: FixtureApp, ignore?: string): Promise<{ root: string; fetch: FetchHandler; ids: Record<string, string> }> {
  const root = writeFixtureApp(app)
  if (ignore) process.env[IGNORE] = ignore
  await buildApp(root)
  const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
  const ids = Object.fromEntries(readInventory(root).endpoints.map((entry) => [entry.name, entry.id]))
  return { root, fetch: (request) => server.default.fetch(request), ids }
}

async function buildError(app: FixtureApp, ignore?: string): Promise<string> {
  const root = writeFixtureApp(app)
  if (ignore) process.env[IGNORE] = ignore
  try {
    await buildApp(root)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`the build of ${app.name} succeeded`)
}

const imp = "import { createServerFn } from '@tanstack/react-start'\n"

describe('line 3: the runtime check and the seal', () => {
  test('options that replace the middleware (SFA111 ignored): the check answers 401 and the handler never runs', async () => {
    const fns = `${imp}let ran = 0
const base = createServerFn({ method: 'POST' })
export const dropped = base({ middleware: [] } as any).handler(() => { ran++; return 'secret' })
export const runs = createServerFn().handler(() => ran)
`
    const { fetch, ids } = await build({ name: 'line3-options', serverModules: { 'fns.ts': fns } }, 'SFA111')
    const anonymous = await callServerFn(fetch, ids.dropped!)
    expect([anonymous.status, errorMessage(anonymous)]).toEqual([401, 'Unauthenticated: the session middleware did not let this call through'])
    // Even with a session: the chain lost the session middleware, so nothing vouches for the caller.
    const withSession = await callServerFn(fetch, ids.dropped!, { cookie: 'session=valid' })
    expect(withSession.status).toBe(401)
    // A forged mark in the client context changes nothing.
    const forged = await callServerFn(fetch, ids.dropped!, { context: { __serverFnAuthSession: {} } })
    expect(forged.status).toBe(401)
    expect(await callServerFn(fetch, ids.runs!, { method: 'GET', cookie: 'session=valid' })).toMatchObject({ status: 200, body: { result: 0 } })
  }, 120_000)

  test('a builder emptied in another module (SFA110 ignored): the seal makes that module refuse to load', async () => {
    const { fetch, ids } = await build(
      {
        name: 'line3-seal',
        serverModules: {
          'builders.ts': `${imp}export const authed = createServerFn()\n`,
          'tamper.ts': "import { authed } from './builders'\n;(authed.options as any).middleware.length = 0\nexport const tampered = true\n",
          'fns.ts': "import { tampered } from './tamper'\nimport { authed } from './builders'\nexport const report = authed.handler(() => (tampered ? 'secret' : 'x'))\n",
        },
      },
      'SFA110',
    )
    const anonymous = await callServerFn(fetch, ids.report!)
    expect(anonymous.status).toBeGreaterThanOrEqual(500)
    expect(JSON.stringify(anonymous.body)).not.toContain('secret')
  }, 120_000)
})

describe('line 3 on a fresh server: the first calls, while the session module loads', () => {
  test("a call that began before the session module loaded never runs the session middleware without its own middleware", async () => {
    // The usual "load the session, then require it" shape: loadSession is what reads the cookie,
    // and the client may send a context of its own with a `session` in it.
    const session = `import { createMiddleware } from '@tanstack/react-start'
import { getCookie, setResponseStatus } from '@tanstack/react-start/server'
// Start-up work of an auth library (a secret from a vault, a database pool): the module loads a little later.
await new Promise((resolve) => setTimeout(resolve, 0))
const loadSession = createMiddleware({ type: 'function' }).server(({ next }) =>
  next({ context: { session: getCookie('session') === 'valid' ? { user: 'ada' } : null } }))
export const requireSession = createMiddleware({ type: 'function' }).middleware([loadSession]).server(({ next, context }) => {
  if (!context.session) {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user: context.session.user } })
})
`
    // A global function middleware that awaits before next() (a rate limiter asking its store):
    // the session module finishes loading while the first call waits there.
    const start = `import { createMiddleware, createStart } from '@tanstack/react-start'
const rateLimit = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  await new Promise((resolve) => setTimeout(resolve, 20))
  return next()
})
export const startInstance = createStart(() => ({ functionMiddleware: [rateLimit] }))
`
    const fns = `${imp}export const secret = createServerFn({ method: 'POST' }).handler(({ context }) => 'secret for ' + JSON.stringify(context.user))
`
    // Nothing but serverfn-auth's runtime imports the session module (the fixture's page imports every server module).
    const { root, fetch, ids } = await build({
      name: 'line3-cold-start',
      serverModules: { 'fns.ts': fns },
      files: { 'src/start.ts': start, 'src/auth/session.ts': session },
      pluginOptions: "{ middleware: { from: '/src/auth/session.ts', export: 'requireSession' } }",
    })
    const forged = { session: { user: 'mallory' } }
    // The first call a fresh server gets (a process of its own, as a cold start), anonymous with a
    // forged session: refused, never the handler.
    const script = join(root, 'first-call.mjs')
    writeFileSync(
      script,
      `import { toJSONAsync } from 'seroval'
const server = (await import('./dist/server/server.js')).default
const headers = { 'x-tsr-serverFn': 'true', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }
const body = JSON.stringify(await toJSONAsync({ context: ${JSON.stringify(forged)} }))
const response = await server.fetch(new Request('http://localhost/_serverFn/${ids.secret}', { method: 'POST', headers, body }))
console.log(JSON.stringify({ status: response.status, ran: (await response.text()).includes('secret for') }))
`,
    )
    for (let run = 0; run < 3; run++) {
      const first = JSON.parse(execFileSync(process.execPath, [script], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!) as { status: number; ran: boolean }
      expect(first.ran, 'the handler ran for the first, anonymous call').toBe(false)
      expect([401, 503]).toContain(first.status)
    }
    // Once loaded: the session middleware's own middleware reads the cookie, whatever the client sent.
    const later = await callServerFn(fetch, ids.secret!, { context: forged })
    expect([later.status, errorMessage(later)]).toEqual([401, 'Unauthenticated'])
    const signedIn = await callServerFn(fetch, ids.secret!, { cookie: 'session=valid', context: forged })
    expect([signedIn.status, signedIn.body.result]).toEqual([200, 'secret for "ada"'])
  }, 120_000)
})

describe('line 3 when a middleware calls next() again: the guard around the handler', () => {
  // TanStack walks a call's middleware with one index for every next(): a middleware that calls
  // next() again after a refusal starts past the session middleware, then past the check. Only
  // the guard around the handler still stands there.
  const fns = `${imp}let ran = 0
export const retried = createServerFn({ method: 'POST' }).handler(() => { ran++; return 'secret retried' })
export const concurrent = createServerFn({ method: 'POST' }).handler(() => { ran++; return 'secret concurrent' })
// @auth public: how often a handler ran
export const runs = createServerFn({ method: 'POST' }).handler(() => ran)
`
  const retry = `const retry = createMiddleware({ type: 'function' }).server(async ({ next, serverFnMeta }) => {
  if (String((serverFnMeta as any)?.name).includes('concurrent')) {
    const results = await Promise.allSettled([next(), next(), next()])
    const ok = results.find((result) => result.status === 'fulfilled')
    if (ok) return (ok as any).value
    throw (results[0] as any).reason
  }
  let last
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await next()
    } catch (error) {
      last = error
    }
  }
  throw last
})`

  async function expectRefusedEverywhere(fetch: FetchHandler, ids: Record<string, string>) {
    const runs = async () => (await callServerFn(fetch, ids.runs!)).body.result
    const before = await runs()
    for (const name of ['retried', 'concurrent']) {
      const anonymous = await callServerFn(fetch, ids[name]!)
      expect([name, anonymous.status, JSON.stringify(anonymous.body).includes('secret')]).toEqual([name, 401, false])
    }
    // No handler ran for them, not even one whose answer was dropped.
    expect(await runs()).toBe(before)
    for (const name of ['retried', 'concurrent']) {
      const signedIn = await callServerFn(fetch, ids[name]!, { cookie: 'session=valid' })
      expect([name, signedIn.status, signedIn.body.result]).toEqual([name, 200, `secret ${name}`])
    }
  }

  test('a retrying global function middleware (src/start.ts) never reaches a protected handler anonymously', async () => {
    const start = `import { createMiddleware, createStart } from '@tanstack/react-start'
${retry}
export const startInstance = createStart(() => ({ functionMiddleware: [retry] }))
`
    const { fetch, ids } = await build({ name: 'line3-global-retry', serverModules: { 'fns.ts': fns }, files: { 'src/start.ts': start } })
    await expectRefusedEverywhere(fetch, ids)
  }, 120_000)

  test("a retrying middleware in the session middleware's own list never reaches a protected handler anonymously", async () => {
    const session = `import { createMiddleware } from '@tanstack/react-start'
import { getCookie, setResponseStatus } from '@tanstack/react-start/server'
${retry}
export const requireSession = createMiddleware({ type: 'function' }).middleware([retry]).server(({ next }) => {
  if (getCookie('session') !== 'valid') {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user: { id: 'fixture-user' } } })
})
`
    const { fetch, ids } = await build({ name: 'line3-session-retry', serverModules: { 'fns.ts': fns, 'session.ts': session } })
    // Once the session module has loaded (the first calls of a fresh server answer 503 for a session middleware with a list of its own).
    await callServerFn(fetch, ids.runs!)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await expectRefusedEverywhere(fetch, ids)
  }, 120_000)
})

describe('line 2: the verification of what TanStack emitted', () => {
  test('a chain TanStack does not compile (SFA112 ignored) fails the build: its handler would ship to the browser', async () => {
    const message = await buildError(
      {
        name: 'line2-client',
        serverModules: {
          'builders.ts': `${imp}export const authed = createServerFn()\n`,
          'fns.ts': "import * as B from './builders'\n\nexport const leaky = B.authed.handler(() => 'secret handler body')\n",
        },
      },
      'SFA112',
    )
    expect(message).toMatch(/src\/server\/fns\.ts:3:14\s+SFA606 handler-not-compiled/)
    expect(message).toContain('`leaky`: its handler stays in the browser bundle')
  }, 120_000)

  test('a plugin that rewrites code after serverfn-auth and strips the check fails the build (SFA605)', async () => {
    const strip = `{ name: 'strip-check', enforce: 'pre', transform(code, id) { if (id.includes('fns.ts') && id.includes('tss-serverfn-split')) return code.replace('middleware([__serverFnAuth.check]).', '') } }`
    const message = await buildError({
      name: 'line2-provider',
      serverModules: { 'fns.ts': `${imp}export const report = createServerFn().handler(() => 'secret')\n` },
      plugins: ['SERVER_FN_AUTH', strip, 'tanstackStart()', 'viteReact()'],
    })
    expect(message).toMatch(/src\/server\/fns\.ts:2:14\s+SFA605 endpoint-chain-unprotected/)
    expect(message).toContain("its last middleware is not serverfn-auth's check of the session middleware")
  }, 120_000)
})
