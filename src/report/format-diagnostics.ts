import { codeFrameColumns } from '@babel/code-frame'
import { relative } from 'node:path'
import pc from 'picocolors'
import { DIAGNOSTIC_CATALOG, type Diagnostic, type DiagnosticCode } from '../core/index.ts'

/** Turns diagnostics into text for terminals, CI logs and Vite's error overlay. */

export interface FormatOptions {
  /** Paths are shown relative to this directory. */
  root: string
  /** Colours; off in CI logs and when output is not a terminal. */
  colors?: boolean
}

export function codeFrame(source: string | undefined, diagnostic: Diagnostic, colors = false): string {
  if (source === undefined) return ''
  const { line, column } = diagnostic.loc
  return codeFrameColumns(source, { start: { line, column: column + 1 } }, { highlightCode: colors, linesAbove: 2, linesBelow: 2 })
}

export function displayPath(file: string, root: string): string {
  const path = relative(root, file).replace(/\\/g, '/')
  return path.startsWith('..') ? file : path
}

/** One diagnostic: `file:line:column  CODE name`, the message, the hint, the frame. */
export function formatDiagnostic(diagnostic: Diagnostic, source: string | undefined, options: FormatOptions): string {
  const c = pc.createColors(options.colors ?? false)
  const where = `${displayPath(diagnostic.file, options.root)}:${diagnostic.loc.line}:${diagnostic.loc.column + 1}`
  const frame = codeFrame(source, diagnostic, options.colors)
  return [
    `${c.bold(where)}  ${c.red(diagnostic.code)} ${c.dim(diagnostic.name)}`,
    `  ${diagnostic.message}`,
    `  ${c.cyan('hint:')} ${diagnostic.hint}`,
    ...(frame ? ['', indent(frame, 2)] : []),
  ].join('\n')
}

export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: FormatOptions,
): string {
  const count = diagnostics.length
  const files = new Set(diagnostics.map((d) => d.file)).size
  const heading = `serverfn-auth found ${count} problem${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}:`
  return [heading, ...diagnostics.map((d) => formatDiagnostic(d, sources.get(d.file), options))].join('\n\n')
}

/** A problem that is not tied to a position in a module: configuration, dependencies. */
export function formatProblem(code: DiagnosticCode, message: string): string {
  const entry = DIAGNOSTIC_CATALOG[code]
  return `[serverfn-auth] ${code} ${entry.name}: ${message}\n  hint: ${entry.hint}`
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces)
  return text
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n')
}
