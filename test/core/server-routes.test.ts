import { describe, expect, test } from 'vitest'
import { serverRoutesOf } from '../../src/core/index.ts'

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

  test('handlers the analysis cannot list: a function, a name, a spread, a computed key', () => {
    const declared = (handlersSource: string) => routes(`export const Route = createFileRoute('/api/x')({ server: { handlers: ${handlersSource} } })`)
    const unlisted = [{ path: '/api/x', factory: 'createFileRoute', handlers: 'declared', methods: null, line: 1 }]
    expect(declared(`({ createHandlers }) => createHandlers({ GET: list })`)).toEqual(unlisted)
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

  test('type positions are not routes', () => {
    expect(routes(`type R = ReturnType<typeof createFileRoute>; export const x = 1`)).toEqual([])
  })
})
