/**
 * The runtime guard, served by the plugin as the module `serverfn-auth/guard`:
 *
 * ```ts
 * // src/start.ts
 * import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
 * import { serverFnGuard } from 'serverfn-auth/guard'
 * export const startInstance = createStart(() => ({
 *   requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })],
 *   functionMiddleware: [serverFnGuard],
 * }))
 * ```
 *
 * It answers 403 to any call of a server function that serverfn-auth never classified: a
 * second wall behind the compile-time one. The set of classified functions is written into the
 * server bundle once the build knows it (`renderChunk`); in dev it is read live from the plugin.
 * The client gets a middleware without a server part: the check never ships to the browser.
 */

export const GUARD_ID = 'serverfn-auth/guard'
/** Replaced in the server bundle by the classified set; `JSON.parse` of it throws if it never was. */
export const INVENTORY_PLACEHOLDER = '__SERVERFN_AUTH_CLASSIFIED_SET__'
/** In dev, the plugin publishes a live lookup here (same process as the module runner). */
export const DEV_LOOKUP_KEY = 'serverfn-auth.classified'

export interface ClassifiedSet {
  /** TanStack's function ids. */
  ids: string[]
  /** `filename#name`, filename relative to the root, as in `serverFnMeta`. */
  keys: string[]
}

const DENY = `setResponseStatus(403)
    throw new Error('Forbidden: serverfn-auth never classified this server function')`

export function guardModuleSource(options: { startPackage: string; environment: 'server-build' | 'server-dev' | 'client' }): string {
  const { startPackage, environment } = options
  if (environment === 'client') {
    return `import { createMiddleware } from '${startPackage}'
export const serverFnGuard = createMiddleware({ type: 'function' })
`
  }
  const lookup =
    environment === 'server-build'
      ? `const classified = JSON.parse(${JSON.stringify(INVENTORY_PLACEHOLDER)})
const ids = new Set(classified.ids)
const keys = new Set(classified.keys)
const isClassified = (meta) => ids.has(meta.id) || keys.has(meta.filename + '#' + meta.name)`
      : `const isClassified = (meta) => {
  const lookup = globalThis[Symbol.for(${JSON.stringify(DEV_LOOKUP_KEY)})]
  return typeof lookup === 'function' && lookup(meta)
}`
  return `import { createMiddleware } from '${startPackage}'
import { setResponseStatus } from '${startPackage}/server'

${lookup}

export const serverFnGuard = createMiddleware({ type: 'function' }).server(({ next, serverFnMeta }) => {
  if (!serverFnMeta || !isClassified(serverFnMeta)) {
    ${DENY}
  }
  return next()
})
`
}

export function classifiedSetOf(entries: ReadonlyArray<{ id: string; file: string; name: string }>): ClassifiedSet {
  return { ids: entries.map((entry) => entry.id).sort(), keys: entries.map((entry) => `${entry.file}#${entry.name}`).sort() }
}
