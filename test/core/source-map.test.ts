import { parse } from '@babel/parser'
import { generatedPositionFor, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { describe, expect, test } from 'vitest'
import { transformModule, writeAnalysis, analyzeModule } from '../../src/core/index.ts'

/**
 * The transform only inserts text, and its source map says so: every token of the original module
 * maps to a place in the output that holds the same token, and back to its own position.
 */

const modules = {
  'roots, builders, middleware and a validator': [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { audit } from './audit'",
    '',
    "const base = createServerFn({ method: 'POST' })",
    'export const listUsers = base.middleware([audit]).handler(async () => [])',
    'export const countUsers = createServerFn()',
    '  .validator((input: unknown) => input)',
    '  .handler(async () => 0);',
    '',
  ].join('\n'),
  'a namespace root, a wrapper and a public endpoint': [
    "import * as Start from '@tanstack/react-start'",
    '// @auth public: health probe',
    "export const health = Start.createServerFn().handler(() => 'ok')",
    'export const wrapped = (Start.createServerFn() as any).handler(() => 1)',
    '',
  ].join('\n'),
}

function tokensOf(code: string) {
  const ast = parse(code, { sourceType: 'module', plugins: ['typescript'], tokens: true }) as unknown as {
    tokens: Array<{ start: number; end: number; type: { label: string }; loc: { start: { line: number; column: number } } }>
  }
  return ast.tokens.filter((token) => token.type.label !== 'eof')
}

describe.each(Object.entries(modules))('%s', (_, code) => {
  test.each([
    ['the provider module', '/app/src/fns.ts?tss-serverfn-split'],
    ['a caller module', '/app/src/fns.ts'],
  ])('every original token maps back to itself in %s', (__, id) => {
    const output = transformModule(code, { file: id })!.output!
    expect(output.code).not.toBe(code)
    expect(output.map!.sources).toEqual(['/app/src/fns.ts'])
    expect(output.map!.sourcesContent).toEqual([code])
    const map = new TraceMap(output.map as ConstructorParameters<typeof TraceMap>[0])
    const lines = output.code.split('\n')
    const tokens = tokensOf(code)
    expect(tokens.length).toBeGreaterThan(30)
    for (const token of tokens) {
      const text = code.slice(token.start, token.end)
      const original = { source: '/app/src/fns.ts', line: token.loc.start.line, column: token.loc.start.column }
      const generated = generatedPositionFor(map, original)
      expect(generated.line, text).not.toBeNull()
      expect(lines[generated.line! - 1]!.slice(generated.column!, generated.column! + text.length), text).toBe(text)
      expect(originalPositionFor(map, { line: generated.line!, column: generated.column! }), text).toMatchObject(original)
    }
  })
})

test('inserted text maps to where it was inserted, not to a token elsewhere', () => {
  const code = "import { createServerFn } from '@tanstack/react-start'\nexport const f = createServerFn().handler(() => 1)\n"
  const output = transformModule(code, { file: '/app/src/fns.ts' })!.output!
  const map = new TraceMap(output.map as ConstructorParameters<typeof TraceMap>[0])
  const line = output.code.split('\n')[1]!
  const column = line.indexOf('.middleware([__serverFnAuth.session')
  expect(column).toBeGreaterThan(0)
  const original = originalPositionFor(map, { line: 2, column })
  // The insertion sits right after `createServerFn()` on line 2.
  expect(original.line).toBe(2)
  expect(original.column).toBeLessThanOrEqual('export const f = createServerFn()'.length)
})

test('the map names the module without its query, and carries the original text', () => {
  const code = "import { createServerFn } from '@tanstack/react-start'\nexport const f = createServerFn().handler(() => 1)\n"
  const analysis = analyzeModule(code, { file: '/app/src/fns.ts?tss-serverfn-split' })
  const output = writeAnalysis(code, analysis, '/app/src/fns.ts?tss-serverfn-split&x=1')!
  expect(output.map!.sources).toEqual(['/app/src/fns.ts'])
  expect(output.map!.sourcesContent).toEqual([code])
  // Where nothing reads a map (a build that emits none), none is made; the code is the same.
  expect(writeAnalysis(code, analysis, '/app/src/fns.ts?tss-serverfn-split&x=1', undefined, false)).toEqual({ code: output.code, map: null })
})
