import { join } from 'node:path'
import { createLogger, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { callServerFn, cookieFrom, devFunctionId, errorMessage, type FetchHandler } from './support/server-fn-client.ts'
import { writeFixtureApp } from './support/fixture-app.ts'
import { expectSessionOnly, HAND_BUILT_ROUTER, ROUTE_SESSION } from './support/route-session.ts'

/**
 * The same guarantees under `vite dev`: the dev server's server functions (dev ids, modules
 * transformed on demand) reject anonymous calls, and a module with problems does not load.
 */

const playground = join(import.meta.dirname, '../../playground')

/** A dev server in middleware mode and Start's server entry, called in-process. */
async function startDev(root: string): Promise<{ server: ViteDevServer; fetch: FetchHandler }> {
  const server = await createServer({ root, logLevel: 'silent', appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } })
  const runner = (server.environments.ssr as unknown as { runner: { import(id: string): Promise<any> } }).runner
  const entry = await runner.import('virtual:tanstack-start-server-entry')
  return { server, fetch: (request) => entry.default.fetch(request) }
}

describe('the playground under vite dev', () => {
  let dev: Awaited<ReturnType<typeof startDev>>
  beforeAll(async () => {
    dev = await startDev(playground)
  }, 120_000)
  afterAll(() => dev?.server.close())

  const id = (file: string, name: string) => devFunctionId(`src/server/${file}`, name)

  test.each([
    ['profile.ts', 'getProfile', 'GET'],
    ['profile.ts', 'deleteAccount', 'POST'],
    ['profile.ts', 'updateProfile', 'POST'],
    ['admin.ts', 'listAllUsers', 'GET'],
  ] as const)('%s %s rejects an anonymous call with 401', async (file, name, method) => {
    const reply = await callServerFn(dev.fetch, id(file, name), { method, data: method === 'POST' ? { name: 1 } : undefined })
    expect([reply.status, errorMessage(reply)]).toEqual([401, 'Unauthenticated'])
  })

  test('public endpoints answer, and the login cookie opens the protected ones', async () => {
    expect(await callServerFn(dev.fetch, id('auth.ts', 'health'), { method: 'GET' })).toMatchObject({ status: 200, body: { result: { status: 'ok' } } })
    const login = await callServerFn(dev.fetch, id('auth.ts', 'login'), { data: { email: 'ada@example.com', password: 'ada-password' } })
    expect(login.status).toBe(200)
    const cookie = cookieFrom(login.setCookie)
    expect(await callServerFn(dev.fetch, id('profile.ts', 'getProfile'), { method: 'GET', cookie })).toMatchObject({ status: 200, body: { result: { id: 'u1' } } })
    expect(await callServerFn(dev.fetch, id('admin.ts', 'listAllUsers'), { method: 'GET', cookie })).toMatchObject({ status: 200 })
  })

  test('server routes: the protected API route answers 401 anonymously and 200 with the cookie; the public one answers anyone', async () => {
    const anonymous = await dev.fetch(new Request('http://localhost/api/me'))
    expect([anonymous.status, await anonymous.text()]).toEqual([401, 'Unauthorized'])
    const login = await callServerFn(dev.fetch, id('auth.ts', 'login'), { data: { email: 'ada@example.com', password: 'ada-password' } })
    const signedIn = await dev.fetch(new Request('http://localhost/api/me', { headers: { cookie: cookieFrom(login.setCookie) } }))
    expect([signedIn.status, await signedIn.json()]).toEqual([200, { email: 'ada@example.com' }])
    const health = await dev.fetch(new Request('http://localhost/api/health'))
    expect([health.status, await health.json()]).toEqual([200, { ok: true }])
  })

  test('under vite dev too: an admin function forbids a member, and the optional getSessionUser answers anyone', async () => {
    const login = await callServerFn(dev.fetch, id('auth.ts', 'login'), { data: { email: 'bob@example.com', password: 'bob-password' } })
    const member = cookieFrom(login.setCookie)
    const forbidden = await callServerFn(dev.fetch, id('admin.ts', 'listAllUsers'), { method: 'GET', cookie: member })
    expect([forbidden.status, errorMessage(forbidden)]).toEqual([403, 'Forbidden'])
    expect(await callServerFn(dev.fetch, id('auth.ts', 'getSessionUser'), { method: 'GET' })).toMatchObject({ status: 200, body: { result: null } })
    expect(await callServerFn(dev.fetch, id('auth.ts', 'getSessionUser'), { method: 'GET', cookie: member })).toMatchObject({ status: 200, body: { result: { id: 'u2' } } })
  })

  test('a forged context.user does not get through', async () => {
    const reply = await callServerFn(dev.fetch, id('profile.ts', 'getProfile'), { method: 'GET', context: { user: { id: 'u1', role: 'admin' } } })
    expect(reply.status).toBe(401)
  })
})

describe('a module with problems under vite dev', () => {
  test('does not load, and the error carries every problem with the first position', async () => {
    const root = writeFixtureApp({
      name: 'dev-broken',
      serverModules: {
        'broken.ts': `import { createServerFn } from '@tanstack/react-start'

export const factory = () => createServerFn().handler(() => 1)
// @auth public
export const open = createServerFn().handler(() => 2)
`,
      },
    })
    const server = await createServer({ root, logLevel: 'silent', appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } })
    try {
      const runner = (server.environments.ssr as unknown as { runner: { import(id: string): Promise<unknown> } }).runner
      const failure = await runner.import('/src/server/broken.ts').then(
        () => null,
        (error: Error & { loc?: { line: number; column: number }; pluginCode?: string }) => error,
      )
      expect(failure).not.toBeNull()
      expect(failure!.message).toContain('serverfn-auth found 2 problems in 1 file')
      expect(failure!.message).toMatch(/src\/server\/broken\.ts:3:30\s+SFA101/)
      expect(failure!.message).toMatch(/src\/server\/broken\.ts:4:4\s+SFA201/)
    } finally {
      await server.close()
    }
  }, 60_000)
})

describe('the endpoint table under vite dev', () => {
  test('prints at start-up, before any request, and again when an endpoint changes', async () => {
    const root = writeFixtureApp({
      name: 'dev-report',
      serverModules: {
        'fns.ts': "import { createServerFn } from '@tanstack/react-start'\n\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\nexport const secret = createServerFn().handler(() => 's')\n",
      },
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } } }",
      files: {
        'src/server/session.ts': `import { createMiddleware } from '@tanstack/react-start'
import { getCookie } from '@tanstack/react-start/server'
export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next({ context: { user: getCookie('session') } }))
export const requireSessionRequest = createMiddleware().server(({ next }) => (getCookie('session') ? next() : new Response('no session', { status: 401 })))
`,
        'src/routes/api/status.ts': `import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('/api/status')({
  server: {
    handlers: {
      // @auth public: the status page polls it
      GET: () => Response.json({ ok: true }),
      POST: () => new Response(null, { status: 204 }),
    },
  },
})
`,
      },
    })
    const lines: string[] = []
    const logger = createLogger('info', { allowClearScreen: false })
    logger.info = (message) => void lines.push(message)
    const server = await createServer({ root, customLogger: logger, appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } })
    try {
      const table = await waitFor(() => lines.find((line) => line.includes('serverfn-auth: 2 endpoints')))
      expect(table).toContain('1 protected, 1 public')
      expect(table).toMatch(/src\/server\/fns\.ts:4\s+health\s+GET\s+public: probe/)

      // Making `secret` public changes the table: it prints again.
      const { writeFileSync } = await import('node:fs')
      const file = join(root, 'src/server/fns.ts')
      writeFileSync(file, "import { createServerFn } from '@tanstack/react-start'\n\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n// @auth public: no secret after all\nexport const secret = createServerFn().handler(() => 's')\n")
      const ssr = server.environments.ssr!
      for (const module of ssr.moduleGraph.getModulesByFile(file) ?? []) ssr.moduleGraph.invalidateModule(module)
      await ssr.warmupRequest(file)
      const updated = await waitFor(() => lines.find((line) => line.includes('serverfn-auth: 2 endpoints (0 protected, 2 public)')))
      expect(updated).toContain('public: no secret after all')

      // Server routes are listed under it once the dev server loads their modules.
      await ssr.warmupRequest(join(root, 'src/routes/api/status.ts'))
      const routes = await waitFor(() => lines.find((line) => line.includes('server route methods')))
      expect(routes).toContain('serverfn-auth: 2 server route methods (1 protected, 1 public)')
      expect(routes).toMatch(/src\/routes\/api\/status\.ts:\d+\s+\/api\/status\s+GET\s+public: the status page polls it/)
      expect(routes).toMatch(/src\/routes\/api\/status\.ts:\d+\s+\/api\/status\s+POST\s+protected/)
    } finally {
      await server.close()
    }
  }, 60_000)
})

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a route tree built by hand under vite dev', () => {
  test('whose root and routes the analysis cannot see: protected once the router entry returns its router', async () => {
    const root = writeFixtureApp({
      name: 'dev-hand-built-tree',
      serverModules: {},
      pluginOptions:
        "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, routes: { middleware: { from: '/src/server/route-session.ts', export: 'requireSessionRequest' } }, quiet: true }",
      files: {
        'src/server/route-session.ts': ROUTE_SESSION,
        'src/router.tsx': HAND_BUILT_ROUTER,
      },
    })
    const dev = await startDev(root)
    try {
      await expectSessionOnly(dev.fetch, '/api/hidden', 'hidden secret')
    } finally {
      await dev.server.close()
    }
  }, 120_000)
})
