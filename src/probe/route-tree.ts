import { parse } from '@babel/parser'
import type { Statement, TSInterfaceDeclaration } from '@babel/types'

/**
 * The pages of an app, from the route tree TanStack Router generates (`src/routeTree.gen.ts`):
 * the keys of its `FileRoutesByFullPath` interface, the full path of every route. A path with a
 * parameter (`/posts/$postId`, a splat `$`, an optional `{-$lang}`) needs a value to be rendered.
 */

export class RouteTreeError extends Error {}

export function routePaths(source: string, file: string): string[] {
  let body: Statement[]
  try {
    body = parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx'] }).program.body
  } catch (error) {
    throw new RouteTreeError(`The route tree ${file} cannot be parsed: ${(error as Error).message}`)
  }
  const declarations = body.map((statement) => (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement))
  const routes = declarations.find((node): node is TSInterfaceDeclaration => node?.type === 'TSInterfaceDeclaration' && node.id.name === 'FileRoutesByFullPath')
  if (!routes) throw new RouteTreeError(`The route tree ${file} declares no \`FileRoutesByFullPath\` interface: is it TanStack Router's generated route tree?`)
  return routes.body.body.flatMap((member) => (member.type === 'TSPropertySignature' && member.key.type === 'StringLiteral' ? [member.key.value] : []))
}

/** The parameters a path needs (`$postId`, `$`, `{-$lang}`), or none. */
export function pathParameters(path: string): string[] {
  return path.split('/').filter((segment) => segment.includes('$'))
}
