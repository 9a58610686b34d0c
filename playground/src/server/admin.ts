import { adminFn } from './builders'
import { listUsers } from './users'

export const listAllUsers = adminFn.handler(() => listUsers())

export const getStats = adminFn({ method: 'POST' }).handler(() => ({ users: listUsers().length }))
