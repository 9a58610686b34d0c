import type { CallExpression, Expression, File, Node, ObjectExpression } from '@babel/types'
import type { SourcePosition } from './diagnostics.ts'
import { LineIndex } from './line-index.ts'
import { cleanModuleId, ModuleParseError, parseModule } from './parse.ts'
import { isTransparentWrapper, unwrapExpression } from './tanstack-model.ts'
import { walk } from './walk.ts'

/**
 * Server routes: file routes whose options declare `server.handlers`. Each is an HTTP endpoint at
 * its path, next to the server functions:
 *
 * ```ts
 * export const Route = createFileRoute('/api/users')({
 *   server: { handlers: { GET: list, POST: { middleware: [audit], handler: create } } },
 * })
 * ```
 *
 * serverfn-auth does not inject anything into them (yet): it finds them so that the report says
 * they exist and are not covered. Finding errs towards listing: a route factory is recognised by
 * its name however it is reached (imported, renamed on import, a namespace or object member), and
 * a route whose options are not a literal the analysis can read (a spread, a value built
 * elsewhere, a computed key) is listed as one that may have handlers.
 */

/** TanStack Router's route factories; the options of what they create may hold `server`. */
export const ROUTE_FACTORIES: ReadonlySet<string> = new Set([
  'createFileRoute',
  'createLazyFileRoute',
  'createRoute',
  'createLazyRoute',
  'createRootRoute',
  'createRootRouteWithContext',
])

/**
 * A module whose text matches none of this creates no route: a factory's name, or `\u`, since an
 * identifier spelled with Unicode escapes (`create\u0046ileRoute`) spells no name in the text.
 */
export const ROUTE_CANDIDATE_PATTERN = /\bcreate(?:Lazy)?(?:File|Root)?Route(?:WithContext)?\b|\\u/

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
  /** Position of the factory's name. */
  loc: SourcePosition
}

/**
 * The server routes of a module's text. A module that cannot be parsed yields none: Vite fails
 * on it anyway, and the analysis of server functions reports it (SFA001).
 */
export function serverRoutesOf(code: string, file: string): ServerRouteSite[] {
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return []
  try {
    return findServerRoutes(parseModule(code, cleanModuleId(file)), code, new LineIndex(code))
  } catch (error) {
    if (error instanceof ModuleParseError || error instanceof RangeError) return []
    throw error
  }
}

export function findServerRoutes(ast: File, code: string, lines: LineIndex): ServerRouteSite[] {
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return []
  const sites: ServerRouteSite[] = []
  walk(ast.program, (node, ancestors) => {
    if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return
    const name = calleeName(node.callee)
    if (!name || !ROUTE_FACTORIES.has(name.text)) return
    // `createFileRoute('/x')({...})`: the options are the argument of the outermost call.
    let outer: Node = node
    for (let index = ancestors.length - 1; index >= 0; index--) {
      const parent = ancestors[index]!
      if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && unwrap(parent.callee) === unwrap(outer)) outer = parent
      else if ((parent.type === 'TSInstantiationExpression' || isTransparentWrapper(parent)) && parent.expression === outer) outer = parent
      else break
    }
    const call = unwrap(outer) as CallExpression
    const options = call.arguments[0]
    if (!options || options.type === 'ArgumentPlaceholder') return
    const read = options.type === 'SpreadElement' ? null : readServer(unwrap(options))
    if (read === 'none') return
    sites.push({
      path: routePath(node, call, name.text),
      factory: name.text,
      handlers: read && read.methods !== undefined ? 'declared' : 'maybe',
      methods: read && read.methods !== undefined ? read.methods : null,
      loc: lines.locate(name.node.start!, name.node.end!),
    })
  })
  return sites
}

function calleeName(callee: Node): { text: string; node: Node } | null {
  const target = unwrap(callee)
  if (target.type === 'Identifier') return { text: target.name, node: target }
  if (target.type === 'MemberExpression' || target.type === 'OptionalMemberExpression') {
    const key = staticKey(target.property, target.computed)
    if (key !== null) return { text: key, node: target.property }
  }
  return null
}

/**
 * What the options say about `server`: `none` when a literal without a `server` key (or with one
 * whose literal value has no `handlers`), the methods (null when unreadable) when `handlers` is
 * declared, null when the options cannot be read.
 */
function readServer(options: Node): 'none' | { methods: string[] | null | undefined } | null {
  if (options.type !== 'ObjectExpression') return null
  const server = property(options, 'server')
  if (server === 'unreadable') return null
  if (!server) return 'none'
  const value = unwrap(server)
  if (value.type !== 'ObjectExpression') return { methods: undefined }
  const handlers = property(value, 'handlers')
  if (handlers === 'unreadable') return { methods: undefined }
  if (!handlers) return 'none'
  const methods = unwrap(handlers)
  if (methods.type !== 'ObjectExpression') return { methods: null }
  const keys: string[] = []
  for (const item of methods.properties) {
    const key = item.type === 'SpreadElement' ? null : staticKey(item.key, item.computed)
    if (key === null) return { methods: null }
    keys.push(key)
  }
  return { methods: keys }
}

/** The value of a literal key; `unreadable` when a spread or a computed key may be it. */
function property(object: ObjectExpression, name: string): Node | null | 'unreadable' {
  let found: Node | null = null
  for (const item of object.properties) {
    if (item.type === 'SpreadElement') return 'unreadable'
    const key = staticKey(item.key, item.computed)
    if (key === null) return 'unreadable'
    if (key !== name) continue
    // A method `server() {}` or an accessor: a value the analysis cannot read.
    found = item.type === 'ObjectProperty' ? item.value : item
  }
  return found
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
