import * as startClientCore from '@tanstack/start-client-core'
import { describe, expect, test } from 'vitest'
import { loadRouteRuntime, serveRoute } from '../support/route-runtime.ts'

/**
 * The runtime's `route` and `protectTree` on their own, with TanStack's real createMiddleware:
 * what a wrapped route does with a request, whatever the static analysis saw.
 */

const load = (options: { configured?: boolean; nested?: boolean } = {}) => loadRouteRuntime(options)
const serve = serveRoute

const meta = (publicMethods: Record<string, string> = {}) => ({ path: '/api/x', line: 1, public: publicMethods })

/** A route as TanStack's router-core builds one: its options, `update` and `addChildren`. */
const fakeRoute = (server: object, children?: unknown[]) => ({
  options: { server },
  update() { return this },
  addChildren() { return this },
  ...(children ? { children } : {}),
})

describe('the route runtime', () => {
  test('every method but the public ones gets the session first; the handler itself refuses without its mark', async () => {
    const { route } = await load()
    const order: string[] = []
    const own = startClientCore.createMiddleware().server(({ next }) => (order.push('own'), next()))
    const r = route(fakeRoute({ middleware: [own], handlers: { GET: () => new Response('list'), POST: { handler: ({ context }: any) => new Response(`saved by ${context.user}`) } } }), meta({ GET: 'public list' }))
    expect(await serve(r, 'GET')).toEqual([200, 'list'])
    expect(await serve(r, 'POST')).toEqual([401, 'no session'])
    expect(order).toEqual(['own'])
    expect(await serve(r, 'POST', 'ok')).toEqual([200, 'saved by ada'])
    // The handler, reached without the session middleware's own next(): 401, and it never runs.
    const forged = await r.options.server.handlers.POST.handler({ context: { user: 'mallory', __serverFnAuthRouteSession: {} } })
    expect([forged.status, await forged.text()]).toEqual([401, 'Unauthorized'])
  })

  test("nothing can take the protection away: options.server and options are read-only, handlers frozen", async () => {
    const { route } = await load()
    const r = route(fakeRoute({ handlers: { GET: () => new Response('secret') } }), meta())
    expect(() => Object.assign(r.options, { server: { handlers: { GET: () => new Response('open') } } })).toThrow(TypeError)
    expect(() => { 'use strict'; r.options = {} }).toThrow(TypeError)
    expect(() => { r.options.server.handlers.GET = () => new Response('open') }).toThrow(TypeError)
    expect(await serve(r, 'GET')).toEqual([401, 'no session'])
    // A route is wrapped once.
    expect(route(r, meta())).toBe(r)
  })

  test('handlers of any shape: a function form, inherited keys, ANY and HEAD; the session middleware with middleware of its own', async () => {
    const { route } = await load({ nested: true })
    const inherited = Object.create({ ANY: ({ context }: any) => new Response(`any ${context.db} ${context.user}`) })
    const r = route(fakeRoute({ handlers: () => inherited }), meta())
    expect(await serve(r, 'DELETE')).toEqual([401, 'no session'])
    expect(await serve(r, 'HEAD')).toEqual([401, 'no session'])
    expect(await serve(r, 'DELETE', 'ok')).toEqual([200, 'any pool ada'])
  })

  test('a factory is wrapped so that the routes it creates are protected; a public route is only registered', async () => {
    const { route } = await load()
    const factory = route((options: object) => fakeRoute(options), meta())
    expect(await serve(factory({ handlers: { GET: () => new Response('secret') } }), 'GET')).toEqual([401, 'no session'])
    const open = fakeRoute({ handlers: { GET: () => new Response('ok') } })
    expect(route(open, { ...meta(), open: 'health' })).toBe(open)
    expect(await serve(open, 'GET')).toEqual([200, 'ok'])
  })

  test('a value that is no TanStack route (a function of the app named createRoute) is left as it is', async () => {
    const { route } = await load()
    const record = { id: 7, options: { server: { handlers: { GET: 1 } } } }
    expect(route(record, meta())).toBe(record)
    expect(Object.getOwnPropertyDescriptor(record, 'options')!.writable).toBe(true)
    expect(record.options.server.handlers.GET).toBe(1)
  })

  test('a parent route (one with children) leaves the session to its handler when it cannot tell the request is its own, so its children are not refused', async () => {
    const { route } = await load()
    const r = route(fakeRoute({ handlers: { GET: () => new Response('parent') } }, [{}]), meta())
    const gate = r.options.server.middleware[0].options.server
    const next = () => 'next'
    expect(await gate({ request: new Request('http://localhost/api/x/child'), context: {}, params: {}, next })).toBe('next')
    expect(await serve(r, 'GET')).toEqual([401, 'no session'])
    // A page with handlers: a fuzzy match (no handler runs, a page renders) is left alone.
    const page = route({ ...fakeRoute({ handlers: { GET: () => new Response('leaf') } }), options: { component: 'Page', server: { handlers: { GET: () => new Response('leaf') } } } }, meta())
    expect(await page.options.server.middleware[0].options.server({ request: new Request('http://localhost/x'), context: {}, params: { '**': 'y' }, next })).toBe('next')
  })

  test('an API route (no page, no children) gets the session for every request TanStack sends to it, but a public method and a CORS preflight', async () => {
    const { route } = await load()
    const answers = startClientCore.createMiddleware().server(({ request }) => new Response(`cached ${request.method}`))
    const r = route(fakeRoute({ middleware: [answers], handlers: { GET: () => new Response('list'), POST: () => new Response('saved') } }), meta({ GET: 'public list' }))
    const gate = r.options.server.middleware[0].options.server
    const next = () => 'next'
    const call = (method: string, params: object = {}) => gate({ request: new Request('http://localhost/api/x', { method }), context: {}, params, next })
    expect(await call('GET')).toBe('next')
    expect(await call('OPTIONS')).toBe('next')
    for (const refused of [await call('POST'), await call('PUT'), await call('GET', { '**': 'deeper' })]) expect((refused as Response).status).toBe(401)
    // A preflight to a route whose ANY handler is protected is not let through.
    const any = route(fakeRoute({ handlers: { ANY: () => new Response('any') } }), meta())
    expect((await any.options.server.middleware[0].options.server({ request: new Request('http://localhost/api/x', { method: 'OPTIONS' }), context: {}, params: {}, next }) as Response).status).toBe(401)
  })

  test('a route without handlers is locked when the tree is built: no handlers can be given to it later, nor to children added later', async () => {
    const { protectTree } = await load()
    const page = fakeRoute({ middleware: [] })
    const bare: any = { options: { component: 'Page' }, update() { return this }, addChildren(children: unknown[]) { this.children = children; return this } }
    const root: any = { options: {}, update() { return this }, addChildren(children: unknown[]) { this.children = children; return this }, children: [page, bare] }
    protectTree(root)
    expect(() => Object.assign(bare.options, { server: { handlers: { GET: () => new Response('open') } } })).toThrow(TypeError)
    expect(() => { (page.options.server as any).handlers = { GET: () => new Response('open') } }).toThrow(TypeError)
    expect(() => { bare.options = { server: { handlers: {} } } }).toThrow(TypeError)
    // Other options still change, as TanStack's lazy parts and `update` write them.
    Object.assign(bare.options, { component: 'Other' })
    expect(bare.options.component).toBe('Other')
    // A child added later, by addChildren or by assignment, is protected when it is set.
    const later = fakeRoute({ handlers: { GET: () => new Response('later') } })
    root.addChildren([...root.children, later])
    expect(await serve(later, 'GET')).toEqual([401, 'no session'])
    const deeper = fakeRoute({ handlers: { GET: () => new Response('deeper') } })
    bare.children = [deeper]
    expect(await serve(deeper, 'GET')).toEqual([401, 'no session'])
  })

  test('frozen options are copied, then protected; a public directive never opens a factory', async () => {
    const { route } = await load()
    const frozen: any = { options: Object.freeze({ server: Object.freeze({ handlers: Object.freeze({ GET: () => new Response('secret') }) }) }), update() { return this }, addChildren() { return this } }
    expect(route(frozen, meta())).toBe(frozen)
    expect(await serve(frozen, 'GET')).toEqual([401, 'no session'])
    const factory = route((options: object) => fakeRoute(options), { ...meta(), open: 'status endpoints' })
    expect(await serve(factory({ handlers: { GET: () => new Response('secret') } }), 'GET')).toEqual([401, 'no session'])
  })

  test('protectTree protects every route with handlers that no route(…) saw', async () => {
    const { route, protectTree } = await load()
    const unseen = fakeRoute({ handlers: { GET: () => new Response('secret') } })
    const seen = route(fakeRoute({ handlers: { GET: () => new Response('public') } }), meta({ GET: 'open' }))
    const page = { options: { component: 'x' } }
    protectTree({ options: {}, children: [page, { options: {}, children: { a: unseen, b: seen } }] })
    expect(await serve(unseen, 'GET')).toEqual([401, 'no session'])
    expect(await serve(seen, 'GET')).toEqual([200, 'public'])
  })

  test("protectRouter protects the tree of the router the router entry returns, sync or async", async () => {
    const { protectRouter } = await load()
    const unseen = fakeRoute({ handlers: { GET: () => new Response('secret') } })
    const router = { routeTree: { options: {}, children: [unseen] } }
    expect(protectRouter(router)).toBe(router)
    expect(await serve(unseen, 'GET')).toEqual([401, 'no session'])
    const later = fakeRoute({ handlers: { GET: () => new Response('secret') } })
    const pending = Promise.resolve({ routeTree: { options: {}, children: [later] } })
    expect(await protectRouter(pending)).toEqual(await pending)
    expect(await serve(later, 'GET')).toEqual([401, 'no session'])
    // Nothing to protect: returned as it is.
    expect(protectRouter(null)).toBeNull()
    expect(protectRouter({ routeTree: null })).toEqual({ routeTree: null })
  })

  test('without routes.middleware: a public route loads, a protected one fails loudly, and so does the tree', async () => {
    const { route, protectTree } = await load({ configured: false })
    const open = fakeRoute({ handlers: { GET: () => new Response('ok') } })
    expect(route(open, { ...meta(), open: 'health' })).toBe(open)
    expect(() => route(fakeRoute({ handlers: {} }), meta())).toThrow(/needs `routes.middleware`/)
    expect(() => protectTree({ options: {}, children: [open] })).not.toThrow()
    expect(() => protectTree({ options: {}, children: [fakeRoute({ handlers: {} })] })).toThrow(/`routes.middleware` is not configured/)
    const { protectRouter } = await load({ configured: false })
    expect(() => protectRouter({ routeTree: { options: {}, children: [fakeRoute({ handlers: {} })] } })).toThrow(/`routes.middleware` is not configured/)
  })
})
