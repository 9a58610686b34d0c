import { createMiddleware } from '@tanstack/react-start'
import { getCookie, setCookie, setResponseStatus } from '@tanstack/react-start/server'
import { getIronSession, type SessionOptions } from 'iron-session'
import { findUser, type User } from './users'

export interface SessionData {
  userId?: string
}

const sessionOptions: SessionOptions = {
  cookieName: 'playground_session',
  // A real app reads this from its secrets; the playground has a development default.
  password: process.env.SESSION_SECRET ?? 'playground-session-secret-at-least-32-characters',
  cookieOptions: { httpOnly: true, sameSite: 'lax', secure: process.env.NODE_ENV === 'production' },
}

/** The sealed cookie session of the current request (iron-session over Start's cookie helpers). */
export function getSession() {
  return getIronSession<SessionData>(
    {
      get: (name) => {
        const value = getCookie(name)
        return value === undefined ? undefined : { name, value }
      },
      set: (name, value, cookie) => setCookie(name, value, cookie),
    },
    sessionOptions,
  )
}

/**
 * The session middleware serverfn-auth puts first in every server function. It answers a
 * missing or invalid session with HTTP 401 and always sets `context.user` itself: the client can
 * send arbitrary `context`, so a key the middleware does not set could come from the caller.
 */
export const requireSession = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const session = await getSession()
  const user: User | undefined = session.userId ? findUser(session.userId) : undefined
  if (!user) {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user } })
})

/**
 * The optional session (`optional` in vite.config.ts), for functions annotated `@auth optional`:
 * it refuses no one, and sets `context.user` to the signed-in user or to null, always itself (a
 * `user` the client sent must never reach the handler).
 */
export const readSession = createMiddleware({ type: 'function' }).server(async ({ next }) => {
  const session = await getSession()
  const user: User | null = (session.userId && findUser(session.userId)) || null
  return next({ context: { user } })
})

/**
 * The same check for server routes (`routes.middleware`): a request middleware, the kind server
 * routes take. serverfn-auth runs it first for every route handler that is not annotated public.
 * Refusing is answering: it returns a 401 response instead of calling `next()`.
 */
export const requireSessionRequest = createMiddleware().server(async ({ next }) => {
  const session = await getSession()
  const user: User | undefined = session.userId ? findUser(session.userId) : undefined
  if (!user) return new Response('Unauthorized', { status: 401 })
  return next({ context: { user } })
})
