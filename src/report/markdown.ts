import type { Diagnostic } from '../core/index.ts'
import { accessCounts, accessLabel } from './access-label.ts'
import { displayPath } from './format-diagnostics.ts'
import { sortEntries, type InventoryEntry } from './inventory.ts'
import { routeMethodLabel, type ServerRouteRow } from './summary.ts'

/**
 * The build report as GitHub-flavoured Markdown, for a pull-request comment:
 *
 * ```md
 * ### serverfn-auth
 *
 * 4 endpoints: 2 protected (1 with roles), 1 optional, 1 public; 1 problem
 *
 * #### Problems
 * | Location | Code | Message | Hint |
 * ...
 * #### Public endpoints
 * | Endpoint | Method | Location | Reason |
 * ...
 * #### Optional-session endpoints
 * | Endpoint | Method | Location | Reason |
 * ...
 * <details><summary>All 4 endpoints</summary> ...the full table, access as `protected (admin)`... </details>
 * ```
 *
 * Sections with nothing to list are left out. Rows are sorted, so the same build gives the same
 * comment (a bot can edit it in place only when something changed).
 */

export interface MarkdownInput {
  diagnostics: Diagnostic[]
  endpoints: InventoryEntry[]
  /** Diagnostic paths are shown relative to this directory. */
  root: string
  /** The methods of the server routes, with their access. */
  serverRoutes?: readonly ServerRouteRow[]
}

export function toMarkdown(input: MarkdownInput): string {
  const endpoints = sortEntries(input.endpoints)
  const diagnostics = [...input.diagnostics].sort(compareDiagnostics)

  const blocks = ['### serverfn-auth', `${plural(endpoints.length, 'endpoint')}: ${accessCounts(endpoints)}; ${plural(diagnostics.length, 'problem')}`]
  if (diagnostics.length > 0) {
    blocks.push(
      '#### Problems',
      table(
        ['Location', 'Code', 'Message', 'Hint'],
        diagnostics.map((d) => [
          code(`${displayPath(d.file, input.root)}:${d.loc.line}:${d.loc.column + 1}`),
          `${code(d.code)} ${text(d.name)}`,
          text(d.message),
          text(d.hint),
        ]),
      ),
    )
  }
  // Both answer anonymous callers: a reviewer reads each reason.
  blocks.push(...reasonsSection('#### Public endpoints', endpoints.filter((entry) => entry.access === 'public')))
  blocks.push(...reasonsSection('#### Optional-session endpoints', endpoints.filter((entry) => entry.access === 'optional')))
  const routes = input.serverRoutes ?? []
  if (routes.length > 0) {
    blocks.push(
      '#### Server routes',
      table(
        ['Path', 'Method', 'Access', 'Location'],
        routes.map((route) => [
          route.path === null ? 'path not literal' : code(route.path),
          routeMethodLabel(route),
          route.access === 'public' ? `public: ${text(route.reason ?? '')}` : 'protected',
          code(`${displayPath(route.file, input.root)}:${route.line}`),
        ]),
      ),
    )
  }
  if (endpoints.length > 0) {
    blocks.push(
      // Blank lines inside <details> let GitHub render the Markdown table within it.
      `<details>\n<summary>All ${plural(endpoints.length, 'endpoint')}</summary>\n\n${table(
        ['Endpoint', 'Method', 'Access', 'Location'],
        endpoints.map((entry) => [code(entry.name), entry.method, text(accessLabel(entry)), location(entry)]),
      )}\n\n</details>`,
    )
  }
  return `${blocks.join('\n\n')}\n`
}

/** A heading and the table of its endpoints with their reasons; nothing when there are none. */
function reasonsSection(heading: string, entries: readonly InventoryEntry[]): string[] {
  if (entries.length === 0) return []
  return [heading, table(['Endpoint', 'Method', 'Location', 'Reason'], entries.map((entry) => [code(entry.name), entry.method, location(entry), text(entry.reason ?? '')]))]
}

function location(entry: InventoryEntry): string {
  return code(`${entry.file}:${entry.line}`)
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareText(a.file, b.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column || compareText(a.code, b.code) || compareText(a.message, b.message)
}

/** Code-unit order, not the locale's: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * A table cell: a `|` would end the cell (GFM splits rows before it reads code spans, so `\|` is
 * right inside them too) and a line break would end the row.
 */
function cell(markdown: string): string {
  return markdown.replaceAll('|', '\\|').replace(/\r?\n|\r/g, '<br>')
}

/**
 * Text that may quote code in backticks, as the catalog's messages and hints do: code spans are kept,
 * HTML is escaped outside them (a reason such as `<script>` must show, not vanish), and line breaks
 * inside a code span become spaces, since `<br>` there would show as text.
 */
function text(value: string): string {
  let out = ''
  let last = 0
  for (const match of value.matchAll(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    out += escapeHtml(value.slice(last, match.index)) + match[0].replace(/\r?\n|\r/g, ' ')
    last = match.index + match[0].length
  }
  return out + escapeHtml(value.slice(last))
}

/** A value shown as code, with a fence longer than any run of backticks inside it. */
function code(value: string): string {
  const flat = value.replace(/\r?\n|\r/g, ' ')
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}
