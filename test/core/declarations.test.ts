import { describe, expect, test } from 'vitest'
import { analyzeModule, type AnalyzeOptions, type ImportKind } from '../../src/core/index.ts'

/**
 * Accepted declarations (their access is tested in access-decisions.test.ts): a top-level `const` declared once, whose chain has only
 * builder links and whose head TanStack's compiler follows. Every refusal is asserted by code and by
 * the text its position covers.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const file = '/app/src/fns.ts'

const AUTHED: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: { file: '/app/src/builders.ts', name: 'authed' }, package: null }
const PUB: ImportKind = { kind: 'builder', access: { kind: 'public', reason: 'marketing' }, method: 'POST', declaredIn: { file: '/app/src/builders.ts', name: 'pub' }, package: null }
const answers: AnalyzeOptions['imports'] = (source, imported) => {
  if (source !== './builders') return undefined
  if (imported === '*') return { kind: 'namespace', module: source }
  if (imported === 'authed') return AUTHED
  if (imported === 'pub') return PUB
  if (imported === 'gone') return { kind: 'unknown', reason: 'it is part of an import cycle' }
  return { kind: 'none' }
}

function analyse(code: string, options: Partial<AnalyzeOptions> = {}) {
  const analysis = analyzeModule(code, { file, imports: answers, ...options })
  return {
    analysis,
    diagnostics: analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column, code.slice(d.loc.start, d.loc.end)]),
  }
}

describe('what is declared', () => {
  test('roots, builders and endpoints with kind, method, chain, origin and exported names', () => {
    const code = [
      imp.trimEnd(),
      "import { authed } from './builders'",
      "const base = createServerFn({ method: 'POST' })",
      'export const adminFn = base.middleware([]).validator((v: unknown) => v)',
      'const internal = adminFn.handler(() => 1)',
      'export { internal as external }',
      'export default internal',
      'export const fromImport = authed({}).handler(() => 2)',
      '',
    ].join('\n')
    const { analysis, diagnostics } = analyse(code)
    expect(diagnostics).toEqual([])
    expect(analysis.declarations.map(({ name, exportedAs, kind, method, origin, chain }) => ({ name, exportedAs, kind, method, origin, chain }))).toEqual([
      { name: 'base', exportedAs: [], kind: 'builder', method: 'POST', origin: { kind: 'root' }, chain: [] },
      { name: 'adminFn', exportedAs: ['adminFn'], kind: 'builder', method: 'POST', origin: { kind: 'builder', name: 'base' }, chain: ['middleware', 'validator'] },
      { name: 'internal', exportedAs: ['external', 'default'], kind: 'endpoint', method: 'POST', origin: { kind: 'builder', name: 'adminFn' }, chain: ['handler'] },
      {
        name: 'fromImport',
        exportedAs: ['fromImport'],
        kind: 'endpoint',
        method: 'GET',
        origin: { kind: 'import', reference: { source: './builders', importedName: 'authed' }, declaredIn: AUTHED.declaredIn, package: null },
        chain: ['()', 'handler'],
      },
    ])
  })

  test('each declaration is located at its name', () => {
    const code = `${imp}export const listUsers = createServerFn().handler(() => 1)\n`
    const [declaration] = analyse(code).analysis.declarations
    expect(declaration!.loc).toMatchObject({ line: 2, column: 13 })
    expect(code.slice(declaration!.loc.start, declaration!.loc.end)).toBe('listUsers')
  })

  test('declarations without an initializer, `declare const` and plain values are not server functions', () => {
    const code = `${imp}let pending: unknown\ndeclare const ambient: any\nconst data = readFileSync('x')\nconst base = createServerFn()\nexport const a = base.handler(() => 1)\n`
    const { analysis, diagnostics } = analyse(code)
    expect(diagnostics).toEqual([])
    expect(analysis.declarations.map((d) => d.name)).toEqual(['base', 'a'])
  })

  test('an alias of a builder is a builder, and endpoints on it derive from it', () => {
    const { analysis, diagnostics } = analyse(`${imp}const base = createServerFn()\nconst b2 = base\nexport const f = b2.handler(() => 1)\n`)
    expect(diagnostics).toEqual([])
    expect(analysis.declarations.map((d) => [d.name, d.kind, d.origin])).toEqual([
      ['base', 'builder', { kind: 'root' }],
      ['b2', 'builder', { kind: 'builder', name: 'base' }],
      ['f', 'endpoint', { kind: 'builder', name: 'b2' }],
    ])
  })

  test('a declaration before the builder it derives from is still resolved', () => {
    const { analysis } = analyse(`${imp}export const f = base.handler(() => 1)\nconst base = createServerFn()\n`)
    expect(analysis.declarations.map((d) => [d.name, d.origin.kind])).toEqual([
      ['f', 'builder'],
      ['base', 'root'],
    ])
  })

  test('an import nobody answered heads a builder only when the chain says so', () => {
    const code = "import { thing, value } from './elsewhere'\nexport const f = thing.handler(() => 1)\nexport const g = value.map(String)\n"
    const { analysis, diagnostics } = analyse(code)
    expect(diagnostics).toEqual([])
    expect(analysis.declarations.map((d) => [d.name, d.kind, d.access, d.method, d.origin])).toEqual([
      ['f', 'endpoint', { kind: 'protected' }, 'unknown', { kind: 'import', reference: { source: './elsewhere', importedName: 'thing' }, declaredIn: null, package: null }],
    ])
  })
})

describe('SFA108: a binding that could hold something else', () => {
  test.each([
    ['an endpoint declared with let', `${imp}export let f = createServerFn().handler(() => 1)`, [['SFA108', 2, 11, 'f']]],
    ['an endpoint declared with var', `${imp}var f = createServerFn().handler(() => 1)`, [['SFA108', 2, 4, 'f']]],
    ['a builder declared with let', `${imp}let base = createServerFn()\nexport const f = base.handler(() => 1)`, [['SFA108', 2, 4, 'base']]],
    [
      'a var builder declared twice',
      `${imp}var base = createServerFn()\nif (x) { var base = createServerFn() }\nexport const f = base.handler(() => 1)`,
      [
        ['SFA108', 2, 4, 'base'],
        ['SFA101', 3, 20, 'createServerFn()'],
      ],
    ],
    ['a var endpoint declared twice at the top level', `${imp}var f = createServerFn().handler(() => 1)\nvar f = createServerFn().handler(() => 2)`, [['SFA108', 2, 4, 'f'], ['SFA108', 3, 4, 'f']]],
  ])('%s', (_, code, expected) => {
    expect(analyse(`${code}\n`).diagnostics).toEqual(expected)
  })

  test('the declaration is still made and protected: the build fails on the diagnostic', () => {
    const { analysis } = analyse(`${imp}export let f = createServerFn().handler(() => 1)\n`)
    expect(analysis.declarations.map((d) => [d.name, d.access.kind])).toEqual([['f', 'protected']])
    expect(analysis.plan?.entry).toHaveLength(1)
  })
})

describe('SFA102 and SFA107: chains that are not an accepted declaration', () => {
  test.each([
    ['a destructured declarator', `${imp}export const { f } = createServerFn().handler(() => 1)`, [['SFA102', 2, 13, '{ f }']]],
    ['a call on the endpoint', `${imp}export const f = createServerFn().handler(() => 1).handler(() => 2)`, [['SFA102', 2, 17, 'createServerFn().handler(() => 1).handler(() => 2)']]],
    ['a call of the endpoint', `${imp}export const f = createServerFn().handler(() => 1)()`, [['SFA102', 2, 17, 'createServerFn().handler(() => 1)()']]],
    ['an unknown builder method', `${imp}export const f = createServerFn().other().handler(() => 1)`, [['SFA107', 2, 17, 'createServerFn().other()']]],
  ])('%s', (_, code, expected) => {
    expect(analyse(`${code}\n`).diagnostics).toEqual(expected)
  })
})

describe('SFA111: options', () => {
  test('on the root and on a builder call in the same chain, each at its node', () => {
    const code = `${imp}const o: any = {}\nexport const f = createServerFn(o)(o).handler(() => 1)\n`
    expect(analyse(code).diagnostics).toEqual([
      ['SFA111', 3, 32, 'o'],
      ['SFA111', 3, 35, 'o'],
    ])
  })
})

describe('SFA112: heads TanStack does not follow', () => {
  test('an endpoint on a namespace member', () => {
    expect(analyse("import * as B from './builders'\nexport const f = B.authed.handler(() => 1)\n").diagnostics).toEqual([['SFA112', 2, 13, 'f']])
  })

  test('a builder on a namespace member, and every endpoint derived from it', () => {
    expect(analyse("import * as B from './builders'\nconst admin = B.authed.middleware([])\nconst alias = B.authed\nexport const f = admin.handler(() => 1)\nexport const g = alias.handler(() => 2)\n").diagnostics).toEqual([
      ['SFA112', 2, 6, 'admin'],
      ['SFA112', 3, 6, 'alias'],
      ['SFA112', 4, 13, 'f'],
      ['SFA112', 5, 13, 'g'],
    ])
  })

  test('a namespace call is followed', () => {
    expect(analyse("import * as B from './builders'\nexport const f = B.authed({}).handler(() => 1)\n").diagnostics).toEqual([])
  })
})

describe('SFA113: modules TanStack does not compile', () => {
  test.each([
    ['an upper-case extension', `${imp}export const f = createServerFn().handler(() => 1)\n`, '/app/src/fns.TS'],
    ['`.handler` with type arguments and no createServerFn', "import { authed } from './builders'\nexport const f = authed.handler<string>(() => 'x')\n", file],
    ['a comment before the parenthesis', "import { authed } from './builders'\nexport const f = authed.handler /* why */ (() => 1)\n", file],
  ])('%s', (_, code, id) => {
    expect(analyse(code, { file: id }).diagnostics).toEqual([['SFA113', 2, 13, 'f']])
  })

  test('a builder alone is not reported: it is never compiled, only endpoints are', () => {
    expect(analyse("import { authed } from './builders'\nexport const admin = authed.middleware([])\n", { file: '/app/src/fns.TS' }).diagnostics).toEqual([])
  })
})

describe('SFA603: derived from an import the host could not follow', () => {
  test('the endpoint is protected and the diagnostic carries the reason', () => {
    const { analysis, diagnostics } = analyse("import { gone } from './builders'\nexport const f = gone.handler(() => 1)\n")
    expect(diagnostics).toEqual([['SFA603', 2, 13, 'f']])
    expect(analysis.diagnostics[0]!.message).toContain('import cycle')
    expect(analysis.declarations.map((d) => d.access)).toEqual([{ kind: 'protected' }])
  })
})
