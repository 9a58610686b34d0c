import { createFileRoute, redirect } from '@tanstack/react-router'
import { getOrders, getProfile } from '../server/profile'

// The guard is for the user experience only (a visitor is sent to the sign-in page). The
// endpoints are protected by serverfn-auth whether or not anyone goes through this page.
export const Route = createFileRoute('/account')({
  beforeLoad: ({ context }) => {
    if (!context.user) throw redirect({ to: '/login' })
  },
  loader: async () => ({ profile: await getProfile(), orders: await getOrders() }),
  component: Account,
})

function Account() {
  const { profile, orders } = Route.useLoaderData()
  return (
    <main>
      <h1>{profile.name}</h1>
      <p>{profile.email}</p>
      <ul>
        {orders.map((order) => (
          <li key={order.id}>
            Order {order.id}: {order.total}
          </li>
        ))}
      </ul>
    </main>
  )
}
