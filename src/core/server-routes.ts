import { isReferenced, type CallExpression, type Expression, type File, type Node, type ObjectExpression, type Statement } from '@babel/types'
import type { SourcePosition } from './diagnostics.ts'
import { LineIndex } from './line-index.ts'
import { cleanModuleId, ModuleParseError, parseModule } from './parse.ts'
import { isTransparentWrapper, unwrapExpression } from './tanstack-model.ts'
import { ScopeResolver } from './scope.ts'
import { walk } from './walk.ts'

/**
 * Server routes: route options that declare `server.handlers`. Each is an HTTP endpoint at its
 * path, next to the server functions:
 *
 * ```ts
 * export const Route = createFileRoute('/api/users')({
 *   server: { handlers: { GET: list, POST: { middleware: [audit], handler: create } } },
 * })
 * ```
 *
 * Finding errs towards listing: a route factory is recognised by its name however it is reached
 * (imported, renamed on import, a namespace or object member), and a route whose options are not a
 * literal the analysis can read (a spread, a value built elsewhere, a computed key) is listed as
 * one that may have handlers. The transform wraps every listed route, and the runtime protects
 * whatever handlers it holds when the module runs (see `route-access.ts`).
 */

/** TanStack Router's route factories; the options of what they create may hold `server`. */
export const ROUTE_FACTORIES: ReadonlySet<string> = new Set([
  'createFileRoute',
  'createLazyFileRoute',
  'createRoute',
  'createLazyRoute',
  'createRootRoute',
  'createRootRouteWithContext',
  // The deprecated name TanStack Router still exports for `createRootRouteWithContext`.
  'rootRouteWithContext',
])

/**
 * A module whose text matches none of this creates no route: a factory's name (the deprecated
 * `rootRouteWithContext` too); `\u`, since an identifier spelled with Unicode escapes
 * (`create\u0046ileRoute`) spells no name in the text;
 * a namespace import of a TanStack package, which may hand a factory on by a computed key or a
 * destructuring without naming it; a route class, constructed or imported (`new Route({ … })`); or
 * a class reached through an object (`new (Route.constructor)(…)`).
 */
export const ROUTE_CANDIDATE_PATTERN =
  /\bcreate(?:Lazy)?(?:File|Root)?Route(?:WithContext)?\b|\brootRouteWithContext\b|\\u|\bimport\s*\*\s*as\s+[\w$]+\s+from\s*['"]@tanstack\/|\bnew\s+(?:[\w$]+\s*\.\s*)?(?:Root|NotFound|File|Lazy|Base|BaseRoot)?Route\b|\bimport\s*\{[^}]*\b(?:Root|NotFound|File|Lazy|Base|BaseRoot)?Route\b[^}]*\}\s*from\s*['"]@tanstack\/|\bnew\b[^;\n]*\.constructor\b/

/**
 * TanStack Router's route classes, which the factories construct: `new Route(options)` makes a
 * route as `createRoute(options)` does. `FileRoute` makes a factory (its `createRoute` method is
 * called like one), `LazyRoute` a lazy part.
 */
export const ROUTE_CLASSES: ReadonlySet<string> = new Set(['Route', 'RootRoute', 'NotFoundRoute', 'FileRoute', 'LazyRoute', 'BaseRoute', 'BaseRootRoute'])

/** Factories called twice: `createFileRoute('/x')({...})`. The first call returns a factory. */
const CURRIED_FACTORIES: ReadonlySet<string> = new Set(['createFileRoute', 'createLazyFileRoute', 'createLazyRoute', 'createRootRouteWithContext', 'rootRouteWithContext'])

/** A method of a literal `handlers` object: `GET: list`, `POST: { handler }`. */
export interface ServerRouteMethod {
  name: string
  /** The property, which a method's `@auth` directive leads. */
  node: Node
  loc: SourcePosition
}

export interface ServerRouteSite {
  /** The path of `createFileRoute('/api/users')`, or the literal `path` of `createRoute` options; null otherwise. */
  path: string | null
  /** The factory as written (`createFileRoute`). */
  factory: string
  /**
   * `handlers` when the options declare `server.handlers`; `maybe` when they cannot be read
   * (not a literal, a spread, a computed key) and may declare them.
   */
  handlers: 'declared' | 'maybe'
  /** The method keys of a literal `handlers` object (`GET`, `POST`, `ANY`); null when they cannot be read. */
  methods: string[] | null
  /**
   * The methods with a static key of a literal `handlers` object (of `handlers: { … }`, or of
   * `handlers: ({ createHandlers }) => createHandlers({ … })`), which may carry a directive.
   */
  methodEntries: ServerRouteMethod[]
  /** The literal `handlers` object has only static keys, none twice, and no spread. */
  methodsStatic: boolean
  /**
   * The top-level statement that declares the route (`export const Route = …`, `export default …`),
   * whose directive applies to the whole route; null when the route is created elsewhere.
   */
  statement: Statement | null
  /** The expression evaluates to a factory of routes (`createFileRoute('/x')` not called again here), not to a route. */
  makesFactory: boolean
  /** The offsets of the expression that evaluates to the route (or to a factory of it): what the transform wraps. */
  expression: { start: number; end: number }
  /** Position of the factory's name. */
  loc: SourcePosition
}

/** What a module's routes are, and where a route factory is used in a way the finder cannot follow. */
export interface RouteScan {
  sites: ServerRouteSite[]
  /** A factory read as a value (`const make = createFileRoute`): the routes it creates cannot be found. */
  factoryValues: Array<{ name: string; loc: SourcePosition }>
  /**
   * The module calls a route factory, with or without server handlers: it creates a route where
   * the analysis sees it. The check of the route tree asks this of every route module.
   */
  createsRoutes: boolean
  /**
   * Routes made here whose options declare no server handlers (a page, a layout): the transform
   * wraps them too, so that none can be given handlers after it was made.
   */
  locks: Array<{ start: number; end: number; loc: SourcePosition }>
}

/**
 * The server routes of a module's text. A module that cannot be parsed yields none: Vite fails
 * on it anyway, and the analysis of server functions reports it (SFA001).
 */
export function serverRoutesOf(code: string, file: string): ServerRouteSite[] {
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return []
  try {
    return findServerRoutes(parseModule(code, cleanModuleId(file)), code, new LineIndex(code)).sites
  } catch (error) {
    if (error instanceof ModuleParseError || error instanceof RangeError) return []
    throw error
  }
}

export function findServerRoutes(ast: File, code: string, lines: LineIndex): RouteScan {
  const scan: RouteScan = { sites: [], factoryValues: [], createsRoutes: false, locks: [] }
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return scan
  const aliases = factoryAliases(ast)
  const namespaces = namespaceImports(ast)
  const classes = classImports(ast)
  const scope = new ScopeResolver()
  const ownObjects = ownObjectMembers(ast, scope)
  const held = heldFactories(ast, aliases, scope)
  walk(ast.program, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1]
    if (node.type === 'Identifier' && classes.has(node.name) && !isNewCallee(node, ancestors) && isValueReference(node, ancestors) && !scope.isShadowed(node.name, ancestors, node)) {
      // A route class read as a value (`class Mine extends Route`, `const R = Route`): what it makes cannot be found.
      scan.factoryValues.push({ name: node.name, loc: lines.locate(node.start!, node.end!) })
      return
    }
    if (node.type === 'JSXIdentifier' || node.type === 'JSXMemberExpression') {
      // `<Make />` with `Make` a factory or a route class: JSX reads the binding, and
      // `(<Make />).type` hands it on.
      const use = jsxFactoryUse(node, parent, aliases, classes, namespaces)
      if (use && !scope.isShadowed(use.root, ancestors, node)) scan.factoryValues.push({ name: use.name, loc: lines.locate(node.start!, node.end!) })
      return
    }
    if (node.type === 'NewExpression') {
      // `new (Route.constructor)(…)`, `new (Object.getPrototypeOf(r).constructor)(…)`: a route's class read off an object.
      const callee = unwrap(node.callee)
      if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && staticKey(callee.property, callee.computed) === 'constructor') {
        scan.factoryValues.push({ name: `${code.slice(callee.object.start!, callee.object.end!)}.constructor`, loc: lines.locate(callee.property.start!, callee.property.end!) })
        return
      }
      const name = className(node.callee, classes, namespaces)
      if (!name || scope.isShadowed(name.root, ancestors, node)) return
      scan.createsRoutes = true
      // `new FileRoute('/x').createRoute({ … })`: the method call is the factory call, found as one.
      // Its `createRoute` read off the instance any other way is a factory handed on.
      if (name.text === 'FileRoute') {
        const handedOn = fileRouteFactoryRead(node, ancestors)
        if (handedOn) scan.factoryValues.push({ name: `new ${name.text}(…).createRoute`, loc: lines.locate(handedOn.start!, handedOn.end!) })
        return
      }
      const options = node.arguments[0]
      const read = !options ? 'none' : readServer(unwrap(options), lines)
      const { outer, index: depth } = outermostWrapper(node, ancestors)
      if (read === 'none') {
        scan.locks.push({ start: outer.start!, end: outer.end!, loc: lines.locate(name.node.start!, name.node.end!) })
        return
      }
      const declared = read !== null && read.methods !== undefined
      scan.sites.push({
        path: routePath(node, node as unknown as CallExpression, name.text),
        factory: name.text,
        handlers: declared ? 'declared' : 'maybe',
        methods: declared && read.methods && read.static ? read.methods.map((method) => method.name) : null,
        methodEntries: read?.methods ?? [],
        methodsStatic: !!read?.static,
        makesFactory: false,
        statement: declaringStatement(ancestors.slice(0, depth + 1), outer),
        expression: { start: outer.start!, end: outer.end! },
        loc: lines.locate(name.node.start!, name.node.end!),
      })
      return
    }
    if (node.type === 'Identifier' && aliases.has(node.name) && !isCallee(node, ancestors) && isValueReference(node, ancestors) && !scope.isShadowed(node.name, ancestors, node)) {
      scan.factoryValues.push({ name: node.name, loc: lines.locate(node.start!, node.end!) })
      return
    }
    if (node.type === 'Identifier' && namespaces.get(node.name) === 'router' && isValueReference(node, ancestors) && !scope.isShadowed(node.name, ancestors, node)) {
      const use = namespaceValueUse(node, parent)
      if (use) scan.factoryValues.push({ name: use, loc: lines.locate(node.start!, node.end!) })
      return
    }
    if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !isCallee(node, ancestors)) {
      const key = staticKey(node.property, node.computed)
      const object = unwrap(node.object)
      if (key !== null && ROUTE_FACTORIES.has(key) && object.type === 'Identifier' && namespaces.has(object.name) && !scope.isShadowed(object.name, ancestors, node)) {
        scan.factoryValues.push({ name: `${object.name}.${key}`, loc: lines.locate(node.property.start!, node.property.end!) })
      }
      if (key !== null && ROUTE_CLASSES.has(key) && object.type === 'Identifier' && namespaces.get(object.name) === 'router' && !isNewCallee(node, ancestors) && !scope.isShadowed(object.name, ancestors, node)) {
        scan.factoryValues.push({ name: `${object.name}.${key}`, loc: lines.locate(node.property.start!, node.property.end!) })
      }
      return
    }
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return
    // `const root = createRootRouteWithContext<C>()`, only ever called: its calls are the routes.
    if (held.inits.has(node)) {
      scan.createsRoutes = true
      return
    }
    const callee = unwrap(node.callee)
    const holder = callee.type === 'Identifier' && !scope.isShadowed(callee.name, ancestors, node) ? held.byName.get(callee.name) : undefined
    const name = holder ? { text: holder.factory, node: callee } : calleeName(node.callee, aliases, (object) => (scope.isShadowed(object, ancestors, node) ? undefined : ownObjects.get(object)))
    // A bare name a local declaration hides is not the factory; a member (`Router.createFileRoute`) is read whatever its key's name means here.
    if (!name || (!holder && callee.type === 'Identifier' && scope.isShadowed(callee.name, ancestors, node))) return
    scan.createsRoutes = true
    // `createFileRoute('/x')({...})`: the options are the argument of the second call.
    let outer: Node = node
    let calls = holder ? 2 : 1
    let depth = ancestors.length - 1
    for (; depth >= 0; depth--) {
      const parent = ancestors[depth]!
      if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && unwrap(parent.callee) === unwrap(outer)) {
        outer = parent
        calls++
      } else if ((parent.type === 'TSInstantiationExpression' || isTransparentWrapper(parent)) && parent.expression === outer) outer = parent
      else break
    }
    const curried = CURRIED_FACTORIES.has(name.text)
    const call = unwrap(outer) as CallExpression
    const options = curried && calls < 2 ? undefined : call.arguments[0]
    // A route without options has no handlers (it is locked as it is); a curried factory not
    // called twice here returns a factory, which may create routes with handlers anywhere.
    const read = !options ? (curried && calls < 2 ? null : 'none') : readServer(unwrap(options), lines)
    if (read === 'none') {
      scan.locks.push({ start: outer.start!, end: outer.end!, loc: lines.locate(name.node.start!, name.node.end!) })
      return
    }
    const declared = read !== null && read.methods !== undefined
    scan.sites.push({
      // A held factory's path is in the call that made it: `const make = createFileRoute('/x')`.
      path: routePath(holder ? holder.init : node, call, name.text),
      factory: name.text,
      handlers: declared ? 'declared' : 'maybe',
      methods: declared && read.methods && read.static ? read.methods.map((method) => method.name) : null,
      methodEntries: read?.methods ?? [],
      methodsStatic: !!read?.static,
      makesFactory: curried && calls < 2,
      statement: declaringStatement(ancestors.slice(0, depth + 1), outer),
      expression: { start: outer.start!, end: outer.end! },
      loc: lines.locate(name.node.start!, name.node.end!),
    })
  })
  return scan
}

/**
 * The names that call a route factory: each factory's own name, unless the module declares a
 * function or variable of that name itself (a `createRoute` of a delivery app), and the local
 * names of imported factories: `import { createFileRoute as route } from '…'`.
 */
function factoryAliases(ast: File): Map<string, string> {
  const names = new Map<string, string>([...ROUTE_FACTORIES].map((name) => [name, name]))
  for (const name of declaredNames(ast)) names.delete(name)
  for (const statement of ast.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value
      if (ROUTE_FACTORIES.has(imported)) names.set(specifier.local.name, imported)
    }
  }
  return names
}

/**
 * Names of functions the module writes itself at top level. Only a function written here counts:
 * `const createFileRoute = router.createFileRoute` may still be the factory, so it stays one.
 */
function declaredNames(ast: File): Set<string> {
  const names = new Set<string>()
  for (const item of ast.program.body) {
    const statement = item.type === 'ExportNamedDeclaration' || item.type === 'ExportDefaultDeclaration' ? item.declaration : item
    if (!statement) continue
    if ((statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') && statement.id) names.add(statement.id.name)
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init
        const ownFunction = init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression' || init?.type === 'ClassExpression'
        if (declarator.id.type === 'Identifier' && ownFunction) names.add(declarator.id.name)
      }
    }
  }
  return names
}

/** The packages that export TanStack Router's route factories. */
const ROUTER_PACKAGE = /^@tanstack\/(?:(?:react|solid|vue)-(?:router|start)|router-core)(?:\/|$)/

/** Namespace imports by local name: `router` for a namespace of a TanStack Router package, `other` for the rest. */
function namespaceImports(ast: File): Map<string, 'router' | 'other'> {
  const names = new Map<string, 'router' | 'other'>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportNamespaceSpecifier') names.set(specifier.local.name, ROUTER_PACKAGE.test(statement.source.value) ? 'router' : 'other')
    }
  }
  return names
}

/**
 * A namespace of a router package read in a way that may hand a route factory on unseen: a
 * member whose key is computed at run time (`Router['create' + 'FileRoute']`), a destructuring
 * that takes a factory, a computed key or the rest, or the namespace as a whole value (passed,
 * stored, spread). Null for a static member (`Router.Link`, `Router.createFileRoute(…)`, which
 * the finder reads) and for a destructuring of other names.
 */
function namespaceValueUse(node: Node & { name: string }, parent: Node | undefined): string | null {
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === node) {
    return staticKey(parent.property, parent.computed) === null ? `${node.name}[…]` : null
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'ObjectPattern') {
    const takesFactory = parent.id.properties.some((item) => {
      if (item.type === 'RestElement') return true
      const key = staticKey(item.key, item.computed)
      return key === null || ROUTE_FACTORIES.has(key)
    })
    return takesFactory ? `{ … } = ${node.name}` : null
  }
  return node.name
}

/**
 * Curried factories held in a module-level `const` that the module only ever calls:
 * `const rootRoute = createRootRouteWithContext<C>()` then `export const Route = rootRoute({ … })`.
 * Each call is then a route whose options can be read, and the held factory creates no route of
 * its own. A holder that is exported, passed, or read any other way stays a factory (a site).
 */
function heldFactories(ast: File, aliases: ReadonlyMap<string, string>, scope: ScopeResolver): { byName: Map<string, { factory: string; init: Node }>; inits: Set<Node> } {
  const candidates = new Map<string, { factory: string; init: Node }>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue
    for (const declarator of statement.declarations) {
      const init = declarator.init ? unwrap(declarator.init) : null
      if (declarator.id.type !== 'Identifier' || init?.type !== 'CallExpression') continue
      const callee = unwrap(init.callee)
      const factory = callee.type === 'Identifier' ? aliases.get(callee.name) : undefined
      if (factory && CURRIED_FACTORIES.has(factory)) candidates.set(declarator.id.name, { factory, init })
    }
  }
  if (!candidates.size) return { byName: new Map(), inits: new Set() }
  const escaped = new Set<string>()
  walk(ast.program, (node, ancestors) => {
    if (node.type !== 'Identifier' || !candidates.has(node.name)) return
    if (!isValueReference(node, ancestors) || scope.isShadowed(node.name, ancestors, node)) return
    if (!isCallee(node, ancestors)) escaped.add(node.name)
  })
  const byName = new Map<string, { factory: string; init: Node }>()
  const inits = new Set<Node>()
  for (const [name, candidate] of candidates) {
    if (escaped.has(name)) continue
    byName.set(name, candidate)
    inits.add(candidate.init)
  }
  return { byName, inits }
}

/** Route classes imported from a router package, by local name: `import { Route as R } from '@tanstack/react-router'`. */
function classImports(ast: File): Map<string, string> {
  const names = new Map<string, string>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type' || !ROUTER_PACKAGE.test(statement.source.value)) continue
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value
      if (ROUTE_CLASSES.has(imported)) names.set(specifier.local.name, imported)
    }
  }
  return names
}

/** The route class a `new` constructs (`Route`, `Router.RootRoute`), with the local name it is reached by. */
function className(callee: Node, classes: ReadonlyMap<string, string>, namespaces: ReadonlyMap<string, 'router' | 'other'>): { text: string; node: Node; root: string } | null {
  const target = unwrap(callee)
  if (target.type === 'Identifier') {
    const imported = classes.get(target.name)
    return imported ? { text: imported, node: target, root: target.name } : null
  }
  if (target.type === 'MemberExpression' || target.type === 'OptionalMemberExpression') {
    const key = staticKey(target.property, target.computed)
    const object = unwrap(target.object)
    if (key !== null && ROUTE_CLASSES.has(key) && object.type === 'Identifier' && namespaces.get(object.name) === 'router') return { text: key, node: target.property, root: object.name }
  }
  return null
}

/**
 * A JSX name that reads a route factory or class: an element name that is a binding (`<Make />`,
 * capitalised, as JSX reads bindings) or the object of a member name, and a member of a router
 * namespace (`<Router.createRoute />`). Lower-case names are intrinsic elements, not bindings.
 */
function jsxFactoryUse(node: Node, parent: Node | undefined, aliases: ReadonlyMap<string, string>, classes: ReadonlyMap<string, string>, namespaces: ReadonlyMap<string, 'router' | 'other'>): { name: string; root: string } | null {
  if (node.type === 'JSXMemberExpression') {
    const { object, property } = node
    const reads = object.type === 'JSXIdentifier' && namespaces.get(object.name) === 'router' && (ROUTE_FACTORIES.has(property.name) || ROUTE_CLASSES.has(property.name))
    return reads ? { name: `${object.name}.${property.name}`, root: object.name } : null
  }
  if (node.type !== 'JSXIdentifier' || !(aliases.has(node.name) || classes.has(node.name))) return null
  // The opening tag only: a closing tag names the same element again.
  const elementName = parent?.type === 'JSXOpeningElement' && parent.name === node && /^[A-Z$_]/.test(node.name)
  const memberObject = parent?.type === 'JSXMemberExpression' && parent.object === node
  return elementName || memberObject ? { name: node.name, root: node.name } : null
}

/**
 * `new FileRoute('/x')` whose `createRoute` is read other than called: `const make = new
 * FileRoute('/x').createRoute`, `const { createRoute } = new FileRoute('/x')`. Returns the node
 * that reads it, or null when the instance only has its method called (or is not read at all).
 */
function fileRouteFactoryRead(node: Node, ancestors: readonly Node[]): Node | null {
  const { outer: current, index } = outermostWrapper(node, ancestors)
  const parent = ancestors[index]
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === current) {
    const key = staticKey(parent.property, parent.computed)
    if (key !== null && key !== 'createRoute') return null
    return isCallee(parent, ancestors.slice(0, index)) && key === 'createRoute' ? null : parent
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === current && parent.id.type === 'ObjectPattern') return parent.id
  return null
}

/** `node` with the wrappers around it that change nothing at run time (`(x as any)`), and the index of the ancestor above them. */
function outermostWrapper(node: Node, ancestors: readonly Node[]): { outer: Node; index: number } {
  let outer = node
  let index = ancestors.length - 1
  for (; index >= 0 && isTransparentWrapper(ancestors[index]!) && (ancestors[index] as { expression: Node }).expression === outer; index--) outer = ancestors[index]!
  return { outer, index }
}

function isNewCallee(node: Node, ancestors: readonly Node[]): boolean {
  let current = node
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const parent = ancestors[index]!
    if (parent.type === 'NewExpression' && parent.callee === current) return true
    if (!(parent.type === 'TSInstantiationExpression' || isTransparentWrapper(parent)) || parent.expression !== current) return false
    current = parent
  }
  return false
}

function isCallee(node: Node, ancestors: readonly Node[]): boolean {
  let current = node
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const parent = ancestors[index]!
    if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && parent.callee === current) return true
    if (!(parent.type === 'TSInstantiationExpression' || isTransparentWrapper(parent)) || parent.expression !== current) return false
    current = parent
  }
  return false
}

/**
 * Whether an identifier reads the binding's value, as Babel's `isReferenced` decides (not a
 * property name, not a declaration or a write target, not an import of it), except for an export:
 * `export { createFileRoute as make }` hands the factory on, also as a re-export from a package;
 * only an export under a factory's own name does not (importers call it by that name, which is
 * recognised).
 */
function isValueReference(node: Node & { name: string }, ancestors: readonly Node[]): boolean {
  const parent = ancestors[ancestors.length - 1]!
  if (parent.type !== 'ExportSpecifier') return isReferenced(node, parent, ancestors[ancestors.length - 2])
  const exported = parent.exported.type === 'Identifier' ? parent.exported.name : parent.exported.value
  return parent.local === node && !ROUTE_FACTORIES.has(exported)
}

/**
 * The top-level statement whose only value is `expression` (the route expression, wrappers
 * included): `export const Route = …` or `export default …`.
 */
function declaringStatement(ancestors: readonly Node[], expression: Node): Statement | null {
  const index = ancestors.length - 1
  const parent = ancestors[index]!
  if (parent.type === 'VariableDeclarator' && parent.init === expression) {
    const declaration = ancestors[index - 1]
    const statement = declaration && ancestors[index - 2]?.type === 'ExportNamedDeclaration' ? ancestors[index - 2] : declaration
    return statement && index - (statement === declaration ? 1 : 2) === 1 ? (statement as Statement) : null
  }
  if (parent.type === 'ExportDefaultDeclaration' && index === 1) return parent
  return null
}

/** The factory a callee names (an alias is named by what it imports), or null. */
function calleeName(callee: Node, aliases: ReadonlyMap<string, string>, ownMembersOf: (object: string) => ReadonlySet<string> | undefined): { text: string; node: Node } | null {
  const target = unwrap(callee)
  const aliased = target.type === 'Identifier' ? aliases.get(target.name) : undefined
  if (aliased) return { text: aliased, node: target }
  if (target.type === 'MemberExpression' || target.type === 'OptionalMemberExpression') {
    const key = staticKey(target.property, target.computed)
    const object = unwrap(target.object)
    if (object.type === 'Identifier' && key !== null && ownMembersOf(object.name)?.has(key)) return null
    if (key !== null && ROUTE_FACTORIES.has(key)) return { text: key, node: target.property }
  }
  return null
}

/**
 * Members that are functions the module writes itself, by object: `const docs = {
 * createFileRoute: (s) => … }` makes `docs.createFileRoute(…)` a call of the module's own
 * function, not of the router's factory. Only a module's own `const` (not exported) whose literal
 * has no spread and no computed key counts, only a member whose value is written there as a
 * function, and only while nothing can change the object: every use of its name reads a member,
 * and none writes one. Anything else (the object handed on, a member assigned or deleted, a value
 * read from elsewhere) may put the factory there, and is taken for it.
 */
function ownObjectMembers(ast: File, scope: ScopeResolver): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue
    for (const declarator of statement.declarations) {
      const init = declarator.init ? unwrap(declarator.init) : null
      if (declarator.id.type !== 'Identifier' || init?.type !== 'ObjectExpression') continue
      const own = new Set<string>()
      let readable = true
      for (const member of init.properties) {
        if (member.type === 'SpreadElement') {
          readable = false
          continue
        }
        const key = staticKey(member.key, member.computed)
        if (key === null) readable = false
        else if (member.type === 'ObjectMethod' ? member.kind === 'method' : isFunctionLiteral(member.value)) own.add(key)
      }
      if (readable && own.size) objects.set(declarator.id.name, own)
    }
  }
  if (!objects.size) return objects
  walk(ast.program, (node, ancestors) => {
    if (node.type !== 'Identifier' || !objects.has(node.name)) return
    if (!isValueReference(node, ancestors) || scope.isShadowed(node.name, ancestors, node)) return
    // Through wrappers that change nothing at run time: `(docs as any).createFileRoute`.
    const { outer: current, index } = outermostWrapper(node, ancestors)
    const holder = ancestors[index]
    const readsMember = (holder?.type === 'MemberExpression' || holder?.type === 'OptionalMemberExpression') && holder.object === current
    if (!readsMember || isWritten(holder, ancestors[index - 1])) objects.delete(node.name)
  })
  return objects
}

/** A member expression that is written: assigned, updated, deleted, or a target of a loop or a destructuring. */
function isWritten(member: Node, parent: Node | undefined): boolean {
  switch (parent?.type) {
    case 'AssignmentExpression':
    case 'ForInStatement':
    case 'ForOfStatement':
      return parent.left === member
    case 'UpdateExpression':
      return true
    case 'UnaryExpression':
      return parent.operator === 'delete'
    case 'ObjectProperty':
    case 'ArrayPattern':
    case 'RestElement':
    case 'AssignmentPattern':
      return true
    default:
      return false
  }
}

function isFunctionLiteral(value: Node): boolean {
  const target = unwrap(value)
  return target.type === 'ArrowFunctionExpression' || target.type === 'FunctionExpression'
}

/**
 * What the options say about `server`: `none` when a literal without a `server` key (or with one
 * whose literal value has no `handlers`); the methods when `handlers` is declared (null when
 * none can be read, undefined when `server` cannot be read); null when the options cannot be read
 * (a value built elsewhere, a spread argument `...options`).
 */
function readServer(options: Node, lines: LineIndex): 'none' | { methods: ServerRouteMethod[] | null | undefined; static: boolean } | null {
  if (options.type !== 'ObjectExpression') return null
  const server = property(options, 'server')
  if (server === 'unreadable') return null
  if (!server) return 'none'
  const value = unwrap(server)
  if (value.type !== 'ObjectExpression') return { methods: undefined, static: false }
  const handlers = property(value, 'handlers')
  if (handlers === 'unreadable') return { methods: undefined, static: false }
  if (!handlers) return 'none'
  const object = handlersObject(unwrap(handlers))
  if (!object) return { methods: null, static: false }
  const methods: ServerRouteMethod[] = []
  let literal = true
  const seen = new Set<string>()
  for (const item of object.properties) {
    const key = item.type === 'SpreadElement' || setsPrototype(item) ? null : staticKey(item.key, item.computed)
    if (key === null || seen.has(key)) literal = false
    if (key === null) continue
    seen.add(key)
    methods.push({ name: key, node: item, loc: lines.locate(item.start!, (item as { key: Node }).key.end!) })
  }
  return { methods, static: literal }
}

/**
 * The literal object of `handlers: { … }`, or of `handlers: ({ createHandlers }) =>
 * createHandlers({ … })`, the form TanStack calls with an identity `createHandlers`.
 */
function handlersObject(handlers: Node): ObjectExpression | null {
  if (handlers.type === 'ObjectExpression') return handlers
  if (handlers.type !== 'ArrowFunctionExpression') return null
  // `=> createHandlers({ … })`, or a body that only returns it: `=> { return createHandlers({ … }) }`.
  const only = handlers.body.type === 'BlockStatement' && handlers.body.body.length === 1 ? handlers.body.body[0]! : null
  const returned = only?.type === 'ReturnStatement' ? only.argument : handlers.body.type === 'BlockStatement' ? null : handlers.body
  if (!returned) return null
  const body = unwrap(returned)
  if (body.type !== 'CallExpression' || body.arguments.length !== 1) return null
  // The callee must be the `createHandlers` TanStack passes, not a function of the module's own.
  const callee = unwrap(body.callee)
  const param = handlers.params[0]
  const passed = param?.type === 'ObjectPattern'
    ? param.properties.find((item) => item.type === 'ObjectProperty' && staticKey(item.key, item.computed) === 'createHandlers')
    : undefined
  if (callee.type !== 'Identifier' || passed?.type !== 'ObjectProperty' || passed.value.type !== 'Identifier' || passed.value.name !== callee.name) return null
  const argument = unwrap(body.arguments[0]!)
  return argument.type === 'ObjectExpression' ? argument : null
}

/** The value of a literal key; `unreadable` when a spread or a computed key may be it. */
function property(object: ObjectExpression, name: string): Node | null | 'unreadable' {
  let found: Node | null = null
  for (const item of object.properties) {
    if (item.type === 'SpreadElement' || setsPrototype(item)) return 'unreadable'
    const key = staticKey(item.key, item.computed)
    if (key === null) return 'unreadable'
    if (key !== name) continue
    // A method `server() {}` or an accessor: a value the analysis cannot read.
    found = item.type === 'ObjectProperty' ? item.value : item
  }
  return found
}

/**
 * `__proto__: value` in an object literal sets its prototype: every key of `value` is then read
 * through the object, as if spread into it, without being one of its own.
 */
function setsPrototype(item: ObjectExpression['properties'][number]): boolean {
  return item.type === 'ObjectProperty' && !item.computed && !item.shorthand && staticKey(item.key, false) === '__proto__'
}

function staticKey(key: Node, computed: boolean): string | null {
  if (!computed && key.type === 'Identifier') return key.name
  if (key.type === 'StringLiteral') return key.value
  if (key.type === 'NumericLiteral') return String(key.value)
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]!.value.cooked ?? null
  return null
}

function routePath(factoryCall: CallExpression | Node, outer: CallExpression, factory: string): string | null {
  const first = (factoryCall as CallExpression).arguments?.[0]
  if ((factory === 'createFileRoute' || factory === 'createLazyFileRoute') && first && first.type === 'StringLiteral') return first.value
  const options = outer.arguments[0] ? unwrap(outer.arguments[0]) : null
  if (options && options.type === 'ObjectExpression') {
    const path = property(options, 'path')
    if (path && path !== 'unreadable' && (path as Expression).type === 'StringLiteral') return (path as { value: string }).value
  }
  return null
}

/**
 * Looks through what does not change the value: the wrappers TanStack's compiler looks through,
 * and type arguments (`(createFileRoute<X>)`), which it does not but which still call the factory.
 */
function unwrap(node: Node): Node {
  let current = unwrapExpression(node)
  while (current.type === 'TSInstantiationExpression') current = unwrapExpression(current.expression)
  return current
}
