import { createMiddleware } from '@tanstack/solid-start'
import { getCookie, setResponseStatus } from '@tanstack/solid-start/server'

// A demo session: the cookie names the user. A real app verifies a signed session here.
const users: Record<string, { id: string; roles: string[] }> = {
  'session=member': { id: 'member', roles: [] },
  'session=admin': { id: 'admin', roles: ['admin'] },
}

function currentUser() {
  const value = getCookie('session')
  return value ? users[`session=${value}`] ?? null : null
}

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  const user = currentUser()
  if (!user) {
    setResponseStatus(401)
    throw new Error('Unauthenticated')
  }
  return next({ context: { user } })
})

export const requireAdmin = createMiddleware({ type: 'function' }).server(({ next }) => {
  if (!currentUser()?.roles.includes('admin')) {
    setResponseStatus(403)
    throw new Error('Forbidden')
  }
  return next()
})

export const requireSessionRequest = createMiddleware().server(({ next }) => {
  if (!currentUser()) throw new Response('Unauthenticated', { status: 401 })
  return next()
})
