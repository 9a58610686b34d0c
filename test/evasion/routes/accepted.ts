import { imp, secret, type RouteCase } from './case.ts'

const C = 'accepted routes'

/** Shapes real apps write: each builds, and each protected method refuses anonymous callers. */
export const cases: RouteCase[] = [
  {
    shape: 'literal handlers, one method',
    class: C,
    expect: 'protected',
    why: 'The plain form TanStack documents.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })\n`,
  },
  {
    shape: 'several methods, a method object with its own middleware',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST', 'DELETE'],
    why: "The session runs before the handler's middleware; a method object is protected like a function.",
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const answers = createMiddleware().server(() => new Response('secret-$SLUG from the middleware'))
export const Route = createFileRoute('$PATH')({
  server: {
    handlers: {
      GET: ${secret},
      POST: { middleware: [answers], handler: ${secret} },
      DELETE: { handler: ${secret} },
    },
  },
})
`,
  },
  {
    shape: "route middleware that answers without next()",
    class: C,
    expect: 'protected',
    why: "The session runs before the route's own `server.middleware`: a cache that answers cannot answer strangers.",
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(() => new Response('secret-$SLUG cached'))
export const Route = createFileRoute('$PATH')({ server: { middleware: [cache], handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'function form `({ createHandlers }) => createHandlers({...})`',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: 'TanStack calls it per request; its result is protected per request.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  server: { handlers: ({ createHandlers }) => createHandlers({ GET: ${secret}, POST: { handler: ${secret} } }) },
})
`,
  },
  {
    shape: 'function form returning a plain object',
    class: C,
    expect: 'protected',
    why: 'Handlers the analysis cannot list are protected, every method.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: () => ({ GET: ${secret} }) } })\n`,
  },
  {
    shape: 'handlers imported from another module',
    class: C,
    expect: 'protected',
    methods: ['GET', 'PUT'],
    why: 'Whatever the handlers hold when the module runs is protected.',
    route: `${imp}import { handlers$SLUG } from '../../server/handlers-$SLUG'
export const Route = createFileRoute('$PATH')({ server: { handlers: handlers$SLUG } })
`,
    files: { 'src/server/handlers-$SLUG.ts': `export const handlers$SLUG = { GET: ${secret}, PUT: ${secret} }\n` },
  },
  {
    shape: 'handlers spread from another object',
    class: C,
    expect: 'protected',
    methods: ['GET', 'PATCH'],
    why: 'A spread is read at run time; every key it brings is protected.',
    route: `${imp}const shared = { PATCH: ${secret} }
export const Route = createFileRoute('$PATH')({ server: { handlers: { ...shared, GET: ${secret} } } })
`,
  },
  {
    shape: 'computed method key',
    class: C,
    expect: 'protected',
    why: 'The key is read at run time.',
    route: `${imp}const method = 'GET'
export const Route = createFileRoute('$PATH')({ server: { handlers: { [method]: ${secret} } } })
`,
  },
  {
    shape: '`ANY` handler',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    why: 'Every method falls back to ANY; each is protected.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { ANY: ${secret} } } })\n`,
  },
  {
    shape: 'HEAD falls back to GET',
    class: C,
    expect: 'protected',
    methods: ['GET', 'HEAD'],
    why: 'TanStack answers HEAD with the GET handler; the session runs first there too.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: () => new Response('secret-$SLUG', { headers: { 'x-secret': 'secret-$SLUG' } }) } } })\n`,
  },
  {
    shape: 'options in a const',
    class: C,
    expect: 'protected',
    why: 'Options that are not a literal at the call are read at run time.',
    route: `${imp}const options = { server: { handlers: { GET: ${secret} } } }
export const Route = createFileRoute('$PATH')(options)
`,
  },
  {
    shape: 'options returned by a function',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: 'The route is wrapped where it is created, whatever built its options.',
    route: `${imp}const apiOptions = (methods: string[]) => ({ server: { handlers: Object.fromEntries(methods.map((m) => [m, ${secret}])) } })
export const Route = createFileRoute('$PATH')(apiOptions(['GET', 'POST']))
`,
  },
  {
    shape: 'options with a spread of server options',
    class: C,
    expect: 'protected',
    why: 'A spread may hold `server`; the route is protected either way.',
    route: `${imp}const base = { server: { handlers: { GET: ${secret} } } }
export const Route = createFileRoute('$PATH')({ ...base })
`,
  },
  {
    shape: '`server` from a variable',
    class: C,
    expect: 'protected',
    why: 'Read at run time.',
    route: `${imp}const server = { handlers: { GET: ${secret} } }
export const Route = createFileRoute('$PATH')({ server })
`,
  },
  {
    shape: 'factory renamed on import',
    class: C,
    expect: 'protected',
    why: 'Recognised by the import, not by the name.',
    route: `import { createFileRoute as makeRoute } from '@tanstack/react-router'
export const Route = makeRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'factory through a namespace import',
    class: C,
    expect: 'protected',
    why: 'A namespace member is the factory.',
    route: `import * as Router from '@tanstack/react-router'
export const Route = Router.createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'factory through a computed namespace member with a literal key',
    class: C,
    expect: 'protected',
    why: 'A string key is a name.',
    route: `import * as Router from '@tanstack/react-router'
export const Route = Router['createFileRoute']('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'type assertions around the factory and the options',
    class: C,
    expect: 'protected',
    why: 'Wrappers that change nothing at run time are looked through.',
    route: `${imp}export const Route = (createFileRoute('$PATH') as any)({ server: { handlers: { GET: ${secret} } } } satisfies object)\n`,
  },
  {
    shape: 'curried factory stored in a variable',
    class: C,
    expect: 'protected',
    why: 'The first call returns a factory, which is wrapped too.',
    route: `${imp}const make = createFileRoute('$PATH')
export const Route = make({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: "the app's own helper creates the route",
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: 'The route is wrapped in the helper, where the factory is called; the cross-check follows the import.',
    route: `import { apiRoute$SLUG } from '../../server/api-route-$SLUG'
export const Route = apiRoute$SLUG('$PATH')
`,
    files: {
      'src/server/api-route-$SLUG.ts': `import { createFileRoute } from '@tanstack/react-router'
export const apiRoute$SLUG = (path: string) => createFileRoute(path as '/')({ server: { handlers: { GET: ${secret}, POST: ${secret} } } })
`,
    },
  },
  {
    shape: 'a page route with a component and handlers',
    class: C,
    expect: 'protected',
    ext: '.tsx',
    why: 'A route with a component is an endpoint too, for its methods.',
    route: `${imp}export const Route = createFileRoute('$PATH')({
  component: () => <p>page</p>,
  server: { handlers: { POST: ${secret} } },
})
`,
    methods: ['POST'],
  },
  {
    shape: 'handlers with getters',
    class: C,
    expect: 'protected',
    why: 'A getter is read once, when the route is created; its value is protected.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { get GET() { return ${secret} } } } })\n`,
  },
  {
    shape: 'handlers inherited from a prototype',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: "TanStack's `handlers[method]` finds inherited keys: they are protected too.",
    route: `${imp}const handlers = Object.create({ GET: ${secret}, POST: ${secret} })
export const Route = createFileRoute('$PATH')({ server: { handlers } })
`,
  },
  {
    shape: 'handlers as a class instance',
    class: C,
    expect: 'protected',
    why: 'Methods on the prototype are handlers TanStack finds.',
    route: `${imp}class Handlers { GET() { return new Response('secret-$SLUG') } }
export const Route = createFileRoute('$PATH')({ server: { handlers: new Handlers() } })
`,
  },
  {
    shape: 'handler objects whose handler is a getter',
    class: C,
    expect: 'protected',
    why: 'The method object is copied with its handler checked.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: { get handler() { return ${secret} } } } } })\n`,
  },
  {
    shape: 'a layout route with handlers, its own middleware and a public child',
    class: C,
    expect: 'protected',
    ext: '.tsx',
    why: "TanStack runs a layout's middleware for its children too: the session runs before it for the layout's own path, and stands aside for the child.",
    route: `${imp}import { Outlet } from '@tanstack/react-router'
import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(({ next, pathname }) => (pathname === '$PATH' ? new Response('secret-$SLUG cached') : next()))
export const Route = createFileRoute('$PATH')({ component: Outlet, server: { middleware: [cache], handlers: { GET: ${secret} } } })
`,
    files: {
      'src/routes/api/$SLUG.child.ts': `import { createFileRoute } from '@tanstack/react-router'
// @auth public: the child is public
export const Route = createFileRoute('/api/$SLUG/child')({ server: { handlers: { GET: () => new Response('child of $SLUG') } } })
`,
    },
  },
  {
    shape: 'a lazy route file beside the route',
    class: C,
    expect: 'protected',
    ext: '.tsx',
    why: "The lazy part holds the component; `server` stays on the route, protected.",
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })\n`,
    files: {
      'src/routes/api/$SLUG.lazy.tsx': `import { createLazyFileRoute } from '@tanstack/react-router'
export const Route = createLazyFileRoute('/api/$SLUG')({ component: () => <p>lazy</p> })
`,
    },
  },
  {
    shape: 'a route module that also declares server functions',
    class: C,
    expect: 'protected',
    why: 'Both analyses read the module; each protects its own endpoints.',
    route: `import { createServerFn } from '@tanstack/react-start'
${imp}export const whoami$SLUG = createServerFn().handler(() => 'secret-$SLUG fn')
export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: "an API route's own middleware, for every method",
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST', 'PUT'],
    why: 'A route with no page of its own is an API: the session runs before its middleware for every request TanStack sends to it, not only those that reach a handler.',
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const cache = createMiddleware().server(({ request, next }) => (request.method === 'GET' ? next() : new Response('secret-$SLUG cached')))
export const Route = createFileRoute('$PATH')({ server: { middleware: [cache], handlers: { GET: ${secret} } } })
`,
  },
  {
    shape: 'handler keys named like members of `Object.prototype`',
    class: C,
    expect: 'protected',
    why: '`constructor` and `toString` are keys like any other: protected, and never listed public.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { handlers: { GET: ${secret}, constructor: ${secret}, toString: ${secret} } } })
`,
  },
  {
    shape: 'frozen route options',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: 'Options that cannot be changed in place are copied, then protected and locked.',
    route: `${imp}export const Route = createFileRoute('$PATH')(Object.freeze({ server: Object.freeze({ handlers: Object.freeze({ GET: ${secret}, POST: ${secret} }) }) }))
`,
  },  {
    shape: 'a handler switched off with a falsy value, beside an API middleware that answers',
    class: C,
    expect: 'protected',
    methods: ['GET', 'POST'],
    why: '`GET: enabled && handler` serves nothing: the session still runs before the route’s middleware for that method.',
    route: `${imp}import { createMiddleware } from '@tanstack/react-start'
const flags = { exportEnabled: false }
const cache = createMiddleware().server(({ request, next }) => (request.method === 'GET' ? new Response('secret-$SLUG cached') : next()))
export const Route = createFileRoute('$PATH')({
  server: { middleware: [cache], handlers: { GET: (flags.exportEnabled && (() => new Response('export'))) as any, POST: ${secret} } },
})
`,
  },
  {
    shape: 'route options with a `__proto__` that holds `server`',
    class: C,
    expect: 'protected',
    why: '`__proto__:` sets the prototype: read like a spread, so the route is listed as one that may have handlers, and protected.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ __proto__: { server: { handlers: { GET: ${secret} } } } } as any)
`,
  },
  {
    shape: 'a server part with a `__proto__` that holds `handlers`',
    class: C,
    expect: 'protected',
    why: 'The same, one level down.',
    route: `${imp}export const Route = createFileRoute('$PATH')({ server: { __proto__: { handlers: { GET: ${secret} } } } as any })
`,
  },
]
