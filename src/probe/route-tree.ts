import { parse } from '@babel/parser'
import type { Expression, Node, Statement, TSInterfaceDeclaration } from '@babel/types'

/**
 * The pages of an app, from the route tree TanStack Router generates (`src/routeTree.gen.ts`):
 * the keys of its `FileRoutesByFullPath` interface, the full path of every route, each with the
 * module that declares it (followed from `typeof XRoute` to `XRouteImport.update(...)` to its
 * import). A path with a parameter (`/posts/$postId`, a splat `$`, an optional `{-$lang}`) needs
 * a value to be rendered.
 */

export class RouteTreeError extends Error {}

export interface RouteEntry {
  /** The full path, without the trailing slash of an index route (`/blog/` is the page `/blog`). */
  path: string
  /** The module that declares the route, as the route tree imports it (`./routes/blog/index`); null when not followed. */
  module: string | null
}

function parseModule(source: string, file: string, what: string): Statement[] {
  try {
    return parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx'] }).program.body
  } catch (error) {
    throw new RouteTreeError(`The ${what} ${file} cannot be parsed: ${(error as Error).message}`)
  }
}

export function routeEntries(source: string, file: string): RouteEntry[] {
  const body = parseModule(source, file, 'route tree')
  const declarations = body.map((statement) => (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement))
  const routes = declarations.find((node): node is TSInterfaceDeclaration => node?.type === 'TSInterfaceDeclaration' && node.id.name === 'FileRoutesByFullPath')
  if (!routes) throw new RouteTreeError(`The route tree ${file} declares no \`FileRoutesByFullPath\` interface: is it TanStack Router's generated route tree?`)
  const imports = new Map<string, string>()
  const constants = new Map<string, Expression>()
  for (const statement of body) {
    if (statement.type === 'ImportDeclaration') for (const specifier of statement.specifiers) imports.set(specifier.local.name, statement.source.value)
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) if (declarator.id.type === 'Identifier' && declarator.init) constants.set(declarator.id.name, declarator.init)
    }
  }
  // XRouteWithChildren = XRoute._addFileChildren(...), XRoute = XRouteImport.update(...): down to the import.
  const moduleOf = (name: string, depth = 0): string | null => {
    if (imports.has(name)) return imports.get(name)!
    const init = constants.get(name)
    if (!init || depth > 8 || init.type !== 'CallExpression' || init.callee.type !== 'MemberExpression' || init.callee.object.type !== 'Identifier') return null
    return moduleOf(init.callee.object.name, depth + 1)
  }
  const entries = new Map<string, RouteEntry>()
  for (const member of routes.body.body) {
    if (member.type !== 'TSPropertySignature' || member.key.type !== 'StringLiteral') continue
    const path = member.key.value.length > 1 ? member.key.value.replace(/\/+$/, '') || '/' : member.key.value
    const type = member.typeAnnotation?.typeAnnotation
    const module = type?.type === 'TSTypeQuery' && type.exprName.type === 'Identifier' ? moduleOf(type.exprName.name) : null
    const known = entries.get(path)
    if (!known || (!known.module && module)) entries.set(path, { path, module })
  }
  return [...entries.values()]
}

/** The full paths of the route tree, without the trailing slash of index routes. */
export function routePaths(source: string, file: string): string[] {
  return routeEntries(source, file).map((entry) => entry.path)
}

/**
 * Whether a route module declares server handlers (`server: { handlers }`): such a route is an
 * HTTP endpoint, not a page, and rendering it would run its handler.
 */
export function declaresServerHandlers(source: string, file: string): boolean {
  const body = parseModule(source, file, 'route module')
  let found = false
  const visit = (node: Node | null | undefined, inServer: boolean): void => {
    if (!node || found || typeof node !== 'object') return
    if (node.type === 'ObjectProperty' || node.type === 'ObjectMethod') {
      const name = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : null
      if (inServer && name === 'handlers') {
        found = true
        return
      }
      if (name === 'server' && node.type === 'ObjectProperty') return visit(node.value, true)
    }
    for (const key of Object.keys(node) as Array<keyof typeof node>) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue
      const value = node[key] as unknown
      if (Array.isArray(value)) value.forEach((child) => visit(child as Node, inServer && node.type === 'ObjectExpression'))
      else if (value && typeof value === 'object' && 'type' in value) visit(value as Node, inServer && node.type === 'ObjectExpression')
    }
  }
  body.forEach((statement) => visit(statement, false))
  return found
}

/** The parameters a path needs (`$postId`, `$`, `{-$lang}`), or none. */
export function pathParameters(path: string): string[] {
  return path.split('/').filter((segment) => segment.includes('$'))
}
