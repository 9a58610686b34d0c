import type { Expression, Node } from '@babel/types'

/**
 * What TanStack Start's compiler (start-plugin-core 1.171) compiles, as far as serverfn-auth
 * relies on it. An endpoint the analysis accepts must be one TanStack turns into an RPC stub in
 * the client and an endpoint on the server; anything TanStack would skip keeps its handler in
 * the browser bundle, so the analysis refuses it. The test suite checks this model against
 * TanStack's real compiler on every shape of the evasion corpus.
 */

/** The ids its transform hook accepts (`TRANSFORM_ID_REGEX`): case-sensitive script extensions. */
export const TANSTACK_ID_PATTERN = /\.[cm]?[tj]sx?(?:$|\?)/

/**
 * The text that makes it look for server functions in a module (`KindDetectionPatterns.ServerFn`).
 * A module without it is not compiled at all, whatever it declares.
 */
export const TANSTACK_SERVER_FN_TEXT = /\bcreateServerFn\b|\.\s*handler\s*\(/

/**
 * The wrappers its resolution looks through (router-utils `unwrapExpression`). A
 * `TSInstantiationExpression` (`createServerFn<'GET'>` without a call) is not one of them.
 */
const TRANSPARENT = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'TSNonNullExpression',
  'ParenthesizedExpression',
])

/** `x as T`, `x satisfies T`, `<T>x`, `x!` and `(x)` evaluate to `x`, for TanStack too. */
export function isTransparentWrapper(node: Node): node is Node & { expression: Expression } {
  return TRANSPARENT.has(node.type)
}

export function unwrapExpression(node: Node): Node {
  while (isTransparentWrapper(node)) node = node.expression
  return node
}

/** Why TanStack's compiler would not compile the endpoints of this module; null when it would. */
export function moduleSkippedByTanStack(id: string, code: string): string | null {
  if (!TANSTACK_ID_PATTERN.test(id)) {
    return 'its file extension is not one TanStack Start compiles (`.ts`, `.tsx`, `.js`, `.jsx`, `.mts`, `.cts`, `.mjs`, `.cjs`, in lower case)'
  }
  if (!TANSTACK_SERVER_FN_TEXT.test(code)) {
    return 'its text never spells `createServerFn` or `.handler(`, which TanStack Start looks for before it compiles a module'
  }
  return null
}

/** The module TanStack builds endpoints from: the same file with `?tss-serverfn-split`. */
export const PROVIDER_QUERY = /[?&]tss-serverfn-split(?:&|$)/

export function isProviderModule(id: string): boolean {
  return PROVIDER_QUERY.test(id)
}
