import { createServerFn } from '@tanstack/react-start'
import { setResponseStatus } from '@tanstack/react-start/server'
import { getSession } from './session'
import { checkPassword, type User } from './users'

interface Credentials {
  email: string
  password: string
}

function validateCredentials(input: unknown): Credentials {
  const { email, password } = (input ?? {}) as Partial<Credentials>
  if (typeof email !== 'string' || typeof password !== 'string') throw new Error('email and password are required')
  return { email, password }
}

// @auth public: signing in is how a visitor gets a session
export const login = createServerFn({ method: 'POST' })
  .validator(validateCredentials)
  .handler(async ({ data }) => {
    const user = checkPassword(data.email, data.password)
    if (!user) {
      setResponseStatus(401)
      throw new Error('Wrong email or password')
    }
    const session = await getSession()
    session.userId = user.id
    await session.save()
    return user
  })

export const logout = createServerFn({ method: 'POST' }).handler(async () => {
  const session = await getSession()
  session.destroy()
  return { ok: true }
})

// @auth public: health probe for the load balancer
export const health = createServerFn().handler(() => ({ status: 'ok' }))

/** @auth optional — the root route asks who is signed in on every page, the sign-in page too */
export const getSessionUser = createServerFn().handler(({ context }) => (context as { user: User | null }).user)
