import { tanstackStart } from '@tanstack/solid-start/plugin/vite'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'
import viteSolid from 'vite-plugin-solid'

// The playground's server side on Solid Start: the same plugin options, another framework.
export default defineConfig({
  server: { port: 3001 },
  plugins: [
    // Before tanstackStart(): it must see server functions before TanStack compiles them.
    serverFnAuth({
      middleware: { from: '/src/server/session.ts', export: 'requireSession' },
      roles: { admin: { from: '/src/server/session.ts', export: 'requireAdmin' } },
      routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } },
      guard: 'required',
    }),
    tanstackStart(),
    viteSolid({ ssr: true }),
  ],
})
