import type { File, Node } from '@babel/types'
import type { Chain } from './chain.ts'
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

/** `[R.a, R.b, …]` with R a runtime namespace, exactly these members in this order. */
export function isRuntimeList(list: Node | undefined, runtime: ReadonlySet<string>, members: readonly string[]): boolean {
  const array = list && unwrapExpression(list)
  if (array?.type !== 'ArrayExpression' || array.elements.length !== members.length) return false
  return array.elements.every((element, index) => {
    const item = element && unwrapExpression(element)
    return (
      item?.type === 'MemberExpression' &&
      !item.computed &&
      item.object.type === 'Identifier' &&
      runtime.has(item.object.name) &&
      item.property.type === 'Identifier' &&
      item.property.name === members[index]
    )
  })
}

/** The chain's first middleware or validator link is the session middleware. */
export function hasSessionFirst(chain: Chain, runtime: ReadonlySet<string>): boolean {
  const first = chain.links.find((link) => BUILDER_METHODS.has(link.method))
  return !!first && first.method === MIDDLEWARE_METHOD && isRuntimeList(first.call.arguments[0], runtime, ['session'])
}

/** The link right before `.handler(…)` is the session check. */
export function hasCheckLast(chain: Chain, runtime: ReadonlySet<string>): boolean {
  const handler = chain.links.findIndex((link) => link.method === HANDLER_METHOD)
  const last = chain.links[handler - 1]
  return handler > 0 && !!last && last.method === MIDDLEWARE_METHOD && isRuntimeList(last.call.arguments[0], runtime, ['check'])
}

/**
 * The handler is the runtime's guard around the app's function: `.handler(R.guard(fn))`, or, as
 * TanStack compiles it in the provider module, `.handler(extracted, R.guard(fn))` (the last
 * argument is the app's function).
 */
export function hasGuardedHandler(chain: Chain, runtime: ReadonlySet<string>): boolean {
  const handler = chain.links.find((link) => link.method === HANDLER_METHOD)
  const argument = handler?.call.arguments.at(-1)
  if (argument?.type !== 'CallExpression' || argument.arguments.length !== 1) return false
  const callee = argument.callee
  return callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && runtime.has(callee.object.name) && callee.property.type === 'Identifier' && callee.property.name === 'guard'
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
