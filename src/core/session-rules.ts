import type { Node, Statement } from '@babel/types'
import { report, type AnalysisContext } from './analysis-context.ts'
import { declaratorCount } from './bindings.ts'
import type { SessionIdentity } from './session.ts'

/**
 * The parts of the session middleware that this module declares (see `session-parts.ts`):
 *
 * - every part is tracked: no module, this one included, may write to it (SFA110);
 * - a middleware part (the session middleware, an alias of it, a middleware it lists) is sealed
 *   right after its statement, with what it lists. Nothing may run between its declaration and
 *   the seal, and nothing may replace it later: it is a module-level `const`, alone in its
 *   statement (SFA114).
 */

export interface SessionPartsInModule {
  /** Module-level names whose every read is checked for writes. */
  tracked: string[]
  /** Middleware parts to seal, after the statement that declares each. */
  sealed: Array<{ name: string; statement: Statement }>
  /**
   * The initializers of the parts declared here: what they read is the structure the parts were
   * found from (`base.server(fn)` derives from `base`), not a change to it.
   */
  initializers: Node[]
}

export function sessionPartsInModule(context: AnalysisContext, session: SessionIdentity | undefined): SessionPartsInModule {
  const found: SessionPartsInModule = { tracked: [], sealed: [], initializers: [] }
  if (!session?.parts) return found
  const { bindings } = context
  for (const [name, role] of session.parts) {
    found.tracked.push(name)
    if (bindings.imports.has(name)) continue
    const declarations = bindings.declarations.get(name) ?? []
    const first = declarations[0]
    if (first?.declarator?.init) found.initializers.push(first.declarator.init)
    if (role !== 'middleware') continue
    if (!first) {
      // `export default createMiddleware(…)`: no name to seal it by.
      const exported = bindings.defaultExpression
      if (exported) report(context, 'SFA114', exported, 'The session middleware is exported as an `export default` expression, which serverfn-auth cannot seal.')
      continue
    }
    const at = first.declarator?.id ?? first.statement
    if (first.kind !== 'const') {
      report(context, 'SFA114', at, `\`${name}\` is part of the session middleware and is declared with \`${first.kind}\`: it must be a \`const\`, so that nothing can replace it.`)
    } else if (declarations.length > 1) {
      report(context, 'SFA114', at, `\`${name}\` is part of the session middleware and is declared more than once.`)
    } else if (declaratorCount(first.statement) > 1) {
      report(context, 'SFA114', at, `\`${name}\` is part of the session middleware and shares its statement with other declarators, which run before it is sealed.`)
    } else {
      found.sealed.push({ name, statement: first.statement })
    }
  }
  return found
}
