import pc from 'picocolors'
import { count } from '../report/count.ts'
import type { PageRow, PageVerdict } from './pages.ts'
import type { ProbeRow, Verdict } from './probe.ts'

/** The probe's findings as a table for people, or JSON for machines. */

const LABEL: Record<Verdict, string> = {
  pass: 'pass',
  'pass-with-warning': 'pass (warning)',
  accepted: 'FAIL: accepted',
  rejected: 'FAIL: rejected',
  inconclusive: 'FAIL: inconclusive',
}

const PAGE_LABEL: Record<PageVerdict, string> = {
  pass: 'pass',
  'pass-with-warning': 'pass (warning)',
  refused: 'FAIL: refused',
  failed: 'FAIL: failed',
  skipped: 'skipped',
}

/** `protected (admin, billing)`, `optional`, `public`. */
function accessOf(row: ProbeRow): string {
  return row.roles?.length ? `${row.access} (${row.roles.join(', ')})` : row.access
}

const passed = (verdict: string) => verdict.startsWith('pass') || verdict === 'skipped'

export function formatTable(rows: readonly ProbeRow[], colors: boolean, pages: readonly PageRow[] = []): string {
  const c = pc.createColors(colors)
  const paint = (verdict: Verdict, text: string) =>
    verdict === 'pass' ? c.green(text) : verdict === 'pass-with-warning' ? c.yellow(text) : c.red(c.bold(text))
  const cells = rows.map((row) => [
    `${row.file}:${row.line}`,
    row.name,
    row.method,
    `${accessOf(row)}, ${row.session ? `as ${row.session}` : row.caller}`,
    row.status === null ? '-' : String(row.status),
    row.verdict,
    row.detail,
  ])
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...cells.map((cell) => cell[i]!.length), 0))
  const lines = cells.map((cell) => {
    const verdict = cell[5] as Verdict
    return `  ${cell.slice(0, 5).map((text, i) => text.padEnd(widths[i]!)).join('  ')}  ${paint(verdict, LABEL[verdict])}  ${c.dim(cell[6]!)}`
  })
  const pathWidth = Math.max(0, ...pages.map((page) => page.path.length))
  const pageLines = pages.map((page) => {
    const label = PAGE_LABEL[page.verdict]
    const painted = page.verdict === 'pass' ? c.green(label) : page.verdict === 'pass-with-warning' || page.verdict === 'skipped' ? c.yellow(label) : c.red(c.bold(label))
    return `  page ${page.path.padEnd(pathWidth)}  ${page.status === null ? '-  ' : String(page.status)}  ${painted}  ${c.dim(page.detail)}`
  })
  const checks = [...rows.map((row) => row.verdict), ...pages.filter((page) => page.verdict !== 'skipped').map((page) => page.verdict)]
  const failures = checks.filter((verdict) => !passed(verdict)).length
  const warnings = checks.filter((verdict) => verdict === 'pass-with-warning').length
  const skipped = pages.filter((page) => page.verdict === 'skipped').length
  const skippedNote = skipped ? `, ${count(skipped, 'page')} skipped` : ''
  const summary = failures
    ? c.red(`serverfn-auth probe: ${failures} of ${count(checks.length, 'check')} failed${skippedNote}`)
    : c.green(`serverfn-auth probe: ${checks.length === 1 ? 'the only check' : `all ${count(checks.length, 'check')}`} passed${warnings ? `, ${warnings} with a warning` : ''}${skippedNote}`)
  return [...lines, ...pageLines, summary].join('\n')
}

export function formatJson(rows: readonly ProbeRow[], pages?: readonly PageRow[]): string {
  const checks = [...rows.map((row) => row.verdict), ...(pages ?? []).filter((page) => page.verdict !== 'skipped').map((page) => page.verdict)]
  const failures = checks.filter((verdict) => !passed(verdict)).length
  return `${JSON.stringify({ ok: failures === 0, checks: checks.length, failures, rows, ...(pages ? { pages } : {}) }, null, 2)}\n`
}
