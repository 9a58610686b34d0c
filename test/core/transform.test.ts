import { describe, expect, test } from 'vitest'
import { analyzeModule, parseModule, transformModule, writeAnalysis, type AnalyzeOptions } from '../../src/core/index.ts'

/** transformModule and writeAnalysis: the analysis and what is written, end to end on one module. */

const options: AnalyzeOptions = { file: '/app/src/fns.ts?tss-serverfn-split' }
const R = '__serverFnAuth'

const module = `import { createServerFn } from '@tanstack/react-start'
import { requireAdmin } from './admin'

export const listUsers = createServerFn({ method: 'POST' }).middleware([requireAdmin]).handler(async () => [])
export const countUsers = createServerFn().handler(async () => 0)
`

describe('transformModule', () => {
  test('does not parse a module that never names createServerFn or a handler', () => {
    // Invalid syntax: if it were parsed, the result would carry SFA001.
    expect(transformModule('export const broken = (', options)).toBeNull()
    expect(transformModule('export const fine = 1 // no server functions here', options)).toBeNull()
    // The same broken text naming a handler is parsed and reported.
    expect(transformModule('export const broken = x.handler(', options)?.analysis.diagnostics.map((d) => d.code)).toEqual(['SFA001'])
  })

  test('parses, and reports, a module that names createServerFn but cannot be parsed', () => {
    const result = transformModule('import { createServerFn } from "@tanstack/react-start"\nexport const x = (', options)
    expect(result?.output).toBeNull()
    expect(result?.analysis.diagnostics.map((d) => [d.code, d.loc.line, d.file])).toEqual([['SFA001', 2, '/app/src/fns.ts']])
    expect([result?.analysis.declarations, result?.analysis.plan, result?.analysis.exports.size]).toEqual([[], null, 0])
  })

  test('a public endpoint outside the provider module needs no output; inside it, only its seal', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n`
    const caller = transformModule(code, { file: '/app/src/fns.ts' })
    expect(caller?.output).toBeNull()
    expect(caller?.analysis.declarations).toHaveLength(1)
    expect(transformModule(code, options)?.output?.code).toContain(`createServerFn().handler(() => 'ok');${R}.seal(health);`)
  })

  test('writes the session after every head, the check before every handler, and the import', () => {
    const output = transformModule(module, options)!.output!.code
    expect(output.split('\n')).toEqual([
      `import { createServerFn } from '@tanstack/react-start'`,
      `import { requireAdmin } from './admin';import * as ${R} from "serverfn-auth/runtime";`,
      '',
      `export const listUsers = createServerFn({ method: 'POST' }).middleware([${R}.session]).middleware([requireAdmin]).middleware([${R}.check]).handler(${R}.guard(async () => []));${R}.seal(listUsers);`,
      `export const countUsers = createServerFn().middleware([${R}.session]).middleware([${R}.check]).handler(${R}.guard(async () => 0));${R}.seal(countUsers);`,
      '',
    ])
    expect(() => parseModule(output, '/app/src/fns.ts')).not.toThrow()
  })

  test('a builder gets the session, and every endpoint derived from it gets it again with its check', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'
const base = createServerFn()
export const a = base.handler(() => 1)
export const b = base({ method: 'POST' }).handler(() => 2)
`
    const output = transformModule(code, { file: '/app/src/fns.ts' })!.output!.code
    // TanStack runs a middleware listed twice once, in its first place.
    expect(output.match(new RegExp(`\\.middleware\\(\\[${R}\\.session\\]\\)`, 'g'))).toHaveLength(3)
    expect(output.match(new RegExp(`\\.middleware\\(\\[${R}\\.check\\]\\)`, 'g'))).toHaveLength(2)
    expect(output).toContain(`const base = createServerFn().middleware([${R}.session]);${R}.seal(base);\n`)
  })

  test('is idempotent on its own output, also with the query-less id', () => {
    const first = transformModule(module, options)!.output!
    expect(transformModule(first.code, options)?.output).toBeNull()
    expect(transformModule(first.code, { ...options, file: '/app/src/fns.ts' })?.output).toBeNull()
    expect(transformModule(first.code, options)?.analysis.diagnostics).toEqual([])
  })

  test('declarations carry the location of their name', () => {
    const [first] = analyzeModule(module, options).declarations
    expect(first).toMatchObject({ name: 'listUsers', loc: { line: 4, column: 13 } })
    expect(module.slice(first!.loc.start, first!.loc.end)).toBe('listUsers')
  })

  test('the analysis file has no query', () => {
    expect(transformModule(module, options)!.analysis.file).toBe('/app/src/fns.ts')
  })

  test('a module whose only problem is a refused shape is still written where it can be', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'\nconst o: any = {}\nexport const f = createServerFn(o).handler(() => 1)\n`
    const result = transformModule(code, { file: '/app/src/fns.ts' })!
    expect(result.analysis.diagnostics.map((d) => d.code)).toEqual(['SFA111'])
    expect(result.output?.code).toContain(`createServerFn(o).middleware([${R}.session]).middleware([${R}.check]).handler(${R}.guard(() => 1))`)
  })
})

describe('writeAnalysis', () => {
  test('writes what an analysis planned, sealing endpoints only for a provider id', () => {
    const analysis = analyzeModule(module, { file: '/app/src/fns.ts' })
    const caller = writeAnalysis(module, analysis, '/app/src/fns.ts')!.code
    const provider = writeAnalysis(module, analysis, '/app/src/fns.ts?tss-serverfn-split')!.code
    expect(caller).not.toContain('.seal(')
    expect(provider).toContain(`${R}.seal(listUsers);`)
    expect(provider.replace(/;__serverFnAuth\.seal\(\w+\);/g, '')).toBe(caller)
  })

  test('writes nothing for an analysis without a plan', () => {
    expect(writeAnalysis('export const x = 1\n', analyzeModule('export const x = 1\n', { file: '/app/src/x.ts' }), '/app/src/x.ts')).toBeNull()
  })
})
