import { describe, expect, test } from 'vitest'
import { judgePage, probePages } from '../../src/probe/pages.ts'
import { declaresServerHandlers, pathParameters, routeEntries, routePaths, RouteTreeError } from '../../src/probe/route-tree.ts'

const tree = `/* eslint-disable */
import { Route as rootRouteImport } from './routes/__root'
export interface FileRoutesByFullPath {
  '/': typeof IndexRoute
  '/posts': typeof PostsRouteWithChildren
  '/posts/$postId': typeof PostsPostIdRoute
  '/files/$': typeof FilesSplatRoute
  '/{-$lang}/about': typeof LangAboutRoute
}
export interface FileRoutesById {
  '__root__': typeof rootRouteImport
  '/_layout/hidden': typeof HiddenRoute
}
`

describe('routePaths', () => {
  test('the full paths of the generated route tree, not its ids', () => {
    expect(routePaths(tree, 'routeTree.gen.ts')).toEqual(['/', '/posts', '/posts/$postId', '/files/$', '/{-$lang}/about'])
  })

  test('each path once, index routes without their slash, with the module that declares it', () => {
    const generated = `import { Route as rootRouteImport } from './routes/__root'
import { Route as BlogRouteImport } from './routes/blog'
import { Route as BlogIndexRouteImport } from './routes/blog/index'
const BlogRoute = BlogRouteImport.update({ id: '/blog', path: '/blog', getParentRoute: () => rootRouteImport } as any)
const BlogIndexRoute = BlogIndexRouteImport.update({ id: '/', path: '/', getParentRoute: () => BlogRoute } as any)
const BlogRouteWithChildren = BlogRoute._addFileChildren({ BlogIndexRoute })
export interface FileRoutesByFullPath {
  '/blog': typeof BlogRouteWithChildren
  '/blog/': typeof BlogIndexRoute
  '/': typeof Unknown
}
`
    expect(routeEntries(generated, 'routeTree.gen.ts')).toEqual([
      { path: '/blog', module: './routes/blog' },
      { path: '/', module: null },
    ])
  })

  test('a route module with server handlers is an endpoint; a page, or `server` elsewhere, is not', () => {
    const route = (options: string) => `export const Route = createFileRoute('/x')({ ${options} })`
    expect(declaresServerHandlers(route('server: { handlers: { GET: () => new Response() } }'), 'a.ts')).toBe(true)
    expect(declaresServerHandlers(route('server: { middleware: [m], handlers }'), 'a.ts')).toBe(true)
    expect(declaresServerHandlers(route("server: { 'handlers': ({ createHandlers }) => createHandlers({}) }"), 'a.ts')).toBe(true)
    expect(declaresServerHandlers(route('loader: () => load(), component: Page'), 'a.ts')).toBe(false)
    expect(declaresServerHandlers(route('loader: () => ({ handlers: 1 })') + '\nconst server = { x: { handlers: 1 } }', 'a.ts')).toBe(false)
  })

  test('a file that is not a route tree is refused, with its name', () => {
    expect(() => routePaths('export const x = 1', 'src/other.ts')).toThrow(new RouteTreeError('The route tree src/other.ts declares no `FileRoutesByFullPath` interface: is it TanStack Router\'s generated route tree?'))
    expect(() => routePaths('export interface {', 'broken.ts')).toThrow(/The route tree broken.ts cannot be parsed/)
  })

  test('the parameters a path needs', () => {
    expect(pathParameters('/posts')).toEqual([])
    expect(pathParameters('/posts/$postId')).toEqual(['$postId'])
    expect(pathParameters('/files/$')).toEqual(['$'])
    expect(pathParameters('/{-$lang}/about')).toEqual(['{-$lang}'])
  })
})

const refusal = { id: 'a1', name: 'whoAmI', file: 'src/server/auth.ts:3' }

describe('judgePage', () => {
  test.each([
    [200, null, [], 'pass', 'renders 200 anonymously'],
    [307, '/login', [], 'pass', 'redirects to /login'],
    [307, '/login', [refusal], 'pass', 'redirects to /login'],
    [200, null, [refusal], 'pass-with-warning', 'renders 200, but the protected server function whoAmI (src/server/auth.ts:3) refused during the render'],
    [401, null, [refusal], 'refused', 'answers 401 because the protected server function whoAmI (src/server/auth.ts:3) refused the anonymous render'],
    [500, null, [refusal, { ...refusal, name: 'getOrders' }], 'refused', 'the protected server functions whoAmI (src/server/auth.ts:3), getOrders (src/server/auth.ts:3)'],
    [403, null, [], 'pass-with-warning', 'answers 403, and no protected server function was heard refusing'],
    [500, null, [], 'failed', 'answers 500, and no server function refused'],
    [404, null, [], 'failed', 'answers 404'],
  ] as const)('%i (location %s, %j) is %s', (status, location, refusals, verdict, detail) => {
    const judged = judgePage(status, location, [...refusals])
    expect(judged.verdict).toBe(verdict)
    expect(judged.detail).toContain(detail)
  })
})

describe('probePages', () => {
  test('renders each page under the basepath, anonymously, with the refusals the runtime reported during it', async () => {
    const seen: Array<{ url: string; cookie: string | null }> = []
    const listener = Symbol.for('serverfn-auth.refusals')
    const fetch = async (request: Request) => {
      seen.push({ url: request.url, cookie: request.headers.get('cookie') })
      if (request.url.endsWith('/app/account')) {
        ;(globalThis as Record<symbol, (event: unknown) => void>)[listener]!({ fn: { id: 'id-1', name: 'getOrders_createServerFn_handler', filename: 'src/x.ts' } })
        ;(globalThis as Record<symbol, (event: unknown) => void>)[listener]!({ fn: { id: 'unknown-id', name: 'other', filename: 'src/y.ts' } })
        return new Response('no', { status: 401 })
      }
      return new Response('<html></html>', { status: 200 })
    }
    const endpoints = [{ id: 'id-1', file: 'src/server/orders.ts', name: 'getOrders', method: 'GET', access: 'protected', roles: [] as string[], reason: null, line: 7, package: null }] as const
    const rows = await probePages(fetch, ['/', '/account', '/posts/$id'], { endpoints: [...endpoints], routerBasepath: '/app/' })
    expect(seen).toEqual([
      { url: 'http://localhost/app/', cookie: null },
      { url: 'http://localhost/app/account', cookie: null },
    ])
    expect(rows.map((row) => [row.path, row.status, row.verdict, row.refusals])).toEqual([
      ['/', 200, 'pass', []],
      ['/account', 401, 'refused', [{ id: 'id-1', name: 'getOrders', file: 'src/server/orders.ts:7' }, { id: 'unknown-id', name: 'other', file: 'src/y.ts' }]],
      ['/posts/$id', null, 'skipped', []],
    ])
    expect(rows[2]!.detail).toBe('needs a value for $id: pass one with --page (e.g. --page /posts/1)')
    // The listener is the probe's only while it renders.
    expect((globalThis as Record<symbol, unknown>)[listener]).toBeUndefined()
  })
})
