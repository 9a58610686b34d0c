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
      // Server routes (`server.handlers`) take request middleware: this one checks the session for them.
      routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } },
      // The reviewed public endpoints; `SERVERFN_AUTH_UPDATE_BASELINE=1 vite build` rewrites it.
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
