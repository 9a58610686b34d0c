import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { createDiagnostic, type Diagnostic, type SourcePosition } from '../core/index.ts'
import type { CrossCheck } from './cross-check.ts'

/**
 * The cross-check's findings as diagnostics, placed on the declaration when the source shows it,
 * so that they print like every other problem (with a frame) and reach SARIF with a location.
 */
export async function buildProblems(check: CrossCheck, root: string, sources: Map<string, string>): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = []
  for (const endpoint of check.escaped) {
    const file = resolve(root, endpoint.filename)
    const code = sources.get(file) ?? (await readFile(file, 'utf8').catch(() => undefined))
    if (code !== undefined) sources.set(file, code)
    problems.push(
      createDiagnostic(
        'SFA601',
        file,
        declarationPosition(code, endpoint.name),
        `TanStack Start compiled the endpoint \`${endpoint.name}\` (id ${endpoint.id}), which serverfn-auth never classified: its access was never decided.`,
      ),
    )
  }
  return problems
}

function declarationPosition(code: string | undefined, name: string): SourcePosition {
  if (code === undefined) return lineStart(undefined, 1)
  const match = new RegExp(`\\b(?:const|let|var)\\s+(${name.replace(/\$/g, '\\$')})\\b`).exec(code)
  if (!match) return lineStart(code, 1)
  const start = match.index + match[0].length - name.length
  const before = code.slice(0, start)
  const line = before.split('\n').length
  return { line, column: start - (before.lastIndexOf('\n') + 1), start, end: start + name.length }
}

function lineStart(code: string | undefined, line: number): SourcePosition {
  let start = 0
  if (code !== undefined) for (let i = 1; i < line; i++) start = code.indexOf('\n', start) + 1
  return { line, column: 0, start, end: start }
}
