import {
  isReferenced,
  type CallExpression,
  type Identifier,
  type Node,
  type Program,
  type VariableDeclarator,
} from '@babel/types'
import type { ModuleBindings } from './bindings.ts'
import { isTransparentWrapper } from './chain.ts'
import { createDiagnostic, type Diagnostic, type DiagnosticCode } from './diagnostics.ts'
import type { LineIndex } from './line-index.ts'
import { isFunctionNode, ScopeResolver } from './scope.ts'
import { SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'
import { walk } from './walk.ts'

/**
 * Finds every place a module reaches `createServerFn` and sorts it into:
 * - roots: `createServerFn(...)` calls at the head of a top-level declaration, which become
 *   endpoints or builders;
 * - diagnostics: every other way of reaching it, because TanStack Start would not compile it
 *   (the handler would ship to the browser) or serverfn-auth could not follow it.
 *
 * Every spelling of the name is visited: identifiers bound to an import, `X.createServerFn`,
 * `X['createServerFn']`, destructuring, re-exports. Names that a local declaration shadows are
 * not TanStack's `createServerFn` and are left alone.
 */

export interface RootCall {
  call: CallExpression
  /** The top-level declarator whose initializer this call heads. */
  declarator: VariableDeclarator
}

export interface RootScan {
  roots: Map<CallExpression, RootCall>
  diagnostics: Diagnostic[]
}

interface ScanContext {
  file: string
  lines: LineIndex
  bindings: ModuleBindings
  scope: ScopeResolver
  roots: Map<CallExpression, RootCall>
  diagnostics: Diagnostic[]
}

function report(context: ScanContext, code: DiagnosticCode, node: Node, message: string): void {
  context.diagnostics.push(createDiagnostic(code, context.file, context.lines.locate(node.start!, node.end!), message))
}

function propertyName(node: Node & { computed: boolean; property: Node }): string | null {
  const property = node.property
  if (!node.computed) return property.type === 'Identifier' ? property.name : null
  if (property.type === 'StringLiteral') return property.value
  if (property.type === 'TemplateLiteral' && property.expressions.length === 0) {
    return property.quasis[0]?.value.cooked ?? null
  }
  return null
}

function literalSource(node: Node | undefined): string | null {
  if (!node) return null
  if (node.type === 'StringLiteral') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null
  return null
}

/** Where the enclosing construct puts a call that should have been a top-level declaration. */
function describeNesting(ancestors: readonly Node[]): string | null {
  // The innermost function or class names the place best; a bare block comes after them.
  let block: string | null = null
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!
    if (isFunctionNode(node)) {
      const id = (node as { id?: Identifier | null }).id
      const key = (node as { key?: Node }).key
      const holder = ancestors[i - 1]
      const declaredAs = holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : null
      const name = id?.name ?? (key?.type === 'Identifier' ? key.name : declaredAs)
      return name ? `inside the function \`${name}\`` : 'inside a function'
    }
    switch (node.type) {
      case 'ClassBody':
        return 'inside a class'
      case 'StaticBlock':
        return 'inside a class static block'
      case 'TSModuleBlock':
        return 'inside a namespace'
      case 'BlockStatement':
      case 'SwitchStatement':
      case 'IfStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'TryStatement':
        block ??= 'inside a block'
    }
  }
  return block
}

/** How an expression that is not a declaration initializer is used, for SFA102 messages. */
function describeUse(node: Node, parent: Node | undefined): string {
  switch (parent?.type) {
    case 'CallExpression':
    case 'NewExpression':
    case 'OptionalCallExpression':
      return 'passed as an argument'
    case 'ObjectProperty':
      return 'put in an object literal'
    case 'ArrayExpression':
      return 'put in an array'
    case 'ExportDefaultDeclaration':
      return 'exported as `export default`'
    case 'ConditionalExpression':
      return 'chosen in a conditional expression'
    case 'LogicalExpression':
      return 'chosen in a logical expression'
    case 'AssignmentExpression':
      return 'assigned to an existing variable'
    case 'ExpressionStatement':
      return 'called as a bare statement'
    case 'VariableDeclarator': {
      const id = (parent as VariableDeclarator).id
      return id.type === 'Identifier' ? `assigned to another name (\`${id.name}\`)` : 'destructured'
    }
    case 'SequenceExpression':
      return 'put in a comma expression'
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return 'read as an object'
    case 'SpreadElement':
      return 'spread'
    case 'ReturnStatement':
    case 'ArrowFunctionExpression':
      return 'returned'
    case 'AwaitExpression':
      return 'awaited'
    default:
      return `used in ${parent ? `a ${parent.type}` : 'an expression'}`
  }
}

/**
 * `createServerFn(...)` is a root. Follow its chain outwards and check that the chain is the
 * whole initializer of a top-level declaration: the only place TanStack Start compiles it.
 */
function placeRoot(context: ScanContext, call: CallExpression, ancestors: readonly Node[]): void {
  let top: Node = call
  let i = ancestors.length - 1
  for (;;) {
    while (i >= 0 && isTransparentWrapper(ancestors[i]!)) top = ancestors[i--]!
    const parent = ancestors[i]
    const grandparent = ancestors[i - 1]
    if (!parent) break
    if (
      parent.type === 'MemberExpression' &&
      parent.object === top &&
      grandparent?.type === 'CallExpression' &&
      grandparent.callee === parent
    ) {
      if (parent.computed) {
        report(context, 'SFA107', parent, `The server function chain continues with a computed call \`[${describeProperty(parent)}](...)\`.`)
        return
      }
      top = grandparent
      i -= 2
      continue
    }
    if (parent.type === 'CallExpression' && parent.callee === top) {
      top = parent
      i -= 1
      continue
    }
    if (
      (parent.type === 'OptionalMemberExpression' && parent.object === top) ||
      (parent.type === 'OptionalCallExpression' && parent.callee === top)
    ) {
      report(context, 'SFA107', parent, 'The server function chain uses optional chaining (`?.`).')
      return
    }
    break
  }
  const parent = ancestors[i]
  if (parent?.type === 'VariableDeclarator' && parent.init === top) {
    if (isTopLevelDeclarator(ancestors, i)) {
      if (parent.id.type !== 'Identifier') {
        report(context, 'SFA102', call, 'createServerFn(...) is destructured: a server function must be assigned to a plain name.')
        return
      }
      context.roots.set(call, { call, declarator: parent })
      return
    }
  }
  const nesting = describeNesting(ancestors.slice(0, i + 1))
  if (nesting) {
    report(context, 'SFA101', call, `createServerFn(...) is called ${nesting}; TanStack Start only compiles server functions declared at the top level of a module.`)
  } else {
    report(context, 'SFA102', call, `createServerFn(...) is ${describeUse(top, parent)} instead of being the initializer of a top-level declaration.`)
  }
}

function describeProperty(member: Node & { property: Node }): string {
  const p = member.property
  return p.type === 'StringLiteral' ? `'${p.value}'` : p.type === 'Identifier' ? p.name : '…'
}

/** `callee` evaluates to `createServerFn`. Decide how it is used. */
function classifyUse(context: ScanContext, callee: Node, ancestors: readonly Node[], spelled: string): void {
  let current = callee
  let i = ancestors.length - 1
  while (i >= 0 && isTransparentWrapper(ancestors[i]!)) current = ancestors[i--]!
  const parent = ancestors[i]
  if (parent?.type === 'CallExpression' && parent.callee === current) {
    placeRoot(context, parent, ancestors.slice(0, i))
    return
  }
  if (parent?.type === 'OptionalCallExpression' && parent.callee === current) {
    report(context, 'SFA104', parent, `\`${spelled}?.(...)\` is an optional call.`)
    return
  }
  if (parent?.type === 'NewExpression' && parent.callee === current) {
    report(context, 'SFA104', parent, `\`new ${spelled}(...)\` is not a server function declaration.`)
    return
  }
  if (parent?.type === 'TaggedTemplateExpression' && parent.tag === current) {
    report(context, 'SFA104', parent, `\`${spelled}\` is used as a template tag.`)
    return
  }
  if (parent?.type === 'SequenceExpression' && parent.expressions.at(-1) === current) {
    let sequence: Node = parent
    let j = i - 1
    while (j >= 0 && isTransparentWrapper(ancestors[j]!)) sequence = ancestors[j--]!
    const caller = ancestors[j]
    if (caller?.type === 'CallExpression' && caller.callee === sequence) {
      report(context, 'SFA104', caller, `\`${spelled}\` is called through a comma expression such as \`(0, ${spelled})(...)\`.`)
      return
    }
  }
  if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === current) {
    const name = propertyName(parent)
    if (name === 'call' || name === 'apply' || name === 'bind') {
      report(context, 'SFA104', parent, `\`${spelled}.${name}(...)\` calls it indirectly.`)
      return
    }
  }
  report(context, 'SFA103', current, `\`${spelled}\` is ${describeUse(current, parent)} instead of being called.`)
}

/** `ancestors[index]` is a declarator of a module-level `[export] const|let|var`. */
function isTopLevelDeclarator(ancestors: readonly Node[], index: number): boolean {
  // Program > [ExportNamedDeclaration >] VariableDeclaration > VariableDeclarator
  const container = ancestors[index - 2]
  return container?.type === 'Program' || (container?.type === 'ExportNamedDeclaration' && ancestors[index - 3]?.type === 'Program')
}

/** The node is inside the binding pattern of a module-level declaration. */
function isTopLevelDeclaratorPattern(ancestors: readonly Node[]): boolean {
  const declaratorIndex = ancestors.findIndex((node) => node.type === 'VariableDeclarator')
  return declaratorIndex >= 0 && isTopLevelDeclarator(ancestors, declaratorIndex)
}

/**
 * Only subtrees whose text spells one of the names the scan looks at can matter: everything
 * else (handler bodies, components, types) is skipped without being visited. This keeps the
 * analysis close to the cost of parsing. Identifiers written with Unicode escapes do not spell
 * their names, so a module with `\u` in it is walked whole.
 */
const namePatterns = new Map<string, RegExp>()

/** A word-bounded pattern for the names; modules mostly share them, so patterns are cached. */
function namePattern(localNames: string[]): RegExp {
  const key = localNames.join(',')
  let pattern = namePatterns.get(key)
  if (!pattern) {
    const names = new Set([SERVER_FN_FACTORY, 'require', 'import', ...localNames])
    const alternatives = [...names].map((name) => name.replace(/[$]/g, '\\$&')).join('|')
    pattern = new RegExp(`(?<![\\w$])(?:${alternatives})(?![\\w$])`, 'g')
    if (namePatterns.size > 1000) namePatterns.clear()
    namePatterns.set(key, pattern)
  }
  return pattern
}

function textPrefilter(code: string, bindings: ModuleBindings): ((node: Node) => boolean) | undefined {
  if (code.includes('\\u')) return undefined
  const pattern = namePattern([...bindings.serverFnLocals, ...bindings.namespaceLocals])
  const offsets: number[] = []
  for (const match of code.matchAll(pattern)) offsets.push(match.index)
  return (node) => {
    // First offset at or after node.start, by binary search.
    let low = 0
    let high = offsets.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (offsets[middle]! < node.start!) low = middle + 1
      else high = middle
    }
    return low < offsets.length && offsets[low]! < node.end!
  }
}

export function findServerFnRoots(
  program: Program,
  code: string,
  file: string,
  lines: LineIndex,
  bindings: ModuleBindings,
): RootScan {
  const context: ScanContext = { file, lines, bindings, scope: new ScopeResolver(), roots: new Map(), diagnostics: [] }
  const { serverFnLocals, namespaceLocals } = bindings

  walk(program, (node, ancestors) => {
    const parent = ancestors[ancestors.length - 1]
    switch (node.type) {
      case 'ImportDeclaration':
        return 'skip'
      case 'ExportNamedDeclaration':
        checkReExports(context, node)
        return
      case 'ExportSpecifier':
        return 'skip'
      case 'Identifier': {
        const isImported = serverFnLocals.has(node.name)
        // An unbound `createServerFn` is checked too: it is not TanStack's, and not compiled.
        const isUnbound = node.name === SERVER_FN_FACTORY && !isImported && !bindings.declarations.has(node.name)
        if (!isImported && !isUnbound) return
        if (!parent || !isReferenced(node, parent, ancestors[ancestors.length - 2])) return
        if (context.scope.isShadowed(node.name, ancestors)) return
        if (isUnbound) {
          report(context, 'SFA105', node, '`createServerFn` is used here but never imported.')
          return
        }
        classifyUse(context, node, ancestors, node.name)
        return
      }
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        if (propertyName(node) !== SERVER_FN_FACTORY) return
        const object = node.object
        const viaNamespace =
          object.type === 'Identifier' &&
          namespaceLocals.has(object.name) &&
          !context.scope.isShadowed(object.name, ancestors)
        const spelled = `${object.type === 'Identifier' ? object.name : '…'}${node.computed ? `['${SERVER_FN_FACTORY}']` : `.${SERVER_FN_FACTORY}`}`
        if (!viaNamespace) {
          report(context, 'SFA105', node, `\`${spelled}\` reads createServerFn from an object that is not an import of TanStack Start.`)
        } else if (node.computed || node.type === 'OptionalMemberExpression') {
          report(context, 'SFA104', node, `\`${spelled}\` reaches createServerFn through ${node.computed ? 'a computed member' : 'optional chaining'}.`)
        } else {
          classifyUse(context, node, ancestors, spelled)
        }
        return
      }
      case 'ObjectProperty': {
        // `const { createServerFn } = await import(...)` at module level.
        if (parent?.type !== 'ObjectPattern') return
        const key = node.computed ? literalSource(node.key) : node.key.type === 'Identifier' ? node.key.name : literalSource(node.key)
        if (key === SERVER_FN_FACTORY && isTopLevelDeclaratorPattern(ancestors)) {
          report(context, 'SFA105', node, 'createServerFn is destructured from an object instead of imported from TanStack Start.')
        }
        return
      }
      case 'CallExpression': {
        const callee = node.callee
        const isDynamicImport = callee.type === 'Import'
        const isRequire = callee.type === 'Identifier' && callee.name === 'require'
        if (!isDynamicImport && !isRequire) return
        const source = literalSource(node.arguments[0])
        if (source && START_PACKAGE_PATTERN.test(source)) {
          report(context, 'SFA106', node, `\`${isDynamicImport ? 'import' : 'require'}('${source}')\` loads TanStack Start at run time in a module that declares server functions.`)
        }
        return
      }
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference
        if (reference.type === 'TSExternalModuleReference' && START_PACKAGE_PATTERN.test(reference.expression.value)) {
          report(context, 'SFA106', node, `\`import ${node.id.name} = require('${reference.expression.value}')\` loads TanStack Start through require().`)
        } else if (reference.type === 'TSQualifiedName' && reference.right.name === SERVER_FN_FACTORY) {
          report(context, 'SFA103', node, `\`import ${node.id.name} = …\` gives createServerFn another name.`)
        }
        return 'skip'
      }
    }
  }, textPrefilter(code, bindings))
  return { roots: context.roots, diagnostics: context.diagnostics }
}

/**
 * `export { createServerFn as makeFn }` hands createServerFn to other modules under a name that
 * serverfn-auth would not recognise there. Re-exporting it under its own name is fine.
 */
function checkReExports(context: ScanContext, node: Node & { type: 'ExportNamedDeclaration' }): void {
  if (node.exportKind === 'type') return
  for (const specifier of node.specifiers) {
    if (specifier.type !== 'ExportSpecifier' || specifier.exportKind === 'type') continue
    const local = specifier.local.name
    const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value
    const isFactory = node.source ? local === SERVER_FN_FACTORY : context.bindings.serverFnLocals.has(local)
    if (isFactory && exported !== SERVER_FN_FACTORY) {
      report(context, 'SFA103', specifier, `createServerFn is re-exported as \`${exported}\`; modules that import it under that name would escape the check.`)
    }
  }
}
