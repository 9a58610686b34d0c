import { describe, expect, test } from 'vitest'
import { parseModule, readModuleBindings, readModuleExports } from '../../src/core/index.ts'
import { LineIndex, LINE_TERMINATOR } from '../../src/core/line-index.ts'

/** What the module-level statements import, declare and export, and how offsets become lines. */

const bindingsOf = (code: string, file = '/app/src/m.ts') => readModuleBindings(parseModule(code, file))

describe('readModuleBindings', () => {
  test('value imports by local name, with what they import; type imports are left out', () => {
    const bindings = bindingsOf(
      "import def, { a, b as c, 'd-e' as d, type T } from './x'\nimport * as N from './n'\nimport type { U } from './u'\nimport typeof V from './v'\n",
    )
    expect([...bindings.imports.values()].map(({ local, source, imported }) => [local, source, imported])).toEqual([
      ['def', './x', 'default'],
      ['a', './x', 'a'],
      ['c', './x', 'b'],
      ['d', './x', 'd-e'],
      ['N', './n', '*'],
    ])
  })

  test('declarations by name, with their kind and declarator; a var may be declared twice', () => {
    const code = [
      'const a = 1, { b, c: [d] } = o',
      'let e',
      'var f = 1',
      'var f = 2',
      'function g() {}',
      'class H {}',
      'enum I { X }',
      'namespace J {}',
      'declare const ambient: number',
      'export const k = 1',
      'export default function l() {}',
      '',
    ].join('\n')
    const bindings = bindingsOf(code)
    expect([...bindings.declarations].map(([name, list]) => [name, list.map((d) => d.kind), list.map((d) => d.declarator !== null)])).toEqual([
      ['a', ['const'], [true]],
      ['b', ['const'], [false]],
      ['d', ['const'], [false]],
      ['e', ['let'], [true]],
      ['f', ['var', 'var'], [true, true]],
      ['g', ['function'], [false]],
      ['H', ['class'], [false]],
      ['I', ['other'], [false]],
      ['J', ['other'], [false]],
      ['k', ['const'], [true]],
      ['l', ['function'], [false]],
    ])
  })

  test('exports by local name, re-exports, star sources and a default expression', () => {
    const code = [
      "import { imported } from './i'",
      'export const a = 1',
      'const b = 2',
      "export { b, b as c, imported as 'string name' }",
      'export default b',
      "export { x as y } from './x'",
      "export * as ns from './ns'",
      "export * from './star'",
      "export type { T } from './t'",
      "export type * from './types'",
      '',
    ].join('\n')
    const bindings = bindingsOf(code)
    expect(Object.fromEntries(bindings.exportsByLocal)).toEqual({ a: ['a'], b: ['b', 'c', 'default'], imported: ['string name'] })
    expect(Object.fromEntries(bindings.reexports)).toEqual({ y: { source: './x', imported: 'x' }, ns: { source: './ns', imported: '*' } })
    expect(bindings.starSources).toEqual(['./star'])
    expect(bindings.defaultExpression).toBeNull()
    expect(bindingsOf('export default { a: 1 }\n').defaultExpression?.type).toBe('ObjectExpression')
  })
})

describe('readModuleExports', () => {
  test('every exported name, and the star sources it cannot name', () => {
    const exports = readModuleExports(parseModule("const a = 1\nexport { a as b }\nexport const c = 2\nexport { d } from './d'\nexport * from './e'\nexport default 3\n", '/app/m.ts'))
    expect([...exports.names].sort()).toEqual(['b', 'c', 'd', 'default'])
    expect(exports.starSources).toEqual(['./e'])
  })
})

describe('LineIndex', () => {
  test.each([
    ['LF', '\n'],
    ['CR', '\r'],
    ['CRLF', '\r\n'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
  ])('counts lines at %s', (_, t) => {
    const code = ['a', 'bb', '', 'ccc'].join(t)
    const lines = new LineIndex(code)
    const at = code.indexOf('ccc') + 1
    expect(lines.locate(at, at + 2)).toEqual({ line: 4, column: 1, start: at, end: at + 2 })
    expect(lines.lineStart(at)).toBe(code.indexOf('ccc'))
    expect(lines.locate(0)).toEqual({ line: 1, column: 0, start: 0, end: 0 })
    expect(code.split(LINE_TERMINATOR)).toHaveLength(4)
  })

  test('a line terminator belongs to the line it ends', () => {
    const lines = new LineIndex('ab\r\ncd')
    expect([lines.locate(2).line, lines.locate(3).line, lines.locate(4).line]).toEqual([1, 1, 2])
  })
})
