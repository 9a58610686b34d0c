import { createFileRoute } from '@tanstack/vue-router'
import { getStatus } from '../server/status'
import { getNotes, addNote, getAuditLog } from '../server/notes'
import NoteCount from '../components/NoteCount.vue'

export const Route = createFileRoute('/')({
  loader: () => getStatus(),
  component: Home,
})

function Home() {
  const actions = [getNotes, addNote, getAuditLog]
  return (
    <main>
      <h1>Notes on Vue Start</h1>
      <p>{actions.length} actions</p>
      <NoteCount />
    </main>
  )
}
