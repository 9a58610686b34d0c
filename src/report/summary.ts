import pc from 'picocolors'
import type { ServerFnDeclaration, ServerRouteSite } from '../core/index.ts'
import { displayPath } from './format-diagnostics.ts'

/** What the plugin did, as a table of endpoints for the end of a server build. */

/** One module's server functions, as the build recorded them. */
export interface ModuleEndpoints {
  file: string
  /** The package the module belongs to, when it lives in node_modules. */
  package: string | null
  declarations: readonly ServerFnDeclaration[]
}

export interface EndpointRow {
  file: string
  line: number
  name: string
  method: string
  access: 'protected' | 'public'
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
        reason: declaration.access.kind === 'public' ? declaration.access.reason : null,
        package: module.package,
      })
    }
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/**
 * A server route: a file route with `server.handlers`, an HTTP endpoint at its path. serverfn-auth
 * lists them but does not protect them: each answers whoever calls it, unless its own middleware
 * checks the session.
 */
export interface ServerRouteRow {
  file: string
  line: number
  /** The route's path when written as a literal (`createFileRoute('/api/users')`); null otherwise. */
  path: string | null
  /** Its handlers' methods; null when they cannot be listed (a function, a value built elsewhere). */
  methods: string[] | null
  /** `maybe` when the route's options cannot be read and may declare handlers. */
  handlers: ServerRouteSite['handlers']
}

export function serverRouteRows(routes: Iterable<[string, readonly ServerRouteSite[]]>): ServerRouteRow[] {
  const rows: ServerRouteRow[] = []
  for (const [file, sites] of routes) {
    for (const site of sites) rows.push({ file, line: site.loc.line, path: site.path, methods: site.methods, handlers: site.handlers })
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

/** The lines that say which server routes the build has, and that serverfn-auth does not protect them. */
export function formatServerRoutes(rows: readonly ServerRouteRow[], options: { root: string; colors?: boolean }): string {
  if (!rows.length) return ''
  const c = pc.createColors(options.colors ?? false)
  const lines = [
    c.yellow(
      `  ${rows.length} server route${rows.length === 1 ? '' : 's'} (file routes with server.handlers) ${rows.length === 1 ? 'is' : 'are'} NOT protected by serverfn-auth: ${rows.length === 1 ? 'it answers' : 'each answers'} anonymous requests unless its own middleware checks the session`,
    ),
  ]
  const where = rows.map((row) => `${displayPath(row.file, options.root)}:${row.line}`)
  const width = Math.max(0, ...where.map((w) => w.length))
  const paths = rows.map((row) => row.path ?? '(path not literal)')
  const pathWidth = Math.max(0, ...paths.map((path) => path.length))
  rows.forEach((row, index) => {
    const methods = row.handlers === 'maybe' ? 'options not literal: may have handlers' : (row.methods?.join(', ') ?? 'methods not listed')
    lines.push(`    ${where[index]!.padEnd(width)}  ${paths[index]!.padEnd(pathWidth)}  ${methods}`)
  })
  return lines.join('\n')
}

/** The table; with `environments`, each row says which environment's server registers it. */
export function formatSummary(rows: readonly EndpointRow[], options: { root: string; colors?: boolean; environments?: boolean }): string {
  const c = pc.createColors(options.colors ?? false)
  const count = (access: EndpointRow['access']) => rows.filter((row) => row.access === access).length
  const lines = [`${c.bold('serverfn-auth')}: ${rows.length} endpoint${rows.length === 1 ? '' : 's'} (${count('protected')} protected, ${count('public')} public)`]
  const where = rows.map((row) => `${displayPath(row.file, options.root)}:${row.line}`)
  const width = Math.max(0, ...where.map((w) => w.length))
  const nameWidth = Math.max(0, ...rows.map((row) => row.name.length))
  const environmentWidth = Math.max(0, ...rows.map((row) => (row.environment ?? '-').length))
  rows.forEach((row, index) => {
    const access = row.access === 'public' ? c.yellow(`public: ${row.reason}`) : c.green('protected')
    const environment = options.environments ? `${(row.environment ?? '-').padEnd(environmentWidth)}  ` : ''
    lines.push(`  ${where[index]!.padEnd(width)}  ${row.name.padEnd(nameWidth)}  ${environment}${row.method.padEnd(7)}  ${access}`)
  })
  return lines.join('\n')
}
