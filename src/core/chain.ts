import type { CallExpression, Expression, Identifier, Node } from '@babel/types'

/**
 * Reading a builder chain such as
 * `createServerFn({ method: 'POST' }).middleware([a]).validator(v).handler(fn)`
 * from its outermost call inwards to its head.
 */

export type HttpMethod = 'GET' | 'POST' | 'unknown'

const TS_WRAPPERS = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ParenthesizedExpression',
])

/** `x as T`, `x satisfies T`, `x!`, `<T>x` and `x<T>` evaluate to `x`. */
export function isTransparentWrapper(node: Node): node is Node & { expression: Expression } {
  return TS_WRAPPERS.has(node.type)
}

export function unwrapExpression(node: Node): Node {
  while (isTransparentWrapper(node)) node = node.expression
  return node
}

export interface ChainLink {
  /** Method name (`middleware`, `validator`, `handler`...), or `()` when the builder itself is called. */
  method: string
  call: CallExpression
}

export type ChainHead =
  /** `createServerFn(...)`: the root of a builder. */
  | { kind: 'root'; call: CallExpression }
  /** A name, possibly called: `base.handler(...)`, `base({ method: 'POST' }).handler(...)`. */
  | { kind: 'identifier'; identifier: Identifier; call: CallExpression | null }
  /**
   * A member of a namespace: `Builders.authed.handler(...)`. (`Builders.authed(...)` reads as a
   * call of the method `authed` on the head `Builders`; the analysis knows it is a namespace.)
   */
  | { kind: 'member'; namespace: Identifier; property: Identifier; end: number; call: null }
  | { kind: 'other' }

export interface Chain {
  head: ChainHead
  /** Links in source order, head first. */
  links: ChainLink[]
}

/**
 * Reads `expression` as a chain. `isRootCall` recognises `createServerFn(...)` calls, which the
 * module scan has already resolved through imports and scopes.
 */
export function readChain(expression: Node, isRootCall: (call: CallExpression) => boolean): Chain {
  const links: ChainLink[] = []
  let node = unwrapExpression(expression)
  for (;;) {
    if (node.type === 'Identifier') return { head: { kind: 'identifier', identifier: node, call: null }, links }
    const member = namespaceMember(node)
    if (member) return { head: { kind: 'member', ...member, call: null }, links }
    if (node.type !== 'CallExpression') return { head: { kind: 'other' }, links }
    if (isRootCall(node)) return { head: { kind: 'root', call: node }, links }
    const callee = unwrapExpression(node.callee)
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      links.unshift({ method: callee.property.name, call: node })
      node = unwrapExpression(callee.object)
    } else if (callee.type === 'Identifier') {
      return { head: { kind: 'identifier', identifier: callee, call: node }, links }
    } else if (callee.type === 'CallExpression') {
      links.unshift({ method: '()', call: node })
      node = callee
    } else {
      return { head: { kind: 'other' }, links }
    }
  }
}

/** `Namespace.name`, the head of a chain on a builder reached through a namespace import. */
function namespaceMember(node: Node): { namespace: Identifier; property: Identifier; end: number } | null {
  if (node.type !== 'MemberExpression' || node.computed) return null
  const object = unwrapExpression(node.object)
  if (object.type !== 'Identifier' || node.property.type !== 'Identifier') return null
  return { namespace: object, property: node.property, end: node.end! }
}

/**
 * The HTTP method set by the options of a builder call: `createServerFn({ method: 'POST' })`.
 * `null` when the call does not set it, `unknown` when it cannot be read statically.
 */
export function methodFromOptions(call: CallExpression): HttpMethod | null {
  const options = call.arguments[0]
  if (!options) return null
  const object = unwrapExpression(options)
  if (object.type !== 'ObjectExpression') return 'unknown'
  let method: HttpMethod | null = null
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      method = 'unknown'
      continue
    }
    if (property.type !== 'ObjectProperty' || property.computed) continue
    const key = property.key
    const name = key.type === 'Identifier' ? key.name : key.type === 'StringLiteral' ? key.value : null
    if (name !== 'method') continue
    const value = unwrapExpression(property.value)
    const literal =
      value.type === 'StringLiteral'
        ? value.value
        : value.type === 'TemplateLiteral' && value.expressions.length === 0
          ? value.quasis[0]?.value.cooked
          : undefined
    method = literal === 'GET' || literal === 'POST' ? literal : 'unknown'
  }
  return method
}
