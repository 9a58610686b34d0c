import type { Diagnostic } from '../core/index.ts'

/** Names of the plugins TanStack Start adds; its compiler is `tanstack-start-core::server-fn:<env>`. */
const START_PLUGIN = /^tanstack-start/
const START_COMPILER = /^tanstack-start-core::server-fn/
const START_COMPILER_OF_ENVIRONMENT = /^tanstack-start-core::server-fn:(.+)$/

export type OrderProblem = { code: Extract<Diagnostic['code'], 'SFA503' | 'SFA504'>; message: string }

/**
 * serverfn-auth must transform a module before TanStack's compiler does: both are `enforce:
 * 'pre'`, so the one listed first runs first.
 */
export function checkPluginOrder(pluginNames: readonly string[], ownName: string): OrderProblem | null {
  const own = pluginNames.indexOf(ownName)
  const compiler = pluginNames.findIndex((name) => START_COMPILER.test(name))
  if (compiler < 0) {
    const anyStart = pluginNames.find((name) => START_PLUGIN.test(name))
    return {
      code: 'SFA504',
      message: anyStart
        ? `TanStack Start's server function compiler is not among the Vite plugins (found \`${anyStart}\` only).`
        : 'No TanStack Start plugin is among the Vite plugins.',
    }
  }
  if (own > compiler) {
    return {
      code: 'SFA503',
      message: `serverFnAuth() is listed after tanstackStart() (plugin ${own + 1} of ${pluginNames.length}, after \`${pluginNames[compiler]}\`), so TanStack would compile server functions before the session middleware is added.`,
    }
  }
  return null
}

/**
 * The Vite environments TanStack compiles server functions in (`client`, `ssr`, and `rsc` when
 * it provides them), read from the names of its per-environment compilers. Other environments
 * (nitro's re-bundle of the server output, a worker) see code TanStack already compiled, or none.
 */
export function startEnvironments(pluginNames: readonly string[]): Set<string> {
  return new Set(pluginNames.flatMap((name) => START_COMPILER_OF_ENVIRONMENT.exec(name)?.[1] ?? []))
}
