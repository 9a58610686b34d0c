import pc from 'picocolors'
import type { AccessDecision, ServerFnDeclaration, ServerRouteAnalysis } from '../core/index.ts'
import { accessCounts, accessLabel } from './access-label.ts'
import { displayPath } from './format-diagnostics.ts'
import { printable } from './printable.ts'

/** What the plugin did, as a table of endpoints for the end of a server build. */

/** One module's server functions, as the build recorded them. */
export interface ModuleEndpoints {
  file: string
  /** The package the module belongs to, when it lives in node_modules. */
  package: string | null
  declarations: readonly ServerFnDeclaration[]
}

/** `optional`: answers anonymous callers, with the session read when there is one. */
export type EndpointAccess = 'protected' | 'optional' | 'public'

export interface EndpointRow {
  file: string
  line: number
  name: string
  method: string
  access: EndpointAccess
  /** The roles a protected endpoint requires besides the session, all of them; empty otherwise. */
  roles: readonly string[]
  /** Why a public or optional endpoint answers anonymous callers; null when protected. */
  reason: string | null
  package: string | null
  /** The Vite environment whose server registers it, when the build has several. */
  environment?: string
}

export function endpointRows(modules: Iterable<ModuleEndpoints>): EndpointRow[] {
  const rows: EndpointRow[] = []
  for (const module of modules) {
    for (const declaration of module.declarations) {
      if (declaration.kind !== 'endpoint') continue
      rows.push({
        file: module.file,
        line: declaration.loc.line,
        name: declaration.name,
        method: declaration.method,
        access: declaration.access.kind,
        roles: declaration.access.kind === 'protected' ? [...(declaration.access.roles ?? [])] : [],
        reason: declaration.access.kind === 'protected' ? null : declaration.access.reason,
        package: module.package,
      })
    }
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/**
 * A method of a server route (a route with `server.handlers`), an HTTP endpoint at the route's
 * path: protected (the route session middleware runs first) unless annotated public.
 */
export interface ServerRouteRow {
  file: string
  line: number
  /** The route's path when written as a literal (`createFileRoute('/api/users')`); null otherwise. */
  path: string | null
  /** `GET`, `POST`, `ANY`…; null for every method of handlers that cannot be listed (a value built elsewhere). */
  method: string | null
  access: 'protected' | 'public'
  reason: string | null
  /** `maybe` when the route's options cannot be read and may declare handlers. */
  handlers: ServerRouteAnalysis['handlers']
}

export function serverRouteRows(routes: Iterable<[string, readonly ServerRouteAnalysis[]]>): ServerRouteRow[] {
  const rows: ServerRouteRow[] = []
  for (const [file, analyses] of routes) {
    for (const route of analyses) {
      const base = { file, path: route.path, handlers: route.handlers }
      if (route.methods === null) {
        rows.push({ ...base, line: route.loc.line, method: null, ...routeAccess(route.access) })
        continue
      }
      for (const method of route.methods) {
        rows.push({ ...base, line: method.loc.line, method: method.method, ...routeAccess(method.access) })
      }
    }
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/** A server route is public or protected: roles and the optional session are for server functions (SFA213). */
function routeAccess(access: AccessDecision): Pick<ServerRouteRow, 'access' | 'reason'> {
  return access.kind === 'public' ? { access: 'public', reason: access.reason } : { access: 'protected', reason: null }
}

/** How a row names its method: `GET`, or what the handlers may hold. */
export function routeMethodLabel(row: Pick<ServerRouteRow, 'method' | 'handlers'>): string {
  if (row.method !== null) return row.method
  return row.handlers === 'maybe' ? 'any (options not literal)' : 'any (handlers not literal)'
}

/** The server routes' table: every method of every route, with its access. */
export function formatServerRoutes(rows: readonly ServerRouteRow[], options: { root: string; colors?: boolean }): string {
  if (!rows.length) return ''
  const c = pc.createColors(options.colors ?? false)
  const publicCount = rows.filter((row) => row.access === 'public').length
  const lines = [`${c.bold('serverfn-auth')}: ${rows.length} server route method${rows.length === 1 ? '' : 's'} (${rows.length - publicCount} protected, ${publicCount} public)`]
  const where = rows.map((row) => `${displayPath(row.file, options.root)}:${row.line}`)
  const width = Math.max(0, ...where.map((w) => w.length))
  const paths = rows.map((row) => (row.path === null ? '(path not literal)' : printable(row.path)))
  const pathWidth = Math.max(0, ...paths.map((path) => path.length))
  const methods = rows.map(routeMethodLabel)
  const methodWidth = Math.max(0, ...methods.map((method) => method.length))
  rows.forEach((row, index) => {
    const access = row.access === 'public' ? c.yellow(`public: ${printable(row.reason ?? '')}`) : c.green('protected')
    lines.push(`  ${where[index]!.padEnd(width)}  ${paths[index]!.padEnd(pathWidth)}  ${methods[index]!.padEnd(methodWidth)}  ${access}`)
  })
  return lines.join('\n')
}

/** The table; with `environments`, each row says which environment's server registers it. */
export function formatSummary(rows: readonly EndpointRow[], options: { root: string; colors?: boolean; environments?: boolean }): string {
  const c = pc.createColors(options.colors ?? false)
  const lines = [`${c.bold('serverfn-auth')}: ${rows.length} endpoint${rows.length === 1 ? '' : 's'} (${accessCounts(rows)})`]
  const where = rows.map((row) => `${displayPath(row.file, options.root)}:${row.line}`)
  const width = Math.max(0, ...where.map((w) => w.length))
  const nameWidth = Math.max(0, ...rows.map((row) => row.name.length))
  const environmentWidth = Math.max(0, ...rows.map((row) => (row.environment ?? '-').length))
  rows.forEach((row, index) => {
    const access = accessColor(row.access, c)(printable(accessLabel(row)))
    const environment = options.environments ? `${(row.environment ?? '-').padEnd(environmentWidth)}  ` : ''
    lines.push(`  ${where[index]!.padEnd(width)}  ${row.name.padEnd(nameWidth)}  ${environment}${row.method.padEnd(7)}  ${access}`)
  })
  return lines.join('\n')
}

/** Green for protected (with roles or not); anything that answers anonymous callers stands out. */
function accessColor(access: EndpointAccess, c: ReturnType<typeof pc.createColors>): (text: string) => string {
  return access === 'protected' ? c.green : access === 'optional' ? c.cyan : c.yellow
}
