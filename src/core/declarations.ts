import type { CallExpression, MemberExpression, Node, Statement, VariableDeclarator } from '@babel/types'
import type { AnalysisContext } from './analysis-context.ts'
import { report, reportAt } from './analysis-context.ts'
import type { AuthDirective, DirectiveScan } from './annotations.ts'
import type { ImportBinding, TopLevelDeclaration } from './bindings.ts'
import { methodFromOptions, readChain, withNamespaceCallHead, type Chain, type HttpMethod } from './chain.ts'
import type { AccessDecision, DeclarationOrigin } from './model.ts'
import { importValue, namespaceMemberValue, type ModuleValue } from './module-values.ts'
import { checkOptionsLiteral } from './options-literal.ts'
import { BUILDER_METHODS, HANDLER_METHOD, MIDDLEWARE_METHOD } from './start-packages.ts'
import { moduleSkippedByTanStack, unwrapExpression } from './tanstack-model.ts'

/**
 * The module's server function declarations: top-level declarations whose initializer is a chain
 * on `createServerFn(...)` or on a builder, each proved or reported.
 *
 * ```ts
 * export const authed = createServerFn().middleware([audit])   // a builder (root)
 * export const getProfile = authed.handler(loadProfile)        // an endpoint derived from it
 * ```
 *
 * A declaration is accepted when its name can never hold anything else (`const`, declared once),
 * its chain has only builder links with options that cannot carry middleware, and TanStack's
 * compiler can follow its head. Its access is decided here: an annotation on a root, the builder's
 * for a derived one (which may add roles, never take any away, see `decideAccess`), the app's rule
 * in a dependency. Every name a chain head reads is "consumed",
 * so that `value-uses.ts` checks only the other places a server function value is read.
 */

export interface DeclaredServerFn {
  name: string
  declaration: TopLevelDeclaration & { declarator: VariableDeclarator }
  kind: 'builder' | 'endpoint'
  method: HttpMethod
  origin: DeclarationOrigin
  access: AccessDecision
  /** TanStack's compiler can follow the head (it compiles the endpoint). */
  compiled: boolean
  chain: Chain
  /** Where the session middleware goes: right after the head. */
  headEnd: number
  /** Where the session check goes: at `handler` in `.handler(…)`; null for a builder. */
  handlerAt: number | null
}

export interface DeclarationScan {
  byName: Map<string, DeclaredServerFn>
  /** Every accepted declaration, in source order (a name declared twice appears twice). */
  all: DeclaredServerFn[]
  /** Nodes that head accepted chains: not to be checked again as uses. */
  consumed: Set<Node>
}

export interface DependencyContext {
  package: string
  /** The app's rule for the package; null when it has none (SFA401). */
  rule: { access: AccessDecision; exports: ReadonlyMap<string, AccessDecision> } | null
}

/** What the app configured beyond the session middleware. */
export interface AccessConfig {
  /** The role names of the `roles` option. */
  roles: ReadonlySet<string>
  /** Whether the `optional` option names an optional-session middleware. */
  optional: boolean
}

export const NO_ACCESS_CONFIG: AccessConfig = { roles: new Set(), optional: false }

export interface DeclarationOptions {
  directives: DirectiveScan
  dependency: DependencyContext | null
  access: AccessConfig
  /** Whether a `.middleware([...])` item is the project's session middleware (for SFA206). */
  isSessionItem: (item: Node) => boolean
}

type Derivable = Extract<ModuleValue, { kind: 'builder' | 'unanswered' }>

type HeadResolution =
  | { kind: 'root'; call: CallExpression; spelled: string; consumed: Node; chain: Chain }
  | { kind: 'derived'; value: Derivable; local: string | null; consumed: Node; chain: Chain; headEnd: number; compiled: boolean; spelled: string }

/**
 * An import nobody could answer heads a builder only when the chain says so: it calls a builder
 * method or `.handler` on it. `const data = readFileSync(path)` is not a server function.
 */
function derivesFrom(value: ModuleValue, chain: Chain): value is Derivable {
  if (value.kind === 'builder') return true
  return value.kind === 'unanswered' && chain.links.some((link) => link.method === HANDLER_METHOD || BUILDER_METHODS.has(link.method))
}

export function findDeclarations(context: AnalysisContext, options: DeclarationOptions): DeclarationScan {
  const { bindings } = context
  const scan: DeclarationScan = { byName: new Map(), all: [], consumed: new Set() }
  const importValues = new Map<string, ModuleValue>()
  const resolving = new Set<string>()
  const resolved = new Map<string, DeclaredServerFn | null>()
  const skipped = moduleSkippedByTanStack(context.file, context.code)

  /** What a module-level name holds. */
  const valueOf = (name: string): ModuleValue => {
    const binding = bindings.imports.get(name)
    if (binding) {
      let value = importValues.get(name)
      if (!value) importValues.set(name, (value = importValue(binding, context.answers)))
      return value
    }
    const declared = resolveLocal(name)
    if (!declared) return { kind: 'none' }
    if (declared.kind === 'endpoint') return { kind: 'endpoint' }
    return { kind: 'builder', access: declared.access, origin: { kind: 'builder', name }, method: declared.method, compiled: declared.compiled }
  }

  const resolveLocal = (name: string): DeclaredServerFn | null => {
    if (resolved.has(name)) return resolved.get(name)!
    const declarations = bindings.declarations.get(name)
    if (!declarations || resolving.has(name)) return null
    resolving.add(name)
    let first: DeclaredServerFn | null = null
    for (const declaration of declarations) {
      if (!declaration.declarator?.init) continue
      const declared = evaluate(declaration as DeclaredServerFn['declaration'], name, declarations.length)
      first ??= declared
    }
    resolving.delete(name)
    resolved.set(name, first)
    return first
  }

  const resolveHead = (chain: Chain): HeadResolution | null => {
    const head = chain.head
    switch (head.kind) {
      case 'identifier': {
        const value = valueOf(head.identifier.name)
        if (value.kind === 'namespace') {
          const call = withNamespaceCallHead(chain)
          return call ? resolveHead(call) : null
        }
        if (!derivesFrom(value, chain)) return null
        const local = bindings.imports.has(head.identifier.name) ? null : head.identifier.name
        return { kind: 'derived', value, local, consumed: head.identifier, chain, headEnd: head.identifier.end!, compiled: value.kind === 'unanswered' || value.compiled, spelled: head.identifier.name }
      }
      case 'call': {
        const callee = head.callee
        const value = valueOf(callee.name)
        if (value.kind === 'factory') return { kind: 'root', call: head.call, spelled: callee.name, consumed: callee, chain }
        if (!derivesFrom(value, chain)) return null
        // `base(options)` is a call link on the builder `base`.
        const links = [{ method: '()', call: head.call, receiver: head.call.callee }, ...chain.links]
        const local = bindings.imports.has(callee.name) ? null : callee.name
        return { kind: 'derived', value, local, consumed: callee, chain: { head: { kind: 'identifier', identifier: callee }, links }, headEnd: callee.end!, compiled: value.kind === 'unanswered' || value.compiled, spelled: callee.name }
      }
      case 'namespace-call': {
        const { object, property } = head.member
        const namespace = valueOf(object.name)
        if (namespace.kind !== 'namespace') return null
        const spelled = `${object.name}.${property.name}`
        const value = namespaceMemberValue(namespace, property.name, context.answers)
        if (value.kind === 'factory') return { kind: 'root', call: head.call, spelled, consumed: object, chain }
        if (!derivesFrom(value, chain)) return null
        // TanStack resolves `Namespace.name(…)` through a namespace import, not through a name.
        return { kind: 'derived', value, local: null, consumed: object, chain, headEnd: head.call.end!, compiled: namespace.followed, spelled }
      }
      case 'member': {
        const { object, property } = head.member
        const namespace = valueOf(object.name)
        if (namespace.kind !== 'namespace') return null
        const value = namespaceMemberValue(namespace, property.name, context.answers)
        if (!derivesFrom(value, chain)) return null
        // TanStack resolves `Namespace.name(…)` but not `Namespace.name.method(…)`.
        return { kind: 'derived', value, local: null, consumed: object, chain, headEnd: head.member.node.end!, compiled: false, spelled: `${object.name}.${property.name}` }
      }
      case 'other':
        return null
    }
  }

  /**
   * The protected builders a chain lists as middleware items (`.middleware([adminFn])`), with
   * their roles: TanStack flattens a builder's middleware into the chain, so its session and its
   * roles run there too.
   */
  const protectedItems = (chain: Chain): { names: string[]; roles: string[] } => {
    const found = { names: [] as string[], roles: [] as string[] }
    for (const item of middlewareItems(chain)) {
      const expression = unwrapExpression(item)
      let value: ModuleValue | null = null
      if (expression.type === 'Identifier') value = valueOf(expression.name)
      else if (expression.type === 'MemberExpression' && !expression.computed && expression.object.type === 'Identifier' && expression.property.type === 'Identifier') {
        const namespace = valueOf(expression.object.name)
        if (namespace.kind === 'namespace') value = namespaceMemberValue(namespace, expression.property.name, context.answers)
      }
      if (value?.kind !== 'builder' || value.access.kind !== 'protected') continue
      found.names.push(context.code.slice(item.start!, item.end!))
      found.roles.push(...(value.access.roles ?? []))
    }
    return found
  }

  const evaluate = (declaration: DeclaredServerFn['declaration'], name: string, timesDeclared: number): DeclaredServerFn | null => {
    const head = resolveHead(readChain(declaration.declarator.init!))
    if (!head) return null
    scan.consumed.add(head.consumed)
    const { chain } = head
    let kind: DeclaredServerFn['kind'] = 'builder'
    let method: HttpMethod = head.kind === 'root' ? 'GET' : head.value.kind === 'builder' ? head.value.method : 'unknown'
    let handlerAt: number | null = null
    const headCall = head.kind === 'root' ? head.call : head.chain.head.kind === 'namespace-call' ? head.chain.head.call : null
    if (headCall) {
      const problem = checkOptionsLiteral(headCall, head.spelled)
      if (problem) report(context, 'SFA111', problem.node, problem.message)
    }
    if (head.kind === 'root') method = methodFromOptions(head.call) ?? method
    else if (headCall) method = methodFromOptions(headCall) ?? method
    for (const link of chain.links) {
      if (kind === 'endpoint') {
        report(context, 'SFA102', link.call, `\`${name}\` calls \`.${link.method === '()' ? '' : link.method}(…)\` on the endpoint that \`.handler(…)\` returned; the endpoint must be the whole initializer.`)
        break
      }
      if (link.method === '()') {
        const problem = checkOptionsLiteral(link.call, `${head.spelled}`)
        if (problem) report(context, 'SFA111', problem.node, problem.message)
        method = methodFromOptions(link.call) ?? method
      } else if (link.method === HANDLER_METHOD) {
        kind = 'endpoint'
        // TanStack's compiler replaces the first argument by its RPC stub and leaves any other as
        // written: in the client bundle, a second function would ship to the browser.
        const args = link.call.arguments
        if (args.length !== 1 || args[0]!.type === 'SpreadElement' || args[0]!.type === 'ArgumentPlaceholder') {
          report(context, 'SFA107', link.call, `\`${name}\` calls \`.handler(…)\` with ${args.length === 1 ? 'a spread' : `${args.length} arguments`}: it takes exactly one, the handler function.`)
        }
        // Before the property name, after the dot: `x.handler` becomes `x.middleware([check]).handler`
        // whatever wraps or parenthesises `x`.
        handlerAt = (link.call.callee as MemberExpression).property.start!
      } else if (!BUILDER_METHODS.has(link.method)) {
        report(context, 'SFA107', link.call, `\`.${link.method}(…)\` is not a method of a server function builder.`)
        return null
      }
    }

    const { declarator, statement } = declaration
    const declaredName = declarator.id
    if (declaration.kind !== 'const') {
      report(context, 'SFA108', declaredName, `\`${name}\` is declared with \`${declaration.kind}\`: TanStack calls whatever the name holds when a request arrives, and an assignment could replace it.`)
    } else if (timesDeclared > 1) {
      report(context, 'SFA108', declaredName, `\`${name}\` is declared more than once in the module.`)
    }
    const compiled = head.kind === 'root' || head.compiled
    if (kind === 'endpoint' && !compiled && head.kind === 'derived') {
      const why = head.local
        ? `it is derived from \`${head.local}\`, which TanStack Start's compiler cannot follow`
        : `TanStack Start's compiler does not follow \`${head.spelled}\` read from a namespace import`
      report(context, 'SFA112', declaredName, `\`${name}\` would not become an endpoint: ${why}. Its handler would ship to the browser.`)
    } else if (head.kind === 'derived' && !head.compiled && !head.local) {
      report(context, 'SFA112', declaredName, `\`${name}\` is derived from \`${head.spelled}\`, which TanStack Start's compiler does not follow: endpoints derived from it would not be compiled.`)
    }
    if (kind === 'endpoint' && skipped) {
      report(context, 'SFA113', declaredName, `TanStack Start would not compile \`${name}\`: ${skipped}. Its handler would ship to the browser.`)
    }
    if (head.kind === 'derived' && head.value.kind === 'unanswered' && head.value.reason) {
      report(context, 'SFA603', declaredName, `\`${name}\` is derived from \`${head.spelled}\`, which serverfn-auth could not follow: ${head.value.reason}.`)
    }

    const exportedAs = bindings.exportsByLocal.get(name) ?? []
    const origin: DeclarationOrigin =
      head.kind === 'root'
        ? { kind: 'root' }
        : head.value.kind === 'builder'
          ? head.value.origin
          : { kind: 'import', reference: { source: head.value.binding.source, importedName: head.value.member ?? head.value.binding.imported }, declaredIn: null, package: null }
    const declared: DeclaredServerFn = {
      name,
      declaration,
      kind,
      method,
      origin,
      access: decideAccess(context, options, { head, statement, name, exportedAs }, options.dependency ? { names: [], roles: [] } : protectedItems(chain)),
      compiled,
      chain,
      headEnd: head.kind === 'root' ? head.call.end! : head.headEnd,
      handlerAt,
    }
    if (declared.access.kind === 'protected') {
      const item = staticMiddlewareItem(chain, context.bindings.imports)
      if (item) {
        report(context, 'SFA115', item, `\`${name}\` is protected, but its chain lists \`staticFunctionMiddleware\`: its result is computed at build time, without a session, and served as a public file. Prerendering would call it anonymously and fail.`)
      }
    }
    if (!scan.byName.has(name)) scan.byName.set(name, declared)
    scan.all.push(declared)
    return declared
  }

  for (const statement of context.ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of declaration.declarations) {
      if (!declarator.init) continue
      if (declarator.id.type === 'Identifier') {
        resolveLocal(declarator.id.name)
        continue
      }
      // A destructured server function: TanStack throws for an endpoint and can follow nothing.
      const head = resolveHead(readChain(declarator.init))
      if (!head) continue
      scan.consumed.add(head.consumed)
      report(context, 'SFA102', declarator.id, `A server function chain is destructured: \`${head.spelled}\` must be assigned to a plain name.`)
    }
  }
  scan.all.sort((a, b) => a.declaration.declarator.start! - b.declaration.declarator.start!)
  return scan
}

/** The declaration whose access is decided. */
interface AccessSite {
  head: HeadResolution
  statement: Statement
  name: string
  exportedAs: string[]
}

/** Its own decision, with the roles of the protected builders it lists as middleware items. */
function decideAccess(context: AnalysisContext, options: DeclarationOptions, site: AccessSite, items: { names: string[]; roles: string[] }): AccessDecision {
  const decided = decideOwnAccess(context, options, site)
  const { name, statement } = site
  const directive = options.directives.byStatement.get(statement)
  if (decided.kind !== 'protected' && directive && directive.kind !== 'role' && items.names.length) {
    reportAt(context, 'SFA206', directive.loc, `\`${name}\` is annotated \`@auth ${directive.kind}\` but its chain lists \`${items.names[0]}\`, a protected builder whose session middleware refuses anonymous callers.`)
  }
  return withRoles(decided, items.roles)
}

function decideOwnAccess(context: AnalysisContext, options: DeclarationOptions, site: AccessSite): AccessDecision {
  const { head, statement, name, exportedAs } = site
  const { directives, dependency } = options
  if (dependency) {
    // The app's reviewed rule decides, by the names the package exports: nothing in the
    // package's own source, an annotation included, can make an endpoint more open.
    const rule = dependency.rule
    if (!rule) return { kind: 'protected' }
    for (const exported of exportedAs) {
      const override = rule.exports.get(exported)
      if (override) return override
    }
    return rule.access
  }
  const directive = directives.byStatement.get(statement)
  if (directive && directive.kind !== 'public' && !configured(context, options.access, directive)) return { kind: 'protected' }
  if (head.kind === 'root') {
    if (!directive) return { kind: 'protected' }
    if (directive.kind === 'role') return { kind: 'protected', roles: directive.roles }
    if (listsSession(head.chain, options.isSessionItem)) {
      reportAt(context, 'SFA206', directive.loc, `\`${name}\` is annotated \`@auth ${directive.kind}\` but its chain lists the session middleware, which refuses anonymous callers.`)
    }
    return { kind: directive.kind, reason: directive.reason }
  }
  const value = head.value
  // What the builder decided; an endpoint on a package's builder is the app's own: the package's
  // rule does not open it.
  const inherited: AccessDecision = value.kind !== 'builder' || (value.origin.kind === 'import' && value.origin.package) ? { kind: 'protected' } : value.access
  const decidedBy = head.local ? `its builder \`${head.local}\`` : `the module that declares \`${head.spelled}\``
  if (directive?.kind === 'role') {
    // Stricter is always safe: a derived declaration may add roles to its builder's.
    if (inherited.kind !== 'protected') {
      reportAt(context, 'SFA211', directive.loc, `\`@auth role\` on \`${name}\`, whose access ${decidedBy} decides: ${inherited.kind}. A role needs the session middleware, which ${inherited.kind === 'public' ? 'a public' : 'an optional'} builder does not run.`)
      return inherited
    }
    return withRoles(inherited, directive.roles)
  }
  const annotated = directives.annotated.get(statement)
  if (annotated) {
    reportAt(context, 'SFA205', annotated[0]!, `\`@auth\` on \`${name}\` has no effect: its access is decided by ${decidedBy}, and a derived declaration may only add roles.`)
  }
  return inherited
}

/** A protected decision with `roles` added (each once, in order); any other as it is. */
function withRoles(access: AccessDecision, roles: readonly string[]): AccessDecision {
  if (access.kind !== 'protected' || roles.length === 0) return access
  const all = [...(access.roles ?? [])]
  for (const role of roles) if (!all.includes(role)) all.push(role)
  return { kind: 'protected', roles: all }
}

/** A role and the optional session are what the app configured; otherwise the build fails. */
function configured(context: AnalysisContext, access: AccessConfig, directive: Exclude<AuthDirective, { kind: 'public' }>): boolean {
  if (directive.kind === 'optional') {
    if (access.optional) return true
    reportAt(context, 'SFA212', directive.loc, '`@auth optional` needs an optional-session middleware, and the `optional` option names none.')
    return false
  }
  const unknown = directive.roles.filter((role) => !access.roles.has(role))
  if (unknown.length === 0) return true
  const known = access.roles.size ? `The configured roles are ${[...access.roles].map((role) => `\`${role}\``).join(', ')}.` : 'The `roles` option configures none.'
  reportAt(context, 'SFA209', directive.loc, `\`@auth role\` names ${unknown.map((role) => `\`${role}\``).join(', ')}, which the \`roles\` option does not configure. ${known}`)
  return false
}

/** TanStack's package of static server functions (`staticFunctionMiddleware`). */
const STATIC_FUNCTIONS_PACKAGE = '@tanstack/start-static-server-functions'

/**
 * The `.middleware([…])` item of a chain that is TanStack's static function middleware, imported by
 * name or read from a namespace import of its package. It only ever adds a build error: a static
 * function derived from a builder in another module is not found here, and fails at prerendering.
 */
function staticMiddlewareItem(chain: Chain, imports: ReadonlyMap<string, ImportBinding>): Node | null {
  for (const element of middlewareItems(chain)) {
    const item = unwrapExpression(element)
    if (item.type === 'Identifier' && imports.get(item.name)?.source === STATIC_FUNCTIONS_PACKAGE) return item
    if (item.type === 'MemberExpression' && !item.computed && item.object.type === 'Identifier') {
      const namespace = imports.get(item.object.name)
      if (namespace?.source === STATIC_FUNCTIONS_PACKAGE && namespace.imported === '*') return item
    }
  }
  return null
}

/** The items of a chain's `.middleware([…])` array literals, spreads and holes left out. */
function middlewareItems(chain: Chain): Node[] {
  return chain.links.flatMap((link) => {
    if (link.method !== MIDDLEWARE_METHOD) return []
    const list = link.call.arguments[0] && unwrapExpression(link.call.arguments[0])
    if (list?.type !== 'ArrayExpression') return []
    return list.elements.filter((item): item is NonNullable<typeof item> & Node => !!item && item.type !== 'SpreadElement')
  })
}

function listsSession(chain: Chain, isSessionItem: (item: Node) => boolean): boolean {
  return middlewareItems(chain).some(isSessionItem)
}
