import { describe, expect, test } from 'vitest'
import { findServerRoutes, parseModule, ROUTE_CANDIDATE_PATTERN, serverRoutesOf } from '../../src/core/index.ts'
import { LineIndex } from '../../src/core/line-index.ts'

const routes = (code: string) =>
  serverRoutesOf(code, '/app/src/routes/api/users.ts').map(({ path, factory, handlers, methods, loc }) => ({ path, factory, handlers, methods, line: loc.line }))

describe('server routes', () => {
  test('a file route with literal handlers: its path and methods', () => {
    expect(
      routes(`import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('/api/users')({
  server: {
    middleware: [rateLimit],
    handlers: {
      GET: async () => Response.json([]),
      POST: { middleware: [audit], handler: async () => new Response('ok') },
      'ANY': () => new Response('any'),
    },
  },
})
`),
    ).toEqual([{ path: '/api/users', factory: 'createFileRoute', handlers: 'declared', methods: ['GET', 'POST', 'ANY'], line: 2 }])
  })

  test('routes without server handlers are not endpoints', () => {
    expect(routes(`export const Route = createFileRoute('/about')({ component: About })`)).toEqual([])
    expect(routes(`export const Route = createFileRoute('/about')({ server: { middleware: [log] } })`)).toEqual([])
    expect(routes(`export const Route = createRootRoute({ component: Root })`)).toEqual([])
    expect(routes(`export const Route = createFileRoute('/about')()`)).toEqual([])
    expect(routes(`const handlers = 1; export const Route = somethingElse('/x')({ server: { handlers } })`)).toEqual([])
  })

  test('handlers the analysis cannot list: a function of its own, a name, a spread, a computed key', () => {
    const declared = (handlersSource: string) => routes(`export const Route = createFileRoute('/api/x')({ server: { handlers: ${handlersSource} } })`)
    const unlisted = [{ path: '/api/x', factory: 'createFileRoute', handlers: 'declared', methods: null, line: 1 }]
    // TanStack calls the function form with its own \`createHandlers\`: that object is read.
    expect(declared(`({ createHandlers }) => createHandlers({ GET: list })`)).toEqual([{ ...unlisted[0], methods: ['GET'] }])
    expect(declared(`({ createHandlers: make }) => make({ POST: save })`)).toEqual([{ ...unlisted[0], methods: ['POST'] }])
    expect(declared(`({ createHandlers }) => mine({ GET: list })`)).toEqual(unlisted)
    expect(declared(`(tools) => tools.createHandlers({ GET: list })`)).toEqual(unlisted)
    expect(declared(`({ createHandlers }) => { return createHandlers({ GET: list }) }`)).toEqual([{ ...unlisted[0], methods: ['GET'] }])
    expect(declared(`({ createHandlers }) => { log(); return createHandlers({ GET: list }) }`)).toEqual(unlisted)
    expect(declared(`({ createHandlers }) => { createHandlers({ GET: list }) }`)).toEqual(unlisted)
    expect(declared(`({ createHandlers }) => { return }`)).toEqual(unlisted)
    expect(declared(`{ GET: list, GET: other }`)).toEqual(unlisted)
    expect(declared(`apiHandlers`)).toEqual(unlisted)
    expect(declared(`{ ...shared, GET: list }`)).toEqual(unlisted)
    expect(declared(`{ [method]: list }`)).toEqual(unlisted)
    expect(declared(`{ GET: list } as const`)).toEqual([{ ...unlisted[0], methods: ['GET'] }])
  })

  test('options that may hold server handlers are listed as such', () => {
    const maybe = (optionsSource: string) => routes(`export const Route = createFileRoute('/api/x')(${optionsSource})`)
    const listed = [{ path: '/api/x', factory: 'createFileRoute', handlers: 'maybe', methods: null, line: 1 }]
    expect(maybe(`routeOptions`)).toEqual(listed)
    expect(maybe(`{ ...base, component: X }`)).toEqual(listed)
    expect(maybe(`{ [key]: value }`)).toEqual(listed)
    expect(maybe(`{ server: serverOptions }`)).toEqual(listed)
    expect(maybe(`{ server: { ...shared } }`)).toEqual(listed)
    expect(maybe(`{ server() { return {} } }`)).toEqual(listed)
    expect(maybe(`...all`)).toEqual(listed)
  })

  test('the factory however it is reached', () => {
    const handlers = `{ server: { handlers: { GET: list } } }`
    const found = (code: string) => routes(code).map((route) => [route.factory, route.path, route.methods])
    expect(found(`export const Route = Router.createFileRoute('/a')(${handlers})`)).toEqual([['createFileRoute', '/a', ['GET']]])
    expect(found(`export const Route = Router['createFileRoute']('/a')(${handlers})`)).toEqual([['createFileRoute', '/a', ['GET']]])
    expect(found(`export const Route = (createFileRoute('/a') as any)(${handlers})`)).toEqual([['createFileRoute', '/a', ['GET']]])
    expect(found(`export const Route = createFileRoute('/a')?.(${handlers} satisfies object)`)).toEqual([['createFileRoute', '/a', ['GET']]])
    expect(found(`export const Route = createRootRouteWithContext<Ctx>()(${handlers})`)).toEqual([['createRootRouteWithContext', null, ['GET']]])
    expect(found(`export const Route = createRoute({ path: '/b', getParentRoute: () => root, ...${handlers} })`)).toEqual([['createRoute', null, null]])
    expect(found(`export const Route = createRoute({ path: '/b', getParentRoute: () => root, server: { handlers: { POST: save } } })`)).toEqual([['createRoute', '/b', ['POST']]])
    expect(found(`export function apiRoute(path) { return createFileRoute(path)(${handlers}) }`)).toEqual([['createFileRoute', null, ['GET']]])
    expect(found(`export const Route = createLazyFileRoute('/c')(${handlers})`)).toEqual([['createLazyFileRoute', '/c', ['GET']]])
    // An identifier spelled with Unicode escapes is the same name.
    expect(found(`export const Route = create\\u0046ileRoute('/d')(${handlers})`)).toEqual([['createFileRoute', '/d', ['GET']]])
  })

  test('a module without a route factory is not parsed, one that does not parse yields nothing', () => {
    expect(routes(`export const handlers = { GET: () => new Response() }`)).toEqual([])
    expect(routes(`export const Route = createFileRoute('/a')({ server: {`)).toEqual([])
  })

  test('a factory renamed on import is the factory; a curried factory not called twice may create routes', () => {
    const found = (code: string) => routes(code).map((route) => [route.factory, route.path, route.handlers])
    expect(found(`import { createFileRoute as route } from '@tanstack/react-router'\nexport const Route = route('/a')({ server: { handlers: { GET: list } } })`)).toEqual([['createFileRoute', '/a', 'declared']])
    // Held in a const the module only calls: each call is a route read like any other.
    expect(found(`const make = createFileRoute('/a'); export const Route = make({ server: { handlers: { GET: list } } })`)).toEqual([['createFileRoute', '/a', 'declared']])
    expect(found(`const root = createRootRouteWithContext<Ctx>(); export const Route = root({ component: Root })`)).toEqual([])
    // Handed on (exported, passed, read): a factory that may make routes anywhere.
    expect(found(`export const make = createFileRoute('/a'); export const Route = make({})`)).toEqual([['createFileRoute', '/a', 'maybe']])
    expect(found(`const make = createFileRoute('/a'); use(make)`)).toEqual([['createFileRoute', '/a', 'maybe']])
    expect(found(`const root = createRootRouteWithContext<Ctx>(); export { root }`)).toEqual([['createRootRouteWithContext', null, 'maybe']])
    // A function of the module's own that shares a factory's name is not a route factory.
    expect(found(`function createRoute(stops) { return { stops } }\nexport const trip = createRoute({ server: { handlers: x } })`)).toEqual([])
    expect(found(`const createRoute = (stops) => ({ stops })\nexport const trip = createRoute({ server: { handlers: x } })`)).toEqual([])
    // A binding that may hold the factory itself is still one.
    expect(found(`import * as router from '@tanstack/react-router'\nconst createFileRoute = router.createFileRoute\nexport const Route = createFileRoute('/a')({ server: { handlers: { GET: list } } })`)).toEqual([['createFileRoute', '/a', 'declared']])
    // Not curried: no options, no handlers.
    expect(found(`export const Route = createRootRoute()`)).toEqual([])
  })

  test('a factory read as a value is reported, with where; calls, imports and type positions are not', () => {
    const values = (code: string) => findServerRoutes(parseModule(code, '/app/x.ts'), code, new LineIndex(code)).factoryValues.map((use) => [use.name, use.loc.line])
    expect(values(`import { createFileRoute as cfr } from '@tanstack/react-router'\nconst make = cfr\nexport { cfr as makeRoute }`)).toEqual([['cfr', 2], ['cfr', 3]])
    expect(values(`import * as Router from '@tanstack/react-router'\nconst factories = [Router.createFileRoute]`)).toEqual([['Router.createFileRoute', 2]])
    expect(values(`import { createFileRoute } from '@tanstack/react-router'\nexport { createFileRoute }\nexport const Route = createFileRoute('/a')({})\ntype F = typeof createFileRoute\nconst o = { createFileRoute: 1 }; o.createFileRoute`)).toEqual([])
    expect(values(`const f = (createFileRoute as any)\nconst g = createFileRoute<X>`)).toEqual([['createFileRoute', 1], ['createFileRoute', 2]])
  })

  test('the declaring statement and the wrapped expression', () => {
    const code = `export const Route = (createFileRoute('/a') as any)({ server: { handlers: { GET: list } } }) satisfies object\nexport default createRoute({ path: '/b', server: { handlers: {} } })\nfunction later() { return createFileRoute('/c')({ server: { handlers: {} } }) }`
    const sites = findServerRoutes(parseModule(code, '/app/x.ts'), code, new LineIndex(code)).sites
    expect(sites.map((site) => [site.statement?.type ?? null, code.slice(site.expression.start, site.expression.end).slice(0, 30)])).toEqual([
      ['ExportNamedDeclaration', "(createFileRoute('/a') as any)"],
      ['ExportDefaultDeclaration', "createRoute({ path: '/b', serv"],
      [null, "createFileRoute('/c')({ server"],
    ])
  })

  test('type positions are not routes', () => {
    expect(routes(`type R = ReturnType<typeof createFileRoute>; export const x = 1`)).toEqual([])
  })

  test('whether the module creates a route itself: any factory call counts, with handlers or without; a name in the text does not', () => {
    const creates = (code: string) => findServerRoutes(parseModule(code, '/app/x.tsx'), code, new LineIndex(code)).createsRoutes
    expect(creates(`export const Route = createFileRoute('/about')({ component: About })`)).toBe(true)
    expect(creates(`export const Route = createRootRoute()`)).toBe(true)
    expect(creates(`export const Route = Router.createFileRoute('/a')`)).toBe(true)
    expect(creates(`const name = 'createFileRoute'\nexport const Route = Router[name]('/a')({})`)).toBe(false)
    expect(creates(`// createFileRoute('/a')\nexport const Route = made`)).toBe(false)
    expect(creates(`export const x = 1`)).toBe(false)
  })

  test("a member of the module's own object literal, written there as a function, is not the factory", () => {
    const found = (code: string) => routes(code).map((route) => [route.factory, route.path])
    const handlers = `{ server: { handlers: { GET: list } } }`
    expect(found(`const docs = { createFileRoute: (s) => s }\nexport const x = docs.createFileRoute('/x')(${handlers})`)).toEqual([])
    expect(found(`const docs = { createFileRoute: function (s) { return s } }\nexport const x = docs.createFileRoute('/x')(${handlers})`)).toEqual([])
    expect(found(`const docs = { createFileRoute(s) { return s } }\nexport const x = (docs as any).createFileRoute('/x')(${handlers})`)).toEqual([])
    // Anything else may hold the factory, and is taken for it.
    expect(found(`const kit = { createFileRoute }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { createFileRoute: Router.createFileRoute }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { ...Router, createFileRoute: (s) => s }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { [key]: 1, createFileRoute: (s) => s }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`let kit = { createFileRoute: (s) => s }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { get createFileRoute() { return f } }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { createRoute: (s) => s }\nexport const x = kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    expect(found(`const kit = { createFileRoute: (s) => s }\nexport const x = other.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    // A parameter of the same name is another object.
    expect(found(`const kit = { createFileRoute: (s) => s }\nexport const make = (kit) => kit.createFileRoute('/x')(${handlers})`)).toEqual([['createFileRoute', '/x']])
    // An object that something could change may hold the factory by the time it is called.
    const own = `const docs = { createFileRoute: (s) => s }\n`
    const call = `\nexport const x = docs.createFileRoute('/x')(${handlers})`
    expect(found(`${own}docs.createFileRoute = (await import('@tanstack/react-router')).createFileRoute${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`${own}docs['createFileRoute'] = later()${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`${own}delete docs.createFileRoute${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`${own}Object.assign(docs, await router())${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`${own}export { docs }${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`export const docs = { createFileRoute: (s) => s }${call}`)).toEqual([['createFileRoute', '/x']])
    expect(found(`${own};({ a: docs.createFileRoute } = other)${call}`)).toEqual([['createFileRoute', '/x']])
    // Read, only: its own function.
    expect(found(`${own}const label = docs.createFileRoute('x')${call}`)).toEqual([])
  })

  test('a name a local declaration shadows is not the factory, nor its value', () => {
    const scan = (code: string) => {
      const result = findServerRoutes(parseModule(code, '/app/x.tsx'), code, new LineIndex(code))
      return { sites: result.sites.map((site) => site.factory), values: result.factoryValues.map((use) => use.name) }
    }
    expect(scan(`import { createRoute } from '@tanstack/react-router'\nexport function Planner() { const createRoute = () => 1; return <button onClick={createRoute}>{createRoute({ server: { handlers: { GET } } })}</button> }`)).toEqual({ sites: [], values: [] })
    expect(scan(`function plan(createFileRoute) { return createFileRoute('/x')({ server: { handlers: { GET } } }) }`)).toEqual({ sites: [], values: [] })
    expect(scan(`import * as Router from '@tanstack/react-router'\nfunction f(Router) { return [Router.createFileRoute, Router] }`)).toEqual({ sites: [], values: [] })
    // Not shadowed where it is used: still the factory.
    expect(scan(`import { createFileRoute } from '@tanstack/react-router'\nfunction f() { { const createFileRoute = 1 } return createFileRoute('/x')({ server: { handlers: { GET } } }) }`)).toEqual({ sites: ['createFileRoute'], values: [] })
  })

  test('a namespace of a router package handed on as a value is a factory used as a value', () => {
    const values = (code: string) => findServerRoutes(parseModule(code, '/app/x.ts'), code, new LineIndex(code)).factoryValues.map((use) => use.name)
    const router = `import * as Router from '@tanstack/react-router'\n`
    expect(values(`${router}const { createFileRoute: make } = Router`)).toEqual(['{ … } = Router'])
    expect(values(`${router}const { ...all } = Router`)).toEqual(['{ … } = Router'])
    expect(values(`${router}const { [key]: x } = Router`)).toEqual(['{ … } = Router'])
    expect(values(`${router}const make = Router['create' + 'FileRoute']`)).toEqual(['Router[…]'])
    expect(values(`${router}const R = Router`)).toEqual(['Router'])
    expect(values(`${router}use(Router)`)).toEqual(['Router'])
    expect(values(`import * as Router from '@tanstack/solid-router/ssr'\nuse({ ...Router })`)).toEqual(['Router'])
    // Static members and other names are read as they are; other packages' namespaces are theirs.
    expect(values(`${router}const { Link, Outlet } = Router\nconst l = Router.Link\nexport const Route = Router.createFileRoute('/a')({})`)).toEqual([])
    expect(values(`import * as Icons from 'lucide-react'\nconst Icon = Icons[name]\nuse(Icons)`)).toEqual([])
    expect(values(`import type * as Router from '@tanstack/react-router'\nconst x = 1`)).toEqual([])
  })

  test("route classes: a `new` of one is a route like its factory's; one read as a value is a factory used as a value", () => {
    const scan = (code: string) => {
      const result = findServerRoutes(parseModule(code, '/app/src/router.tsx'), code, new LineIndex(code))
      return { sites: result.sites.map((site) => [site.factory, site.path, site.methods]), values: result.factoryValues.map((use) => use.name), creates: result.createsRoutes }
    }
    const handlers = `server: { handlers: { GET: list } }`
    expect(scan(`import { Route } from '@tanstack/react-router'\nconst extra = new Route({ getParentRoute: () => root, path: 'api/x', ${handlers} })`)).toEqual({ sites: [['Route', 'api/x', ['GET']]], values: [], creates: true })
    expect(scan(`import { RootRoute as Root } from '@tanstack/react-router'\nexport const root = new Root({ ${handlers} } as any)`)).toEqual({ sites: [['RootRoute', null, ['GET']]], values: [], creates: true })
    expect(scan(`import * as Router from '@tanstack/solid-router'\nconst extra = new Router.Route(options)`)).toEqual({ sites: [['Route', null, null]], values: [], creates: true })
    // A page without server handlers is a route, not an endpoint; FileRoute's createRoute is the factory call.
    expect(scan(`import { Route } from '@tanstack/react-router'\nconst page = new Route({ path: 'about', component: About })`)).toEqual({ sites: [], values: [], creates: true })
    expect(scan(`import { FileRoute } from '@tanstack/react-router'\nexport const Route = new FileRoute('/a').createRoute({ ${handlers} })`)).toEqual({ sites: [['createRoute', null, ['GET']]], values: [], creates: true })
    // Read as a value.
    expect(scan(`import { Route } from '@tanstack/react-router'\nclass Mine extends Route {}\nconst R = Route`).values).toEqual(['Route', 'Route'])
    expect(scan(`import * as Router from '@tanstack/react-router'\nconst R = Router.RootRoute`).values).toEqual(['Router.RootRoute'])
    // Another package's Route, a local class, a type: none of them.
    expect(scan(`import { Route } from 'hono-routes'\nconst r = new Route({ ${handlers} })`)).toEqual({ sites: [], values: [], creates: false })
    expect(scan(`import type { Route } from '@tanstack/react-router'\nclass Route2 {}\nconst r = new Route2({ ${handlers} })`)).toEqual({ sites: [], values: [], creates: false })
  })

  test('routes read without handlers are locked where they are made; `__proto__` is read like a spread', () => {
    const scan = (code: string) => {
      const result = findServerRoutes(parseModule(code, '/app/src/routes/x.tsx'), code, new LineIndex(code))
      return { sites: result.sites.map((site) => [site.factory, site.handlers, site.methods, site.methodsStatic]), locks: result.locks.map((lock) => code.slice(lock.start, lock.end)) }
    }
    expect(scan(`export const Route = createFileRoute('/about')({ component: About })`)).toEqual({ sites: [], locks: ["createFileRoute('/about')({ component: About })"] })
    expect(scan(`export const Route = createRootRoute()`)).toEqual({ sites: [], locks: ['createRootRoute()'] })
    expect(scan(`const r = createFileRoute('/x')()`)).toEqual({ sites: [], locks: ["createFileRoute('/x')()"] })
    expect(scan(`import { Route } from '@tanstack/react-router'\nconst r = new Route({ path: 'a' }) as any`)).toEqual({ sites: [], locks: ["new Route({ path: 'a' }) as any"] })
    // A factory (not called with options here) is a site, never a lock.
    expect(scan(`export const make = createFileRoute('/x')`).locks).toEqual([])
    // `__proto__:` may hold what it hides: the route may have handlers, or its handlers other keys.
    expect(scan(`export const Route = createFileRoute('/x')({ __proto__: base })`)).toEqual({ sites: [['createFileRoute', 'maybe', null, false]], locks: [] })
    expect(scan(`export const Route = createFileRoute('/x')({ server: { '__proto__': base } })`)).toEqual({ sites: [['createFileRoute', 'maybe', null, false]], locks: [] })
    expect(scan(`export const Route = createFileRoute('/x')({ server: { handlers: { __proto__: base, GET: list } } })`)).toEqual({ sites: [['createFileRoute', 'declared', null, false]], locks: [] })
    // A computed `['__proto__']` key or a shorthand is an own property, read as such.
    expect(scan(`export const Route = createFileRoute('/x')({ ['__proto__']: base, component: A })`).sites).toEqual([])
    expect(scan(`const __proto__ = 1\nexport const Route = createFileRoute('/x')({ __proto__, component: A })`)).toEqual({ sites: [], locks: ["createFileRoute('/x')({ __proto__, component: A })"] })
  })

  test("a route class read off an object (`new (Route.constructor)(…)`) is a factory used as a value", () => {
    const values = (code: string) => findServerRoutes(parseModule(code, '/app/src/routes/x.tsx'), code, new LineIndex(code)).factoryValues.map((use) => use.name)
    expect(values(`export const Route = createFileRoute('/h')({})\nconst hidden = new (Route.constructor as any)({ path: 'x' })`)).toEqual(['Route.constructor'])
    expect(values(`import { Route as Index } from './index'\nconst rogue = new (Object.getPrototypeOf(Index).constructor)({})`)).toEqual(['Object.getPrototypeOf(Index).constructor'])
    expect(values(`export const Route = createFileRoute('/h')({})\nconst hidden = new (Route?.constructor)({ path: 'x' })`)).toEqual(['Route.constructor'])
    expect(values(`export const Route = createFileRoute('/h')({})\nconst copy = new Map(entries)`)).toEqual([])
  })

  test('the text filter: every way a module may make a route, and not the rest', () => {
    const candidates = [
      "createFileRoute('/a')", 'createLazyFileRoute(x)', 'createRoute({})', 'createLazyRoute(x)', 'createRootRoute()', 'createRootRouteWithContext<C>()',
      'create\\u0046ileRoute', "import * as R from '@tanstack/react-router'", "import*as R from\"@tanstack/solid-router\"",
      'new Route({})', 'new RootRoute()', 'new R.NotFoundRoute()', 'new  Router . FileRoute(p)', 'new LazyRoute(x)', 'new BaseRootRoute()',
      "import { Route } from '@tanstack/react-router'", "import {\n  Link,\n  RootRoute as R,\n} from '@tanstack/vue-router'",
      'const x = new (Route.constructor)({})', 'new (Object.getPrototypeOf(r).constructor)',
      "import * as  R  from '@tanstack/react-router'", "import{Route}from'@tanstack/react-router'", 'rootRouteWithContext<C>()',
    ]
    for (const text of candidates) expect(ROUTE_CANDIDATE_PATTERN.test(text), text).toBe(true)
    const others = [
      'createFileRoutes()', 'mycreateFileRoute()', "import * as React from 'react'", "import { Link } from '@tanstack/react-router'",
      'new Router()', 'new Routes()', 'new RouteApi()', "import { Route } from './routes/index'", 'x.constructor', 'new Map()\nfoo.constructor',
    ]
    for (const text of others) expect(ROUTE_CANDIDATE_PATTERN.test(text), text).toBe(false)
  })

  test('wrappers around factories, classes and holders are looked through; what they wrap decides', () => {
    const scan = (code: string) => {
      const result = findServerRoutes(parseModule(code, '/app/src/routes/x.ts'), code, new LineIndex(code))
      return { sites: result.sites.map((site) => [site.factory, site.path, site.methods, site.statement?.type ?? null]), values: result.factoryValues.map((use) => use.name) }
    }
    const h = `{ server: { handlers: { GET: list } } }`
    const router = `import { Route, RootRoute } from '@tanstack/react-router'\nimport * as Router from '@tanstack/react-router'\nimport * as Other from 'other'\n`
    expect(scan(`${router}export const a = new (Route as any)(${h})`)).toEqual({ sites: [['Route', null, ['GET'], 'ExportNamedDeclaration']], values: [] })
    expect(scan(`${router}export const a = new (Router.RootRoute satisfies unknown)(${h})`)).toEqual({ sites: [['RootRoute', null, ['GET'], 'ExportNamedDeclaration']], values: [] })
    expect(scan(`${router}export const a = new Router['Route'](${h})`)).toEqual({ sites: [['Route', null, ['GET'], 'ExportNamedDeclaration']], values: [] })
    expect(scan(`${router}export const a = new Other.Route(${h})`)).toEqual({ sites: [], values: [] })
    expect(scan(`${router}export const a = (new Route(${h}) as any)`)).toEqual({ sites: [['Route', null, ['GET'], 'ExportNamedDeclaration']], values: [] })
    expect(scan(`${router}const R = (Route as any)\nconst N = Router.NotFoundRoute`).values).toEqual(['Route', 'Router.NotFoundRoute'])
    // The factory through wrappers, called: no value read; its declaration is the statement.
    expect(scan(`export const Route = ((createFileRoute as any)('/a') as any)(${h})`)).toEqual({ sites: [['createFileRoute', '/a', ['GET'], 'ExportNamedDeclaration']], values: [] })
    expect(scan(`export const Route = createFileRoute!<'/a'>('/a')!(${h})`).sites).toEqual([['createFileRoute', '/a', ['GET'], 'ExportNamedDeclaration']])
    // A held factory called through a wrapper is still only called.
    expect(scan(`const make = createFileRoute('/a')\nexport const Route = (make as any)(${h})`).sites).toEqual([['createFileRoute', '/a', ['GET'], 'ExportNamedDeclaration']])
    // Inside a function, or one of several declarators: no declaring statement.
    expect(scan(`function f() { return createFileRoute('/a')(${h}) }`).sites).toEqual([['createFileRoute', '/a', ['GET'], null]])
    expect(scan(`export default (createRoute(${h}) as any)`).sites).toEqual([['createRoute', null, ['GET'], 'ExportDefaultDeclaration']])
  })

  test('keys written as template literals without expressions are names; functions the module declares shadow factories', () => {
    const found = (code: string) => routes(code).map((route) => [route.factory, route.methods])
    expect(found("export const Route = createFileRoute('/x')({ [`server`]: { ['handlers']: { [`GET`]: list, 'POST': save } } })")).toEqual([['createFileRoute', ['GET', 'POST']]])
    expect(found('export const Route = createFileRoute(\'/x\')({ server: { handlers: { [`G${e}T`]: list } } })')).toEqual([['createFileRoute', null]])
    expect(found("const createRoute = class {}\nexport const r = createRoute({ server: { handlers: { GET: x } } })")).toEqual([])
    expect(found("const createRoute = function () {}\nexport const r = createRoute({ server: { handlers: { GET: x } } })")).toEqual([])
    expect(found("export class createRoute {}\nexport const r = createRoute({ server: { handlers: { GET: x } } })")).toEqual([])
    expect(found("const createRoute = pick()\nexport const r = createRoute({ server: { handlers: { GET: x } } })")).toEqual([['createRoute', ['GET']]])
  })
})

describe('server routes: each name and each field', () => {
  const scanOf = (code: string, file = '/app/src/routes/x.tsx') => findServerRoutes(parseModule(code, file), code, new LineIndex(code))

  test('every route class of a router package, read as a value, is a factory used as a value', () => {
    const classes = ['Route', 'RootRoute', 'NotFoundRoute', 'FileRoute', 'LazyRoute', 'BaseRoute', 'BaseRootRoute']
    const code = `import { ${classes.join(', ')} } from '@tanstack/react-router'\nuse(${classes.join(', ')})`
    expect(scanOf(code).factoryValues.map((use) => use.name)).toEqual(classes)
    // Constructed, each but FileRoute (whose `createRoute` is the factory call) makes a route.
    for (const name of classes.filter((name) => name !== 'FileRoute')) {
      const made = scanOf(`import { ${name} as C } from '@tanstack/react-router'\nexport const r = new C({ server: { handlers: { GET: list } } })`)
      expect(made.sites.map((site) => [site.factory, site.methods]), name).toEqual([[name, ['GET']]])
    }
  })

  test('curried factories not called twice here make factories; the others make routes', () => {
    const made = (code: string) => scanOf(code).sites.map((site) => [site.factory, site.handlers, site.makesFactory])
    expect(made(`export const a = createFileRoute('/a')`)).toEqual([['createFileRoute', 'maybe', true]])
    expect(made(`export const a = createLazyFileRoute('/a')`)).toEqual([['createLazyFileRoute', 'maybe', true]])
    expect(made(`export const a = createLazyRoute('/a')`)).toEqual([['createLazyRoute', 'maybe', true]])
    expect(made(`export const a = createRootRouteWithContext<C>()`)).toEqual([['createRootRouteWithContext', 'maybe', true]])
    // The deprecated name of the same factory, still exported by TanStack Router.
    expect(made(`import { rootRouteWithContext } from '@tanstack/react-router'\nexport const a = rootRouteWithContext<C>()`)).toEqual([['rootRouteWithContext', 'maybe', true]])
    expect(made(`import { rootRouteWithContext } from '@tanstack/react-router'\nexport const a = rootRouteWithContext<C>()({ server: { handlers: { GET: list } } })`)).toEqual([['rootRouteWithContext', 'declared', false]])
    expect(scanOf(`import { rootRouteWithContext } from '@tanstack/react-router'\nexport const root = rootRouteWithContext<C>()({ component: Root })`).locks).toHaveLength(1)
    expect(made(`export const a = createRoute(options)`)).toEqual([['createRoute', 'maybe', false]])
    expect(made(`export const a = createRootRoute(options)`)).toEqual([['createRootRoute', 'maybe', false]])
    expect(made(`export const a = createLazyRoute('/a')({ server: { handlers: { GET: list } } })`)).toEqual([['createLazyRoute', 'declared', false]])
  })

  test('a constructed route: its fields', () => {
    const router = `import { Route } from '@tanstack/react-router'\n`
    const site = (code: string) => {
      const [found] = scanOf(router + code).sites
      if (!found) return null
      const { factory, path, handlers, methods, methodEntries, methodsStatic, makesFactory, statement, expression, loc } = found
      return { factory, path, handlers, methods, entries: methodEntries.map((entry) => entry.name), methodsStatic, makesFactory, statement: statement?.type ?? null, expression: (router + code).slice(expression.start, expression.end), column: loc.column }
    }
    expect(site(`export const r = new Route({ path: 'api', server: { handlers: { GET: list, POST: save } } })`)).toEqual({
      factory: 'Route', path: 'api', handlers: 'declared', methods: ['GET', 'POST'], entries: ['GET', 'POST'], methodsStatic: true, makesFactory: false,
      statement: 'ExportNamedDeclaration', expression: `new Route({ path: 'api', server: { handlers: { GET: list, POST: save } } })`, column: 21,
    })
    expect(site(`const r = new Route(...args)`)).toEqual({
      factory: 'Route', path: null, handlers: 'maybe', methods: null, entries: [], methodsStatic: false, makesFactory: false, statement: 'VariableDeclaration', expression: 'new Route(...args)', column: 14,
    })
    expect(site(`const r = new Route({ server: { handlers: { GET: a, GET: b } } })`)).toMatchObject({ handlers: 'declared', methods: null, entries: ['GET', 'GET'], methodsStatic: false })
    expect(site(`const r = new Route({ server: { handlers: { ...shared, GET: a } } })`)).toMatchObject({ handlers: 'declared', methods: null, entries: ['GET'], methodsStatic: false })
    expect(site(`const r = new Route({ server: mine })`)).toMatchObject({ handlers: 'maybe', methods: null, entries: [], methodsStatic: false })
    expect(site(`const r = new Route({ server: { [k]: v } })`)).toMatchObject({ handlers: 'maybe', methods: null, entries: [], methodsStatic: false })
    expect(site(`const r = new Route({ server: { handlers: make() } })`)).toMatchObject({ handlers: 'declared', methods: null, entries: [], methodsStatic: false })
    // Without options, or without handlers: locked, not a site.
    expect(scanOf(`${router}const r = new Route()`).locks.map((lock) => lock.loc.line)).toEqual([2])
    expect(site(`const r = new Route()`)).toBeNull()
  })

  test('where a name reads the factory, and where it only names something', () => {
    const values = (code: string) => scanOf(`import { createFileRoute } from '@tanstack/react-router'\n${code}`).factoryValues.map((use) => code.slice(0, use.loc.column))
    // Reads: each hands the factory on.
    for (const code of [
      'class Kit { static make = createFileRoute }', 'class Kit { [createFileRoute]() {} }', 'class Kit extends createFileRoute {}', 'const kit = { make: createFileRoute }',
      'const kit = { [createFileRoute]: 1 }', 'kit.make = createFileRoute', 'use(kit[createFileRoute])', 'export { createFileRoute as make }',
      "export { createFileRoute as make } from '@tanstack/react-router'", 'function f(x = createFileRoute) {}', 'class Kit { #make = createFileRoute }',
    ]) expect(values(code), code).toHaveLength(1)
    // Names: a key, a member, a label, an export under its own name.
    for (const code of [
      'class Kit { createFileRoute() {} }', 'class Kit { createFileRoute = 1 }', 'const kit = { createFileRoute() {} }', 'const kit = { createFileRoute: 1 }',
      'use(kit.createFileRoute)', 'createFileRoute: for (;;) { break createFileRoute }', 'const { a: createFileRoute } = kit', 'export { createFileRoute }', "export { createFileRoute } from '@tanstack/react-router'",
      "export { x as createFileRoute } from './x'", 'use(function createFileRoute() {})', 'use(class createFileRoute {})',
    ]) expect(values(code), code).toEqual([])
  })

  test('the route expression: a statement, a call around it, type arguments, a curried factory given options at once', () => {
    const sites = (code: string) => scanOf(code).sites.map((site) => [site.factory, site.handlers, site.methods, site.makesFactory, code.slice(site.expression.start, site.expression.end)])
    const h = `{ server: { handlers: { GET: list } } }`
    expect(sites(`import { Route } from '@tanstack/react-router'\nnew Route(${h});`)).toEqual([['Route', 'declared', ['GET'], false, `new Route(${h})`]])
    expect(sites(`createRoute(${h});`)).toEqual([['createRoute', 'declared', ['GET'], false, `createRoute(${h})`]])
    expect(sites(`export const r = wrap(createRoute(${h}))`)).toEqual([['createRoute', 'declared', ['GET'], false, `createRoute(${h})`]])
    expect(sites(`export const r = (createFileRoute('/a')<Ctx>)(${h})`)).toEqual([['createFileRoute', 'declared', ['GET'], false, `(createFileRoute('/a')<Ctx>)(${h})`]])
    expect(sites(`export const r = createRoute(...args)`)).toEqual([['createRoute', 'maybe', null, false, 'createRoute(...args)']])
    // A curried factory's first call takes a path, not options: what it returns is a factory.
    expect(sites(`export const r = createFileRoute(${h})`)).toEqual([['createFileRoute', 'maybe', null, true, `createFileRoute(${h})`]])
  })

  test('imports: type-only imports are no factories nor classes; string names are names', () => {
    const sites = (code: string) => scanOf(code).sites.map((site) => site.factory)
    const h = `{ server: { handlers: { GET: list } } }`
    expect(sites(`import type { createFileRoute as cfr } from '@tanstack/react-router'\nexport const r = cfr('/a')(${h})`)).toEqual([])
    expect(sites(`import { type createFileRoute as cfr } from '@tanstack/react-router'\nexport const r = cfr('/a')(${h})`)).toEqual([])
    expect(sites(`import { 'createFileRoute' as cfr } from '@tanstack/react-router'\nexport const r = cfr('/a')(${h})`)).toEqual(['createFileRoute'])
    expect(sites(`import type { Route } from '@tanstack/react-router'\nexport const r = new Route(${h})`)).toEqual([])
    expect(sites(`import { type Route } from '@tanstack/react-router'\nexport const r = new Route(${h})`)).toEqual([])
    expect(sites(`import { 'Route' as R } from '@tanstack/react-router'\nexport const r = new R(${h})`)).toEqual(['Route'])
    expect(sites(`import { Route } from 'vendor/@tanstack/react-router'\nexport const r = new Route(${h})`)).toEqual([])
    const values = (code: string) => scanOf(code).factoryValues.map((use) => use.name)
    expect(values(`import type * as Router from '@tanstack/react-router'\nuse(Router)`)).toEqual([])
    expect(values(`import * as Router from 'vendor/@tanstack/react-router'\nuse(Router)`)).toEqual([])
  })

  test("declarations of the module's own under a factory's name, and ones that are not its own functions", () => {
    const sites = (code: string) => scanOf(code).sites.map((site) => site.factory)
    const call = `\nexport const r = createRoute({ server: { handlers: { GET: list } } })`
    expect(sites(`export default function createRoute(x) { return x }${call}`)).toEqual([])
    expect(sites(`export default class createRoute {}${call}`)).toEqual([])
    expect(sites(`export default function () {}${call}`)).toEqual(['createRoute'])
    expect(sites(`let createRoute${call}`)).toEqual(['createRoute'])
    expect(sites(`const { createRoute } = kit${call}`)).toEqual(['createRoute'])
  })

  test('held factories: only a const the module only calls, where no local hides it', () => {
    const sites = (code: string) => scanOf(code).sites.map((site) => [site.factory, site.path, site.handlers, site.makesFactory])
    const h = `{ server: { handlers: { GET: list } } }`
    expect(sites(`let make = createFileRoute('/a')\nexport const Route = make(${h})`)).toEqual([['createFileRoute', '/a', 'maybe', true]])
    expect(sites(`var make = createFileRoute('/a')\nexport const Route = make(${h})`)).toEqual([['createFileRoute', '/a', 'maybe', true]])
    expect(sites(`const make = createFileRoute('/a')\nfunction f(make) { return make(${h}) }`)).toEqual([])
    expect(sites(`const make = createFileRoute('/a'), other = make\nexport const Route = make(${h})`)).toEqual([['createFileRoute', '/a', 'maybe', true]])
    expect(sites(`const make = createFileRoute('/a')\nexport const Route = make(${h})\nexport const Other = make(${h})`)).toEqual([['createFileRoute', '/a', 'declared', false], ['createFileRoute', '/a', 'declared', false]])
    expect(sites(`const make = createFileRoute\nexport const Route = make('/a')(${h})`)).toEqual([])
    expect(sites(`const make = createRoute(options)\nexport const Route = make(${h})`)).toEqual([['createRoute', null, 'maybe', false]])
    expect(sites(`const make = Router.createFileRoute('/a')\nexport const Route = make(${h})`)).toEqual([['createFileRoute', '/a', 'maybe', true]])
    const creates = (code: string) => scanOf(code).createsRoutes
    expect(creates(`const root = createRootRouteWithContext<C>()`)).toBe(true)
  })

  test('a factory reached through a namespace is found where a local of its own name hides the bare name', () => {
    expect(scanOf(`function f(createFileRoute) { return Router.createFileRoute('/x')({ server: { handlers: { GET: list } } }) }`).sites.map((site) => site.factory)).toEqual(['createFileRoute'])
  })

  test('namespaces of a router package: how each use reads it', () => {
    const values = (code: string) => scanOf(`import * as Router from '@tanstack/react-router'\n${code}`).factoryValues.map((use) => use.name)
    expect(values(`const { Link, createFileRoute: make } = Router`)).toEqual(['{ … } = Router'])
    expect(values(`use(x[Router])`)).toEqual(['Router'])
    expect(values(`use(Router?.[key])`)).toEqual(['Router[…]'])
    expect(values(`;({ Link } = Router)`)).toEqual(['Router'])
    // JSX element names: a component read, not a factory handed on.
    expect(values(`export const A = () => <Router.Link to="/" />`)).toEqual([])
  })

  test('classes and factories through wrappers, type arguments and optional members; what is not one', () => {
    const scan = (code: string) => {
      const result = scanOf(`import { Route } from '@tanstack/react-router'\nimport * as Router from '@tanstack/react-router'\n${code}`)
      return { sites: result.sites.map((site) => site.factory), values: result.factoryValues.map((use) => use.name) }
    }
    const h = `{ server: { handlers: { GET: list } } }`
    expect(scan(`export const r = new (Router?.Route)(${h})`)).toEqual({ sites: ['Route'], values: [] })
    expect(scan(`export const r = new (Route<Ctx>)(${h})`)).toEqual({ sites: ['Route'], values: [] })
    expect(scan(`export const r = new (pick())(${h})`)).toEqual({ sites: [], values: [] })
    expect(scan(`export const r = new Router.Link(${h})`)).toEqual({ sites: [], values: [] })
    expect(scan(`export const r = new Wrapper(Route)`)).toEqual({ sites: [], values: ['Route'] })
    expect(scan(`use(createFileRoute)`)).toEqual({ sites: [], values: ['createFileRoute'] })
    expect(scan(`export const r = (createFileRoute<'/a'>)('/a')(${h})`)).toEqual({ sites: ['createFileRoute'], values: [] })
    expect(scan(`export const r = createRoute('/x')`).sites).toEqual(['createRoute'])
    expect(scanOf(`export const r = createRoute('/x')`).sites[0]!.path).toBeNull()
  })

  test('the declaring statement: a top-level declaration of one route, nothing nested', () => {
    const statements = (code: string) => scanOf(code).sites.map((site) => site.statement?.type ?? null)
    const route = `createRoute({ server: { handlers: { GET: list } } })`
    expect(statements(`const r = ${route}`)).toEqual(['VariableDeclaration'])
    expect(statements(`export const r = ${route}`)).toEqual(['ExportNamedDeclaration'])
    expect(statements(`export default ${route}`)).toEqual(['ExportDefaultDeclaration'])
    expect(statements(`function f() { const r = ${route} }`)).toEqual([null])
    expect(statements(`export function f() { const r = ${route} }`)).toEqual([null])
    expect(statements(`{ const r = ${route} }`)).toEqual([null])
    expect(statements(`const o = { r: ${route} }`)).toEqual([null])
    expect(statements(`const r = [${route}]`)).toEqual([null])
    expect(statements(`export default [${route}]`)).toEqual([null])
    expect(statements(`${route}`)).toEqual([null])
  })

  test("an object of the module's own: every way a member may be written takes it for the factory", () => {
    const found = (code: string) => routes(code).map((route) => route.factory)
    const own = `const docs = { createFileRoute: (s) => s }\n`
    const call = `\nexport const x = docs.createFileRoute('/x')({ server: { handlers: { GET: list } } })`
    for (const write of ['for (docs.createFileRoute of makers);', 'for (docs.createFileRoute in makers);', 'docs.createFileRoute++', ';[docs.createFileRoute] = makers', ';[...docs.createFileRoute] = makers', ';[docs.createFileRoute = f] = makers', ';({ ...docs.createFileRoute } = o)', 'use(other[docs])']) {
      expect(found(own + write + call), write).toEqual(['createFileRoute'])
    }
    for (const read of ['typeof docs.createFileRoute', 'for (const m of docs.createFileRoute(1));', 'use(docs?.createFileRoute)', ';(docs as any).label']) {
      expect(found(own + read + call), read).toEqual([])
    }
    expect(found(`${own}export const x = docs?.createFileRoute('/x')({ server: { handlers: { GET: list } } })`)).toEqual([])
  })

  test('handlers written as a function of `createHandlers`: only the one form TanStack calls', () => {
    const methods = (handlers: string) => routes(`export const Route = createFileRoute('/x')({ server: { handlers: ${handlers} } })`).map((route) => route.methods)
    expect(methods(`({ createHandlers }) => { return createHandlers({ GET: list }); log() }`)).toEqual([null])
    expect(methods(`({ createHandlers }) => createHandlers({ GET: list }, extra)`)).toEqual([null])
    expect(methods(`({ createHandlers }) => createHandlers(list)`)).toEqual([null])
    expect(methods(`(ctx) => createHandlers({ GET: list })`)).toEqual([null])
    expect(methods(`() => createHandlers({ GET: list })`)).toEqual([null])
    expect(methods(`({ createHandlers = mine }) => createHandlers({ GET: list })`)).toEqual([null])
    expect(methods(`({ ...tools }) => createHandlers({ GET: list })`)).toEqual([null])
    expect(methods(`({ other: createHandlers }) => createHandlers({ GET: list })`)).toEqual([null])
    expect(methods(`({ ['createHandlers']: make }) => make({ GET: list })`)).toEqual([['GET']])
    expect(methods(`function ({ createHandlers }) { return createHandlers({ GET: list }) }`)).toEqual([null])
  })

  test('keys: numbers are names, a method named `__proto__` is an own key', () => {
    const methods = (handlers: string) => routes(`export const Route = createFileRoute('/x')({ server: { handlers: ${handlers} } })`).map((route) => route.methods)
    expect(methods(`{ 1: list, GET: list }`)).toEqual([['1', 'GET']])
    expect(methods(`{ __proto__() {}, GET: list }`)).toEqual([['__proto__', 'GET']])
  })

  test('a factory or a route class named in JSX, or read off a FileRoute other than called, is handed on', () => {
    const values = (code: string) => scanOf(`import { createRoute as Make, Route, FileRoute, Link } from '@tanstack/react-router'\nimport * as Router from '@tanstack/react-router'\n${code}`).factoryValues.map((use) => use.name)
    expect(values('const make = (<Make />).type')).toEqual(['Make'])
    expect(values('const make = (<Route></Route>).type')).toEqual(['Route'])
    expect(values('const make = (<Router.createRoute />).type')).toEqual(['Router.createRoute'])
    expect(values('const make = (<Router.RootRoute />).type')).toEqual(['Router.RootRoute'])
    expect(values('const make = (<Make.inner />).type')).toEqual(['Make'])
    // Components, intrinsic elements and another package's names are not.
    expect(values('const a = <Link to="/" />\nconst b = <Router.Link />\nconst c = <createRoute />\nconst d = <div className="Make" />')).toEqual([])
    expect(values('function F() { const Make = () => null; return <Make /> }')).toEqual([])
    expect(values("export const r = new FileRoute('/x').createRoute({ server: { handlers: { GET: list } } })")).toEqual([])
    expect(values("const make = new FileRoute('/x').createRoute")).toEqual(['new FileRoute(…).createRoute'])
    expect(values("const make = (new FileRoute('/x') as any)['createRoute']")).toEqual(['new FileRoute(…).createRoute'])
    expect(values("const make = new FileRoute('/x')[key]")).toEqual(['new FileRoute(…).createRoute'])
    expect(values("const { createRoute: make } = new FileRoute('/x')")).toEqual(['new FileRoute(…).createRoute'])
    expect(values("const path = new FileRoute('/x').path")).toEqual([])
  })

  test('optional calls and optional members are calls and members like the others', () => {
    const scan = (code: string) => {
      const result = scanOf(code)
      return { sites: result.sites.map((site) => [site.factory, site.methods]), values: result.factoryValues.map((use) => use.name) }
    }
    expect(scan(`export const r = createRoute?.({ server: { handlers: { GET: list } } })`)).toEqual({ sites: [['createRoute', ['GET']]], values: [] })
    expect(scan(`export const r = Router?.createRoute({ server: { handlers: { GET: list } } })`)).toEqual({ sites: [['createRoute', ['GET']]], values: [] })
    expect(scan(`import * as Router from '@tanstack/react-router'\nconst f = Router?.createFileRoute\nconst R = Router?.Route`)).toEqual({ sites: [], values: ['Router.createFileRoute', 'Router.Route'] })
    // A class of another package's namespace is that package's.
    expect(scan(`import * as Other from 'other'\nconst R = Other.Route\nconst f = Other.createFileRoute`)).toEqual({ sites: [], values: ['Other.createFileRoute'] })
  })
})
