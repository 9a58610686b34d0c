/**
 * The diagnostic catalog. Every problem serverfn-auth reports has a permanent code (never reused,
 * never renumbered), a name, a message that says what happened and a hint that says what to do.
 * Codes and positions are data: they are never baked into the message text.
 *
 * Ranges: SFA0xx the module itself, SFA1xx how server functions are written, SFA2xx `@auth`
 * annotations, SFA4xx dependencies, SFA5xx the plugin's configuration, SFA6xx checks of the
 * whole build and of what TanStack emitted, SFA7xx server routes.
 */

/**
 * Codes that were used once and are never given to anything else. SFA301 (`session-declared-too-late`)
 * and SFA302 (`session-export-not-local`) are gone since 0.2.0: the session middleware is now
 * reached at request time through serverfn-auth's runtime module, so where its module declares it
 * no longer matters.
 */
export const RETIRED_CODES: readonly string[] = ['SFA301', 'SFA302']

export type Severity = 'error' | 'warning'

export interface SourcePosition {
  /** 1-based line. */
  line: number
  /** 0-based column, as Babel, Rollup and Vite count it. */
  column: number
  /** 0-based offset of the first character. */
  start: number
  /** 0-based offset after the last character. */
  end: number
}

export interface Diagnostic {
  code: DiagnosticCode
  name: string
  severity: Severity
  message: string
  hint: string
  /** Module id (without query) the diagnostic belongs to. */
  file: string
  loc: SourcePosition
}

interface CatalogEntry {
  name: string
  severity: Severity
  hint: string
}

export const DIAGNOSTIC_CATALOG = {
  SFA001: {
    name: 'unparsable-module',
    severity: 'error',
    hint: 'Fix the syntax error. serverfn-auth never skips a module that may declare server functions, because an unread module could hold an unprotected endpoint.',
  },
  SFA101: {
    name: 'nested-server-fn',
    severity: 'error',
    hint: 'Move the chain to a top-level `const` of the module: `export const getThing = createServerFn().handler(...)` or `export const getThing = authed.handler(...)`. TanStack Start does not compile server functions created inside functions, classes or blocks: the handler would ship to the browser and never become an endpoint.',
  },
  SFA102: {
    name: 'unassigned-server-fn',
    severity: 'error',
    hint: 'Write the whole chain, ending in `.handler(...)`, as the initializer of a top-level declaration of a plain name: `export const getThing = createServerFn().handler(...)`. TanStack Start only turns `const <name> = <chain>.handler(...)` into an endpoint.',
  },
  SFA103: {
    name: 'server-fn-used-as-value',
    severity: 'error',
    hint: 'Call createServerFn(...) directly where a server function is declared. To share configuration, export a builder instead: `export const authed = createServerFn().middleware([...])`, then `authed.handler(...)` elsewhere.',
  },
  SFA104: {
    name: 'indirect-server-fn-call',
    severity: 'error',
    hint: 'Call it plainly: `createServerFn(...)` or `Namespace.createServerFn(...)`, with type arguments on the call (`createServerFn<...>(...)`). TanStack Start does not compile indirect calls, so the handler would ship to the browser.',
  },
  SFA105: {
    name: 'unknown-server-fn-source',
    severity: 'error',
    hint: "Import createServerFn from a TanStack Start package (`import { createServerFn } from '@tanstack/react-start'`) and call it through that import. If this is not TanStack's createServerFn, give it another name.",
  },
  SFA106: {
    name: 'dynamic-start-import',
    severity: 'error',
    hint: "Use a static `import { createServerFn } from '@tanstack/react-start'`. Server functions reached through import() or require() cannot be checked and are not compiled by TanStack Start. Subpaths such as `@tanstack/react-start/server` may be loaded dynamically.",
  },
  SFA107: {
    name: 'unsupported-chain-link',
    severity: 'error',
    hint: 'Write the chain with plain member calls of the builder methods: `.middleware([...]).validator(...).handler(...)`. TanStack Start does not compile optional, computed or wrapped calls in a server function chain, a builder has no other methods, and `.handler(...)` takes exactly one argument.',
  },
  SFA108: {
    name: 'mutable-server-fn-binding',
    severity: 'error',
    hint: 'Declare every builder and endpoint once, with `const`, and never assign to it: `export const getThing = createServerFn().handler(...)`. TanStack calls whatever the name holds when a request arrives, so a later assignment could put an unprotected function there.',
  },
  SFA109: {
    name: 'builder-used-as-value',
    severity: 'error',
    hint: 'Use a builder only as the head of a top-level declaration (`export const x = authed.handler(...)` or `const admin = authed.middleware([...])`), as a `.middleware([authed])` item, or in an export. Passed to a function, put in an object or read as a property, it could be changed or finished where neither serverfn-auth nor TanStack can follow it.',
  },
  SFA110: {
    name: 'server-fn-written',
    severity: 'error',
    hint: 'Do not assign to, delete or mutate a builder, an endpoint or their properties (`base.options.middleware = []`, `Object.assign(base, ...)`): that changes what runs after serverfn-auth checked it. Derive a new builder instead: `const other = base.middleware([...])`.',
  },
  SFA111: {
    name: 'unproven-builder-options',
    severity: 'error',
    hint: "Pass an object literal with only `method` and `strict`: `createServerFn({ method: 'POST' })`. Add middleware with `.middleware([...])`, which runs after the session middleware; options with `middleware`, a spread, a variable or a second argument would replace it or run before it.",
  },
  SFA112: {
    name: 'chain-head-not-followed',
    severity: 'error',
    hint: "Import the builder by name (`import { authed } from './builders'`, then `authed.handler(...)`) instead of reading it from a namespace (`Builders.authed.handler(...)`). TanStack Start's compiler cannot follow such a head: the handler would ship to the browser and never become an endpoint.",
  },
  SFA113: {
    name: 'module-not-compiled',
    severity: 'error',
    hint: 'Give the module a lower-case script extension (`.ts`, `.tsx`, `.js`, `.jsx`, `.mts`, `.cts`, `.mjs`, `.cjs`) and write `.handler(` plainly, without type arguments or comments before the parenthesis, or name createServerFn in the module. TanStack Start skips modules that fail its filters, so their handlers ship to the browser.',
  },
  SFA114: {
    name: 'session-middleware-unsealable',
    severity: 'error',
    hint: 'Declare the session middleware, and each middleware it lists, alone in a module-level `const`: `export const requireSession = createMiddleware({ type: \'function\' }).server(...)`. serverfn-auth seals each right after its statement, so that nothing can change what the session middleware does.',
  },
  SFA115: {
    name: 'static-server-fn-protected',
    severity: 'error',
    hint: "A static server function runs at build time, without a session, and its result is written to a public file: it cannot be protected. If its data may be public, annotate it: `// @auth public: <reason>`; if not, remove `staticFunctionMiddleware` and let it run per request.",
  },
  SFA116: {
    name: 'server-fn-in-vue-sfc',
    severity: 'error',
    hint: 'Declare the server function in a script module (`src/server/greeting.ts`) and import it into the component: `import { getGreeting } from \'../server/greeting\'`. serverfn-auth reads script modules; a component\'s script blocks reach the bundler as Vue\'s compiled output, which it cannot follow to protect what they declare.',
  },
  SFA201: {
    name: 'public-without-reason',
    severity: 'error',
    hint: 'Say why the endpoint answers anonymous callers after a separator: `// @auth public: health probe for the load balancer`, `// @auth optional: the root route asks who is signed in`.',
  },
  SFA202: {
    name: 'unknown-auth-directive',
    severity: 'error',
    hint: 'The directives are `@auth public: <reason>`, `@auth optional: <reason>` and `@auth role: <name>[, <name>…]`. Server functions are protected without any annotation.',
  },
  SFA203: {
    name: 'duplicate-auth-directive',
    severity: 'error',
    hint: 'Keep a single `@auth` comment on the declaration; `@auth role` takes every role in one list (`@auth role: admin, billing`).',
  },
  SFA204: {
    name: 'directive-without-server-fn',
    severity: 'error',
    hint: 'Put the `@auth` directive directly above the declaration that calls createServerFn(...), or remove it.',
  },
  SFA205: {
    name: 'public-on-derived-server-fn',
    severity: 'error',
    hint: 'Access is decided where the createServerFn(...) root is declared, and a derived declaration may only add roles (`// @auth role: admin`). Annotate that builder, or declare this endpoint from its own root: `// @auth public: <reason>` above `export const x = createServerFn().handler(...)`.',
  },
  SFA206: {
    name: 'public-with-session',
    severity: 'error',
    hint: 'Either remove the session middleware from the chain or remove the `@auth public` (or `@auth optional`) annotation.',
  },
  SFA207: {
    name: 'detached-auth-directive',
    severity: 'error',
    hint: 'Write the directive on its own line, directly above a top-level declaration (or a method in a server route\'s `handlers`), with no blank line between them.',
  },
  SFA208: {
    name: 'directive-on-several-declarators',
    severity: 'error',
    hint: 'Declare the annotated server function in a statement of its own: `// @auth public: <reason>` above `export const a = ...`, and `export const b = ...` separately.',
  },
  SFA209: {
    name: 'unknown-role',
    severity: 'error',
    hint: "Name the role's middleware in the plugin options, `serverFnAuth({ roles: { admin: { from: '/src/server/roles.ts', export: 'requireAdmin' } } })`, or fix the name in the directive.",
  },
  SFA210: {
    name: 'malformed-role-list',
    severity: 'error',
    hint: 'Write one role name, or several separated by commas, after a colon: `// @auth role: admin` or `// @auth role: admin, billing` (the caller must hold every role listed).',
  },
  SFA211: {
    name: 'role-on-open-server-fn',
    severity: 'error',
    hint: 'A role needs the session middleware, and a public or optional builder does not run it. Derive the endpoint from a protected builder, or declare it from its own root: `// @auth role: admin` above `export const x = createServerFn().handler(...)`.',
  },
  SFA212: {
    name: 'optional-not-configured',
    severity: 'error',
    hint: "Name a middleware that reads the session without refusing anonymous callers: `serverFnAuth({ optional: { from: '/src/server/session.ts', export: 'readSession' } })`, or annotate the function `@auth public` instead.",
  },
  SFA213: {
    name: 'unread-role-directive',
    severity: 'error',
    hint: 'Write the role directive at the start of its own comment, directly above the declaration: `// @auth role: admin`. If the comment only mentions the directive, reword it without `@auth role`: a role that is not read is not required.',
  },
  SFA401: {
    name: 'unclassified-dependency-server-fn',
    severity: 'error',
    hint: "Decide the package's access in the plugin options: `serverFnAuth({ dependencies: { '<package>': { access: 'protected', exports: { <name>: { access: 'public', reason: '<why>' } } } } })`.",
  },
  SFA501: {
    name: 'session-module-not-found',
    severity: 'error',
    hint: "Point the option's `from` (`middleware.from`, `routes.middleware.from`, `roles.<name>.from`, `optional.from`) at the module that exports the middleware, as a path from the project root (`/src/server/session.ts`) or an alias Vite resolves (`~/server/session`).",
  },
  SFA502: {
    name: 'session-export-missing',
    severity: 'error',
    hint: 'Export the middleware from that module under the name the option gives (`middleware.export`, `roles.<name>.export`, …), or fix the name.',
  },
  SFA503: {
    name: 'plugin-after-tanstack-start',
    severity: 'error',
    hint: 'List serverFnAuth(...) before tanstackStart() in `plugins`: `plugins: [serverFnAuth({ ... }), tanstackStart(), viteReact()]`. It must see server functions before TanStack compiles them.',
  },
  SFA504: {
    name: 'tanstack-start-missing',
    severity: 'error',
    hint: 'Add tanstackStart() from `@tanstack/react-start/plugin/vite` (or the Solid or Vue package) after serverFnAuth(...) in `plugins`.',
  },
  SFA505: {
    name: 'unsupported-tanstack-start',
    severity: 'error',
    hint: 'Use a TanStack Start release serverfn-auth supports (React, Solid or Vue Start, from the oldest release in the README\'s compatibility table up to the next major), installed where the app resolves it: `npm install @tanstack/react-start@latest`.',
  },
  SFA601: {
    name: 'endpoint-not-classified',
    severity: 'error',
    hint: 'Something produced this server function where serverfn-auth could not see it: a plugin listed between serverFnAuth() and tanstackStart() that adds code, or a shape the analysis missed. Declare it plainly (`export const x = createServerFn()...` in a module of the app) or move that plugin after tanstackStart(), and report the shape if it is plain code.',
  },
  SFA602: {
    name: 'public-baseline-mismatch',
    severity: 'error',
    hint: 'Review the change. If it is intended, rewrite the baseline with `SERVERFN_AUTH_UPDATE_BASELINE=1 vite build` and commit the file with the code that changed it.',
  },
  SFA603: {
    name: 'endpoint-unlinked',
    severity: 'error',
    hint: 'Import the builder from the module that declares it, or through plain re-exports (`export { authed } from ./builders`), so that serverfn-auth can tell who decides its access. Until then the endpoint is treated as protected.',
  },
  SFA604: {
    name: 'guard-not-registered',
    severity: 'error',
    hint: "Register the runtime guard in src/start.ts: `createStart(() => ({ requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })], functionMiddleware: [serverFnGuard] }))` with `import { serverFnGuard } from 'serverfn-auth/guard'`.",
  },
  SFA605: {
    name: 'endpoint-chain-unprotected',
    severity: 'error',
    hint: 'The compiled server bundle holds an endpoint whose middleware does not start with the session middleware or does not end with the session check, or whose handler is not in the guard: a plugin changed the module after serverfn-auth, or a shape escaped the analysis. List plugins that rewrite server code after tanstackStart(), and report the shape if it is plain code.',
  },
  SFA606: {
    name: 'handler-not-compiled',
    severity: 'error',
    hint: 'TanStack Start did not compile this server function, so its handler stays in the module as written: in the browser bundle for the client. Declare it as `export const x = <builder>.handler(...)` at the top level of a module TanStack compiles, and report the shape if it is plain code.',
  },
  SFA607: {
    name: 'module-not-transformed',
    severity: 'error',
    hint: 'serverfn-auth found server functions in a module its transform never saw, so nothing protects them. Report the module: its text escaped the transform filter.',
  },
  SFA701: {
    name: 'server-route-without-route-middleware',
    severity: 'error',
    hint: "Name the request middleware that checks the session for server routes: `serverFnAuth({ middleware: { … }, routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } } })`, or annotate a route that must answer anonymous callers: `// @auth public: <reason>` above `export const Route = …`.",
  },
  SFA702: {
    name: 'route-factory-as-value',
    severity: 'error',
    hint: 'Call the route factory where the route is declared (`export const Route = createFileRoute(\'/api/x\')({ … })`) instead of passing it around or renaming it through a variable: the routes it creates elsewhere cannot be found, so their handlers could not be protected.',
  },
  SFA703: {
    name: 'method-directive-unprovable',
    severity: 'error',
    hint: 'A method-level `@auth public` needs a `handlers` object whose keys are all written out, each once, with no spread (`handlers: { GET: …, POST: … }`): otherwise another value may end up under that method. Write the object out, or annotate the whole route above `export const Route = …`.',
  },
  SFA704: {
    name: 'route-not-analysed',
    severity: 'error',
    hint: "Create the route in its route file with a route factory, as TanStack's generator writes it: `export const Route = createFileRoute('/api/x')({ server: { handlers: { … } } })`. A route made elsewhere (a package's helper, a module the analysis does not read) cannot be classified: its handlers would be protected only at run time and reported nowhere.",
  },
  SFA705: {
    name: 'public-route-factory',
    severity: 'error',
    hint: "Annotate each route where its options are given: `// @auth public: <reason>` above `export const Route = createFileRoute('/api/x')({ … })`, in its own route file, so that every public route is one reviewed decision. A route made by a helper of the app is protected; write a public one out in its file.",
  },
  SFA706: {
    name: 'server-in-lazy-route',
    severity: 'error',
    hint: "Declare `server` in the route file, where TanStack reads it for every request: `export const Route = createFileRoute('/api/x')({ server: { handlers: { … } } })`. Keep the lazy file (`x.lazy.tsx`) for the component. At run time serverfn-auth refuses a lazy part that brings `server`, and that page fails.",
  },
  SFA707: {
    name: 'route-access-directive-unsupported',
    severity: 'error',
    hint: 'Server routes take request middleware: list a role check in the route\'s `server.middleware` (after `routes.middleware` runs), or move the operation into a server function annotated `@auth role: <name>`. Only `@auth public: <reason>` applies to a server route.',
  },
} as const satisfies Record<string, CatalogEntry>

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOG

export function createDiagnostic(
  code: DiagnosticCode,
  file: string,
  loc: SourcePosition,
  message: string,
  /** The catalog's hint with this case's names filled in, where the catalog has placeholders. */
  hint?: string,
): Diagnostic {
  const entry: CatalogEntry = DIAGNOSTIC_CATALOG[code]
  return { code, name: entry.name, severity: entry.severity, message, hint: hint ?? entry.hint, file, loc }
}
