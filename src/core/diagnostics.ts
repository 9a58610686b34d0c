/**
 * The diagnostic catalog. Every problem serverfn-auth reports has a permanent code (never reused,
 * never renumbered), a name, a message that says what happened and a hint that says what to do.
 * Codes and positions are data: they are never baked into the message text.
 *
 * Ranges: SFA0xx the module itself, SFA1xx how `createServerFn` is written, SFA2xx `@auth`
 * annotations, SFA3xx the session middleware in its own module, SFA4xx dependencies,
 * SFA5xx the plugin's configuration, SFA6xx checks of the whole build.
 */

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
    hint: 'Fix the syntax error. serverfn-auth never skips a module that mentions createServerFn, because an unread module could hold an unprotected endpoint.',
  },
  SFA101: {
    name: 'nested-server-fn',
    severity: 'error',
    hint: 'Move the createServerFn(...) chain to a top-level `const` of the module. TanStack Start does not compile server functions created inside functions, classes or blocks: the handler would ship to the browser and never become an endpoint.',
  },
  SFA102: {
    name: 'unassigned-server-fn',
    severity: 'error',
    hint: 'Write the whole chain as the initializer of a top-level declaration: `export const getThing = createServerFn().handler(...)`. TanStack Start only turns `const <name> = createServerFn()...` into an endpoint.',
  },
  SFA103: {
    name: 'server-fn-used-as-value',
    severity: 'error',
    hint: 'Call createServerFn(...) directly where a server function is declared. To share configuration, export a builder instead: `export const authed = createServerFn().middleware([...])`, then `authed.handler(...)` elsewhere.',
  },
  SFA104: {
    name: 'indirect-server-fn-call',
    severity: 'error',
    hint: 'Call it plainly: `createServerFn(...)` or `Namespace.createServerFn(...)`. TanStack Start does not compile indirect calls, so the handler would ship to the browser.',
  },
  SFA105: {
    name: 'unknown-server-fn-source',
    severity: 'error',
    hint: 'Import createServerFn from a TanStack Start package (`import { createServerFn } from \'@tanstack/react-start\'`) and call it through that import. If this is not TanStack\'s createServerFn, give it another name.',
  },
  SFA106: {
    name: 'dynamic-start-import',
    severity: 'error',
    hint: 'Use a static `import { createServerFn } from \'@tanstack/react-start\'`. Server functions reached through import() or require() cannot be checked and are not compiled by TanStack Start.',
  },
  SFA107: {
    name: 'unsupported-chain-link',
    severity: 'error',
    hint: 'Write the chain with plain member calls: `.middleware([...]).validator(...).handler(...)`. TanStack Start does not compile optional or computed calls in a server function chain.',
  },
  SFA201: {
    name: 'public-without-reason',
    severity: 'error',
    hint: 'Say why the endpoint is public after a separator: `// @auth public: health probe for the load balancer`.',
  },
  SFA202: {
    name: 'unknown-auth-directive',
    severity: 'error',
    hint: 'The only directive is `@auth public: <reason>`. Server functions are protected without any annotation.',
  },
  SFA203: {
    name: 'duplicate-auth-directive',
    severity: 'error',
    hint: 'Keep a single `@auth public: <reason>` comment on the declaration.',
  },
  SFA204: {
    name: 'directive-without-server-fn',
    severity: 'error',
    hint: 'Put `@auth public: <reason>` directly above the declaration that calls createServerFn(...), or remove it.',
  },
  SFA205: {
    name: 'public-on-derived-server-fn',
    severity: 'error',
    hint: 'Access is decided where the createServerFn(...) root is declared. Annotate that builder, or declare this endpoint from its own root: `// @auth public: <reason>` above `export const x = createServerFn().handler(...)`.',
  },
  SFA206: {
    name: 'public-with-session',
    severity: 'error',
    hint: 'Either remove the session middleware from the chain or remove the `@auth public` annotation.',
  },
  SFA207: {
    name: 'detached-auth-directive',
    severity: 'error',
    hint: 'Write the directive on its own line, directly above a top-level declaration, with no blank line between them.',
  },
  SFA301: {
    name: 'session-declared-too-late',
    severity: 'error',
    hint: 'Declare the session middleware before the first createServerFn(...) of its module, or move the server functions to another module. At module load the binding is not initialised yet.',
  },
  SFA302: {
    name: 'session-export-not-local',
    severity: 'error',
    hint: 'Declare the session middleware in its module (`export const requireSession = createMiddleware()...`) or point the `middleware` option at the module that declares it.',
  },
  SFA401: {
    name: 'unclassified-dependency-server-fn',
    severity: 'error',
    hint: "Decide the package's access in the plugin options: `serverFnAuth({ dependencies: { '<package>': { access: 'protected', exports: { <name>: { access: 'public', reason: '<why>' } } } } })`.",
  },
  SFA501: {
    name: 'session-module-not-found',
    severity: 'error',
    hint: "Point `middleware.from` at the module that exports your session middleware, as a path from the project root (`/src/server/session.ts`) or an alias Vite resolves (`~/server/session`).",
  },
  SFA502: {
    name: 'session-export-missing',
    severity: 'error',
    hint: 'Export the session middleware from that module under the name given in `middleware.export`, or fix the name.',
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
    hint: 'Import the builder from the module that declares it, or through plain re-exports (`export { authed } from ./builders`), so that the report can tell who decides its access. The endpoint itself got the session middleware wherever its root is protected.',
  },
  SFA604: {
    name: 'guard-not-registered',
    severity: 'error',
    hint: "Register the runtime guard in src/start.ts: `createStart(() => ({ requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })], functionMiddleware: [serverFnGuard] }))` with `import { serverFnGuard } from 'serverfn-auth/guard'`.",
  },
} as const satisfies Record<string, CatalogEntry>

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOG

export function createDiagnostic(
  code: DiagnosticCode,
  file: string,
  loc: SourcePosition,
  message: string,
): Diagnostic {
  const entry: CatalogEntry = DIAGNOSTIC_CATALOG[code]
  return { code, name: entry.name, severity: entry.severity, message, hint: entry.hint, file, loc }
}
