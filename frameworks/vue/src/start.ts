import { createStart } from '@tanstack/vue-start'
import { serverFnGuard } from 'serverfn-auth/guard'

// The guard answers 403 to any server function serverfn-auth never classified.
export const startInstance = createStart(() => ({
  functionMiddleware: [serverFnGuard],
}))
