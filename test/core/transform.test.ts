import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping'
import { describe, expect, test } from 'vitest'
import { analyzeModule, transformModule, type AnalyzeOptions } from '../../src/core/index.ts'

const options: AnalyzeOptions = {
  file: '/app/src/fns.ts?tss-serverfn-split',
  session: { source: '/app/src/server/session.ts', exportName: 'requireSession' },
}

const module = `import { createServerFn } from '@tanstack/react-start'
import { requireAdmin } from './admin'

export const listUsers = createServerFn({ method: 'POST' }).middleware([requireAdmin]).handler(async () => [])
export const countUsers = createServerFn().handler(async () => 0)
`

describe('transformModule', () => {
  test('does not parse a module that never names createServerFn', () => {
    // Invalid syntax: if it were parsed, the result would carry SFA001.
    expect(transformModule('export const broken = (', options)).toBeNull()
    expect(transformModule('export const fine = 1 // no server functions here', options)).toBeNull()
  })

  test('parses, and reports, a module that names createServerFn but cannot be parsed', () => {
    const result = transformModule('import { createServerFn } from "@tanstack/react-start"\nexport const x = (', options)
    expect(result?.output).toBeNull()
    expect(result?.analysis.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA001', 2]])
  })

  test('returns the analysis and no output when nothing needs injecting', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n`
    const result = transformModule(code, options)
    expect(result?.output).toBeNull()
    expect(result?.analysis.declarations).toHaveLength(1)
  })

  test('keeps every original line at its number', () => {
    const output = transformModule(module, options)!.output!
    const before = module.split('\n')
    const after = output.code.split('\n')
    expect(after).toHaveLength(before.length)
    after.forEach((line, index) => {
      // Each output line is its input line plus insertions only.
      let cursor = 0
      for (const char of before[index]!) {
        cursor = line.indexOf(char, cursor)
        expect(cursor).toBeGreaterThanOrEqual(0)
        cursor++
      }
    })
  })

  test('the source map points every original token back to its own position', () => {
    const output = transformModule(module, options)!.output!
    expect(output.map.sources).toEqual(['/app/src/fns.ts'])
    expect(output.map.sourcesContent).toEqual([module])
    const map = new TraceMap(output.map as ConstructorParameters<typeof TraceMap>[0])
    const outputLines = output.code.split('\n')
    for (const token of ['listUsers', 'countUsers', 'requireAdmin])', '.handler', 'async () => 0']) {
      const originalLine = module.split('\n').findIndex((line) => line.includes(token))
      const generatedLine = outputLines.findIndex((line) => line.includes(token))
      const original = originalPositionFor(map, {
        line: generatedLine + 1,
        column: outputLines[generatedLine]!.indexOf(token),
      })
      expect(original, token).toMatchObject({
        source: '/app/src/fns.ts',
        line: originalLine + 1,
        column: module.split('\n')[originalLine]!.indexOf(token),
      })
    }
  })

  test('is idempotent on its own output, also with the query-less id', () => {
    const first = transformModule(module, options)!.output!
    expect(transformModule(first.code, options)?.output).toBeNull()
    expect(transformModule(first.code, { ...options, file: '/app/src/fns.ts' })?.output).toBeNull()
  })

  test('injects once per root, so endpoints derived from a builder get it through the builder', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'
const base = createServerFn()
export const a = base.handler(() => 1)
export const b = base({ method: 'POST' }).handler(() => 2)
`
    const output = transformModule(code, options)!.output!.code
    expect(output.match(/\.middleware\(\[__serverFnAuth_session\]\)/g)).toHaveLength(1)
    expect(output).toContain('const base = createServerFn().middleware([__serverFnAuth_session])\n')
  })

  test('declarations carry the location of their name', () => {
    const [first] = analyzeModule(module, options).declarations
    expect(first).toMatchObject({ name: 'listUsers', loc: { line: 4, column: 13 } })
    expect(module.slice(first!.loc.start, first!.loc.end)).toBe('listUsers')
  })
})
