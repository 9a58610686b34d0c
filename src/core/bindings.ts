import type { File, Node, Statement, VariableDeclarator } from '@babel/types'
import { collectPatternNames } from './scope.ts'
import { unwrapExpression } from './tanstack-model.ts'

/** What the module-level statements of a module import, declare and export. */

export interface ImportBinding {
  local: string
  source: string
  /** The exported name it imports: a name, `default`, or `*` for a namespace import. */
  imported: string
  statement: Statement
}

export type DeclarationKind = 'const' | 'let' | 'var' | 'using' | 'await using' | 'function' | 'class' | 'other'

export interface TopLevelDeclaration {
  name: string
  /** The module-level statement, `export` included. */
  statement: Statement
  kind: DeclarationKind
  /** For a variable declared by a plain name: its declarator. */
  declarator: VariableDeclarator | null
}

export interface ModuleBindings {
  /** Value imports by local name (`import type` is left out: it never runs). */
  imports: Map<string, ImportBinding>
  /** Module-level declarations by name; a `var` may declare a name twice. */
  declarations: Map<string, TopLevelDeclaration[]>
  /** Exported names by local name: `export const a`, `export { a as b }`, `export default a`. */
  exportsByLocal: Map<string, string[]>
  /** Names re-exported from another module: `export { a as b } from './a'`, `export * as ns from './a'`. */
  reexports: Map<string, { source: string; imported: string }>
  /** Sources of `export * from '…'`. */
  starSources: string[]
  /** `export default <expression>` that is not a plain name. */
  defaultExpression: Node | null
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function exportedName(node: { type: string; name?: string; value?: string }): string {
  return node.type === 'Identifier' ? node.name! : node.value!
}

function declarationsOf(statement: Statement, declaration: Node): TopLevelDeclaration[] {
  // `declare const x: T` and friends are types: nothing is declared at run time.
  if ((declaration as { declare?: boolean }).declare) return []
  switch (declaration.type) {
    case 'VariableDeclaration':
      return declaration.declarations.flatMap((declarator) => {
        const names = new Set<string>()
        collectPatternNames(declarator.id, names)
        return [...names].map((name) => ({
          name,
          statement,
          kind: declaration.kind,
          declarator: declarator.id.type === 'Identifier' ? declarator : null,
        }))
      })
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return declaration.id
        ? [{ name: declaration.id.name, statement, kind: declaration.type === 'FunctionDeclaration' ? 'function' : 'class', declarator: null }]
        : []
    case 'TSEnumDeclaration':
    case 'TSImportEqualsDeclaration':
      return [{ name: declaration.id.name, statement, kind: 'other', declarator: null }]
    case 'TSModuleDeclaration':
      return declaration.id.type === 'Identifier' ? [{ name: declaration.id.name, statement, kind: 'other', declarator: null }] : []
    default:
      return []
  }
}

export function readModuleBindings(ast: File): ModuleBindings {
  const bindings: ModuleBindings = {
    imports: new Map(),
    declarations: new Map(),
    exportsByLocal: new Map(),
    reexports: new Map(),
    starSources: [],
    defaultExpression: null,
  }
  for (const statement of ast.program.body) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        if (statement.importKind === 'type' || statement.importKind === 'typeof') break
        for (const specifier of statement.specifiers) {
          let imported: string
          if (specifier.type === 'ImportNamespaceSpecifier') imported = '*'
          else if (specifier.type === 'ImportDefaultSpecifier') imported = 'default'
          else if (specifier.importKind === 'type' || specifier.importKind === 'typeof') continue
          else imported = exportedName(specifier.imported)
          const local = specifier.local.name
          bindings.imports.set(local, { local, source: statement.source.value, imported, statement })
        }
        break
      }
      case 'ExportAllDeclaration':
        if (statement.exportKind !== 'type') bindings.starSources.push(statement.source.value)
        break
      case 'ExportNamedDeclaration': {
        if (statement.exportKind === 'type') break
        if (statement.declaration) {
          for (const declared of declarationsOf(statement, statement.declaration)) {
            addTo(bindings.declarations, declared.name, declared)
            addTo(bindings.exportsByLocal, declared.name, declared.name)
          }
        }
        for (const specifier of statement.specifiers) {
          if (specifier.type === 'ExportSpecifier' && specifier.exportKind === 'type') continue
          const exported = exportedName(specifier.exported)
          if (statement.source) {
            const imported =
              specifier.type === 'ExportSpecifier' ? exportedName(specifier.local) : specifier.type === 'ExportNamespaceSpecifier' ? '*' : 'default'
            bindings.reexports.set(exported, { source: statement.source.value, imported })
          } else if (specifier.type === 'ExportSpecifier') {
            addTo(bindings.exportsByLocal, exportedName(specifier.local), exported)
          }
        }
        break
      }
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration
        // `export default authed as any`: TanStack looks through the wrapper, and so do importers.
        const exported = unwrapExpression(declaration)
        if (exported.type === 'Identifier') {
          addTo(bindings.exportsByLocal, exported.name, 'default')
        } else {
          const declared = declarationsOf(statement, declaration)
          for (const item of declared) {
            addTo(bindings.declarations, item.name, item)
            addTo(bindings.exportsByLocal, item.name, 'default')
          }
          if (declared.length === 0) bindings.defaultExpression = declaration
        }
        break
      }
      default:
        for (const declared of declarationsOf(statement, statement)) {
          addTo(bindings.declarations, declared.name, declared)
          // `export import x = Namespace.member` exports `x`.
          if (statement.type === 'TSImportEqualsDeclaration' && statement.isExport) addTo(bindings.exportsByLocal, declared.name, declared.name)
        }
    }
  }
  return bindings
}

/** How many declarators a module-level statement has (`const a = 1, b = 2` has two). */
export function declaratorCount(statement: Statement): number {
  const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
  return declaration?.type === 'VariableDeclaration' ? declaration.declarations.length : 1
}

/** The names a module exports, for the check that the session module exports its middleware. */
export interface ModuleExports {
  names: Set<string>
  /** Sources of `export * from '…'`, whose names are not known without reading them. */
  starSources: string[]
}

export function readModuleExports(ast: File): ModuleExports {
  const bindings = readModuleBindings(ast)
  const names = new Set<string>([...bindings.exportsByLocal.values()].flat())
  for (const name of bindings.reexports.keys()) names.add(name)
  if (bindings.defaultExpression) names.add('default')
  return { names, starSources: bindings.starSources }
}
