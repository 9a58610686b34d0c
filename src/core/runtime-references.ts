import type { File, Node } from '@babel/types'
import type { Chain } from './chain.ts'
import type { AccessDecision } from './model.ts'
import { BUILDER_METHODS, HANDLER_METHOD, MIDDLEWARE_METHOD } from './start-packages.ts'
import { unwrapExpression } from './tanstack-model.ts'

/**
 * serverfn-auth's own references in a module: the runtime namespace import and the middleware
 * lists the transform writes. The transform reads them to stay idempotent, the verification to
 * find them in what TanStack emitted. They can only be what they look like: the specifier always
 * resolves to the runtime module the plugin serves.
 */

/** The specifier injected code imports serverfn-auth's runtime module by; the Vite plugin serves it. */
export const RUNTIME_SPECIFIER = 'serverfn-auth/runtime'

/** Local names of namespace imports of the runtime module. */
export function runtimeNamespaces(ast: File, runtimeSource: string = RUNTIME_SPECIFIER): Set<string> {
  const names = new Set<string>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== runtimeSource) continue
    for (const specifier of statement.specifiers) if (specifier.type === 'ImportNamespaceSpecifier') names.add(specifier.local.name)
  }
  return names
}

/**
 * One item of a list the transform writes: `R.member`, or `R.member("argument")` for a role
 * (`R.role("admin")`, `R.checkRole("admin")`).
 */
export interface RuntimeItem {
  member: string
  argument?: string
}

/**
 * What the transform writes for an access decision (see `injection-plan.ts`):
 *
 * | access                      | right after the head                           | right before `.handler`                              | around the handler           |
 * | --------------------------- | ---------------------------------------------- | ---------------------------------------------------- | ---------------------------- |
 * | protected                   | `[R.session]`                                  | `[R.check]`                                          | `R.guard(fn)`                |
 * | protected, roles a, b       | `[R.session, R.role("a"), R.role("b")]`        | `[R.check, R.checkRole("a"), R.checkRole("b")]`      | `R.guard(fn, "a", "b")`      |
 * | optional                    | `[R.optional]`                                 | `[R.checkOptional]`                                  | `R.guardOptional(fn)`        |
 *
 * A public declaration gets nothing. Each middleware marks the calls it lets through; the checks
 * and the guard refuse a call that lacks one of the marks.
 */
export interface AccessLayers {
  entry: RuntimeItem[]
  check: RuntimeItem[]
  guard: { member: string; arguments: string[] }
}

export function accessLayers(access: AccessDecision): AccessLayers | null {
  if (access.kind === 'public') return null
  if (access.kind === 'optional') return { entry: [{ member: 'optional' }], check: [{ member: 'checkOptional' }], guard: { member: 'guardOptional', arguments: [] } }
  const roles = access.roles ?? []
  return {
    entry: [{ member: 'session' }, ...roles.map((role) => ({ member: 'role', argument: role }))],
    check: [{ member: 'check' }, ...roles.map((role) => ({ member: 'checkRole', argument: role }))],
    guard: { member: 'guard', arguments: [...roles] },
  }
}

/** The source of one item: `R.member` or `R.member("argument")`. */
export function runtimeItemSource(runtime: string, item: RuntimeItem): string {
  return item.argument === undefined ? `${runtime}.${item.member}` : `${runtime}.${item.member}(${JSON.stringify(item.argument)})`
}

/** `R.member` with R a runtime namespace. */
function isRuntimeMember(node: Node | null | undefined, runtime: ReadonlySet<string>, member: string): boolean {
  const item = node && unwrapExpression(node)
  return (
    item?.type === 'MemberExpression' &&
    !item.computed &&
    item.object.type === 'Identifier' &&
    runtime.has(item.object.name) &&
    item.property.type === 'Identifier' &&
    item.property.name === member
  )
}

/** `R.member` or `R.member("argument")`, exactly as the item says. */
function isRuntimeItem(node: Node | null | undefined, runtime: ReadonlySet<string>, item: RuntimeItem): boolean {
  const expression = node && unwrapExpression(node)
  if (item.argument === undefined) return isRuntimeMember(expression, runtime, item.member)
  if (expression?.type !== 'CallExpression' || expression.arguments.length !== 1) return false
  const argument = expression.arguments[0]!
  return isRuntimeMember(expression.callee, runtime, item.member) && argument.type === 'StringLiteral' && argument.value === item.argument
}

/** `[R.a, R.b("x"), …]` with R a runtime namespace, exactly these items in this order. */
export function isRuntimeList(list: Node | undefined, runtime: ReadonlySet<string>, items: ReadonlyArray<RuntimeItem | string>): boolean {
  const array = list && unwrapExpression(list)
  if (array?.type !== 'ArrayExpression' || array.elements.length !== items.length) return false
  return array.elements.every((element, index) => {
    const expected = items[index]!
    return isRuntimeItem(element, runtime, typeof expected === 'string' ? { member: expected } : expected)
  })
}

/** The chain's first middleware or validator link lists the layers' entry middleware. */
export function hasEntryFirst(chain: Chain, runtime: ReadonlySet<string>, layers: AccessLayers): boolean {
  const first = chain.links.find((link) => BUILDER_METHODS.has(link.method))
  return !!first && first.method === MIDDLEWARE_METHOD && isRuntimeList(first.call.arguments[0], runtime, layers.entry)
}

/** The link right before `.handler(…)` lists the layers' checks. */
export function hasChecksLast(chain: Chain, runtime: ReadonlySet<string>, layers: AccessLayers): boolean {
  const handler = chain.links.findIndex((link) => link.method === HANDLER_METHOD)
  const last = chain.links[handler - 1]
  return handler > 0 && !!last && last.method === MIDDLEWARE_METHOD && isRuntimeList(last.call.arguments[0], runtime, layers.check)
}

/**
 * The handler is the runtime's guard around the app's function: `.handler(R.guard(fn, …roles))`,
 * or, as TanStack compiles it in the provider module, `.handler(extracted, R.guard(fn, …))` (the
 * last argument is the app's function).
 */
export function hasGuardedHandler(chain: Chain, runtime: ReadonlySet<string>, layers: AccessLayers): boolean {
  const handler = chain.links.find((link) => link.method === HANDLER_METHOD)
  const argument = handler?.call.arguments.at(-1)
  const { member, arguments: expected } = layers.guard
  if (argument?.type !== 'CallExpression' || argument.arguments.length !== 1 + expected.length) return false
  const extra = argument.arguments.slice(1)
  return isRuntimeMember(argument.callee, runtime, member) && extra.every((node, index) => node.type === 'StringLiteral' && node.value === expected[index])
}

/** The runtime's seals: `seal` for server functions, `sealMiddleware` for the session middleware's parts. */
export const SEALS: ReadonlySet<string> = new Set(['seal', 'sealMiddleware'])

/**
 * Names sealed right after `statement`: the `R.seal(name)` statements that directly follow it, as
 * the transform writes them. A seal further down would come after code that could change the value.
 */
export function sealedAfter(ast: File, statement: Node, runtime: ReadonlySet<string>): Set<string> {
  const names = new Set<string>()
  const body = ast.program.body
  for (let i = body.indexOf(statement as never) + 1; i > 0 && i < body.length; i++) {
    const next = body[i]!
    if (next.type === 'EmptyStatement') continue
    if (next.type !== 'ExpressionStatement') break
    const call = next.expression
    if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || call.callee.computed) break
    const { object, property } = call.callee
    const argument = call.arguments[0]
    if (object.type !== 'Identifier' || !runtime.has(object.name) || property.type !== 'Identifier' || !SEALS.has(property.name) || argument?.type !== 'Identifier') break
    names.add(argument.name)
  }
  return names
}
