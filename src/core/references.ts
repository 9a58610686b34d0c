import { isReferenced, type Node, type Program } from '@babel/types'
import { ScopeResolver } from './scope.ts'
import { spansAnyOffset, walk } from './walk.ts'

/**
 * Every place a module reads one of the given module-level names: identifiers in value
 * positions (JSX component names included) that no local declaration shadows. Types, import and
 * export specifiers are not references. Only subtrees whose text spells one of the names are
 * visited, which keeps the scan near the cost of parsing; a module with `\u` in it is walked
 * whole, because an escaped identifier does not spell its name.
 */

export interface Reference {
  name: string
  node: Node
  /** Ancestors of `node`, outermost first. */
  ancestors: readonly Node[]
}

export function findReferences(program: Program, code: string, names: ReadonlySet<string>, scope = new ScopeResolver()): Reference[] {
  const found: Reference[] = []
  if (names.size === 0) return found
  walk(
    program,
    (node, ancestors) => {
      if (node.type === 'ImportDeclaration' || node.type === 'ExportSpecifier' || node.type === 'ExportNamespaceSpecifier') return 'skip'
      const name = referencedName(node, ancestors)
      if (name === null || !names.has(name)) return
      if (scope.isShadowed(name, ancestors, node)) return
      found.push({ name, node, ancestors: [...ancestors] })
    },
    textPrefilter(code, names),
  )
  return found
}

function referencedName(node: Node, ancestors: readonly Node[]): string | null {
  const parent = ancestors[ancestors.length - 1]
  if (node.type === 'Identifier') {
    if (!parent) return null
    // `import a = B.authed`: `a` is declared and `authed` is a member name; `B` is read.
    if ((parent.type === 'TSQualifiedName' && parent.right === node) || (parent.type === 'TSImportEqualsDeclaration' && parent.id === node)) return null
    return isReferenced(node, parent, ancestors[ancestors.length - 2]) || isWriteTarget(node, ancestors) ? node.name : null
  }
  if (node.type === 'JSXIdentifier') {
    // `<Base />` reads the binding `Base`; `<div>` and `<a.b>`'s `b` do not.
    const isElementName = parent?.type === 'JSXOpeningElement' || parent?.type === 'JSXClosingElement'
    const isMemberObject = parent?.type === 'JSXMemberExpression' && parent.object === node
    if ((isElementName && /^[A-Z$_]/.test(node.name)) || isMemberObject) return node.name
  }
  return null
}

/**
 * The name is assigned to (`f = …`, `f++`, `[f] = …`, `for (f of …)`): a write is a use the rules
 * must see, although Babel's `isReferenced` says it reads nothing. Declarations and parameters
 * are not writes.
 */
function isWriteTarget(node: Node, ancestors: readonly Node[]): boolean {
  let child = node
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]!
    switch (parent.type) {
      case 'AssignmentExpression':
        return parent.left === child
      case 'UpdateExpression':
        return true
      case 'ForInStatement':
      case 'ForOfStatement':
        return parent.left === child
      case 'ObjectProperty':
        if (parent.value !== child || ancestors[i - 1]?.type !== 'ObjectPattern') return false
        break
      case 'AssignmentPattern':
        if (parent.left !== child) return false
        break
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        break
      default:
        return false
    }
    child = parent
  }
  return false
}

const patterns = new Map<string, RegExp>()

function textPrefilter(code: string, names: ReadonlySet<string>): ((node: Node) => boolean) | undefined {
  if (code.includes('\\u')) return undefined
  const key = [...names].sort().join(',')
  let pattern = patterns.get(key)
  if (!pattern) {
    const alternatives = [...names].map((name) => name.replace(/[$]/g, '\\$&')).join('|')
    pattern = new RegExp(`(?<![\\w$])(?:${alternatives})(?![\\w$])`, 'g')
    if (patterns.size > 1000) patterns.clear()
    patterns.set(key, pattern)
  }
  return spansAnyOffset([...code.matchAll(pattern)].map((match) => match.index))
}
