import type { Node } from '@babel/types'
import { report, type AnalysisContext } from './analysis-context.ts'
import type { DeclarationScan } from './declarations.ts'
import { namespaceMemberValue, type ModuleValue } from './module-values.ts'
import { describeNesting, describeUse } from './placement.ts'
import { findReferences } from './references.ts'
import { runtimeNamespaces, SEALS } from './runtime-references.ts'
import { isFunctionNode } from './scope.ts'
import { readChain, withNamespaceCallHead } from './chain.ts'
import { BUILDER_METHODS, HANDLER_METHOD, MIDDLEWARE_FACTORY, MIDDLEWARE_METHOD, SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'
import { isTransparentWrapper } from './tanstack-model.ts'

/**
 * Every other place the module reads a server function value, checked against the few uses
 * that are proved harmless. Heads of accepted declarations were consumed by `declarations.ts`.
 *
 * - `createServerFn` (and a namespace that exposes it): only called at the head of a top-level
 *   declaration, or re-exported under its own name. Anywhere else TanStack does not compile what
 *   comes of it (SFA101–SFA105).
 * - A builder: only a chain head (above), an item of `.middleware([...])`, or an export. Passed,
 *   stored or read as a property it could be changed or finished out of sight (SFA109); written,
 *   it is changed (SFA110); a chain on it anywhere but a top-level declaration is not compiled
 *   (SFA101, SFA102, SFA107).
 * - An endpoint: read freely (called, passed to `useServerFn`), never written (SFA110) nor used
 *   as a builder (SFA109).
 */

const LINK_METHODS = new Set([...BUILDER_METHODS, HANDLER_METHOD])
/** The methods of a TanStack Start middleware, each of which writes into the middleware it is called on. */
const MIDDLEWARE_METHODS = new Set(['middleware', 'validator', 'inputValidator', 'server', 'client'])
const OBJECT_MUTATORS = new Set(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf'])
const REFLECT_MUTATORS = new Set(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf'])

interface Use {
  /** The reference, or `Namespace.name` for a namespace member. */
  node: Node
  ancestors: readonly Node[]
  spelled: string
  /** What the module's names hold. */
  values: ReadonlyMap<string, ModuleValue>
  sessionInitializers: readonly Node[]
}

export function checkValueUses(
  context: AnalysisContext,
  scan: DeclarationScan,
  values: ReadonlyMap<string, ModuleValue>,
  /** The initializers of the session middleware's parts declared here: the structure they are made of. */
  sessionInitializers: readonly Node[] = [],
): void {
  const runtime = runtimeNamespaces(context.ast, context.runtimeSource)
  const names = new Set(values.keys())
  const unbound = !context.bindings.imports.has(SERVER_FN_FACTORY) && !context.bindings.declarations.has(SERVER_FN_FACTORY)
  if (unbound) names.add(SERVER_FN_FACTORY)
  for (const reference of findReferences(context.ast.program, context.code, names, context.scope)) {
    if (scan.consumed.has(reference.node)) continue
    const use: Use = { node: reference.node, ancestors: reference.ancestors, spelled: reference.name, values, sessionInitializers }
    const value = values.get(reference.name)
    if (!value) {
      report(context, 'SFA105', reference.node, '`createServerFn` is used here but never imported.')
      continue
    }
    // The seal goes after the declaring statement: code that runs in that statement (a later
    // declarator) would see the value unsealed. Code in a function there runs later.
    const statement = scan.byName.get(reference.name)?.declaration.statement
    const inStatement = statement && reference.node.start! >= statement.start! && reference.node.end! <= statement.end!
    if (inStatement && !reference.ancestors.some((node) => node.start! >= statement.start! && isFunctionNode(node))) {
      report(context, 'SFA109', reference.node, `\`${reference.name}\` is read in the statement that declares it; declare what uses it in a statement of its own.`)
      continue
    }
    if (isSealed(use, runtime)) continue
    checkUse(context, use, value)
  }
}

/** `R.seal(x)` or `R.sealMiddleware(x)`, the transform's own seals (the module was transformed before). */
function isSealed(use: Use, runtime: ReadonlySet<string>): boolean {
  const parent = use.ancestors[use.ancestors.length - 1]
  if (parent?.type !== 'CallExpression' || parent.arguments.length !== 1 || parent.arguments[0] !== use.node) return false
  const callee = parent.callee
  return callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && runtime.has(callee.object.name) && callee.property.type === 'Identifier' && SEALS.has(callee.property.name)
}

function checkUse(context: AnalysisContext, use: Use, value: ModuleValue): void {
  switch (value.kind) {
    case 'factory':
      return checkFactoryUse(context, use)
    case 'foreign-factory':
      return report(context, 'SFA105', use.node, `\`${use.spelled}\` is imported from \`${value.source}\`, which does not export TanStack Start's createServerFn.`)
    case 'namespace':
      return checkNamespaceUse(context, use, value)
    case 'builder':
      return checkBuilderUse(context, use)
    case 'endpoint':
      return checkEndpointUse(context, use)
    case 'session':
      return checkSessionUse(context, use)
  }
}

/** Climbs the transparent wrappers around `node`: the node as its parent sees it, and that parent's index. */
function climbWrappers(node: Node, ancestors: readonly Node[]): { top: Node; index: number } {
  let top = node
  let index = ancestors.length - 1
  while (index >= 0 && isTransparentWrapper(ancestors[index]!)) top = ancestors[index--]!
  return { top, index }
}

function propertyName(member: Node & { computed: boolean; property: Node }): string | null {
  const property = member.property
  if (!member.computed) return property.type === 'Identifier' ? property.name : null
  if (property.type === 'StringLiteral') return property.value
  if (property.type === 'TemplateLiteral' && property.expressions.length === 0) return property.quasis[0]?.value.cooked ?? null
  return null
}

function checkFactoryUse(context: AnalysisContext, use: Use): void {
  const { top, index } = climbWrappers(use.node, use.ancestors)
  const { ancestors, spelled } = use
  const parent = ancestors[index]
  if (parent?.type === 'CallExpression' && parent.callee === top) return placeChain(context, parent, ancestors, index - 1, `${spelled}(…)`)
  if (parent?.type === 'OptionalCallExpression' && parent.callee === top) {
    return report(context, 'SFA104', parent, `\`${spelled}?.(…)\` is an optional call.`)
  }
  if (parent?.type === 'NewExpression' && parent.callee === top) return report(context, 'SFA104', parent, `\`new ${spelled}(…)\` is not a server function declaration.`)
  if (parent?.type === 'TaggedTemplateExpression' && parent.tag === top) return report(context, 'SFA104', parent, `\`${spelled}\` is used as a template tag.`)
  if (parent?.type === 'TSInstantiationExpression') {
    return report(context, 'SFA104', parent, `\`${spelled}<…>\` is an instantiation expression, which TanStack Start's compiler does not look through; put the type arguments on the call: \`${spelled}<…>(…)\`.`)
  }
  if (parent?.type === 'SequenceExpression' && parent.expressions.at(-1) === top) {
    const outer = climbWrappers(parent, ancestors.slice(0, index))
    const caller = ancestors[outer.index]
    if (caller?.type === 'CallExpression' && caller.callee === outer.top) {
      return report(context, 'SFA104', caller, `\`${spelled}\` is called through a comma expression such as \`(0, ${spelled})(…)\`.`)
    }
  }
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === top) {
    const name = propertyName(parent)
    if (name === 'call' || name === 'apply' || name === 'bind') return report(context, 'SFA104', parent, `\`${spelled}.${name}(…)\` calls it indirectly.`)
  }
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return
  report(context, 'SFA103', top, `\`${spelled}\` is ${describeUse(top, parent)} instead of being called.`)
}

/**
 * A call on a server function value (`createServerFn(…)`, `base.handler(…)`, `base(…)`) that is
 * not the head of an accepted declaration: follow its chain outwards and say why it is not one.
 */
function placeChain(context: AnalysisContext, call: Node, ancestors: readonly Node[], parentIndex: number, spelled: string): void {
  let top: Node = call
  let i = parentIndex
  for (;;) {
    while (i >= 0 && isTransparentWrapper(ancestors[i]!)) top = ancestors[i--]!
    const parent = ancestors[i]
    const grandparent = ancestors[i - 1]
    if (!parent) break
    if (parent.type === 'MemberExpression' && parent.object === top && grandparent?.type === 'CallExpression' && grandparent.callee === parent) {
      if (parent.computed) return report(context, 'SFA107', parent, `The server function chain continues with a computed call \`[${propertyName(parent) ?? '…'}](…)\`.`)
      top = grandparent
      i -= 2
      continue
    }
    if (parent.type === 'CallExpression' && parent.callee === top) {
      top = parent
      i -= 1
      continue
    }
    // `x.handler?.(…)`: Babel reads the member as a plain one inside an optional call.
    const optionalLink = parent.type === 'MemberExpression' && parent.object === top && grandparent?.type === 'OptionalCallExpression' && grandparent.callee === parent
    if (optionalLink || (parent.type === 'OptionalMemberExpression' && parent.object === top) || (parent.type === 'OptionalCallExpression' && parent.callee === top)) {
      return report(context, 'SFA107', parent, 'The server function chain uses optional chaining (`?.`).')
    }
    if (parent.type === 'MemberExpression' && parent.object === top && wrappedCallOf(ancestors, i - 1)) {
      return report(context, 'SFA107', parent, `The server function chain calls \`.${propertyName(parent) ?? '…'}\` through a type wrapper, which TanStack Start's compiler does not follow.`)
    }
    break
  }
  const nesting = describeNesting(ancestors.slice(0, i + 1))
  if (nesting) {
    report(context, 'SFA101', call, `\`${spelled}\` is called ${nesting}; TanStack Start only compiles server functions declared at the top level of a module.`)
  } else {
    report(context, 'SFA102', call, `\`${spelled}\` is ${describeUse(top, ancestors[i])} instead of being the initializer of a top-level declaration.`)
  }
}

/**
 * `(x.handler as any)(…)`: the call above the wrappers that start at `ancestors[index]`, when the
 * wrapped member is its callee. TanStack only follows plain member calls.
 */
function wrappedCallOf(ancestors: readonly Node[], index: number): Node | null {
  let wrapped: Node | null = null
  let i = index
  while (i >= 0 && isTransparentWrapper(ancestors[i]!)) wrapped = ancestors[i--]!
  const caller = ancestors[i]
  return wrapped && caller?.type === 'CallExpression' && caller.callee === wrapped ? caller : null
}

function checkNamespaceUse(context: AnalysisContext, use: Use, value: Extract<ModuleValue, { kind: 'namespace' }>): void {
  const { top, index } = climbWrappers(use.node, use.ancestors)
  const parent = use.ancestors[index]
  const member = (name: string, node: Node) => {
    const memberValue = namespaceMemberValue(value, name, context.answers)
    const memberUse: Use = { node, ancestors: use.ancestors.slice(0, index), spelled: `${use.spelled}.${name}`, values: use.values, sessionInitializers: use.sessionInitializers }
    checkNamespaceMember(context, memberUse, memberValue, value)
  }
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === top) {
    const name = parent.computed ? null : propertyName(parent)
    if ((name === null || parent.type === 'OptionalMemberExpression') && !value.assumed) {
      return report(context, 'SFA104', parent, `\`${use.spelled}\` exposes server functions; reading a member of it ${parent.computed ? 'through a computed key' : 'with optional chaining'} hides which one.`)
    }
    if (name !== null) member(name, parent)
    return
  }
  // `import x = Namespace.member`: a member read too.
  if (parent?.type === 'TSQualifiedName' && parent.left === top) return member(parent.right.name, parent)
  // `const { getProfile } = Namespace`: the members taken out are checked one by one.
  const pattern = parent?.type === 'VariableDeclarator' && parent.init === top ? parent.id : null
  if (pattern?.type === 'ObjectPattern' && pattern.properties.every((p) => p.type === 'ObjectProperty' && !p.computed && p.key.type === 'Identifier')) {
    for (const property of pattern.properties) {
      const name = ((property as { key: { name: string } }).key).name
      const taken = namespaceMemberValue(value, name, context.answers)
      if (taken.kind === 'factory' || taken.kind === 'builder' || taken.kind === 'namespace' || taken.kind === 'session') {
        report(context, taken.kind === 'builder' ? 'SFA109' : 'SFA103', property, `\`${name}\` is destructured from \`${use.spelled}\`, which hands a server function value to another name.`)
      }
    }
    return
  }
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return
  if (value.assumed) return
  report(context, 'SFA103', top, `\`${use.spelled}\` exposes server functions and is ${describeUse(top, parent)}; read its members directly instead.`)
}

/** `Namespace.member`: what it holds decides the rules; a builder TanStack cannot reach there is refused. */
function checkNamespaceMember(context: AnalysisContext, use: Use, member: ModuleValue, namespace: Extract<ModuleValue, { kind: 'namespace' }>): void {
  switch (member.kind) {
    case 'factory':
      return checkFactoryUse(context, use)
    case 'builder':
      if (!namespace.followed) {
        return report(context, 'SFA112', use.node, `\`${use.spelled}\` is a builder read from a namespace imported by name or nested in another, which TanStack Start's compiler does not look into.`)
      }
      return checkBuilderUse(context, use)
    case 'endpoint':
      return checkEndpointUse(context, use)
    case 'session':
      return checkSessionUse(context, use)
    case 'namespace':
      return checkNamespaceUse(context, use, member)
  }
}

/**
 * The session middleware and what it is made of: any code may read them; nothing may change what
 * they do. TanStack's `createMiddleware` writes its new options into the middleware a method is
 * called on (`requireSession.server(fn)` replaces the session middleware's server part), so such
 * a call is a write too, except where a part is declared from it.
 */
function checkSessionUse(context: AnalysisContext, use: Use): void {
  const { top, index } = climbWrappers(use.node, use.ancestors)
  const write = describeWrite(top, use.ancestors, index)
  if (write) return report(context, 'SFA110', use.node, `\`${use.spelled}\` is part of the session middleware, and this ${write}.`)
  const parent = use.ancestors[index]
  const grandparent = use.ancestors[index - 1]
  if (parent?.type !== 'MemberExpression' || parent.object !== top || grandparent?.type !== 'CallExpression' || grandparent.callee !== parent) return
  const method = propertyName(parent)
  if (method === null || !MIDDLEWARE_METHODS.has(method)) return
  if (use.sessionInitializers.some((init) => use.node.start! >= init.start! && use.node.end! <= init.end!)) return
  report(context, 'SFA110', parent, `\`${use.spelled}\` is part of the session middleware, and \`.${method}(…)\` writes its new options into it.`)
}

function checkBuilderUse(context: AnalysisContext, use: Use): void {
  const { top, index } = climbWrappers(use.node, use.ancestors)
  const { ancestors, spelled } = use
  const parent = ancestors[index]
  const grandparent = ancestors[index - 1]
  if (isMiddlewareItem(context, use, top, index)) return
  // `export default base`: another module derives from it, and its own checks apply there.
  if (parent?.type === 'ExportDefaultDeclaration') return
  const write = describeWrite(top, ancestors, index)
  if (write) return report(context, 'SFA110', use.node, `\`${spelled}\` is a server function builder, and this ${write}.`)
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === top) {
    const name = propertyName(parent)
    const called = grandparent?.type === 'CallExpression' || grandparent?.type === 'OptionalCallExpression' ? grandparent.callee === parent : false
    if (parent.type === 'OptionalMemberExpression' || (parent.computed && called)) {
      return report(context, 'SFA107', parent, `\`${spelled}\` is continued with ${parent.type === 'OptionalMemberExpression' ? 'optional chaining' : 'a computed member'}, which TanStack Start does not compile.`)
    }
    if (name !== null && !parent.computed && LINK_METHODS.has(name) && called && grandparent?.type === 'CallExpression') {
      return placeChain(context, grandparent, ancestors, index - 2, `${spelled}.${name}(…)`)
    }
    if (name === 'call' || name === 'apply' || name === 'bind') return report(context, 'SFA104', parent, `\`${spelled}.${name}(…)\` calls the builder indirectly.`)
    if (wrappedCallOf(ancestors, index - 1)) {
      return report(context, 'SFA107', parent, `\`${spelled}.${name ?? '…'}\` is called through a type wrapper, which TanStack Start's compiler does not follow.`)
    }
    return report(context, 'SFA109', parent, `\`${spelled}\` is a server function builder; reading ${name === null ? 'a computed member' : `\`.${name}\``} of it exposes its state.`)
  }
  if (parent?.type === 'CallExpression' && parent.callee === top) return placeChain(context, parent, ancestors, index - 1, `${spelled}(…)`)
  if (parent?.type === 'OptionalCallExpression' && parent.callee === top) return report(context, 'SFA107', parent, `\`${spelled}?.(…)\` is an optional call.`)
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return
  report(context, 'SFA109', top, `\`${spelled}\` is a server function builder and is ${describeUse(top, parent)}.`)
}

function checkEndpointUse(context: AnalysisContext, use: Use): void {
  const { top, index } = climbWrappers(use.node, use.ancestors)
  const { ancestors, spelled } = use
  const parent = ancestors[index]
  const write = describeWrite(top, ancestors, index)
  if (write) return report(context, 'SFA110', use.node, `\`${spelled}\` is an endpoint, and this ${write}.`)
  if (parent?.type === 'MemberExpression' && parent.object === top && !parent.computed) {
    const name = propertyName(parent)
    const grandparent = ancestors[index - 1]
    if (name !== null && LINK_METHODS.has(name) && grandparent?.type === 'CallExpression' && grandparent.callee === parent) {
      report(context, 'SFA109', parent, `\`${spelled}\` is an endpoint, not a builder: \`.${name}(…)\` cannot be called on it.`)
    }
  }
}

/**
 * An item of the array literal passed to `.middleware(…)` of a server function chain or of a
 * TanStack Start middleware: both flatten a builder's middleware in. Any other object's
 * `.middleware` is a function like any other, and the builder is passed to it.
 */
function isMiddlewareItem(context: AnalysisContext, use: Use, top: Node, index: number): boolean {
  const parent = use.ancestors[index]
  const grandparent = use.ancestors[index - 1]
  if (parent?.type !== 'ArrayExpression' || !parent.elements.includes(top as never)) return false
  if (grandparent?.type !== 'CallExpression' || grandparent.arguments[0] !== parent) return false
  const callee = grandparent.callee
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== MIDDLEWARE_METHOD) return false
  return flattensBuilders(context, use, callee.object, use.ancestors.slice(0, index))
}

function flattensBuilders(context: AnalysisContext, use: Use, receiver: Node, ancestors: readonly Node[]): boolean {
  const valueOf = (name: string): ModuleValue | undefined => (context.scope.isShadowed(name, ancestors) ? undefined : use.values.get(name))
  const chain = readChain(receiver)
  const namespaced = chain.head.kind === 'identifier' && valueOf(chain.head.identifier.name)?.kind === 'namespace' ? withNamespaceCallHead(chain) : null
  const { head } = namespaced ?? chain
  const isServerFn = (value: ModuleValue | undefined) => value?.kind === 'factory' || value?.kind === 'builder'
  switch (head.kind) {
    case 'call':
    case 'identifier': {
      const name = head.kind === 'call' ? head.callee.name : head.identifier.name
      if (isServerFn(valueOf(name))) return true
      const binding = head.kind === 'call' && !context.scope.isShadowed(name, ancestors) ? context.bindings.imports.get(name) : undefined
      return !!binding && START_PACKAGE_PATTERN.test(binding.source) && binding.imported === MIDDLEWARE_FACTORY
    }
    case 'namespace-call':
    case 'member': {
      const namespace = valueOf(head.member.object.name)
      if (namespace?.kind !== 'namespace') return false
      const member = head.member.property.name
      if (head.kind === 'namespace-call' && member === MIDDLEWARE_FACTORY && START_PACKAGE_PATTERN.test(namespace.binding.source)) return true
      return isServerFn(namespaceMemberValue(namespace, member, context.answers))
    }
    case 'other':
      return false
  }
}

/**
 * What a use writes, if it writes: an assignment, update or `delete` of the binding or of a member
 * reached through it, a destructuring target, or `Object.assign`/`Reflect.set`-style calls on it.
 */
function describeWrite(top: Node, ancestors: readonly Node[], index: number): string | null {
  let target = top
  let i = index
  let throughMember = false
  for (;;) {
    const parent = ancestors[i]
    if (parent && isTransparentWrapper(parent)) {
      target = parent
      i--
      continue
    }
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === target) {
      target = parent
      throughMember = true
      i--
      continue
    }
    break
  }
  const parent = ancestors[i]
  const what = throughMember ? 'a property of it' : 'it'
  switch (parent?.type) {
    case 'AssignmentExpression':
      if (parent.left === target) return `assigns to ${what}`
      break
    case 'UpdateExpression':
      return `updates ${what}`
    case 'UnaryExpression':
      if (parent.operator === 'delete') return `deletes ${what}`
      break
    case 'ForInStatement':
    case 'ForOfStatement':
      if (parent.left === target) return `assigns to ${what} in a loop`
      break
    case 'ArrayPattern':
    case 'RestElement':
    case 'AssignmentPattern':
      if (parent.type !== 'AssignmentPattern' || parent.left === target) return `assigns to ${what} by destructuring`
      break
    case 'ObjectProperty':
      if (ancestors[i - 1]?.type === 'ObjectPattern' && parent.value === target) return `assigns to ${what} by destructuring`
      break
    case 'CallExpression': {
      if (parent.arguments[0] !== target) break
      const callee = parent.callee
      if (callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier') break
      const name = propertyName(callee)
      const mutator =
        (callee.object.name === 'Object' && name !== null && OBJECT_MUTATORS.has(name)) ||
        (callee.object.name === 'Reflect' && name !== null && REFLECT_MUTATORS.has(name))
      if (mutator) return `passes ${what} to \`${callee.object.name}.${name}\`, which changes it`
      break
    }
  }
  return null
}
