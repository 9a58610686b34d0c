import { tanstackStart } from '@tanstack/react-start/plugin/vite'
import viteReact from '@vitejs/plugin-react'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'

export default defineConfig({
  server: { port: 3000 },
  plugins: [
    // Before tanstackStart(): it must see server functions before TanStack compiles them.
    serverFnAuth({
      middleware: { from: '/src/server/session.ts', export: 'requireSession' },
      // `// @auth role: admin` runs this middleware right after the session middleware.
      roles: { admin: { from: '/src/server/roles.ts', export: 'requireAdmin' } },
      // `// @auth optional: <reason>` runs this one instead: it reads the session and refuses no one.
      optional: { from: '/src/server/session.ts', export: 'readSession' },
      // Server routes (`server.handlers`) take request middleware: this one checks the session for them.
      routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } },
      // The reviewed public and optional endpoints and roles; `SERVERFN_AUTH_UPDATE_BASELINE=1 vite build` rewrites it.
      baseline: 'serverfn-auth.public.json',
      markdown: true,
      sarif: true,
      // src/start.ts registers serverfn-auth/guard; the build fails if it ever stops doing so.
      guard: 'required',
    }),
    tanstackStart(),
    viteReact(),
  ],
})
