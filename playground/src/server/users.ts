/**
 * A tiny in-memory user store. Server functions change it, so tests can observe whether a
 * handler ran (an anonymous `deleteAccount` must delete nothing).
 */
export interface User {
  id: string
  name: string
  role: 'admin' | 'member'
  email: string
}

const seed: Array<User & { password: string }> = [
  { id: 'u1', name: 'Ada', role: 'admin', email: 'ada@example.com', password: 'ada-password' },
  { id: 'u2', name: 'Bob', role: 'member', email: 'bob@example.com', password: 'bob-password' },
]

const users = new Map(seed.map((user) => [user.id, user]))

export function findUser(id: string): User | undefined {
  const user = users.get(id)
  if (!user) return undefined
  const { password: _password, ...visible } = user
  return visible
}

export function checkPassword(email: string, password: string): User | undefined {
  const user = [...users.values()].find((candidate) => candidate.email === email)
  return user && user.password === password ? findUser(user.id) : undefined
}

export function updateUser(id: string, changes: Partial<Pick<User, 'name' | 'email'>>): User | undefined {
  const user = users.get(id)
  if (!user) return undefined
  Object.assign(user, changes)
  return findUser(id)
}

export function deleteUser(id: string): boolean {
  return users.delete(id)
}

export function listUsers(): User[] {
  return [...users.keys()].map((id) => findUser(id)!)
}

export const orders = [
  { id: 'o1', userId: 'u1', total: 42 },
  { id: 'o2', userId: 'u2', total: 7 },
]
