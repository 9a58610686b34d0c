import pc from 'picocolors'
import { count } from '../report/count.ts'
import type { ProbeRow, Verdict } from './probe.ts'

/** The probe's findings as a table for people, or JSON for machines. */

const LABEL: Record<Verdict, string> = {
  pass: 'pass',
  'pass-with-warning': 'pass (warning)',
  accepted: 'FAIL: accepted',
  rejected: 'FAIL: rejected',
  inconclusive: 'FAIL: inconclusive',
}

export function formatTable(rows: readonly ProbeRow[], colors: boolean): string {
  const c = pc.createColors(colors)
  const paint = (verdict: Verdict, text: string) =>
    verdict === 'pass' ? c.green(text) : verdict === 'pass-with-warning' ? c.yellow(text) : c.red(c.bold(text))
  const cells = rows.map((row) => [
    `${row.file}:${row.line}`,
    row.name,
    row.method,
    `${row.access}, ${row.caller}`,
    row.status === null ? '-' : String(row.status),
    row.verdict,
    row.detail,
  ])
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...cells.map((cell) => cell[i]!.length), 0))
  const lines = cells.map((cell) => {
    const verdict = cell[5] as Verdict
    return `  ${cell.slice(0, 5).map((text, i) => text.padEnd(widths[i]!)).join('  ')}  ${paint(verdict, LABEL[verdict])}  ${c.dim(cell[6]!)}`
  })
  const failures = rows.filter((row) => !row.verdict.startsWith('pass')).length
  const warnings = rows.filter((row) => row.verdict === 'pass-with-warning').length
  const summary = failures
    ? c.red(`serverfn-auth probe: ${failures} of ${count(rows.length, 'check')} failed`)
    : c.green(`serverfn-auth probe: ${rows.length === 1 ? 'the only check' : `all ${count(rows.length, 'check')}`} passed${warnings ? `, ${warnings} with a warning` : ''}`)
  return [...lines, summary].join('\n')
}

export function formatJson(rows: readonly ProbeRow[]): string {
  const failures = rows.filter((row) => !row.verdict.startsWith('pass')).length
  return `${JSON.stringify({ ok: failures === 0, checks: rows.length, failures, rows }, null, 2)}\n`
}
