import { authed } from './builders'
import { listUsers } from './users'

export const listAllUsers = authed.handler(() => listUsers())

export const getStats = authed({ method: 'POST' }).handler(() => ({ users: listUsers().length }))
