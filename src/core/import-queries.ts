import { isReferenced, type File, type Node } from '@babel/types'
import type { ImportBinding, ModuleBindings } from './bindings.ts'
import { readChain } from './chain.ts'
import { isTransparentWrapper } from './tanstack-model.ts'
import { DYNAMIC_NAMESPACE, findDynamicImports } from './dynamic-imports.ts'
import { SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'
import { spansAnyOffset, walk } from './walk.ts'

/**
 * The imports whose nature the analysis needs from the host: could this name be the factory, a
 * builder, an endpoint? Asking about every import would read half the app (components, the
 * database client), so only imports that reach a position where a server function value matters
 * are asked about:
 * - `createServerFn` imports, and every namespace import;
 * - whatever heads a chain with a builder link (`x.handler(…)`, `x.middleware(…)`…) anywhere in
 *   the module, and whatever heads the initializer of a module-level declaration;
 * - through module-level declarations those heads name (`const w = wrap(authed)` then
 *   `w.handler(…)`): the imports their initializers mention.
 *
 * A builder laundered out of these positions (`export default { authed }`) is caught where it
 * was laundered: that module reads the builder, and the build's sweep of importers analyses it.
 */

export interface ImportQuery {
  source: string
  /** An exported name, `default`, or `*` for the namespace as a whole. */
  imported: string
}

export function queryKey(source: string, imported: string): string {
  return `${source}\0${imported}`
}

const LINK_NAMES = new Set(['handler', 'middleware', 'validator', 'inputValidator'])
const LINK_TEXT = /\b(?:handler|middleware|validator|inputValidator)\b/g
const MAX_EXPANSION = 8
/** How deep a namespace path is followed: `B.auth.authed` is 2. */
const MAX_PATH = 3

/**
 * `all`: every value import, whatever its position. The build's sweep asks this of the modules that
 * import a builder, so that a builder laundered through a position no query covers is seen.
 */
export function importQueries(ast: File, code: string, bindings: ModuleBindings, all = false): ImportQuery[] {
  const queries = new Map<string, ImportQuery>()
  const add = (binding: ImportBinding, imported: string) => {
    queries.set(queryKey(binding.source, imported), { source: binding.source, imported })
  }
  if (all) for (const binding of bindings.imports.values()) add(binding, binding.imported)
  const namespaces = new Map<string, ImportBinding>()
  for (const binding of bindings.imports.values()) {
    if (binding.imported === '*') {
      add(binding, '*')
      namespaces.set(binding.local, binding)
    } else if (binding.imported === SERVER_FN_FACTORY || (binding.imported === 'default' && binding.local === SERVER_FN_FACTORY)) {
      add(binding, binding.imported)
    }
  }
  // Every member read of a namespace import (`B.authed`, `(B).authed`, `B.auth.authed`, wherever
  // it is), with its path: answered by the same module, so that a builder handed around through a
  // namespace, or one nested in another, is checked like any other.
  if (namespaces.size) {
    const names = new RegExp(`(?<![\\w$])(?:${[...namespaces.keys()].map((name) => name.replace(/[$]/g, '\\$&')).join('|')})(?![\\w$])`, 'g')
    const offsets = [...code.matchAll(names)].map((match) => match.index)
    walk(
      ast.program,
      (node, ancestors) => {
        if (node.type !== 'Identifier') return
        const binding = namespaces.get(node.name)
        if (!binding) return
        let path = ''
        let current: Node = node
        for (let i = ancestors.length - 1; i >= 0 && path.split('.').length <= MAX_PATH; i--) {
          const parent = ancestors[i]!
          if (isTransparentWrapper(parent)) {
            current = parent
            continue
          }
          // `import a = B.authed` reads the member too.
          const member =
            parent.type === 'TSQualifiedName' && parent.left === current
              ? parent.right.name
              : (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === current && !parent.computed && parent.property.type === 'Identifier'
                ? parent.property.name
                : null
          if (member === null) break
          // `B.authed.handler`: a builder's own methods are not in any module.
          if (path && LINK_NAMES.has(member)) break
          path = path ? `${path}.${member}` : member
          add(binding, path)
          current = parent
        }
      },
      code.includes('\\u') ? undefined : spansAnyOffset(offsets),
    )
  }

  // What a module loaded at run time exposes (`import('./builders')`).
  for (const { source } of findDynamicImports(ast, code)) {
    if (!START_PACKAGE_PATTERN.test(source)) queries.set(queryKey(source, DYNAMIC_NAMESPACE), { source, imported: DYNAMIC_NAMESPACE })
  }

  const expanded = new Set<string>()
  const visitHead = (node: Node, depth: number): void => {
    walk(node, (inner, ancestors) => {
      const parent = ancestors[ancestors.length - 1]
      if (inner.type !== 'Identifier' || (parent && !isReferenced(inner, parent, ancestors[ancestors.length - 2]))) return
      const binding = bindings.imports.get(inner.name)
      if (binding) {
        if (binding.imported !== '*') add(binding, binding.imported)
        else if (parent?.type === 'MemberExpression' && parent.object === inner && !parent.computed && parent.property.type === 'Identifier') {
          add(binding, parent.property.name)
        }
        return
      }
      // A module-level declaration: what it is made of may be a builder.
      if (depth >= MAX_EXPANSION || expanded.has(inner.name)) return
      const declarations = bindings.declarations.get(inner.name)
      if (!declarations) return
      expanded.add(inner.name)
      for (const declaration of declarations) {
        const made = declaration.declarator?.init ?? (declaration.kind === 'function' || declaration.kind === 'class' ? declaration.statement : null)
        if (made) visitHead(made, depth + 1)
      }
    })
  }
  const visitChain = (expression: Node) => {
    const { head } = readChain(expression)
    visitHead(head.kind === 'call' || head.kind === 'namespace-call' ? head.call : head.kind === 'identifier' ? head.identifier : head.kind === 'member' ? head.member.node : head.node, 0)
  }

  for (const statement of ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of declaration.declarations) if (declarator.init) visitChain(declarator.init)
  }
  const offsets = [...code.matchAll(LINK_TEXT)].map((match) => match.index)
  if (offsets.length || code.includes('\\u')) {
    walk(ast.program, (node) => {
      if (node.type !== 'CallExpression' && node.type !== 'OptionalCallExpression') return
      const callee = node.callee
      if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') return
      const name = callee.computed ? (callee.property.type === 'StringLiteral' ? callee.property.value : null) : callee.property.type === 'Identifier' ? callee.property.name : null
      if (name !== null && LINK_NAMES.has(name)) visitChain(node)
    }, code.includes('\\u') ? undefined : spansAnyOffset(offsets))
  }
  return [...queries.values()]
}
