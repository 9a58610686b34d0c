/** The plugin's options, as users write them, and their validation. */

import { ROLE_NAME } from '../core/index.ts'

export type AccessRuleOption = { access: 'protected' } | { access: 'public'; reason: string }

export interface DependencyRule {
  /** Access of every server function the package declares. */
  access: 'protected' | 'public'
  /** Why the package's server functions are public. Required when `access` is `'public'`. */
  reason?: string
  /** Overrides by export name: `{ getSignInUrl: { access: 'public', reason: 'sign-in link' } }`. */
  exports?: Record<string, AccessRuleOption>
}

export interface ServerFnAuthOptions {
  /** The session middleware that every server function gets unless it is annotated public. */
  middleware: {
    /**
     * Module that exports it, resolved with Vite's resolver from the project root: a root path
     * (`/src/server/session.ts`), a path relative to the root (`./src/server/session.ts`) or an
     * alias (`~/server/session`).
     */
    from: string
    /** Name of the export that holds the function middleware, e.g. `requireSession`. */
    export: string
  }
  /**
   * Server routes (file routes with `server.handlers`): the **request** middleware that checks the
   * session, run first for every handler that is not annotated public. Resolved and checked like
   * `middleware`. Required as soon as the app has a server route that is not public.
   */
  routes?: {
    middleware: { from: string; export: string }
  }
  /**
   * Roles: each name maps to a **function** middleware that answers 403 when the user lacks the
   * role. `// @auth role: admin` (or `admin, billing`: every role listed is required) runs it right
   * after the session middleware, before the function's own middleware and validator. A role on a
   * builder applies to everything derived from it; a derived declaration may add roles. Resolved
   * and checked like `middleware`.
   * @default {}
   */
  roles?: Record<string, { from: string; export: string }>
  /**
   * The optional-session middleware: a **function** middleware that reads the session without
   * refusing anonymous callers (it sets `context.user` to the user or to null). Functions annotated
   * `// @auth optional: <reason>` run it instead of the session middleware: they answer anonymous
   * callers, and know who calls when someone is signed in. Resolved and checked like `middleware`.
   * @default undefined (`@auth optional` fails the build)
   */
  optional?: { from: string; export: string }
  /**
   * Rules for packages in node_modules that ship `createServerFn` endpoints, keyed by package
   * name (`@workos/authkit-tanstack-react-start`). An endpoint from a package without a rule
   * fails the build.
   * @default {}
   */
  dependencies?: Record<string, DependencyRule>
  /**
   * Do not print the endpoint table (at the end of each server build, and in dev when the
   * endpoints or their access change). Problems are always printed.
   * @default false
   */
  quiet?: boolean
  /**
   * File the endpoint inventory (JSON: TanStack's function id, file, name, method, access,
   * reason, line of every endpoint) is written to, relative to the server build's output folder.
   * `false` writes none.
   * @default 'serverfn-auth.json'
   */
  inventory?: string | false
  /**
   * Also write the report as Markdown (for a pull-request comment), relative to the server
   * build's output folder. `true` means `'serverfn-auth.md'`.
   * @default false
   */
  markdown?: string | boolean
  /**
   * Also write SARIF 2.1.0 (for code-scanning tools: problems as results, public endpoints as
   * notes), relative to the server build's output folder; written when the build fails too.
   * `true` means `'serverfn-auth.sarif'`.
   * @default false
   */
  sarif?: string | boolean
  /**
   * A file of the reviewed public endpoints, relative to the project root, that the team commits
   * (and may put under CODEOWNERS). The build fails when a public endpoint is missing from it,
   * an entry is stale, or a reason changed. `SERVERFN_AUTH_UPDATE_BASELINE=1` rewrites it.
   * @default undefined (no baseline check)
   */
  baseline?: string
  /**
   * `'required'` fails the build when the runtime guard (`serverfn-auth/guard`) is not part of the
   * server build, i.e. not registered in `src/start.ts`.
   * @default 'optional'
   */
  guard?: 'required' | 'optional'
}

export interface ResolvedOptions {
  middleware: { from: string; export: string }
  /** `routes.middleware`; null when not configured. */
  routeMiddleware: { from: string; export: string } | null
  /** `roles`, by role name. */
  roles: Map<string, { from: string; export: string }>
  /** `optional`; null when not configured. */
  optional: { from: string; export: string } | null
  dependencies: Map<string, ResolvedDependencyRule>
  quiet: boolean
  /** File names relative to the server output folder; null when not written. */
  inventory: string | null
  markdown: string | null
  sarif: string | null
  /** Relative to the project root; null when there is no baseline check. */
  baseline: string | null
  guard: 'required' | 'optional'
}

export interface ResolvedDependencyRule {
  package: string
  access: AccessRuleOption
  exports: Map<string, AccessRuleOption>
}

export class ServerFnAuthOptionsError extends Error {
  constructor(message: string) {
    super(`[serverfn-auth] Invalid options: ${message}`)
    this.name = 'ServerFnAuthOptionsError'
  }
}

const ROUTES_USAGE = "routes: { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } }"
const ROLES_USAGE = "roles: { admin: { from: '/src/server/roles.ts', export: 'requireAdmin' } }"
const OPTIONAL_USAGE = "optional: { from: '/src/server/session.ts', export: 'readSession' }"
const USAGE = "serverFnAuth({ middleware: { from: '/src/server/session.ts', export: 'requireSession' } })"

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkKeys(value: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ServerFnAuthOptionsError(`unknown option \`${where}${key}\`. Known options: ${allowed.map((k) => `\`${where}${k}\``).join(', ')}.`)
    }
  }
}

function nonEmptyString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ServerFnAuthOptionsError(`\`${where}\` must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}.`)
  }
  return value
}

function resolveAccessRule(value: unknown, where: string): AccessRuleOption {
  if (!isRecord(value)) throw new ServerFnAuthOptionsError(`\`${where}\` must be an object such as { access: 'protected' }.`)
  checkKeys(value, ['access', 'reason'], `${where}.`)
  if (value.access === 'protected') {
    if (value.reason !== undefined) nonEmptyString(value.reason, `${where}.reason`)
    return { access: 'protected' }
  }
  if (value.access === 'public') {
    return { access: 'public', reason: nonEmptyString(value.reason, `${where}.reason`).trim() }
  }
  throw new ServerFnAuthOptionsError(`\`${where}.access\` must be 'protected' or 'public', got ${JSON.stringify(value.access)}.`)
}

export function resolveOptions(raw: unknown): ResolvedOptions {
  if (!isRecord(raw)) throw new ServerFnAuthOptionsError(`pass an options object: ${USAGE}.`)
  checkKeys(raw, ['middleware', 'routes', 'roles', 'optional', 'dependencies', 'quiet', 'inventory', 'markdown', 'sarif', 'baseline', 'guard'], '')
  const middleware = raw.middleware
  if (!isRecord(middleware)) {
    throw new ServerFnAuthOptionsError(`\`middleware\` is required and names your session middleware: ${USAGE}.`)
  }
  const { from, export: exportName } = resolveModuleExport(middleware, 'middleware')
  let routeMiddleware: ResolvedOptions['routeMiddleware'] = null
  if (raw.routes !== undefined) {
    if (!isRecord(raw.routes) || !isRecord(raw.routes.middleware)) {
      throw new ServerFnAuthOptionsError(`\`routes\` must be { middleware: { from, export } }, naming the request middleware that checks the session for server routes: ${ROUTES_USAGE}.`)
    }
    checkKeys(raw.routes, ['middleware'], 'routes.')
    routeMiddleware = resolveModuleExport(raw.routes.middleware, 'routes.middleware')
  }

  const roles = new Map<string, { from: string; export: string }>()
  if (raw.roles !== undefined) {
    if (!isRecord(raw.roles)) throw new ServerFnAuthOptionsError(`\`roles\` must be an object keyed by role name: ${ROLES_USAGE}.`)
    for (const [name, role] of Object.entries(raw.roles)) {
      if (!ROLE_NAME.test(name)) {
        throw new ServerFnAuthOptionsError(`\`roles\`: ${JSON.stringify(name)} is not a role name (letters, digits and \`_\`, then also \`.\`, \`:\`, \`/\` or \`-\`).`)
      }
      if (!isRecord(role)) throw new ServerFnAuthOptionsError(`\`roles.${name}\` must be { from, export }, naming the function middleware that checks the role: ${ROLES_USAGE}.`)
      roles.set(name, resolveModuleExport(role, `roles.${name}`))
    }
  }
  let optional: ResolvedOptions['optional'] = null
  if (raw.optional !== undefined) {
    if (!isRecord(raw.optional)) throw new ServerFnAuthOptionsError(`\`optional\` must be { from, export }, naming the function middleware that reads the session without refusing: ${OPTIONAL_USAGE}.`)
    optional = resolveModuleExport(raw.optional, 'optional')
  }

  const dependencies = new Map<string, ResolvedDependencyRule>()
  if (raw.dependencies !== undefined) {
    if (!isRecord(raw.dependencies)) throw new ServerFnAuthOptionsError('`dependencies` must be an object keyed by package name.')
    for (const [name, rule] of Object.entries(raw.dependencies)) {
      const where = `dependencies['${name}']`
      if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
        throw new ServerFnAuthOptionsError(`\`${where}\`: ${JSON.stringify(name)} is not a package name.`)
      }
      if (!isRecord(rule)) throw new ServerFnAuthOptionsError(`\`${where}\` must be an object such as { access: 'protected' }.`)
      checkKeys(rule, ['access', 'reason', 'exports'], `${where}.`)
      const access = resolveAccessRule({ access: rule.access, reason: rule.reason }, where)
      const exports = new Map<string, AccessRuleOption>()
      if (rule.exports !== undefined) {
        if (!isRecord(rule.exports)) throw new ServerFnAuthOptionsError(`\`${where}.exports\` must be an object keyed by export name.`)
        for (const [exportKey, exportRule] of Object.entries(rule.exports)) {
          exports.set(exportKey, resolveAccessRule(exportRule, `${where}.exports.${exportKey}`))
        }
      }
      dependencies.set(name, { package: name, access, exports })
    }
  }

  if (raw.quiet !== undefined && typeof raw.quiet !== 'boolean') {
    throw new ServerFnAuthOptionsError(`\`quiet\` must be true or false, got ${JSON.stringify(raw.quiet)}.`)
  }
  return {
    middleware: { from, export: exportName },
    routeMiddleware,
    roles,
    optional,
    dependencies,
    quiet: raw.quiet ?? false,
    inventory: outputFile(raw.inventory, 'inventory', 'serverfn-auth.json', true),
    markdown: outputFile(raw.markdown, 'markdown', 'serverfn-auth.md', false),
    sarif: outputFile(raw.sarif, 'sarif', 'serverfn-auth.sarif', false),
    baseline: raw.baseline === undefined ? null : nonEmptyString(raw.baseline, 'baseline'),
    guard: resolveGuard(raw.guard),
  }
}

/** `{ from, export }` of a middleware option. */
function resolveModuleExport(value: Record<string, unknown>, where: string): { from: string; export: string } {
  checkKeys(value, ['from', 'export'], `${where}.`)
  const from = nonEmptyString(value.from, `${where}.from`)
  const exportName = nonEmptyString(value.export, `${where}.export`)
  if (!/^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(exportName)) {
    throw new ServerFnAuthOptionsError(`\`${where}.export\` must be an identifier, got ${JSON.stringify(exportName)}.`)
  }
  return { from, export: exportName }
}

function resolveGuard(value: unknown): 'required' | 'optional' {
  if (value === undefined) return 'optional'
  if (value === 'required' || value === 'optional') return value
  throw new ServerFnAuthOptionsError(`\`guard\` must be 'required' or 'optional', got ${JSON.stringify(value)}.`)
}

/** `true` picks the default name, `false` none, a string names the file. */
function outputFile(value: unknown, key: string, defaultName: string, defaultOn: boolean): string | null {
  if (value === undefined) return defaultOn ? defaultName : null
  if (value === false) return null
  if (value === true) return defaultName
  return nonEmptyString(value, key)
}
