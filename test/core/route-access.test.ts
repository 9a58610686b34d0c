import { describe, expect, test } from 'vitest'
import { analyzeModule, analyzeRoutesOf, writeRouteWraps } from '../../src/core/index.ts'

const FILE = '/app/src/routes/api/users.ts'
const analyze = (code: string, options: { routeMiddleware?: boolean } = {}) =>
  analyzeRoutesOf(code, FILE, { routeMiddleware: options.routeMiddleware ?? true, withServerFns: /createServerFn/.test(code) })
const codes = (code: string, options?: { routeMiddleware?: boolean }) => analyze(code, options).diagnostics.map((d) => [d.code, d.loc.line])
const access = (code: string) =>
  analyze(code).routes.map((route) => ({
    route: route.access.kind,
    methods: route.methods?.map((m) => `${m.method}:${m.access.kind === 'public' ? `public(${m.access.reason})` : 'protected'}`) ?? null,
  }))

describe('server route access', () => {
  test('protected unless annotated: the whole route above its declaration, one method above its key', () => {
    expect(access(`export const Route = createFileRoute('/api/users')({ server: { handlers: { GET: list, POST: save } } })`)).toEqual([
      { route: 'protected', methods: ['GET:protected', 'POST:protected'] },
    ])
    expect(access(`// @auth public: open data\nexport const Route = createFileRoute('/api/users')({ server: { handlers: { GET: list } } })`)).toEqual([
      { route: 'public', methods: ['GET:public(open data)'] },
    ])
    const methodLevel = `export const Route = createFileRoute('/api/users')({
  server: {
    handlers: {
      // @auth public: the list is public
      GET: list,
      POST: save,
    },
  },
})`
    expect(access(methodLevel)).toEqual([{ route: 'protected', methods: ['GET:public(the list is public)', 'POST:protected'] }])
    expect(analyze(methodLevel).wraps.map((wrap) => wrap.meta)).toEqual([{ path: '/api/users', line: 1, public: { GET: 'the list is public' } }])
    // In the function form TanStack calls, too.
    expect(access(`export const Route = createFileRoute('/x')({ server: { handlers: ({ createHandlers }) => createHandlers({\n  // @auth public: ping\n  HEAD: ping,\n  GET: list }) } })`)).toEqual([
      { route: 'protected', methods: ['HEAD:public(ping)', 'GET:protected'] },
    ])
  })

  test('handlers that cannot be listed are protected whole, and a public route is registered as open', () => {
    const unlisted = analyze(`export const Route = createFileRoute('/x')({ server: { handlers: shared } })`)
    expect([unlisted.routes[0]!.methods, unlisted.wraps.map((wrap) => wrap.meta)]).toEqual([null, [{ path: '/x', line: 1, public: {} }]])
    expect(analyze(`// @auth public: status page\nexport const Route = createFileRoute('/x')(options)`).wraps.map((wrap) => wrap.meta)).toEqual([
      { path: '/x', line: 2, public: {}, open: 'status page' },
    ])
  })

  test('the generated route tree is checked once it is built', () => {
    const tree = `import { Route as rootRouteImport } from './routes/__root'
const rootRouteChildren = {}
export const routeTree = rootRouteImport._addFileChildren(rootRouteChildren)._addFileTypes()
`
    const analysis = analyze(tree)
    expect([analysis.routes, analysis.tree]).toEqual([[], tree.indexOf('._addFileTypes()') + '._addFileTypes()'.length])
    expect(writeRouteWraps(tree, analysis.ast!, analysis.wraps, 'serverfn-auth/runtime', analysis.tree)!.toString()).toContain('._addFileTypes();__serverFnAuthRoutes.protectTree(routeTree);')
    expect(analyze(`export const routeTree2 = 1; export let x = createFileRoute`).tree).toBeNull()
  })

  test('the rules of directives hold: a reason, a known word, one per declaration, attached, one declarator', () => {
    expect(codes(`// @auth public\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([['SFA201', 1]])
    expect(codes(`// @auth publik: typo\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([['SFA202', 1]])
    expect(codes(`// @auth public: a\n// @auth public: b\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([['SFA203', 2]])
    expect(codes(`// @auth public: a\n\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([['SFA207', 1]])
    expect(codes(`export const Route = createFileRoute('/x')({ server: { handlers: {\n  GET: a,\n  // @auth public: b\n\n  POST: c } } })`)).toEqual([['SFA207', 3]])
    expect(codes(`// @auth public: a\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } }), Other = 1`)).toEqual([['SFA208', 1]])
    expect(codes(`// @auth public: a\nexport const helper = 1\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([['SFA204', 1]])
    // A directive that failed opens nothing.
    expect(access(`// @auth public\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: a } } })`)).toEqual([{ route: 'protected', methods: ['GET:protected'] }])
  })

  test('SFA703: a method directive where another value may end up under the method', () => {
    for (const handlers of ['{ ...more,\n  // @auth public: x\n  GET: a }', '{\n  // @auth public: x\n  GET: a, [key]: b }', '{\n  // @auth public: x\n  GET: a, GET: b }']) {
      const analysis = analyze(`export const Route = createFileRoute('/x')({ server: { handlers: ${handlers} } })`)
      expect(analysis.diagnostics.map((d) => d.code), handlers).toEqual(['SFA703'])
      expect(analysis.wraps[0]!.meta.public).toEqual({})
    }
  })

  test('SFA701: a route that is not public needs routes.middleware; SFA702: a factory used as a value', () => {
    const route = `export const Route = createFileRoute('/api/users')({ server: { handlers: { GET: list } } })`
    expect(codes(route, { routeMiddleware: false })).toEqual([['SFA701', 1]])
    expect(analyze(route, { routeMiddleware: false }).diagnostics[0]!.message).toContain('The server route /api/users declares `server.handlers` (GET)')
    expect(codes(`export const Route = createFileRoute('/x')(options)`, { routeMiddleware: false })).toEqual([['SFA701', 1]])
    expect(codes(`// @auth public: open\n${route}`, { routeMiddleware: false })).toEqual([])
    expect(codes(`export const Route = createFileRoute('/x')({ server: { handlers: {\n  // @auth public: open\n  GET: a } } })`, { routeMiddleware: false })).toEqual([])
    expect(codes(`import { createFileRoute as f } from '@tanstack/react-router'\nexport const make = f`)).toEqual([['SFA702', 2]])
  })

  test('in a module with server functions each analysis reads its own directives, and none is reported twice', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'
// @auth public: health
export const health = createServerFn().handler(() => 'ok')
// @auth public: open route
export const Route = createFileRoute('/x')({ server: { handlers: {
  // @auth public
  GET: a } } })
// @auth public: nothing
export const n = 1
`
    const routes = analyze(code)
    const functions = analyzeModule(code, { file: FILE })
    expect(routes.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA201', 6]])
    expect(functions.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA204', 8]])
    expect(routes.routes[0]!.access).toEqual({ kind: 'public', reason: 'open route' })
    expect(functions.declarations.map((d) => [d.name, d.access.kind])).toEqual([['health', 'public']])
  })

  test('the transform wraps each route on its own lines and imports the runtime once', () => {
    const code = `import { createFileRoute } from '@tanstack/react-router'
export const Route = createFileRoute('/api/users')({
  server: { handlers: { GET: list } },
})
`
    const analysis = analyze(code)
    const output = writeRouteWraps(code, analysis.ast!, analysis.wraps, 'serverfn-auth/runtime')!.toString()
    expect(output).toBe(`import { createFileRoute } from '@tanstack/react-router';import * as __serverFnAuthRoutes from "serverfn-auth/runtime";
export const Route = __serverFnAuthRoutes.route(createFileRoute('/api/users')({
  server: { handlers: { GET: list } },
}), {"path":"/api/users","line":2,"public":{}})
`)
    expect(writeRouteWraps(code, analysis.ast!, [], 'serverfn-auth/runtime')).toBeNull()
    // The name is one the module does not use.
    const taken = `const __serverFnAuthRoutes = 1\n${code}`
    const again = analyze(taken)
    expect(writeRouteWraps(taken, again.ast!, again.wraps, 'serverfn-auth/runtime')!.toString()).toContain('__serverFnAuthRoutes1.route(')
  })

  test('a module without a route factory, or that does not parse, has no routes', () => {
    expect(analyze(`export const x = 1`)).toMatchObject({ routes: [], wraps: [], ast: null })
    expect(analyze(`export const Route = createFileRoute('/x')({`)).toMatchObject({ routes: [], wraps: [], ast: null })
  })

  test('a public directive on a route factory fails (SFA705) and opens nothing; on a route it opens that route', () => {
    const factory = `// @auth public: status endpoints\nexport const statusRoute = createFileRoute('/api/status')`
    expect(codes(factory)).toEqual([['SFA705', 1]])
    expect(analyze(factory).wraps.map((wrap) => wrap.meta)).toEqual([{ path: '/api/status', line: 2, public: {} }])
    expect(access(factory)).toEqual([{ route: 'protected', methods: null }])
    // Called with its options where it is declared, it is a route, and the directive opens it.
    expect(codes(`// @auth public: status\nexport const Route = createFileRoute('/api/status')({ server: { handlers: { GET: ok } } })`)).toEqual([])
  })

  test('roles and the optional session are for server functions: on a route or a method they fail (SFA707) and the route stays protected', () => {
    const route = `// @auth role: admin\nexport const Route = createFileRoute('/api/users')({ server: { handlers: { GET: list } } })`
    expect(codes(route)).toEqual([['SFA707', 1]])
    expect(access(route)).toEqual([{ route: 'protected', methods: ['GET:protected'] }])
    const method = `export const Route = createFileRoute('/api/users')({ server: { handlers: {\n  // @auth optional: who is signed in\n  GET: list,\n  POST: save } } })`
    expect(codes(method)).toEqual([['SFA707', 2]])
    expect(access(method)).toEqual([{ route: 'protected', methods: ['GET:protected', 'POST:protected'] }])
    expect(analyze(method).wraps.map((wrap) => wrap.meta)).toEqual([{ path: '/api/users', line: 1, public: {} }])
    // A server function in the same module keeps its own directives.
    const mixed = `import { createServerFn } from '@tanstack/react-start'\n// @auth role: admin\nexport const Route = createFileRoute('/x')({ server: { handlers: { GET: list } } })\n// @auth role: admin\nexport const f = createServerFn().handler(() => 1)\n`
    expect(codes(mixed)).toEqual([['SFA707', 2]])
    const fns = analyzeModule(mixed, { file: FILE, access: { roles: new Set(['admin']), optional: false } })
    expect(fns.diagnostics).toEqual([])
    expect(fns.declarations.map((d) => [d.name, d.access])).toEqual([['f', { kind: 'protected', roles: ['admin'] }]])
  })

  test('handler keys that are members of Object.prototype are methods like any other', () => {
    const code = `export const Route = createFileRoute('/x')({ server: { handlers: {\n  // @auth public: open\n  GET: list,\n  constructor: a,\n  toString: b,\n  hasOwnProperty: c } } })`
    expect(access(code)).toEqual([{ route: 'protected', methods: ['GET:public(open)', 'constructor:protected', 'toString:protected', 'hasOwnProperty:protected'] }])
  })

  test('server handlers in a lazy route fail (SFA706); a lazy route with a component only does not', () => {
    expect(codes(`export const Route = createLazyFileRoute('/x')({ component: Page, server: { handlers: { GET: list } } })`)).toEqual([['SFA706', 1]])
    expect(codes(`export const Route = createLazyRoute('/x')({ server: { handlers: ({ createHandlers }) => createHandlers({ GET: list }) } })`)).toEqual([['SFA706', 1]])
    expect(codes(`export const Route = createLazyFileRoute('/x')({ component: Page })`)).toEqual([])
    expect(codes(`export const Route = createLazyFileRoute('/x')(lazyOptions)`)).toEqual([])
    expect(codes(`export const Route = createFileRoute('/x')({ server: { handlers: { GET: list } } })`)).toEqual([])
  })

  test('a route without handlers is wrapped to be locked, and listed nowhere', () => {
    const page = analyze(`export const Route = createFileRoute('/about')({ component: About })`)
    expect(page.routes).toEqual([])
    expect(page.diagnostics).toEqual([])
    expect(page.wraps.map((wrap) => wrap.meta)).toEqual([{ path: null, line: 1, public: {}, lock: true }])
    // Without routes.middleware too: a page needs none.
    expect(codes(`export const Route = createFileRoute('/about')({ component: About })`, { routeMiddleware: false })).toEqual([])
  })
})

describe('server route access: messages and the written code', () => {
  const message = (code: string, options?: { routeMiddleware?: boolean }) => analyze(code, options).diagnostics.map((d) => `${d.code} ${d.message}`)
  const route = (handlers = '{ GET: a }') => `export const Route = createFileRoute('/x')({ server: { handlers: ${handlers} } })`

  test('each diagnostic says what it found', () => {
    expect(message(`// @auth public: a\nexport const helper = 1\n${route()}`)).toEqual(['SFA204 `@auth` directive is on a statement that declares no server function or server route.'])
    expect(message(`// @auth public: a\n${route()}, Other = 1`)).toEqual(['SFA208 An `@auth` directive leads a statement that declares several names; it would apply to all of them.'])
    expect(message(`import { LazyRoute } from '@tanstack/react-router'\nexport const r = new LazyRoute({ server: { handlers: { GET: a } } })`)).toEqual([
      'SFA706 A lazy route (`LazyRoute`) declares `server.handlers`: TanStack merges a lazy part into its route only when the page first loads it, after the route tree was protected, so these handlers are never served protected.',
    ])
    expect(message(`// @auth public: all\nexport const make = createFileRoute('/x')`)).toEqual([
      "SFA705 `@auth public` on a route factory (`createFileRoute(…)` not called with the route's options here): it would open every route made with it.",
    ])
    expect(message(route('{ ...more,\n  // @auth public: x\n  GET: a }'))).toEqual([
      'SFA703 `@auth` directive on the method `GET` of a `handlers` object with a spread, a computed key or a key written twice: another handler may end up under `GET`.',
    ])
    expect(message(`import { createFileRoute as f } from '@tanstack/react-router'\nexport const make = f`)).toEqual([
      'SFA702 The route factory `f` is used as a value, so the routes it creates cannot be found and their handlers would not be protected.',
    ])
  })

  test('SFA701 names the route, what it declares and its protected methods', () => {
    const without = { routeMiddleware: false }
    expect(message(`export const r = createRoute(options)`, without)).toEqual([
      'SFA701 The server route created by `createRoute` may declare `server.handlers`, and `routes.middleware` is not configured: nothing would check the session before its handlers.',
    ])
    expect(message(route('{\n  // @auth public: feed\n  GET: a,\n  POST: b,\n  PUT: c }'), without)).toEqual([
      'SFA701 The server route /x declares `server.handlers` (POST, PUT), and `routes.middleware` is not configured: nothing would check the session before its handlers.',
    ])
    expect(message(route('make()'), without)).toEqual([
      'SFA701 The server route /x declares `server.handlers`, and `routes.middleware` is not configured: nothing would check the session before its handlers.',
    ])
  })

  test('a module without routes: nothing at all', () => {
    expect(analyze(`export const x = 1`)).toEqual({ file: FILE, routes: [], diagnostics: [], wraps: [], tree: null, createsRoutes: false, ast: null })
  })

  test('the generated tree is found however its declaration is spaced, and only as one exported const', () => {
    const tree = (declaration: string) => analyze(`import { Route as root } from './routes/__root'\n${declaration}`).tree
    expect(tree(`export const routeTree=root._addFileChildren({})`)).not.toBeNull()
    expect(tree(`export const routeTree = root._addFileChildren({}), other = 1`)).toBeNull()
    expect(tree(`export const { routeTree } = root\nexport const routeTree2 = 1`)).toBeNull()
    expect(tree(`const routeTree = root._addFileChildren({})\nexport const routeTree1 = 1`)).toBeNull()
    expect(tree(`export function routeTree() {}\nexport const routeTree3 = 1`)).toBeNull()
  })

  test('the runtime import: after the last import, with one semicolon; first otherwise; a name the module does not use', () => {
    const written = (code: string) => {
      const analysis = analyze(code)
      return writeRouteWraps(code, analysis.ast!, analysis.wraps, 'serverfn-auth/runtime', analysis.tree)!.toString()
    }
    expect(written(`import { createFileRoute } from '@tanstack/react-router';\n${route()}`)).toContain(`from '@tanstack/react-router';import * as __serverFnAuthRoutes from "serverfn-auth/runtime";\n`)
    expect(written(`// a route\n${route()}`)).toBe(`// a route\nimport * as __serverFnAuthRoutes from "serverfn-auth/runtime";export const Route = __serverFnAuthRoutes.route(createFileRoute('/x')({ server: { handlers: { GET: a } } }), {"path":"/x","line":2,"public":{}})`)
    expect(written(`const __serverFnAuthRoutes = 1, __serverFnAuthRoutes1 = 2\n${route()}`)).toContain('__serverFnAuthRoutes2.route(')
    const tree = `import { Route as root } from './routes/__root';\nexport const routeTree = root._addFileChildren({});\n`
    expect(written(tree)).toBe(`import { Route as root } from './routes/__root';import * as __serverFnAuthRoutes from "serverfn-auth/runtime";\nexport const routeTree = root._addFileChildren({});__serverFnAuthRoutes.protectTree(routeTree);\n`)
  })
})
