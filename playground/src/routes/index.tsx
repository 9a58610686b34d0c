import { createFileRoute } from '@tanstack/react-router'
import { health } from '../server/auth'

export const Route = createFileRoute('/')({
  loader: () => health(),
  component: Home,
})

function Home() {
  const status = Route.useLoaderData()
  return (
    <main>
      <h1>serverfn-auth playground</h1>
      <p>Server status: {status.status}</p>
      <p>Every server function here is protected by the session middleware unless it is annotated public.</p>
    </main>
  )
}
