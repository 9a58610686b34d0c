import { ROOT_DOCUMENT } from '../../e2e/support/fixture-app.ts'
import { imp, secret, type RouteCase } from './case.ts'

const C = 'writes to a route'

const route = `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })\n`
const open = "() => new Response('secret-$SLUG opened')"

/**
 * Tampering with a route after it was created. No static rule looks at these: the runtime makes
 * `Route.options` and `Route.options.server` read-only and copies the handlers, so each write
 * throws (caught here, so that the app still loads and the route can be called) or changes
 * nothing the server reads.
 */
const tamper = (shape: string, code: string, why: string): RouteCase => ({
  shape,
  class: C,
  expect: 'runtime-refused',
  methods: ['GET', 'POST'],
  why,
  route: `${route}try {\n  ${code}\n} catch {}\n`,
})

export const cases: RouteCase[] = [
  tamper('`Route.options.server = …`', `(Route.options as any).server = { handlers: { GET: ${open}, POST: ${open} } }`, '`server` is read-only.'),
  tamper('`Object.assign(Route.options, { server })`', `Object.assign(Route.options, { server: { handlers: { GET: ${open} } } })`, 'The same write through a call.'),
  tamper('`Route.update({ server })`', `Route.update({ server: { handlers: { GET: ${open} } } } as any)`, "TanStack's own `update` assigns into the options."),
  tamper('`Route.options = …`', `;(Route as any).options = { server: { handlers: { GET: ${open} } } }`, '`options` is read-only.'),
  tamper('`delete Route.options.server`', `delete (Route.options as any).server`, 'Not configurable.'),
  tamper('`Object.defineProperty` on the options', `Object.defineProperty(Route.options, 'server', { value: { handlers: { GET: ${open} } } })`, 'Not configurable.'),
  tamper('a new method on the handlers', `;(Route.options as any).server.handlers.POST = ${open}`, 'The handlers are a frozen copy.'),
  tamper('replacing the middleware list', `;(Route.options as any).server.middleware = []`, 'The server options are frozen.'),
  tamper('emptying the middleware list', `;(Route.options as any).server.middleware.length = 0`, 'The list is frozen.'),
  tamper('a method object’s middleware emptied', `;(Route.options as any).server.handlers.GET.middleware.length = 0`, 'Each protected method object is frozen, its list too.'),
  tamper('`Object.setPrototypeOf` of the handlers', `Object.setPrototypeOf((Route.options as any).server.handlers, { POST: ${open} })`, 'A frozen object’s prototype cannot change.'),
  tamper('`Reflect.set` of the server options', `Reflect.set(Route.options, 'server', { handlers: { GET: ${open} } }) || (() => { throw new Error('refused') })()`, 'Refused like an assignment.'),
  {
    shape: 'writing the handlers object after the route was created',
    class: C,
    expect: 'protected',
    why: 'The route holds a copy made when it was created; the original may change, the route does not.',
    route: `${imp}const handlers: Record<string, () => Response> = { GET: ${secret} }
export const Route = createFileRoute('$PATH')({ server: { handlers } })
handlers.POST = ${open}
`,
    methods: ['GET'],
  },
  {
    shape: 'a middleware that forges the mark in its context',
    class: C,
    expect: 'runtime-refused',
    why: "The session's mark is a value only the runtime holds: a context key named like it is not it. Anonymous calls are refused, and a middleware that overwrites the key refuses even calls with a session, never opens them.",
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const forge = createMiddleware().server(({ next }) => next({ context: { __serverFnAuthRouteSession: {}, user: 'mallory' } }))
export const Route = createFileRoute('$PATH')({ server: { middleware: [forge], handlers: { GET: { middleware: [forge], handler: ${secret} } } } })
`,
  },
  {
    shape: 'a write that throws at load, not caught',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    why: 'The module fails to load: the app answers 500, never the handler.',
    route: `${route};(Route.options as any).server = { handlers: { GET: ${open} } }\n`,
  },
  {
    shape: 'handlers given later with `Route.update`, in a promise',
    class: C,
    expect: 'runtime-refused',
    why: 'Every route of the tree is locked once the tree is built, handlers or none: a route cannot get handlers later.',
    route: `${imp}export const Route = createFileRoute('$PATH')({})
Promise.resolve().then(() => Route.update({ server: { handlers: { GET: ${open} } } } as any)).catch(() => {})
`,
  },
  {
    shape: 'handlers added later to a server part without them',
    class: C,
    expect: 'runtime-refused',
    why: 'A server part without handlers is frozen when the route is locked.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { middleware: [] } })
Promise.resolve().then(() => { ;(Route.options.server as any).handlers = { GET: ${open} } }).catch(() => {})
`,
  },
  {
    shape: 'options replaced later',
    class: C,
    expect: 'runtime-refused',
    why: '`options` of every route of the tree is read-only.',
    route: `${imp}export const Route = createFileRoute('$PATH')({})
Promise.resolve().then(() => { ;(Route as any).options = { ...Route.options, server: { handlers: { GET: ${open} } } } }).catch(() => {})
`,
  },
  {
    shape: 'a lazy part given by hand with `.lazy()`',
    class: C,
    expect: 'runtime-refused',
    ext: '.tsx',
    methods: ['GET', 'GET'],
    why: 'The same merge, from a module the analysis never reads as a route.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> }).lazy(() => import('../../server/lazy-$SLUG').then((m) => m.impl as any))
`,
    files: { 'src/server/lazy-$SLUG.ts': `export const impl = { options: { server: { handlers: { GET: ${open} } } } }\n` },
  },
  {
    shape: 'a route made with `new Route` and added to the tree in the router module',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-extra',
    why: 'Children set on a route of the tree after it was built are guarded when they are set: the new route is protected, every method.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, Route } from '@tanstack/react-router'
import { routeTree } from './routeTree.gen'
const extra = new Route({ getParentRoute: () => routeTree, path: 'api/$SLUG-extra', server: { handlers: { GET: () => new Response('secret-$SLUG') } } } as any)
routeTree.addChildren([...(routeTree.children as any[]), extra] as any)
export function getRouter() {
  return createRouter({ routeTree })
}
`,
    },
  },  {
    shape: 'a route that stops looking like one before the tree is built',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    why: 'A route read without handlers is locked where it is made: `Route.update({ server })` throws, and the module refuses to load. (Were it not, every node of the route tree is protected or locked once the tree is built, whatever it looks like.)',
    route: `${imp}export const Route = createFileRoute('$PATH')({})
Route.update({ server: { handlers: { GET: ${open} } } } as any)
delete (Route as any).addChildren
`,
  },
  {
    shape: 'a route pushed into the children of the tree',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    ext: '.tsx',
    callPath: '/api/$SLUG-pushed',
    why: 'The children of every route of the tree are frozen: a push throws, and nothing is served unseen.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ component: () => <p>page</p> })
`,
    files: {
      'src/router.tsx': `import { createRouter, Route } from '@tanstack/react-router'
import { routeTree } from './routeTree.gen'
const pushed = new Route({ getParentRoute: () => routeTree, path: 'api/$SLUG-pushed', server: { handlers: { GET: () => new Response('secret-$SLUG') } } } as any)
try {
  ;(routeTree.children as any[]).push(pushed)
} catch {}
export function getRouter() {
  return createRouter({ routeTree })
}
`,
    },
  },
  {
    shape: "a method added to a public route's handlers from another module",
    class: C,
    expect: 'runtime-refused',
    methods: ['DELETE'],
    why: "A public route's handlers are a frozen copy: the methods the review saw are all it serves.",
    route: `${imp}// @auth public: the status page polls it
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: () => new Response('status') } } })
`,
    files: {
      'src/server/tamper-$SLUG.ts': `import { Route } from '../routes/api/$SLUG'
try {
  ;(Route.options.server as any).handlers.DELETE = () => new Response('secret-$SLUG deleted')
} catch {}
`,
      'src/routes/api/$SLUG-importer.ts': `import { createFileRoute } from '@tanstack/react-router'
import '../../server/tamper-$SLUG'
export const Route = createFileRoute('/api/$SLUG-importer')({ component: () => null })
`,
    },
  },
  {
    shape: "a signed-in request's context replayed to later requests",
    class: C,
    expect: 'runtime-refused',
    warmWithSession: true,
    callPath: '$PATH/secret',
    why: "The session's mark is bound to the request it let through: a context a layout's middleware kept from a signed-in request vouches for no other.",
    route: `${imp}import { Outlet } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
let remembered: Record<string, unknown> = {}
const contextCache = createMiddleware().server(async ({ next }) => {
  const result: any = await next({ context: remembered })
  remembered = { ...result.context }
  return result
})
export const Route = createFileRoute('$PATH')({ component: Outlet, server: { middleware: [contextCache] } })
`,
    files: {
      'src/routes/api/$SLUG.secret.ts': `${imp}export const Route = createFileRoute('$PATH/secret')({ server: { handlers: { GET: ({ context }: any) => new Response('secret-$SLUG for ' + context.user) } } })
`,
    },
  },
  {
    shape: 'a parent middleware that passes on another method',
    class: C,
    expect: 'runtime-refused',
    alone: true,
    headers: { 'x-http-method-override': 'OPTIONS' },
    why: 'The gate reads the method, the path and the match from the request TanStack received, not from what a middleware passed on.',
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(() => new Response('secret-$SLUG cached'))
export const Route = createFileRoute('$PATH')({ server: { middleware: [cache], handlers: { GET: ${secret} } } })
`,
    files: {
      'src/routes/__root.tsx': `import { HeadContent, Outlet, Scripts, createRootRoute } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const methodOverride = createMiddleware().server(({ next, request }) => {
  const override = request.headers.get('x-http-method-override')
  return next(override ? ({ request: new Request(request, { method: override.toUpperCase() }) } as any) : undefined)
})
export const Route = createRootRoute({
  server: { middleware: [methodOverride] },
  component: () => ${ROOT_DOCUMENT},
})
`,
    },
  },
]
