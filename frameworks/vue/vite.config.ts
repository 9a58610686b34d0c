import { tanstackStart } from '@tanstack/vue-start/plugin/vite'
import vue from '@vitejs/plugin-vue'
import vueJsx from '@vitejs/plugin-vue-jsx'
import { serverFnAuth } from 'serverfn-auth'
import { defineConfig } from 'vite'

// The playground's server side on Vue Start: the same plugin options, another framework.
export default defineConfig({
  server: { port: 3002 },
  plugins: [
    // Before tanstackStart(): it must see server functions before TanStack compiles them.
    serverFnAuth({
      middleware: { from: '/src/server/session.ts', export: 'requireSession' },
      roles: { admin: { from: '/src/server/session.ts', export: 'requireAdmin' } },
      routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } },
      guard: 'required',
    }),
    tanstackStart(),
    vue(),
    vueJsx(),
  ],
})
