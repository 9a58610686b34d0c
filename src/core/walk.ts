import { FLIPPED_ALIAS_KEYS, VISITOR_KEYS, type Node } from '@babel/types'

/**
 * A plain depth-first walk over value-level syntax with the chain of ancestors.
 *
 * Babel's own traverse builds a NodePath and a full scope for every node: measured here at about
 * ten times the cost of parsing. serverfn-auth only needs scopes for a handful of identifiers, so
 * it walks the raw AST and resolves those few names on demand (see `scope.ts`).
 */

const TYPE_ONLY = new Set<string>([
  ...(FLIPPED_ALIAS_KEYS.TSType ?? []),
  'TSTypeAnnotation',
  'TSTypeParameterDeclaration',
  'TSTypeParameterInstantiation',
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSIndexSignature',
  'TSExpressionWithTypeArguments',
  'TSClassImplements',
  'TSInterfaceHeritage',
])

/** Type annotations and declarations never run, so nothing inside them is a server function. */
export function isTypeOnly(node: Node): boolean {
  if (TYPE_ONLY.has(node.type)) return true
  if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration') {
    return (node as { importKind?: string; exportKind?: string }).importKind === 'type' ||
      (node as { exportKind?: string }).exportKind === 'type'
  }
  return false
}

export type Visitor = (node: Node, ancestors: readonly Node[]) => void | 'skip'

/**
 * Visits `root` and its descendants. Returning `'skip'` does not descend into that node;
 * `mayMatter(node)` returning false skips a node and its subtree without visiting it.
 */
export function walk(root: Node, visit: Visitor, mayMatter?: (node: Node) => boolean): void {
  const ancestors: Node[] = []
  const enter = (node: Node): void => {
    if (isTypeOnly(node)) return
    if (mayMatter && !mayMatter(node)) return
    if (visit(node, ancestors) === 'skip') return
    const keys = VISITOR_KEYS[node.type]
    if (!keys) return
    ancestors.push(node)
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key]
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object') enter(item as Node)
      } else if (child && typeof child === 'object' && typeof (child as Node).type === 'string') {
        enter(child as Node)
      }
    }
    ancestors.pop()
  }
  enter(root)
}

/**
 * A `mayMatter` filter for `walk`: true for nodes whose source range holds one of `offsets`
 * (sorted ascending), by binary search. Used to visit only subtrees whose text spells a name.
 */
export function spansAnyOffset(offsets: readonly number[]): (node: Node) => boolean {
  return (node) => {
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
