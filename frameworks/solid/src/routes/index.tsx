import { createFileRoute } from '@tanstack/solid-router'
import { getStatus } from '../server/status'
import { getNotes, addNote, getAuditLog } from '../server/notes'

export const Route = createFileRoute('/')({
  loader: () => getStatus(),
  component: Home,
})

function Home() {
  const status = Route.useLoaderData()
  const actions = [getNotes, addNote, getAuditLog]
  return (
    <main>
      <h1>Notes on Solid Start</h1>
      <p>status: {status().ok ? 'up' : 'down'}, {actions.length} actions</p>
    </main>
  )
}
