import type { File, Node } from '@babel/types'
import MagicString from 'magic-string'
import { readAuthDirectives } from './annotations.ts'
import { declaratorCount } from './bindings.ts'
import { createDiagnostic, type Diagnostic, type SourcePosition } from './diagnostics.ts'
import { LineIndex } from './line-index.ts'
import type { AccessDecision } from './model.ts'
import { cleanModuleId, ModuleParseError, parseModule, type ParseFn } from './parse.ts'
import { findServerRoutes, ROUTE_CANDIDATE_PATTERN, type ServerRouteSite } from './server-routes.ts'

/**
 * Access of server routes, and what the transform writes into their modules.
 *
 * A route is protected unless its declaration says otherwise: `// @auth public: <reason>` above
 * `export const Route = …` opens the whole route; the same directive directly above one method of
 * a literal `handlers` object opens that method. The transform wraps every route it finds:
 *
 * ```ts
 * export const Route = __serverFnAuthRoutes.route(createFileRoute('/api/users')({ … }), {"path":"/api/users","line":3,"public":{}})
 * ```
 *
 * and the runtime (`route` in the runtime module) protects whatever handlers the route holds when
 * the module runs: every method, however the handlers were written, except the methods this
 * analysis proved public. What the analysis cannot read is therefore protected, never guessed open.
 */

export interface RouteMethodAccess {
  method: string
  access: AccessDecision
  loc: SourcePosition
}

export interface ServerRouteAnalysis {
  /** `createFileRoute('/api/users')`'s path, or null. */
  path: string | null
  factory: string
  /** `maybe`: the options could not be read and may declare handlers (each then protected). */
  handlers: 'declared' | 'maybe'
  /** Public when the route's declaration is annotated; then every method is. */
  access: AccessDecision
  /** The methods of a literal `handlers` object, each with its access; null when they cannot be listed. */
  methods: RouteMethodAccess[] | null
  loc: SourcePosition
}

export interface RouteModuleAnalysis {
  file: string
  routes: ServerRouteAnalysis[]
  diagnostics: Diagnostic[]
  /** The routes to wrap: each protected one, and each public one to register it as public. */
  wraps: RouteWrap[]
  /** The end of `export const routeTree = …` in the route tree TanStack generates; null elsewhere. */
  tree: number | null
  /** The module calls a route factory the analysis recognises (see `RouteScan.createsRoutes`). */
  createsRoutes: boolean
}

export interface RouteWrap {
  start: number
  end: number
  /**
   * What the runtime learns of the route: its path and line (for messages), its public methods
   * with their reasons, and `open`, the reason of a route annotated public as a whole.
   */
  meta: { path: string | null; line: number; public: Record<string, string>; open?: string; lock?: true }
}

export interface RouteAnalysisOptions {
  /** `routes.middleware` is configured: protected routes can be protected. */
  routeMiddleware: boolean
  /**
   * The module also declares server functions, whose analysis reads the directives of its other
   * statements: this one reads only those of its routes.
   */
  withServerFns: boolean
  /** How the module is parsed (see `createParseCache`). @default parseModule */
  parse?: ParseFn
}

/** Factories of a route's lazy part, whose options TanStack copies into the route when it loads them. */
const LAZY_FACTORIES: ReadonlySet<string> = new Set(['createLazyFileRoute', 'createLazyRoute', 'LazyRoute'])

const NO_ROUTES: Omit<RouteModuleAnalysis, 'file'> = { routes: [], diagnostics: [], wraps: [], tree: null, createsRoutes: false }

/** The route tree TanStack Router generates (`src/routeTree.gen.ts`) declares this. */
export const ROUTE_TREE_PATTERN = /\bexport const routeTree\s*=/

/** Parses and analyses a module's routes. A module that does not parse has none: Vite fails on it anyway. */
export function analyzeRoutesOf(code: string, id: string, options: RouteAnalysisOptions): RouteModuleAnalysis & { ast: File | null } {
  const file = cleanModuleId(id)
  if (!ROUTE_CANDIDATE_PATTERN.test(code) && !ROUTE_TREE_PATTERN.test(code)) return { file, ...NO_ROUTES, ast: null }
  let ast: File
  try {
    ast = (options.parse ?? parseModule)(code, file)
  } catch (error) {
    if (error instanceof ModuleParseError) return { file, ...NO_ROUTES, ast: null }
    throw error
  }
  return { ...analyzeRoutes(ast, code, file, new LineIndex(code), options), ast }
}

/** The nodes a route's directives may lead: its declaring statement and the methods of its literal handlers. */
export function routeDirectiveTargets(sites: readonly ServerRouteSite[]): { statements: Set<Node>; methods: Set<Node> } {
  const statements = new Set<Node>()
  const methods = new Set<Node>()
  for (const site of sites) {
    if (site.statement) statements.add(site.statement)
    for (const method of site.methodEntries) methods.add(method.node)
  }
  return { statements, methods }
}

export function analyzeRoutes(ast: File, code: string, file: string, lines: LineIndex, options: RouteAnalysisOptions): RouteModuleAnalysis {
  const scan = findServerRoutes(ast, code, lines)
  const analysis: RouteModuleAnalysis = { file, routes: [], diagnostics: [], wraps: [], tree: routeTreeEnd(ast), createsRoutes: scan.createsRoutes }
  const targets = routeDirectiveTargets(scan.sites)
  const directives = readAuthDirectives(ast, code, file, lines, {
    targets: targets.methods,
    owns: options.withServerFns ? (target) => target !== null && (targets.statements.has(target) || targets.methods.has(target)) : undefined,
  })
  analysis.diagnostics.push(...directives.diagnostics)

  for (const [target, positions] of directives.annotated) {
    if (targets.methods.has(target)) continue
    if (!targets.statements.has(target)) {
      analysis.diagnostics.push(createDiagnostic('SFA204', file, positions[0]!, '`@auth` directive is on a statement that declares no server function or server route.'))
    } else if (declaratorCount(target as never) > 1) {
      directives.byStatement.delete(target)
      analysis.diagnostics.push(createDiagnostic('SFA208', file, positions[0]!, 'An `@auth` directive leads a statement that declares several names; it would apply to all of them.'))
    }
  }

  // Server routes take request middleware: roles and the optional session (function middleware)
  // are for server functions. Such a route stays protected by the route session middleware.
  for (const [target, directive] of directives.byStatement) {
    if (directive.kind === 'public' || !(targets.statements.has(target) || targets.methods.has(target))) continue
    directives.byStatement.delete(target)
    analysis.diagnostics.push(createDiagnostic('SFA707', file, directive.loc, `\`@auth ${directive.kind}\` is for server functions; a server route is protected by \`routes.middleware\` unless annotated \`@auth public\`.`))
  }

  for (const site of scan.sites) {
    if (LAZY_FACTORIES.has(site.factory) && site.handlers === 'declared') {
      analysis.diagnostics.push(
        createDiagnostic('SFA706', file, site.loc, `A lazy route (\`${site.factory}\`) declares \`server.handlers\`: TanStack merges a lazy part into its route only when the page first loads it, after the route tree was protected, so these handlers are never served protected.`),
      )
    }
    let routeDirective = site.statement ? directives.byStatement.get(site.statement) : undefined
    if (routeDirective && site.makesFactory) {
      // One directive would open every route the factory makes, in any module, each unreviewed.
      analysis.diagnostics.push(
        createDiagnostic('SFA705', file, directives.annotated.get(site.statement!)![0]!, `\`@auth public\` on a route factory (\`${site.factory}(…)\` not called with the route's options here): it would open every route made with it.`),
      )
      routeDirective = undefined
    }
    const access: AccessDecision = routeDirective?.kind === 'public' ? { kind: 'public', reason: routeDirective.reason } : { kind: 'protected' }
    // Keyed by whatever the handlers are keyed by: `constructor` is a method name like any other.
    const publicMethods: Record<string, string> = Object.create(null)
    for (const method of site.methodEntries) {
      const positions = directives.annotated.get(method.node)
      if (!positions) continue
      if (!site.methodsStatic) {
        analysis.diagnostics.push(
          createDiagnostic('SFA703', file, positions[0]!, `\`@auth\` directive on the method \`${method.name}\` of a \`handlers\` object with a spread, a computed key or a key written twice: another handler may end up under \`${method.name}\`.`),
        )
        continue
      }
      const directive = directives.byStatement.get(method.node)
      if (directive?.kind === 'public') publicMethods[method.name] = directive.reason
    }
    const methods = site.methods === null ? null : site.methodEntries.map((method): RouteMethodAccess => ({
      method: method.name,
      access: access.kind === 'public' ? access : Object.hasOwn(publicMethods, method.name) ? { kind: 'public', reason: publicMethods[method.name]! } : { kind: 'protected' },
      loc: method.loc,
    }))
    analysis.routes.push({ path: site.path, factory: site.factory, handlers: site.handlers, access, methods, loc: site.loc })
    if (access.kind === 'public') {
      analysis.wraps.push({ start: site.expression.start, end: site.expression.end, meta: { path: site.path, line: site.loc.line, public: {}, open: access.reason } })
      continue
    }
    const open = methods === null || methods.some((method) => method.access.kind === 'protected')
    if (open && !options.routeMiddleware) {
      analysis.diagnostics.push(
        createDiagnostic(
          'SFA701',
          file,
          site.loc,
          `The server route ${site.path ?? `created by \`${site.factory}\``} ${site.handlers === 'declared' ? 'declares' : 'may declare'} \`server.handlers\`${methods ? ` (${methods.filter((m) => m.access.kind === 'protected').map((m) => m.method).join(', ')})` : ''}, and \`routes.middleware\` is not configured: nothing would check the session before its handlers.`,
        ),
      )
    }
    analysis.wraps.push({ start: site.expression.start, end: site.expression.end, meta: { path: site.path, line: site.loc.line, public: publicMethods } })
  }

  // Routes without server handlers are locked where they are made: handlers given to one later
  // (\`Route.update({ server })\`) would be nobody's reviewed decision.
  for (const lock of scan.locks) {
    analysis.wraps.push({ start: lock.start, end: lock.end, meta: { path: null, line: lock.loc.line, public: {}, lock: true } })
  }

  for (const use of scan.factoryValues) {
    analysis.diagnostics.push(
      createDiagnostic('SFA702', file, use.loc, `The route factory \`${use.name}\` is used as a value, so the routes it creates cannot be found and their handlers would not be protected.`),
    )
  }
  return analysis
}

/** Where the generated route tree is complete: after `export const routeTree = …`. */
function routeTreeEnd(ast: File): number | null {
  for (const statement of ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : null
    if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) continue
    const id = declaration.declarations[0]!.id
    if (id.type === 'Identifier' && id.name === 'routeTree') return statement.end!
  }
  return null
}

const ROUTES_LOCAL = '__serverFnAuthRoutes'

/**
 * Wraps every route in the runtime's `route(…)`, on the lines it stands on, has the generated
 * route tree checked once it is built (`tree`), and imports the runtime. Returns null when there
 * is nothing to write.
 */
export function writeRouteWraps(code: string, ast: File, wraps: readonly RouteWrap[], runtimeSource: string, tree: number | null = null): MagicString | null {
  if (!wraps.length && tree === null) return null
  const output = new MagicString(code)
  let name = ROUTES_LOCAL
  for (let suffix = 1; code.includes(name); suffix++) name = `${ROUTES_LOCAL}${suffix}`
  const imports = ast.program.body.filter((statement) => statement.type === 'ImportDeclaration')
  const last = imports[imports.length - 1]
  const statement = `import * as ${name} from ${JSON.stringify(runtimeSource)};`
  if (last) output.appendLeft(last.end!, `${code[last.end! - 1] === ';' ? '' : ';'}${statement}`)
  else output.prependLeft(ast.program.body[0]?.start ?? 0, statement)
  for (const wrap of wraps) {
    output.prependRight(wrap.start, `${name}.route(`)
    output.appendLeft(wrap.end, `, ${JSON.stringify(wrap.meta)})`)
  }
  if (tree !== null) output.appendLeft(tree, `${code[tree - 1] === ';' ? '' : ';'}${name}.protectTree(routeTree);`)
  return output
}
