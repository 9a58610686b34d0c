/**
 * The one table of what serverfn-auth looks for. The quick text check, the hook filter of the Vite
 * layer and the analysis all read it, so they cannot drift apart.
 */

/** The export of TanStack Start that creates a server function builder. */
export const SERVER_FN_FACTORY = 'createServerFn'

/**
 * TanStack Start packages, with their subpaths. An import of `createServerFn` from one of them is
 * the factory without asking anyone; their other exports are not server functions.
 */
export const START_PACKAGE_PATTERN =
  /^@tanstack\/(?:(?:react|solid|vue)-start(?:-client)?|start-client-core|start)(?:\/.*)?$/

/**
 * The modules that export `createServerFn`: the package roots, not their subpaths
 * (`@tanstack/react-start/server` has none). Only loading one of these at run time is refused.
 */
export const FACTORY_MODULE_PATTERN = /^@tanstack\/(?:(?:react|solid|vue)-start|start-client-core)$/

/**
 * Modules whose text matches none of this are not transformed: they cannot declare an endpoint
 * or a builder. It is wider than TanStack's own filter (`\bcreateServerFn\b|\.\s*handler\s*\(`) on
 * purpose: every module TanStack compiles is analysed, and so are the shapes TanStack skips
 * (`authed.handler<T>(…)`, `x.handler /* … *\/ (…)`, `['handler']`), so that they fail the build
 * instead of shipping a handler to the browser.
 * - `createServerFn` and the Start packages' names: every static way of reaching the factory;
 * - `\u`: an identifier spelled with Unicode escapes (`create\u0053erverFn`) spells no name;
 * - `handler` as a word: every way of writing an endpoint on an imported builder;
 * - `@auth` (any case, `＠` too; not `@auth/core`): a directive, a role above a builder derived
 *   from an imported one (`adminFn.middleware([])`) included, which must be written into it, and
 *   the near misses of a role directive, which must fail the build.
 */
export const SERVER_FN_CANDIDATE_PATTERN =
  /createServerFn|\\u|\bhandler\b|@tanstack\/(?:(?:react|solid|vue)-start|start-client-core)\b|[@\uff20][aA][uU][tT][hH](?![\w/-])/

/**
 * A Start package named where no code is emitted: a module augmentation
 * (`declare module '@tanstack/react-start' { … }`) or a type-only import
 * (`import type { createStart } from '@tanstack/react-start'`). TanStack Router's generated route
 * tree has both (it registers the router's type) and is otherwise made of route imports:
 * analysing it would answer an import for every route of the app.
 */
const TYPE_ONLY_START_MENTION =
  /\b(?:declare\s+module|import\s+type\s+(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+)\s*from)\s*(['"])@tanstack\/(?:(?:react|solid|vue)-start|start-client-core)\1/g

/**
 * Whether a module may declare a server function: `SERVER_FN_CANDIDATE_PATTERN`, where a Start
 * package named only in types does not count (the bundler's filter uses the pattern alone, so
 * this is decided again in the hook).
 */
export function mayContainServerFn(code: string): boolean {
  if (!SERVER_FN_CANDIDATE_PATTERN.test(code)) return false
  const stripped = code.replace(TYPE_ONLY_START_MENTION, '')
  return stripped === code || SERVER_FN_CANDIDATE_PATTERN.test(stripped)
}

/** Builder methods: each returns a new builder with the same middleware and more. */
export const BUILDER_METHODS: ReadonlySet<string> = new Set(['middleware', 'validator', 'inputValidator'])
/** The terminal method: its result is the endpoint. */
export const HANDLER_METHOD = 'handler'
export const MIDDLEWARE_METHOD = 'middleware'
/** TanStack Start's middleware factory: its `.middleware([...])` flattens a builder's middleware in too. */
export const MIDDLEWARE_FACTORY = 'createMiddleware'
/** The only keys of a builder's options object: `createServerFn({ method, strict })`. */
export const OPTION_KEYS: ReadonlySet<string> = new Set(['method', 'strict'])
