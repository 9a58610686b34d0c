import { createCsrfMiddleware, createStart } from '@tanstack/solid-start'
import { serverFnGuard } from 'serverfn-auth/guard'

// A src/start.ts replaces Start's default request middleware, which includes its CSRF check:
// list that again. The guard answers 403 to any server function serverfn-auth never classified.
export const startInstance = createStart(() => ({
  requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })],
  functionMiddleware: [serverFnGuard],
}))
