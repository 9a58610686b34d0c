/**
 * The one table of what serverfn-auth looks for. The quick text check, the hook filter of the Vite
 * layer and the analysis all read it, so they cannot drift apart.
 */

/** The export of TanStack Start that creates a server function builder. */
export const SERVER_FN_FACTORY = 'createServerFn'

/**
 * TanStack Start packages that export `createServerFn`, with their subpaths. An import of
 * `createServerFn` from any other module (a local re-export) is treated the same way: the
 * package list only decides which `import()` and `require()` calls are refused.
 */
export const START_PACKAGE_PATTERN =
  /^@tanstack\/(?:(?:react|solid|vue)-start(?:-client)?|start-client-core|start)(?:\/.*)?$/

/**
 * Modules whose text does not match this are never parsed. Every way of reaching
 * `createServerFn` spells its name, except a Unicode escape inside an identifier
 * (`create\u0053erverFn` is the same identifier to JavaScript and to TanStack's compiler),
 * so any `\u` sends the module to the parser too.
 */
export const SERVER_FN_TEXT_PATTERN = /createServerFn|\\u/

export function mayContainServerFn(code: string): boolean {
  return code.includes(SERVER_FN_FACTORY) || code.includes('\\u')
}

/**
 * `.handler(` calls: an endpoint finished on an imported builder (`authed.handler(...)`) may live
 * in a module that never names createServerFn. TanStack's compiler looks at these modules too.
 */
export const HANDLER_CALL_PATTERN = /\.\s*handler\s*\(/

/** Every module that may declare an endpoint: roots, and endpoints of imported builders. */
export const SERVER_FN_CANDIDATE_PATTERN = /createServerFn|\\u|\.\s*handler\s*\(/

/** Builder methods that make a chain a server function chain when its head is an import. */
export const BUILDER_METHODS: ReadonlySet<string> = new Set(['middleware', 'validator', 'inputValidator'])
export const HANDLER_METHOD = 'handler'
export const MIDDLEWARE_METHOD = 'middleware'
