import { createFileRoute, redirect } from '@tanstack/react-router'
import { listAllUsers } from '../server/admin'

export const Route = createFileRoute('/admin')({
  beforeLoad: ({ context }) => {
    if (!context.user) throw redirect({ to: '/login' })
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
