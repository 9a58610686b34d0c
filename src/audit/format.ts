import pc from 'picocolors'
import type { AuditEndpoint, AuditReport, MiddlewareToday } from './audit.ts'
import { accessCounts, accessLabel } from '../report/access-label.ts'
import { count } from '../report/count.ts'
import { displayPath, formatDiagnostics, formatProblem } from '../report/format-diagnostics.ts'
import { printable } from '../report/printable.ts'
import { formatServerRoutes } from '../report/summary.ts'
import { FRAMEWORK_NAMES } from '../vite/start-framework.ts'

/** The audit as a terminal report, or as JSON. */

/**
 * What the source lists today. Without the plugin, an endpoint whose chain lists nothing is open,
 * unless the app registers function middleware for every server function (then it is that
 * middleware's to say).
 */
function todayLabel(today: MiddlewareToday, report: Pick<AuditReport, 'configured' | 'globalMiddleware'>): string {
  if (today === 'none') return report.configured || report.globalMiddleware.length ? 'no middleware' : 'no middleware: open'
  return today === 'listed' ? 'lists middleware' : 'builder not followed'
}

/** Without the plugin, the open endpoints first (the adoption report's point); then file order. */
export function auditOrder(report: Pick<AuditReport, 'endpoints' | 'configured'>): AuditEndpoint[] {
  const open = (endpoint: AuditEndpoint) => Number(!report.configured && endpoint.today === 'none')
  return [...report.endpoints].sort((a, b) => open(b) - open(a) || a.file.localeCompare(b.file) || a.line - b.line)
}

/** Whether building the app with the plugin would fail on what the audit found. */
export function wouldFail(report: AuditReport): boolean {
  return report.configProblems.length > 0 || report.diagnostics.some((diagnostic) => diagnostic.severity === 'error')
}

export function formatAudit(report: AuditReport, colors: boolean): string {
  const c = pc.createColors(colors)
  const { root } = report
  const start = report.start ? `${FRAMEWORK_NAMES[report.start.framework]} Start ${report.start.version}` : 'no supported TanStack Start'
  const lines = [
    `${c.bold('serverfn-auth audit')}: ${count(report.endpoints.length, 'endpoint')} (${accessCounts(report.endpoints)}) under serverfn-auth, ${count(report.serverRoutes.length, 'server route method')}; ${start}`,
    report.configured ? '  serverFnAuth() is in the Vite config: its options decide the access below.' : '  serverFnAuth() is not in the Vite config: below is what adding it would change.',
  ]
  const bare = report.endpoints.filter((endpoint) => endpoint.today === 'none').length
  if (!report.configured) {
    const global = report.globalMiddleware.map((file) => displayPath(file, root)).join(', ')
    const guard = global ? `the function middleware ${global} registers for every server function` : `${bare === 1 ? 'its' : 'their'} handler`
    lines.push(
      bare
        ? `  ${c.yellow(`${count(bare, 'endpoint')} list${bare === 1 ? 's' : ''} no middleware today`)}: anyone can call ${bare === 1 ? 'it' : 'them'} unless ${guard} checks the session. serverfn-auth would protect every one not annotated public.`
        : '  Every endpoint lists middleware today (what it checks is not judged here); serverfn-auth would put the session middleware first.',
    )
  }
  const rows = auditOrder(report)
  const labels = rows.map((row) => todayLabel(row.today, report))
  const where = rows.map((row) => `${displayPath(row.file, root)}:${row.line}`)
  const widths = [Math.max(6, ...where.map((w) => w.length)), Math.max(4, ...rows.map((row) => row.name.length)), Math.max(9, ...labels.map((label) => label.length))]
  if (rows.length) lines.push(`  ${'module'.padEnd(widths[0]!)}  ${'name'.padEnd(widths[1]!)}  method   ${'in source'.padEnd(widths[2]!)}  under serverfn-auth`)
  rows.forEach((row, index) => {
    const today = labels[index]!.padEnd(widths[2]!)
    lines.push(`  ${where[index]!.padEnd(widths[0]!)}  ${row.name.padEnd(widths[1]!)}  ${row.method.padEnd(7)}  ${labels[index] === 'no middleware: open' ? c.yellow(today) : today}  ${printable(accessLabel(row))}`)
  })
  if (report.serverRoutes.length) lines.push(formatServerRoutes(report.serverRoutes, { root, colors }))
  for (const problem of report.configProblems) lines.push(formatProblem(problem.code, problem.message))
  if (report.diagnostics.length) lines.push(formatDiagnostics(report.diagnostics, report.sources, { root, colors }))
  const problems = report.configProblems.length + report.diagnostics.length
  lines.push(
    wouldFail(report)
      ? c.red(`serverfn-auth audit: the build would fail (${count(problems, 'problem')}).`)
      : c.green('serverfn-auth audit: no problem the analysis can see; the build also verifies what TanStack compiles.'),
  )
  return lines.join('\n')
}

export function formatAuditJson(report: AuditReport): string {
  const { root } = report
  const json = {
    root,
    start: report.start,
    configured: report.configured,
    wouldFail: wouldFail(report),
    endpoints: auditOrder(report).map(({ file, ...row }) => ({ file: displayPath(file, root), ...row })),
    serverRoutes: report.serverRoutes.map(({ file, ...row }) => ({ file: displayPath(file, root), ...row })),
    diagnostics: report.diagnostics.map((diagnostic) => ({
      code: diagnostic.code,
      name: diagnostic.name,
      file: displayPath(diagnostic.file, root),
      line: diagnostic.loc.line,
      column: diagnostic.loc.column + 1,
      message: diagnostic.message,
      hint: diagnostic.hint,
    })),
    configProblems: report.configProblems,
    globalMiddleware: report.globalMiddleware.map((file) => displayPath(file, root)),
  }
  return `${JSON.stringify(json, null, 2)}\n`
}
