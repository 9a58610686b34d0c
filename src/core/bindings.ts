import type { File, Node, Statement } from '@babel/types'
import { collectPatternNames } from './scope.ts'
import { SERVER_FN_FACTORY } from './start-packages.ts'

/** What the module-level statements of a module import, declare and export. */

export interface ImportBinding {
  local: string
  source: string
  /** The exported name it imports: a name, `default`, or `*` for a namespace import. */
  imported: string
  statement: Statement
}

export interface ModuleBindings {
  /** Value imports by local name (`import type` is left out: it never runs). */
  imports: Map<string, ImportBinding>
  /** Local names that are `createServerFn`: `import { createServerFn as csf }`. */
  serverFnLocals: Set<string>
  /** Namespace and default imports, through which `X.createServerFn` may be reached. */
  namespaceLocals: Set<string>
  /** Top-level declarations by the local name they declare. */
  declarations: Map<string, Statement>
  /** Exported names by local name: `export const a`, `export { a as b }`, `export default a`. */
  exportsByLocal: Map<string, string[]>
}

function addExport(exportsByLocal: Map<string, string[]>, local: string, exported: string): void {
  const names = exportsByLocal.get(local)
  if (names) names.push(exported)
  else exportsByLocal.set(local, [exported])
}

function declaredNames(statement: Node): string[] {
  switch (statement.type) {
    case 'VariableDeclaration': {
      const names = new Set<string>()
      for (const declarator of statement.declarations) collectPatternNames(declarator.id, names)
      return [...names]
    }
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'TSEnumDeclaration':
      return statement.id ? [statement.id.name] : []
    default:
      return []
  }
}

export function readModuleBindings(ast: File): ModuleBindings {
  const bindings: ModuleBindings = {
    imports: new Map(),
    serverFnLocals: new Set(),
    namespaceLocals: new Set(),
    declarations: new Map(),
    exportsByLocal: new Map(),
  }
  for (const statement of ast.program.body) {
    if (statement.type === 'ImportDeclaration') {
      if (statement.importKind === 'type' || statement.importKind === 'typeof') continue
      for (const specifier of statement.specifiers) {
        const local = specifier.local.name
        let imported: string
        if (specifier.type === 'ImportNamespaceSpecifier') imported = '*'
        else if (specifier.type === 'ImportDefaultSpecifier') imported = 'default'
        else {
          if (specifier.importKind === 'type' || specifier.importKind === 'typeof') continue
          imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value
        }
        bindings.imports.set(local, { local, source: statement.source.value, imported, statement })
        bindings.declarations.set(local, statement)
        // A default import named `createServerFn` is treated like the named one: fail closed.
        if (imported === SERVER_FN_FACTORY || (imported === 'default' && local === SERVER_FN_FACTORY)) {
          bindings.serverFnLocals.add(local)
        } else if (imported === '*' || imported === 'default') {
          bindings.namespaceLocals.add(local)
        }
      }
      continue
    }
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement
    if (declaration) {
      for (const name of declaredNames(declaration)) {
        bindings.declarations.set(name, statement)
        if (statement.type === 'ExportNamedDeclaration') addExport(bindings.exportsByLocal, name, name)
        if (statement.type === 'ExportDefaultDeclaration') addExport(bindings.exportsByLocal, name, 'default')
      }
    }
    if (statement.type === 'ExportNamedDeclaration' && !statement.source && statement.exportKind !== 'type') {
      for (const specifier of statement.specifiers) {
        if (specifier.type !== 'ExportSpecifier' || specifier.exportKind === 'type') continue
        const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value
        addExport(bindings.exportsByLocal, specifier.local.name, exported)
      }
    }
    if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') {
      addExport(bindings.exportsByLocal, statement.declaration.name, 'default')
    }
  }
  return bindings
}
