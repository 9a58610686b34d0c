import type { CallExpression, Identifier, MemberExpression, Node } from '@babel/types'
import { unwrapExpression } from './tanstack-model.ts'

/**
 * Reading a builder chain such as
 * `createServerFn({ method: 'POST' }).middleware([a]).validator(v).handler(fn)`
 * from its outermost call inwards to its head.
 *
 * Only the links TanStack's compiler follows are links: a call of a plain member (`.handler(…)`,
 * not `(x.handler as any)(…)`, `x?.handler(…)` or `x['handler'](…)`) and a call of the chain so
 * far (`base({ method: 'POST' })`). Type wrappers are looked through where TanStack looks through
 * them (see `tanstack-model.ts`). Anything else ends the chain at a head of kind `other`.
 */

export type HttpMethod = 'GET' | 'POST' | 'unknown'

export interface ChainLink {
  /** Method name (`middleware`, `validator`, `handler`…), or `()` when the chain itself is called. */
  method: string
  call: CallExpression
  /** The expression the method is called on, as written (wrappers included). */
  receiver: Node
}

export type ChainHead =
  /** `name(…)`: a call of the factory or of a builder. */
  | { kind: 'call'; call: CallExpression; callee: Identifier }
  /** `Namespace.name(…)`: the same through a namespace import. */
  | { kind: 'namespace-call'; call: CallExpression; member: NamespaceMember }
  /** A name: `base` in `base.handler(…)`. */
  | { kind: 'identifier'; identifier: Identifier }
  /** `Namespace.name` without a call: `B.authed` in `B.authed.handler(…)`. */
  | { kind: 'member'; member: NamespaceMember }
  /** Anything else: a computed or optional member, a conditional, a call of a call result… */
  | { kind: 'other'; node: Node }

/** `Namespace.name`, both plain identifiers. */
export interface NamespaceMember {
  node: MemberExpression
  object: Identifier
  property: Identifier
}

export interface Chain {
  head: ChainHead
  /** Links in source order, head first. */
  links: ChainLink[]
}

function namespaceMember(node: Node): NamespaceMember | null {
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return null
  const object = unwrapExpression(node.object)
  return object.type === 'Identifier' ? { node, object, property: node.property } : null
}

/** The end of the head: where the chain continues, and where middleware goes in first. */
export function headEnd(head: Exclude<ChainHead, { kind: 'other' }>): number {
  switch (head.kind) {
    case 'call':
    case 'namespace-call':
      return head.call.end!
    case 'identifier':
      return head.identifier.end!
    case 'member':
      return head.member.node.end!
  }
}

export function readChain(expression: Node): Chain {
  const links: ChainLink[] = []
  let node = unwrapExpression(expression)
  for (;;) {
    if (node.type === 'Identifier') return { head: { kind: 'identifier', identifier: node }, links }
    if (node.type === 'MemberExpression') {
      const member = namespaceMember(node)
      return { head: member ? { kind: 'member', member } : { kind: 'other', node }, links }
    }
    if (node.type !== 'CallExpression') return { head: { kind: 'other', node }, links }
    const callee = node.callee
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      // `Namespace.name(…)` reads as a link too; `withNamespaceCallHead` turns it into the head.
      links.unshift({ method: callee.property.name, call: node, receiver: callee.object })
      node = unwrapExpression(callee.object)
      continue
    }
    const inner = unwrapExpression(callee)
    if (inner.type === 'Identifier') return { head: { kind: 'call', call: node, callee: inner }, links }
    const member = namespaceMember(inner)
    if (member) return { head: { kind: 'namespace-call', call: node, member }, links }
    if (inner.type === 'CallExpression') {
      links.unshift({ method: '()', call: node, receiver: callee })
      node = inner
      continue
    }
    return { head: { kind: 'other', node: inner }, links }
  }
}

/**
 * The same chain with a namespace call at its head: `B.authed(…)` reads as the link `.authed(…)`
 * on `B`; when `B` is a namespace import, the call is the head. Returns null when the chain does
 * not start that way.
 */
export function withNamespaceCallHead(chain: Chain): Chain | null {
  const [first, ...rest] = chain.links
  if (chain.head.kind !== 'identifier' || !first || first.method === '()') return null
  const callee = first.call.callee
  if (callee.type !== 'MemberExpression') return null
  const member = namespaceMember(callee)
  if (!member || member.object !== chain.head.identifier) return null
  return { head: { kind: 'namespace-call', call: first.call, member }, links: rest }
}

/**
 * The HTTP method an options object sets: `createServerFn({ method: 'POST' })`. `null` when it does
 * not set one, `unknown` when it cannot be read. The options were checked to be a literal.
 */
export function methodFromOptions(call: CallExpression): HttpMethod | null {
  const options = call.arguments[0]
  if (!options) return null
  const object = unwrapExpression(options)
  if (object.type !== 'ObjectExpression') return 'unknown'
  let method: HttpMethod | null = null
  for (const property of object.properties) {
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
