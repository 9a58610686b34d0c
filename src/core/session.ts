import type { Node } from '@babel/types'
import type { ModuleBindings } from './bindings.ts'
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
  /** This module is the session module: its own binding of the export is the session middleware. */
  isSessionModule?: boolean
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
