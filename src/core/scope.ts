import type { Node, LVal, Statement } from '@babel/types'
import { walk } from './walk.ts'

/**
 * Resolves whether a name used somewhere in a module still refers to the module-level binding
 * of that name (an import), or to a local declaration that shadows it: a parameter, a `let`, a
 * `var` hoisted to its function, a catch parameter, a class or function name.
 */

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
])

export function isFunctionNode(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type)
}

/** Adds the names a binding pattern declares: `a`, `{ a, b: [c] }`, `...d`, `e = 1`. */
export function collectPatternNames(pattern: LVal | Node | null | undefined, into: Set<string>): void {
  if (!pattern) return
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name)
      break
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        collectPatternNames(prop.type === 'RestElement' ? prop.argument : (prop.value as LVal), into)
      }
      break
    case 'ArrayPattern':
      for (const element of pattern.elements) collectPatternNames(element, into)
      break
    case 'RestElement':
      collectPatternNames(pattern.argument, into)
      break
    case 'AssignmentPattern':
      collectPatternNames(pattern.left, into)
      break
    case 'TSParameterProperty':
      collectPatternNames(pattern.parameter, into)
      break
  }
}

/** Names a statement declares in the block that directly contains it. */
function collectStatementNames(statement: Statement | Node, into: Set<string>): void {
  switch (statement.type) {
    case 'VariableDeclaration':
      for (const declarator of statement.declarations) collectPatternNames(declarator.id, into)
      break
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'TSEnumDeclaration':
    case 'TSImportEqualsDeclaration':
      if (statement.id) into.add(statement.id.name)
      break
    case 'TSModuleDeclaration':
      if (statement.id.type === 'Identifier') into.add(statement.id.name)
      break
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      if (statement.declaration) collectStatementNames(statement.declaration, into)
      break
  }
}

/** `var` declarations anywhere in a function body, not inside nested functions. */
function collectVarNames(body: Node, into: Set<string>): void {
  walk(body, (node) => {
    if (node !== body && isFunctionNode(node)) return 'skip'
    if (node.type === 'VariableDeclaration' && node.kind === 'var') {
      for (const declarator of node.declarations) collectPatternNames(declarator.id, into)
    }
  })
}

export class ScopeResolver {
  private readonly cache = new WeakMap<Node, Set<string>>()

  /**
   * True when `name`, used at `node` below `ancestors`, refers to a local declaration, not the
   * module's. `node` may be left out when `ancestors` ends with it.
   */
  isShadowed(name: string, ancestors: readonly Node[], node?: Node): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const scope = ancestors[i]!
      if (scope.type === 'Program') return false
      if (isFunctionNode(scope)) {
        const child = ancestors[i + 1] ?? node
        const { params, body } = scope as Node & { params: Node[]; body: Node }
        // Parameter defaults are evaluated in a scope of their own: the body's `var`s and
        // functions are not visible there (`function f(a = authed) { var authed }`). A computed
        // method key or a decorator is outside the function altogether.
        const names = child === undefined || child === body ? this.declaredIn(scope) : params.includes(child) ? this.parameterNames(scope) : null
        if (names?.has(name)) return true
        continue
      }
      if (this.declaredIn(scope).has(name)) return true
    }
    return false
  }

  private parameterNames(node: Node): Set<string> {
    const names = new Set<string>()
    if ('params' in node) for (const param of node.params) collectPatternNames(param, names)
    if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name)
    return names
  }

  private declaredIn(node: Node): Set<string> {
    let names = this.cache.get(node)
    if (names) return names
    names = new Set()
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        for (const param of node.params) collectPatternNames(param, names)
        if (node.type === 'FunctionExpression' && node.id) names.add(node.id.name)
        if (node.body.type === 'BlockStatement') collectVarNames(node.body, names)
        break
      case 'ClassExpression':
      case 'ClassDeclaration':
        if (node.id) names.add(node.id.name)
        break
      case 'BlockStatement':
      case 'StaticBlock':
      case 'TSModuleBlock':
        for (const statement of node.body) collectStatementNames(statement, names)
        break
      case 'SwitchStatement':
        for (const switchCase of node.cases) {
          for (const statement of switchCase.consequent) collectStatementNames(statement, names)
        }
        break
      case 'ForStatement':
        if (node.init?.type === 'VariableDeclaration') collectStatementNames(node.init, names)
        break
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type === 'VariableDeclaration') collectStatementNames(node.left, names)
        break
      case 'CatchClause':
        collectPatternNames(node.param, names)
        break
    }
    this.cache.set(node, names)
    return names
  }
}
