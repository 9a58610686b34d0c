import { createMiddleware } from '@tanstack/react-start'
import { setResponseStatus } from '@tanstack/react-start/server'
import type { User } from './users'

/**
 * The `admin` role (`roles.admin` in vite.config.ts): `// @auth role: admin` puts it right after
 * the session middleware, so `context.user` is the signed-in user, set by the session middleware
 * itself. It answers 403 to anyone else.
 */
export const requireAdmin = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  const user = (context as { user?: User }).user
  if (user?.role !== 'admin') {
    setResponseStatus(403)
    throw new Error('Forbidden')
  }
  return next()
})
