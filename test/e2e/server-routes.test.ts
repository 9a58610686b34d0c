import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { buildApp, ROOT_DOCUMENT, writeFixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { expectSessionOnly, HAND_BUILT_ROUTER, ROUTE_SESSION } from './support/route-session.ts'

/**
 * Server routes are endpoints like server functions: default-deny. A real app is built with
 * routes of every kind, and its built server is called over HTTP, anonymously and with the
 * session cookie.
 */


const files = {
  'src/server/route-session.ts': ROUTE_SESSION,
  // A route middleware that answers without next(): it must never run before the session.
  'src/routes/api/cached.ts': `import { createFileRoute } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(() => new Response('cached secret'))
export const Route = createFileRoute('/api/cached')({
  server: { middleware: [cache], handlers: { GET: () => new Response('fresh secret') } },
})
`,
  'src/routes/api/users.ts': `import { createFileRoute } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const audit = createMiddleware().server(({ next, context }) => next({ context: { audited: context.user ?? 'anonymous' } }))
export const Route = createFileRoute('/api/users')({
  server: {
    handlers: {
      // @auth public: the directory is public
      GET: () => Response.json(['ada', 'bob']),
      POST: { middleware: [audit], handler: ({ context }) => Response.json({ created: true, by: context.user, audited: context.audited }) },
    },
  },
})
`,
  'src/routes/api/functional.ts': `import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('/api/functional')({
  server: { handlers: ({ createHandlers }) => createHandlers({ GET: ({ context }) => Response.json({ user: context.user }) }) },
})
`,
  'src/routes/api/built.ts': `import { createFileRoute } from '@tanstack/react-router'
import { apiHandlers } from '../../server/handlers'
const options = { server: { handlers: { ...apiHandlers } } }
export const Route = createFileRoute('/api/built')(options)
`,
  'src/server/handlers.ts': `export const apiHandlers = { ANY: () => new Response('any secret'), DELETE: () => new Response('deleted') }
`,
  'src/routes/api/health.ts': `import { createFileRoute } from '@tanstack/react-router'
// @auth public: health probe for the load balancer
export const Route = createFileRoute('/api/health')({
  server: { handlers: { GET: () => new Response('ok') } },
})
`,
  // The string given to a renamed factory is not where TanStack serves the route: the report names the real path.
  'src/routes/api/export.ts': `import { createFileRoute as fileRoute } from '@tanstack/react-router'
export const Route = fileRoute('/api/health-probe')({ server: { handlers: { GET: () => new Response('all users') } } })
`,
  // A parent with handlers and a public child: the parent's session runs at its own handler only.
  // Its own middleware answers its own path from a cache, without next(): the session must run first there.
  'src/routes/api/teams.tsx': `import { createFileRoute, Outlet } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(({ next, pathname }) => (pathname === '/api/teams' ? new Response('cached teams') : next()))
export const Route = createFileRoute('/api/teams')({
  component: Outlet,
  server: { middleware: [cache], handlers: { GET: ({ context }) => Response.json({ teams: ['core'], user: context.user }) } },
})
`,
  'src/routes/api/teams.$id.ts': `import { createFileRoute } from '@tanstack/react-router'
// @auth public: team pages are public
export const Route = createFileRoute('/api/teams/$id')({
  server: { handlers: { GET: ({ params }) => Response.json({ team: params.id }) } },
})
`,
}

const pluginOptions = "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, routes: { middleware: { from: '/src/server/route-session.ts', export: 'requireSessionRequest' } }, quiet: true, markdown: true }"

describe('server routes, built and called over HTTP', () => {
  let root: string
  let call: (path: string, init?: RequestInit & { session?: boolean }) => Promise<[number, string]>

  beforeAll(async () => {
    root = writeFixtureApp({ name: 'server-routes', serverModules: {}, pluginOptions, files })
    await buildApp(root)
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    call = async (path, init = {}) => {
      const headers = new Headers(init.headers)
      if (init.session) headers.set('cookie', 'session=valid')
      const response: Response = await server.default.fetch(new Request(`http://localhost${path}`, { ...init, headers }))
      return [response.status, await response.text()]
    }
  }, 120_000)

  test('a protected route answers 401 anonymously and runs with the session; HEAD and other methods too', async () => {
    expect(await call('/api/functional')).toEqual([401, 'no session'])
    expect(await call('/api/functional', { session: true })).toEqual([200, '{"user":"ada"}'])
    expect((await call('/api/functional', { method: 'HEAD' }))[0]).toBe(401)
    // Handlers built elsewhere (spread from another module): every method they hold is protected.
    expect(await call('/api/built', { method: 'DELETE' })).toEqual([401, 'no session'])
    expect(await call('/api/built', { method: 'PATCH' })).toEqual([401, 'no session'])
    expect(await call('/api/built', { method: 'PATCH', session: true })).toEqual([200, 'any secret'])
  })

  test("the session runs before the route's own middleware, and before the handler's", async () => {
    expect(await call('/api/cached')).toEqual([401, 'no session'])
    expect(await call('/api/cached', { session: true })).toEqual([200, 'cached secret'])
    expect(await call('/api/users', { method: 'POST' })).toEqual([401, 'no session'])
    expect(await call('/api/users', { method: 'POST', session: true })).toEqual([200, '{"created":true,"by":"ada","audited":"ada"}'])
  })

  test('a public route, and a public method, answer anyone; the other methods stay protected', async () => {
    expect(await call('/api/health')).toEqual([200, 'ok'])
    expect(await call('/api/users')).toEqual([200, '["ada","bob"]'])
    expect((await call('/api/users', { method: 'HEAD' }))[0]).toBe(200)
    // No PUT handler: TanStack renders the app instead, and no handler runs.
    expect((await call('/api/users', { method: 'PUT' }))[1]).not.toContain('["ada","bob"]')
  })

  test("a parent route with handlers: the session runs before its own middleware for its own path; its public child answers anyone", async () => {
    expect(await call('/api/teams')).toEqual([401, 'no session'])
    expect(await call('/api/teams', { session: true })).toEqual([200, 'cached teams'])
    expect(await call('/api/teams/core')).toEqual([200, '{"team":"core"}'])
  })

  test('the inventory and the Markdown report list every method with its access', () => {
    const routes = readInventory(root).serverRoutes as Array<{ file: string; path: string; method: string | null; access: string; handlers: string }>
    expect(routes.map((route) => [route.path, route.method, route.access, route.handlers])).toEqual([
      ['/api/built', null, 'protected', 'maybe'],
      ['/api/cached', 'GET', 'protected', 'declared'],
      ['/api/export', 'GET', 'protected', 'declared'],
      ['/api/functional', 'GET', 'protected', 'declared'],
      ['/api/health', 'GET', 'public', 'declared'],
      ['/api/teams/$id', 'GET', 'public', 'declared'],
      ['/api/teams', 'GET', 'protected', 'declared'],
      ['/api/users', 'GET', 'public', 'declared'],
      ['/api/users', 'POST', 'protected', 'declared'],
    ])
    expect(readFileSync(join(root, 'dist/server/serverfn-auth.md'), 'utf8')).toContain('| `/api/users` | GET | public: the directory is public | `src/routes/api/users.ts:8` |')
  })
})

describe('the route tree line, on its own', () => {
  test('a route the analysis was told to miss (SFA702 and SFA704 switched off) is still protected once the route tree is built', async () => {
    const root = writeFixtureApp({
      name: 'server-routes-tree',
      serverModules: {},
      pluginOptions,
      files: {
        'src/server/route-session.ts': ROUTE_SESSION,
        'src/routes/api/hidden.ts': `import { createFileRoute } from '@tanstack/react-router'
const [make] = [createFileRoute]
export const Route = make('/api/hidden')({ server: { handlers: { GET: () => new Response('hidden secret') } } })
`,
      },
    })
    // Both static lines see it: the factory read as a value (SFA702), and a route module of the tree that calls no factory (SFA704).
    const failure = await buildApp(root).then(() => null, (error: Error) => error.message)
    expect(failure).toMatch(/SFA702[\s\S]*SFA704|SFA704[\s\S]*SFA702/)
    process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE = 'SFA702,SFA704'
    try {
      await buildApp(root)
    } finally {
      delete process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE
    }
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    await expectSessionOnly((request) => server.default.fetch(request), '/api/hidden', 'hidden secret')
  }, 120_000)
})

describe('a route tree built by hand in the router module', () => {
  test('under a root made by `rootRouteWithContext`, a child made where the analysis cannot see it is protected', async () => {
    const root = writeFixtureApp({
      name: 'server-routes-hand-built',
      serverModules: {},
      pluginOptions,
      files: {
        'src/server/route-session.ts': ROUTE_SESSION,
        // The deprecated name of createRootRouteWithContext; a child from a dynamic import, which
        // the analysis does not follow.
        'src/router.tsx': `import { createRouter, rootRouteWithContext, HeadContent, Outlet, Scripts } from '@tanstack/react-router'
const root = rootRouteWithContext<{}>()({ component: () => (<html><head><HeadContent /></head><body><Outlet /><Scripts /></body></html>) })
let tree: any
export async function getRouter() {
  if (!tree) {
    const { createRoute: later } = await import('@tanstack/react-router')
    const dynamic = later({ getParentRoute: () => root, path: 'api/dynamic', server: { handlers: { GET: () => new Response('dynamic secret') } } })
    tree = root.addChildren([dynamic] as any)
  }
  return createRouter({ routeTree: tree })
}
`,
      },
    })
    await buildApp(root)
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    await expectSessionOnly((request) => server.default.fetch(request), '/api/dynamic', 'dynamic secret')
  }, 120_000)
})

describe('the router line, on its own', () => {
  test('a tree built by hand whose root and routes the analysis cannot see is protected once the router entry returns its router', async () => {
    const root = writeFixtureApp({
      name: 'server-routes-router-entry',
      serverModules: {},
      pluginOptions,
      files: {
        'src/server/route-session.ts': ROUTE_SESSION,
        'src/router.tsx': HAND_BUILT_ROUTER,
      },
    })
    await buildApp(root)
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    await expectSessionOnly((request) => server.default.fetch(request), '/api/hidden', 'hidden secret')
  }, 120_000)
})

describe('server routes without routes.middleware', () => {
  test('the build fails, listing every route that is not public, with SFA701', async () => {
    const root = writeFixtureApp({ name: 'server-routes-unconfigured', serverModules: {}, files })
    const failure = await buildApp(root).then(() => null, (error: Error) => error.message)
    expect(failure).toMatch(/SFA701/)
    for (const route of ['api/cached.ts:4', 'api/users.ts:4', 'api/functional.ts:2', 'api/built.ts:4', 'api/teams.tsx:4']) expect(failure).toContain(route)
    // Public routes need no route middleware.
    expect(failure).not.toMatch(/health\.ts:\d/)
    expect(failure).not.toMatch(/teams\.\$id\.ts:\d/)
  }, 120_000)

  test('an app without server routes records none, and needs no routes.middleware', async () => {
    // Its root made by a factory held in a const, as some templates write it: a page, not a possible endpoint.
    const root = writeFixtureApp({
      name: 'no-server-routes',
      serverModules: {},
      files: {
        'src/routes/__root.tsx': `import { HeadContent, Outlet, Scripts, createRootRouteWithContext } from '@tanstack/react-router'
const rootRoute = createRootRouteWithContext<{ n: number }>()
export const Route = rootRoute({
  component: () => ${ROOT_DOCUMENT},
})
`,
        'src/router.tsx': `import { createRouter } from '@tanstack/react-router'
import { routeTree } from './routeTree.gen'
export function getRouter() {
  return createRouter({ routeTree, context: { n: 1 } })
}
`,
      },
    })
    await buildApp(root)
    expect(readInventory(root).serverRoutes).toEqual([])
  }, 120_000)
})

describe('the cross-check against the route tree TanStack generated', () => {
  test('a route made where the analysis cannot see it fails the build (SFA704); a helper of the app is followed', async () => {
    const root = writeFixtureApp({
      name: 'server-routes-cross-check',
      serverModules: {},
      pluginOptions,
      files: {
        'src/server/route-session.ts': ROUTE_SESSION,
        // A package builds the route: nothing in the app calls a route factory for it.
        'node_modules/route-kit/package.json': JSON.stringify({ name: 'route-kit', type: 'module', exports: './index.js' }),
        'node_modules/route-kit/index.js': `import { createFileRoute } from '@tanstack/react-router'
export const kitRoute = (path) => createFileRoute(path)({ server: { handlers: { GET: () => new Response('kit secret') } } })
`,
        'src/routes/api/kit.ts': `import { kitRoute } from 'route-kit'
export const Route = kitRoute('/api/kit')
`,
        // The app's own helper calls the factory: the analysis reads it there.
        'src/server/api-route.ts': `import { createFileRoute } from '@tanstack/react-router'
export const apiRoute = (path: string, text: string) => createFileRoute(path as '/api/made')({ server: { handlers: { GET: () => new Response(text) } } })
`,
        'src/routes/api/made.ts': `import { apiRoute } from '../../server/api-route'
export const Route = apiRoute('/api/made', 'made secret')
`,
      },
    })
    const failure = await buildApp(root).then(() => null, (error: Error) => error.message)
    expect(failure).toMatch(/SFA704 route-not-analysed/)
    expect(failure).toContain('src/routes/api/kit.ts:1:1  SFA704')
    expect(failure).toContain('The route tree src/routeTree.gen.ts imports this module as a route')
    expect(failure).not.toContain('api/made.ts')

    // Switched off, the route tree line still protects both at run time.
    process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE = 'SFA704'
    try {
      await buildApp(root)
    } finally {
      delete process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE
    }
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    for (const [path, secret] of [['/api/kit', 'kit secret'], ['/api/made', 'made secret']] as const) {
      await expectSessionOnly((request) => server.default.fetch(request), path, secret)
    }
  }, 180_000)
})

describe('middleware the route session lists, when the app runs it globally too', () => {
  test('runs once a request, as TanStack runs request middleware', async () => {
    const counter = `import { createMiddleware } from '@tanstack/react-start'
export const counter = createMiddleware().server(({ next, context }) => next({ context: { hits: ((context as any).hits ?? 0) + 1 } }))
`
    const root = writeFixtureApp({
      name: 'server-routes-global-middleware',
      serverModules: {},
      pluginOptions,
      files: {
        'src/server/counter.ts': counter,
        'src/server/route-session.ts': `import { createMiddleware } from '@tanstack/react-start'
import { getCookie } from '@tanstack/react-start/server'
import { counter } from './counter'
export const requireSessionRequest = createMiddleware().middleware([counter]).server(({ next }) => {
  if (getCookie('session') !== 'valid') return new Response('no session', { status: 401 })
  return next({ context: { user: 'ada' } })
})
`,
        'src/start.ts': `import { createStart } from '@tanstack/react-start'
import { counter } from './server/counter'
export const startInstance = createStart(() => ({ requestMiddleware: [counter] }))
`,
        'src/routes/api/hits.ts': `import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('/api/hits')({ server: { handlers: { GET: ({ context }) => Response.json({ hits: (context as any).hits, user: (context as any).user }) } } })
`,
      },
    })
    await buildApp(root)
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const anonymous: Response = await server.default.fetch(new Request('http://localhost/api/hits'))
    expect([anonymous.status, await anonymous.text()]).toEqual([401, 'no session'])
    const signedIn: Response = await server.default.fetch(new Request('http://localhost/api/hits', { headers: { cookie: 'session=valid' } }))
    expect([signedIn.status, await signedIn.text()]).toEqual([200, '{"hits":1,"user":"ada"}'])
  }, 120_000)
})
