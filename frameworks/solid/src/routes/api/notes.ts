import { createFileRoute } from '@tanstack/solid-router'

// Protected like the server functions: the route session middleware runs before the handler.
export const Route = createFileRoute('/api/notes')({
  server: {
    handlers: {
      GET: () => Response.json({ notes: ['solid note'] }),
    },
  },
})
