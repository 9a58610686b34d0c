import { expect } from 'vitest'

/**
 * What the server route tests share: the route session middleware (a request middleware that
 * refuses by answering 401), a router entry that builds its tree by hand out of the analysis'
 * sight, and the check that a route answers its secret with the session only.
 */

/** `src/server/route-session.ts`, exporting `requireSessionRequest`. */
export const ROUTE_SESSION = `import { createMiddleware } from '@tanstack/react-start'
import { getCookie } from '@tanstack/react-start/server'
export const requireSessionRequest = createMiddleware().server(({ next }) => {
  if (getCookie('session') !== 'valid') return new Response('no session', { status: 401 })
  return next({ context: { user: 'ada' } })
})
`

/**
 * `src/router.tsx` whose tree is built by hand from factories taken off a dynamic import by
 * computed keys: no route of it is one the analysis sees (or wraps), and the tree is no generated
 * one. Its one route, `/api/hidden`, answers `hidden secret`.
 */
export const HAND_BUILT_ROUTER = `import { createRouter, HeadContent, Outlet, Scripts } from '@tanstack/react-router'
let tree: any
export async function getRouter() {
  if (!tree) {
    const kit: any = await import('@tanstack/react-router')
    const root = kit['createRoot' + 'Route']({ component: () => (<html><head><HeadContent /></head><body><Outlet /><Scripts /></body></html>) })
    tree = root.addChildren([kit['create' + 'Route']({ getParentRoute: () => root, path: 'api/hidden', server: { handlers: { GET: () => new Response('hidden secret') } } })])
  }
  return createRouter({ routeTree: tree })
}
`

/** `path` answers 401 anonymously, and `secret` with the session cookie only. */
export async function expectSessionOnly(fetch: (request: Request) => Promise<Response>, path: string, secret: string): Promise<void> {
  const anonymous = await fetch(new Request(`http://localhost${path}`))
  expect([path, anonymous.status, await anonymous.text()]).toEqual([path, 401, 'no session'])
  const signedIn = await fetch(new Request(`http://localhost${path}`, { headers: { cookie: 'session=valid' } }))
  expect([path, signedIn.status, await signedIn.text()]).toEqual([path, 200, secret])
}
