import * as startClientCore from '@tanstack/start-client-core'
import { runtimeModuleSource } from '../../src/vite/runtime-module.ts'
import { ModuleLoader, type Namespace } from './module-loader.ts'

/**
 * serverfn-auth's route runtime, loaded for tests with TanStack's real `createMiddleware`, and a
 * request served to a route the way TanStack's server-route handler serves one that matches it
 * exactly (`start-server-core/src/createStartHandler.ts`): the route's middleware, then the
 * method's own, then its handler.
 */

export const ROUTE_SESSION = '/app/src/server/route-session.ts'

/** The route session middleware of these tests: a request with the cookie `ok` has a session. */
const sessionSource = (nested = false) => `import { createMiddleware } from '@tanstack/react-start'
${nested ? "const db = createMiddleware().server(({ next }) => next({ context: { db: 'pool' } }))" : ''}
export const requireSessionRequest = createMiddleware()${nested ? '.middleware([db])' : ''}.server(({ next, request }) =>
  request.headers.get('cookie') === 'ok' ? next({ context: { user: 'ada' } }) : new Response('no session', { status: 401 }))
`

export interface RouteRuntime {
  route: (value: unknown, meta: unknown) => any
  protectTree: (root: unknown) => unknown
  protectRouter: (router: unknown) => unknown
  loader: ModuleLoader
}

/**
 * A loader with the runtime module (`serverfn-auth/runtime`), the route session module, and
 * `modules` (id → source) of the test's own; `@tanstack/react-router` is the real package.
 */
export async function loadRouteRuntime(options: { configured?: boolean; nested?: boolean; modules?: Record<string, string> } = {}): Promise<RouteRuntime> {
  const configured = options.configured ?? true
  const router = (await import('@tanstack/react-router')) as unknown as Namespace
  const modules: Record<string, string> = {
    'serverfn-auth/runtime': runtimeModuleSource({
      startPackage: '@tanstack/react-start',
      sessionModule: '/app/src/server/session.ts',
      sessionExport: 'requireSession',
      routeSessionModule: configured ? ROUTE_SESSION : null,
      routeSessionExport: configured ? 'requireSessionRequest' : null,
      environment: 'server',
    }),
    [ROUTE_SESSION]: sessionSource(options.nested),
    '/app/src/server/session.ts': `export const requireSession = {}`,
    ...options.modules,
  }
  const externals: Record<string, Namespace> = {
    '@tanstack/react-start': startClientCore as unknown as Namespace,
    '@tanstack/react-start/server': { setResponseStatus: () => {} },
    '@tanstack/react-router': router,
  }
  const loader = new ModuleLoader({ source: (id) => modules[id] ?? null, resolve: (specifier) => specifier, external: (id) => externals[id] })
  const runtime = (await loader.load('serverfn-auth/runtime')) as unknown as Omit<RouteRuntime, 'loader'>
  return { ...runtime, loader }
}

/** Serves `method` to a route that the request's path matches exactly; returns status and body. */
export async function serveRoute(route: any, method: string, cookie?: string): Promise<[number, string]> {
  const request = new Request('http://localhost/api/x', { method, headers: cookie ? { cookie } : {} })
  const server = route.options.server
  const table = typeof server.handlers === 'function' ? server.handlers({ createHandlers: (d: unknown) => d }) : server.handlers
  const name = method.toUpperCase()
  const entry = name === 'HEAD' ? (table.HEAD ?? table.GET ?? table.ANY) : (table[name] ?? table.ANY)
  if (!entry) return [404, 'no handler']
  const list: Array<(ctx: any) => any> = [...(server.middleware ?? []), ...(typeof entry === 'function' ? [] : (entry.middleware ?? []))].map((m: any) => m.options.server)
  const handler = typeof entry === 'function' ? entry : entry.handler
  let context: Record<string, unknown> = {}
  const run = async (index: number): Promise<unknown> => {
    if (index === list.length) return handler({ request, context, params: {} })
    return list[index]!({
      request,
      context,
      params: {},
      pathname: '/api/x',
      next: async (passed?: { context?: object }) => {
        context = { ...context, ...passed?.context }
        return run(index + 1)
      },
    })
  }
  const response = (await run(0)) as Response
  return [response.status, await response.text()]
}
