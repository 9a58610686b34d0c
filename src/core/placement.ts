import type { Identifier, Node } from '@babel/types'
import { isFunctionNode } from './scope.ts'

/** Words for where a server function chain was found instead of a top-level declaration. */

/** The enclosing construct that keeps TanStack from compiling a chain, or null at the top level. */
export function describeNesting(ancestors: readonly Node[]): string | null {
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

/** How an expression is used by its parent, for messages. */
export function describeUse(node: Node, parent: Node | undefined): string {
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
      return (parent as { left: Node }).left === node ? 'assigned to' : 'assigned to another variable'
    case 'ExpressionStatement':
      return 'called as a bare statement'
    case 'VariableDeclarator': {
      const id = (parent as { id: Node }).id
      return id.type === 'Identifier' ? `assigned to another name (\`${(id as Identifier).name}\`)` : 'destructured'
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
    case 'JSXOpeningElement':
    case 'JSXClosingElement':
    case 'JSXMemberExpression':
      return 'used as a JSX element'
    case 'JSXExpressionContainer':
      return 'put in JSX'
    case 'TemplateLiteral':
      return 'put in a template literal'
    case 'UnaryExpression':
      return `used with \`${(parent as { operator: string }).operator}\``
    case 'TSImportEqualsDeclaration':
      return 'aliased with `import … =`'
    default:
      return `used in ${parent ? `a ${parent.type}` : 'an expression'}`
  }
}
