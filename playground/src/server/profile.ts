import { createServerFn } from '@tanstack/react-start'
import type { User } from './users'
import { deleteUser, orders, updateUser } from './users'

// No auth middleware here: serverfn-auth puts `requireSession` first in every chain, and it sets
// `context.user`.
type SessionContext = { user: User }

export const getProfile = createServerFn().handler(({ context }) => (context as SessionContext).user)

export const updateProfile = createServerFn({ method: 'POST' })
  .validator((input: unknown) => {
    const { name } = (input ?? {}) as { name?: unknown }
    if (typeof name !== 'string' || name.trim().length < 2) throw new Error('name must have at least 2 characters')
    return { name: name.trim() }
  })
  .handler(({ data, context }) => updateUser((context as SessionContext).user.id, data))

export const deleteAccount = createServerFn({ method: 'POST' }).handler(({ context }) => ({
  deleted: deleteUser((context as SessionContext).user.id),
}))

export const getOrders = createServerFn().handler(({ context }) =>
  orders.filter((order) => order.userId === (context as SessionContext).user.id),
)
