import { createMiddleware, createServerFn } from '@tanstack/react-start'
import { setResponseStatus } from '@tanstack/react-start/server'
import type { User } from './users'

/**
 * Admins only. It reads `context.user`, which the session middleware set: serverfn-auth injects
 * that middleware before this one, so an anonymous caller never reaches it.
 */
export const requireAdmin = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  const user = (context as { user?: User }).user
  if (user?.role !== 'admin') {
    setResponseStatus(403)
    throw new Error('Forbidden')
  }
  return next()
})

/** A builder shared across modules: endpoints are finished in `admin.ts`. */
export const authed = createServerFn().middleware([requireAdmin])
