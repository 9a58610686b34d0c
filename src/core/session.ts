import type { Node } from '@babel/types'
import type { ModuleBindings } from './bindings.ts'
import type { SessionPartRole } from './session-parts.ts'
import { unwrapExpression } from './tanstack-model.ts'

/**
 * Recognising the project's session middleware in a chain, for one diagnostic only (SFA206: a
 * public declaration that lists it). Protection never depends on it: the session middleware is
 * always injected, and TanStack runs a middleware listed twice once.
 *
 * The host decides which import specifiers name the session module by resolving them, so that
 * `./server/session.js` next to `session.ts` is not taken for it by a similar path.
 */
export interface SessionIdentity {
  /** The name the session module exports the middleware under. */
  exportName: string
  /** Whether an import specifier written in this module resolves to the session module. */
  isModule: (specifier: string) => boolean
  /**
   * The module-level names of this module that hold a part of the session middleware (see
   * `session-parts.ts`): the middleware itself, what it lists and what it is made of.
   */
  parts?: ReadonlyMap<string, SessionPartRole>
}

/** Whether a `.middleware([...])` item is the session middleware. */
export function sessionItemMatcher(bindings: ModuleBindings, session: SessionIdentity | undefined): (item: Node) => boolean {
  if (!session) return () => false
  const locals = new Set<string>()
  const namespaces = new Set<string>()
  for (const binding of bindings.imports.values()) {
    if (!session.isModule(binding.source)) continue
    if (binding.imported === session.exportName) locals.add(binding.local)
    else if (binding.imported === '*') namespaces.add(binding.local)
  }
  return (item) => {
    const expression = unwrapExpression(item)
    if (expression.type === 'Identifier') return locals.has(expression.name)
    return (
      expression.type === 'MemberExpression' &&
      !expression.computed &&
      expression.object.type === 'Identifier' &&
      namespaces.has(expression.object.name) &&
      expression.property.type === 'Identifier' &&
      expression.property.name === session.exportName
    )
  }
}
