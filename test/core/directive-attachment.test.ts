import { describe, expect, test } from 'vitest'
import { analyzeModule } from '../../src/core/index.ts'

/**
 * Which statement a directive leads: the one that directly follows its comment, when the comment
 * starts its own line and only whitespace and other comments come between, with no blank line,
 * counted with every ECMAScript line terminator, inside those comments too. A directive that
 * leads nothing is SFA207 and opens nothing.
 */

const TERMINATORS = [
  ['LF', '\n'],
  ['CR', '\r'],
  ['CRLF', '\r\n'],
  ['U+2028', '\u2028'],
  ['U+2029', '\u2029'],
] as const

const IMPORT = "import { createServerFn } from '@tanstack/react-start'"
const DECLARATION = 'export const fn = createServerFn().handler(() => 1)'

/**
 * A module of `lines` joined by the terminator `t`: the import, the lines between, the
 * declaration. Returns the access of `fn` and the diagnostics as `[code, line, column]`.
 */
function attach(t: string, lines: string[]) {
  const code = [IMPORT, ...lines, DECLARATION, ''].join(t)
  const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
  return {
    access: analysis.declarations.find((d) => d.name === 'fn')?.access.kind,
    diagnostics: analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column]),
  }
}

const PUBLIC = { access: 'public', diagnostics: [] }
const detachedAt = (line: number, column = 3) => ({ access: 'protected', diagnostics: [['SFA207', line, column]] })

describe.each(TERMINATORS)('with %s line terminators', (_, t) => {
  test('a directive directly above the declaration leads it', () => {
    expect(attach(t, ['// @auth public: r'])).toEqual(PUBLIC)
  })

  test('a blank line in between detaches it', () => {
    expect(attach(t, ['// @auth public: r', ''])).toEqual(detachedAt(2))
  })

  test('a line of only spaces and tabs is blank', () => {
    expect(attach(t, ['// @auth public: r', ' \t '])).toEqual(detachedAt(2))
  })

  test('other comments may come in between', () => {
    expect(attach(t, ['// @auth public: r', '// more', '/* and more */'])).toEqual(PUBLIC)
  })

  test('a blank line inside an intervening block comment detaches it', () => {
    expect(attach(t, ['// @auth public: r', '/* a', '', 'b */'])).toEqual(detachedAt(2))
  })

  test('a blank line of spaces inside an intervening block comment detaches it', () => {
    expect(attach(t, ['// @auth public: r', '/* a', '   ', 'b */'])).toEqual(detachedAt(2))
  })

  test('an intervening block comment over several lines without a blank one does not', () => {
    expect(attach(t, ['// @auth public: r', '/* a', 'b */'])).toEqual(PUBLIC)
  })

  test('a blank line after an intervening comment detaches it', () => {
    expect(attach(t, ['// @auth public: r', '// more', ''])).toEqual(detachedAt(2))
  })

  test('a blank line after the directive inside its own JSDoc block detaches it', () => {
    expect(attach(t, ['/**', ' * @auth public: r', '', ' */'])).toEqual(detachedAt(3))
  })

  test('a blank line before the directive inside its own block does not', () => {
    expect(attach(t, ['/**', ' * Summary.', '', ' * @auth public: r', ' */'])).toEqual(PUBLIC)
  })

  test('a line holding only the JSDoc star is not blank', () => {
    expect(attach(t, ['/**', ' * @auth public: r', ' *', ' * More.', ' */'])).toEqual(PUBLIC)
  })

  test('positions count this terminator: a detached directive several lines down', () => {
    expect(attach(t, ['const a = 1', '', '    // @auth public: r', ''])).toEqual(detachedAt(4, 7))
  })
})

describe('terminators that are not one CRLF', () => {
  test.each([
    ['LF CR', '\n\r'],
    ['CR CR', '\r\r'],
    ['CRLF CR', '\r\n\r'],
    ['LF U+2028', '\n\u2028'],
    ['U+2029 LF', '\u2029\n'],
  ])('%s is two line ends: a blank line', (_, pair) => {
    const code = `${IMPORT}\n// @auth public: r${pair}${DECLARATION}\n`
    const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'protected' })
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['SFA207'])
  })

  test('one CRLF is one line end', () => {
    const code = `${IMPORT}\n// @auth public: r\r\n${DECLARATION}\n`
    expect(analyzeModule(code, { file: '/app/src/fns.ts' }).declarations[0]?.access).toEqual({ kind: 'public', reason: 'r' })
  })
})

describe('the comment must start its own line', () => {
  const lf = (lines: string[]) => attach('\n', lines)

  test('after code on the same line it leads nothing', () => {
    expect(lf(['const a = 1 // @auth public: r'])).toEqual(detachedAt(2, 15))
  })

  test('after a whole block comment on the same line it still starts the line', () => {
    expect(lf(['/* note */ // @auth public: r'])).toEqual(PUBLIC)
  })

  test('a block directive on the declaration line itself leads it', () => {
    const code = `${IMPORT}\n/* @auth public: r */ ${DECLARATION}\n`
    expect(analyzeModule(code, { file: '/app/src/fns.ts' }).declarations[0]?.access).toEqual({ kind: 'public', reason: 'r' })
  })

  test('a directive after the last statement leads nothing', () => {
    const code = `${IMPORT}\n${DECLARATION}\n// @auth public: r\n`
    const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA207', 3, 3]])
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'protected' })
  })

  test('a directive inside a function body leads nothing: only top-level statements are led', () => {
    const code = `${IMPORT}\nexport function f() {\n  // @auth public: r\n  return 1\n}\n${DECLARATION}\n`
    expect(analyzeModule(code, { file: '/app/src/fns.ts' }).diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA207', 3, 5]])
  })
})

test('a directive leads only the statement right after it, not the next declaration', () => {
  const code = `${IMPORT}\n// @auth public: r\nconst helper = 1\n${DECLARATION}\n`
  const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
  expect(analysis.declarations[0]?.access).toEqual({ kind: 'protected' })
  expect(analysis.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA204', 2]])
})
