import type { File, Node } from '@babel/types'

/**
 * The paths the route tree TanStack Router generates (`src/routeTree.gen.ts`) gives its route
 * modules, read from its declaration of `FileRoutesByPath`:
 *
 * ```ts
 * import { Route as ApiUsersRouteImport } from './routes/api/users'
 * declare module '@tanstack/react-router' {
 *   interface FileRoutesByPath {
 *     '/api/users': { id: '/api/users'; path: '/api/users'; fullPath: '/api/users'; preLoaderRoute: typeof ApiUsersRouteImport; … }
 *   }
 * }
 * ```
 *
 * That is where TanStack serves each route: the string a route module gives its factory
 * (`createFileRoute('/api/x')`) is corrected by the generator only when written by that name,
 * and is not read at run time. Returns the import specifier of each route module with its path.
 */
export function routeTreePaths(ast: File): Array<{ source: string; fullPath: string }> {
  const sources = new Map<string, string>()
  for (const statement of ast.program.body) {
    if (statement.type !== 'ImportDeclaration') continue
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier' && specifier.imported.name === 'Route') sources.set(specifier.local.name, statement.source.value)
    }
  }
  const paths: Array<{ source: string; fullPath: string }> = []
  for (const statement of ast.program.body) {
    if (statement.type !== 'TSModuleDeclaration' || statement.body?.type !== 'TSModuleBlock') continue
    for (const inner of statement.body.body) {
      if (inner.type !== 'TSInterfaceDeclaration' || inner.id.name !== 'FileRoutesByPath') continue
      for (const member of inner.body.body) {
        if (member.type !== 'TSPropertySignature' || member.typeAnnotation?.typeAnnotation.type !== 'TSTypeLiteral') continue
        const fields = member.typeAnnotation.typeAnnotation.members
        const fullPath = stringField(fields, 'fullPath')
        const route = typeQueryField(fields, 'preLoaderRoute')
        const source = route === null ? undefined : sources.get(route)
        if (fullPath !== null && source !== undefined) paths.push({ source, fullPath })
      }
    }
  }
  return paths
}

function field(members: readonly Node[], name: string): Node | null {
  for (const member of members) {
    if (member.type === 'TSPropertySignature' && member.key.type === 'Identifier' && member.key.name === name) return member.typeAnnotation?.typeAnnotation ?? null
  }
  return null
}

function stringField(members: readonly Node[], name: string): string | null {
  const type = field(members, name)
  return type?.type === 'TSLiteralType' && type.literal.type === 'StringLiteral' ? type.literal.value : null
}

function typeQueryField(members: readonly Node[], name: string): string | null {
  const type = field(members, name)
  return type?.type === 'TSTypeQuery' && type.exprName.type === 'Identifier' ? type.exprName.name : null
}
