import type { Node, Statement } from '@babel/types'
import { report, type AnalysisContext } from './analysis-context.ts'
import { declaratorCount } from './bindings.ts'
import { readChain } from './chain.ts'
import { findReferences } from './references.ts'
import { initializerReads, partInitializer } from './session-parts.ts'
import type { SessionIdentity } from './session.ts'
import { MIDDLEWARE_METHOD } from './start-packages.ts'
import { unwrapExpression } from './tanstack-model.ts'

/**
 * The parts of the session middleware that this module declares (see `session-parts.ts`):
 *
 * - a middleware part (the session middleware, an alias of it, a middleware it lists) is sealed
 *   right after its statement, with what it lists: from then on nothing can change it. It is a
 *   module-level `const`, alone in its statement, and made of what can be followed to a
 *   declaration: a call, a name, a namespace member, a choice between them, or a chain on them
 *   whose middleware lists are array literals (SFA114). So every middleware it is made of is
 *   sealed where it is declared, before any other module can reach it.
 * - a base it derives from (`base.server(fn)`) cannot be sealed: TanStack's `createMiddleware`
 *   writes into it when a middleware is derived from it. It is declared here, not exported, and
 *   used for nothing else (SFA114), so that no other module can reach it.
 * - every part is checked for writes in every module (SFA110), except a dependency (a validator,
 *   an object a server part is read from, a factory's configuration) in the module that declares
 *   it: that is where it is set up.
 * - in a package in node_modules the declaration rules do not apply (the app cannot change the
 *   package's code); its middleware parts are sealed all the same.
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

export function sessionPartsInModule(context: AnalysisContext, session: SessionIdentity | undefined, inPackage: boolean): SessionPartsInModule {
  const found: SessionPartsInModule = { tracked: [], sealed: [], initializers: [] }
  if (!session?.parts) return found
  const { bindings } = context
  const bases: string[] = []
  for (const [name, role] of session.parts) {
    const declared = !bindings.imports.has(name)
    if (!(role === 'dependency' && declared)) found.tracked.push(name)
    if (!declared) continue
    const init = partInitializer(bindings, name)
    if (init) found.initializers.push(init)
    if (role === 'dependency') continue
    if (role === 'base') bases.push(name)
    const problem = inPackage ? null : declarationProblem(context, name, init)
    if (problem) {
      report(context, 'SFA114', problem.node, `\`${name}\` is part of the session middleware and ${problem.why}.`)
      continue
    }
    const statement = bindings.declarations.get(name)?.[0]?.statement
    if (role === 'middleware' && statement) found.sealed.push({ name, statement })
  }
  if (!inPackage) for (const base of bases) checkBaseUses(context, base, found.initializers)
  return found
}

const STATEMENT_SPELLING: Record<string, string> = {
  TSImportEqualsDeclaration: 'import … = require(…)',
  TSEnumDeclaration: 'enum',
  TSModuleDeclaration: 'namespace',
}

function spelling(statement: Statement): string {
  const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement
  return STATEMENT_SPELLING[declaration.type] ?? declaration.type
}

function declarationProblem(context: AnalysisContext, name: string, init: Node | null): { node: Node; why: string } | null {
  const { bindings } = context
  const declarations = bindings.declarations.get(name) ?? []
  const first = declarations[0]
  if (!first) {
    if (name === 'default' && bindings.defaultExpression) return { node: bindings.defaultExpression, why: 'is exported as an `export default` expression, which has no name to seal it by' }
    // `declare const requireSession: …` is a type: no statement of the module gives it a value.
    return { node: context.ast.program, why: 'has no declaration in this module that gives it a value' }
  }
  const at = first.declarator?.id ?? first.statement
  const isAlias = first.statement.type === 'TSImportEqualsDeclaration' && init !== null
  if (first.kind !== 'const' && !isAlias) return { node: at, why: `is declared with \`${first.kind === 'other' ? spelling(first.statement) : first.kind}\`: it must be a \`const\`, so that nothing can replace it` }
  if (declarations.length > 1) return { node: at, why: 'is declared more than once' }
  if (declaratorCount(first.statement) > 1) return { node: at, why: 'shares its statement with other declarators, which run before it is sealed' }
  if (!init) return { node: at, why: 'has no initializer that can be followed' }
  const reads = initializerReads(init)
  const refused = reads.refused[0]
  if (refused) return { node: refused.node, why: `cannot be proved: ${refused.why}` }
  for (const read of [...reads.aliases, ...reads.middleware]) {
    const [object, member] = read.split('.')
    if (member !== undefined && bindings.imports.get(object!)?.imported !== '*') {
      return { node: at, why: `is read from \`${read}\`, a member of an object, which cannot be followed to its declaration (another module could change it first)` }
    }
  }
  for (const base of reads.bases) {
    if (bindings.imports.has(base)) return { node: at, why: `derives from \`${base}\`, imported from another module, which could change it first: derive it from \`createMiddleware(…)\` here, or list the shared middleware with \`.middleware([…])\`` }
  }
  return null
}

/** A base is reachable from this module only, and only as the head of the parts derived from it. */
function checkBaseUses(context: AnalysisContext, base: string, initializers: readonly Node[]): void {
  if (context.bindings.exportsByLocal.has(base)) {
    const at = context.bindings.declarations.get(base)?.[0]?.declarator?.id ?? context.ast.program
    report(context, 'SFA114', at, `\`${base}\` is the base the session middleware derives from and is exported: another module could change it before the session middleware is made.`)
    return
  }
  const heads = new Set<Node>()
  for (const init of initializers) collectBaseHeads(init, heads)
  for (const reference of findReferences(context.ast.program, context.code, new Set([base]), context.scope)) {
    if (heads.has(reference.node)) continue
    report(context, 'SFA114', reference.node, `\`${base}\` is the base the session middleware derives from; used for anything else, it could be changed before the session middleware is made.`)
  }
}

/** The chain heads of an initializer and of the middleware it lists, as `initializerReads` reads them. */
function collectBaseHeads(node: Node, into: Set<Node>): void {
  const expression = unwrapExpression(node)
  if (expression.type === 'ConditionalExpression') return (collectBaseHeads(expression.consequent, into), collectBaseHeads(expression.alternate, into))
  if (expression.type === 'LogicalExpression') return (collectBaseHeads(expression.left, into), collectBaseHeads(expression.right, into))
  if (expression.type !== 'CallExpression') return
  const chain = readChain(expression)
  if (chain.head.kind === 'identifier') into.add(chain.head.identifier)
  for (const link of chain.links) {
    const list = link.call.arguments[0] && unwrapExpression(link.call.arguments[0])
    if (link.method !== MIDDLEWARE_METHOD || list?.type !== 'ArrayExpression') continue
    for (const element of list.elements) if (element && element.type !== 'SpreadElement') collectBaseHeads(element, into)
  }
}
