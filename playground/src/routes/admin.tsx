import { createFileRoute, redirect } from '@tanstack/react-router'
import { listAllUsers } from '../server/admin'
import { getSessionUser } from '../server/auth'

export const Route = createFileRoute('/admin')({
  beforeLoad: async () => {
    const user = await getSessionUser()
    if (!user) throw redirect({ to: '/login' })
  },
  loader: () => listAllUsers(),
  component: Admin,
})

function Admin() {
  const users = Route.useLoaderData()
  return (
    <main>
      <h1>Users</h1>
      <ul>
        {users.map((user) => (
          <li key={user.id}>
            {user.name} ({user.role})
          </li>
        ))}
      </ul>
    </main>
  )
}
