import type { AnyFunctionMiddleware } from '@tanstack/start-client-core'

/**
 * The runtime guard: register it in `src/start.ts` under
 * `createStart(() => ({ functionMiddleware: [serverFnGuard] }))`. It answers 403 to any call of a
 * server function that serverfn-auth never classified.
 *
 * The serverFnAuth() Vite plugin serves this module with the build's classified set. This file is
 * only what a build without the plugin would load: it fails loudly instead of guarding nothing.
 */
export const serverFnGuard: AnyFunctionMiddleware = (() => {
  throw new Error('serverfn-auth/guard is served by the serverFnAuth() Vite plugin: add serverFnAuth() to vite.config plugins.')
})()
