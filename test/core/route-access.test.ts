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
