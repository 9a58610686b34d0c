import { createFileRoute } from '@tanstack/solid-router'

// @auth public: health probe for the load balancer
export const Route = createFileRoute('/api/health')({
  server: {
    handlers: {
      GET: () => Response.json({ ok: true }),
    },
  },
})
