import pc from 'picocolors'
import type { AccessDecision, ServerFnDeclaration } from '../core/index.ts'
import type { BuildState, ModuleRecord } from '../vite/build-state.ts'
import { displayPath } from './format-diagnostics.ts'

/** What the plugin did, as a table of endpoints for the end of a server build. */

export interface EndpointRow {
  file: string
  line: number
  name: string
  method: string
  /** Final access after following imported builders to their root; `unresolved` when that failed. */
  access: 'protected' | 'public' | 'unresolved'
  reason: string | null
  package: string | null
}

/** Follows an inherited decision to the module that declares the builder's root. */
function finalAccess(
  access: AccessDecision,
  declaration: ServerFnDeclaration,
  module: ModuleRecord,
  state: BuildState,
  seen: Set<string> = new Set(),
): { access: EndpointRow['access']; reason: string | null; method: string } {
  const method = declaration.method
  if (access.kind === 'protected') return { access: 'protected', reason: null, method }
  if (access.kind === 'public') return { access: 'public', reason: access.reason, method }
  const location = module.resolvedReferences.get(declaration.name)
  const target = location ? state.modules.get(location.file) : undefined
  const key = location ? `${location.file}#${location.name}` : ''
  if (!location || !target || seen.has(key)) return { access: 'unresolved', reason: null, method }
  seen.add(key)
  const builder = target.declarations.find((d) => d.exportedAs.includes(location.name))
  if (!builder) return { access: 'unresolved', reason: null, method }
  const decided = finalAccess(builder.access, builder, target, state, seen)
  // A builder call such as `authed({ method: 'POST' })` set the method here; otherwise the builder's.
  return { ...decided, method: method === 'unknown' ? decided.method : method }
}

export function endpointRows(state: BuildState): EndpointRow[] {
  const rows: EndpointRow[] = []
  for (const module of state.modules.values()) {
    for (const declaration of module.declarations) {
      if (declaration.kind !== 'endpoint') continue
      const { access, reason, method } = finalAccess(declaration.access, declaration, module, state)
      rows.push({
        file: module.file,
        line: declaration.loc.line,
        name: declaration.name,
        method,
        access,
        reason,
        package: module.package,
      })
    }
  }
  return rows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

export function formatSummary(state: BuildState, options: { root: string; colors?: boolean }): string {
  const c = pc.createColors(options.colors ?? false)
  const rows = endpointRows(state)
  const count = (access: EndpointRow['access']) => rows.filter((row) => row.access === access).length
  const totals = [`${count('protected')} protected`, `${count('public')} public`]
  if (count('unresolved')) totals.push(`${count('unresolved')} not linked to their builder`)
  const lines = [`${c.bold('serverfn-auth')}: ${rows.length} endpoint${rows.length === 1 ? '' : 's'} (${totals.join(', ')})`]
  const where = rows.map((row) => `${displayPath(row.file, options.root)}:${row.line}`)
  const width = Math.max(0, ...where.map((w) => w.length))
  const nameWidth = Math.max(0, ...rows.map((row) => row.name.length))
  rows.forEach((row, index) => {
    const access =
      row.access === 'public' ? c.yellow(`public: ${row.reason}`) : row.access === 'protected' ? c.green('protected') : c.red('builder not found')
    lines.push(`  ${where[index]!.padEnd(width)}  ${row.name.padEnd(nameWidth)}  ${row.method.padEnd(7)}  ${access}`)
  })
  return lines.join('\n')
}
