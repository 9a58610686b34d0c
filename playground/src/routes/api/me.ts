import { createFileRoute } from '@tanstack/react-router'

// A server route: protected like every endpoint, so `context.user` is the session's user.
export const Route = createFileRoute('/api/me')({
  server: {
    handlers: {
      GET: ({ context }) => Response.json({ email: context.user.email }),
    },
  },
})
