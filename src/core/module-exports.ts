import type { File } from '@babel/types'
import { collectPatternNames } from './scope.ts'

/**
 * The names a module exports, read statically: enough to check, before a build starts, that
 * the session middleware module really exports what the options name.
 */
export interface ModuleExports {
  /** Exported names declared or re-exported by name in this module. */
  names: Set<string>
  /** Sources of `export * from '...'`, whose names are not known without reading them. */
  starSources: string[]
  /** Names re-exported from another module, by exported name: `export { a as b } from './a'`. */
  reexports: Map<string, { source: string; imported: string }>
}

export function readModuleExports(ast: File): ModuleExports {
  const names = new Set<string>()
  const reexports = new Map<string, { source: string; imported: string }>()
  const starSources: string[] = []
  for (const statement of ast.program.body) {
    if (statement.type === 'ExportAllDeclaration') {
      if (statement.exportKind !== 'type') starSources.push(statement.source.value)
    } else if (statement.type === 'ExportDefaultDeclaration') {
      names.add('default')
    } else if (statement.type === 'ExportNamedDeclaration' && statement.exportKind !== 'type') {
      const declaration = statement.declaration
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) collectPatternNames(declarator.id, names)
      } else if (
        (declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration' || declaration?.type === 'TSEnumDeclaration') &&
        declaration.id
      ) {
        names.add(declaration.id.name)
      }
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ExportSpecifier' && specifier.exportKind === 'type') continue
        const exported = specifier.exported
        const name = exported.type === 'Identifier' ? exported.name : exported.value
        names.add(name)
        if (statement.source) {
          const imported =
            specifier.type === 'ExportSpecifier'
              ? specifier.local.name
              : specifier.type === 'ExportNamespaceSpecifier' ? '*' : 'default'
          reexports.set(name, { source: statement.source.value, imported })
        }
      }
    }
  }
  return { names, starSources, reexports }
}
