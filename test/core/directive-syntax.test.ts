import { describe, expect, test } from 'vitest'
import { parseModule } from '../../src/core/index.ts'
import { directiveTokens } from '../../src/core/directive-syntax.ts'

/**
 * What a comment holds, as `@auth` directives: read like `// @ts-expect-error`. The text must
 * begin with `@auth` followed by whitespace or the end; in a JSDoc block each tag line may hold
 * one, except inside `@example` and fenced code. Each token is given as the text at its offset
 * (always `@auth`), the rest of its line, and the offset after that rest.
 */

function tokensOf(comment: string) {
  const code = `${comment}\nexport {}\n`
  const comments = parseModule(code, '/app/src/x.ts').comments ?? []
  expect(comments.length).toBeGreaterThan(0)
  return comments.flatMap(directiveTokens).map((token) => {
    expect(code.slice(token.start, token.start + 5)).toBe('@auth')
    expect(code.slice(token.start + 5, token.end)).toBe(token.text)
    return { at: token.start, text: token.text }
  })
}

describe('line comments', () => {
  test.each([
    ['// @auth public: x', 3, ' public: x'],
    ['//@auth public: x', 2, ' public: x'],
    ['//   \t@auth public: x', 6, ' public: x'],
    ['// @auth\tpublic: x', 3, '\tpublic: x'],
    ['// @auth', 3, ''],
    ['// @auth ', 3, ' '],
  ])('%j holds a directive at %i', (comment, at, text) => {
    expect(tokensOf(comment)).toEqual([{ at, text }])
  })

  test.each([
    '// @auth:',
    '// @auth: public',
    '// @authority public: x',
    '// @auth-public: x',
    '// @auth/core is a package',
    '// see @auth public: x',
    '// // @auth public: x',
    '// x @auth public: x',
    '// ＠auth public: x',
    '// @Auth public: x',
  ])('%j holds none', (comment) => {
    expect(tokensOf(comment)).toEqual([])
  })
})

describe('block comments that are not JSDoc', () => {
  test.each([
    ['/* @auth public: x */', 3, ' public: x '],
    ['/*@auth public: x*/', 2, ' public: x'],
    // Leading whitespace, line terminators included, comes before the text.
    ['/*\n   @auth public: x */', 6, ' public: x '],
  ])('%j holds a directive at %i', (comment, at, text) => {
    expect(tokensOf(comment)).toEqual([{ at, text }])
  })

  test.each([
    // A plain block has no tag lines: its text begins with the `*`.
    '/*\n * @auth public: x\n */',
    '/* text\n @auth public: x */',
    '/* @authority */',
    '/* @auth: x */',
  ])('%j holds none', (comment) => {
    expect(tokensOf(comment)).toEqual([])
  })

  test('the text ends at the first line terminator of the comment', () => {
    expect(tokensOf('/* @auth public: x\nmore */')).toEqual([{ at: 3, text: ' public: x' }])
  })
})

describe('JSDoc blocks', () => {
  test('a directive on the opening line', () => {
    expect(tokensOf('/** @auth public — x */')).toEqual([{ at: 4, text: ' public — x ' }])
  })

  test('a tag line after a summary', () => {
    expect(tokensOf('/**\n * Lists the plans.\n * @auth public: pricing\n */')).toEqual([{ at: 27, text: ' public: pricing' }])
  })

  test('a tag line without its leading star, and one indented after the star', () => {
    expect(tokensOf('/**\n@auth public: a\n */')).toEqual([{ at: 4, text: ' public: a' }])
    expect(tokensOf('/**\n *    @auth public: b\n */')).toEqual([{ at: 10, text: ' public: b' }])
  })

  test('every tag line counts: two directives in one block', () => {
    expect(tokensOf('/**\n * @auth public: one\n * @auth public: two\n */')).toEqual([
      { at: 7, text: ' public: one' },
      { at: 28, text: ' public: two' },
    ])
  })

  test.each([
    ['\r\n', 'CRLF'],
    ['\r', 'CR'],
    ['\u2028', 'U+2028'],
    ['\u2029', 'U+2029'],
  ])('lines are split at %j (%s)', (terminator) => {
    const comment = `/**${terminator} * Summary.${terminator} * @auth public: x${terminator} */`
    const at = comment.indexOf('@auth')
    expect(tokensOf(comment)).toEqual([{ at, text: ' public: x' }])
  })

  test.each([
    ['text before the tag', '/**\n * see @auth public: x\n */'],
    ['a longer tag', '/**\n * @authority x\n */'],
    ['a colon after the marker', '/**\n * @auth: x\n */'],
  ])('%s: none', (_, comment) => {
    expect(tokensOf(comment)).toEqual([])
  })

  describe('@example sections', () => {
    test('a tag line inside @example is an example, not a directive', () => {
      expect(tokensOf('/**\n * @example\n * // @auth is shown below\n * @auth public: inside\n */')).toEqual([])
    })

    test('the example goes on over other @auth lines and blank star lines', () => {
      expect(tokensOf('/**\n * @example\n * @auth public: a\n *\n * @auth public: b\n */')).toEqual([])
    })

    test('the next other tag ends the example', () => {
      const comment = '/**\n * @example\n * @auth public: inside\n * @returns x\n * @auth public: after\n */'
      expect(tokensOf(comment)).toEqual([{ at: comment.indexOf('@auth public: after'), text: ' public: after' }])
    })

    test('a directive before @example counts', () => {
      const comment = '/**\n * @auth public: before\n * @example\n * @auth public: inside\n */'
      expect(tokensOf(comment)).toEqual([{ at: comment.indexOf('@auth public: before'), text: ' public: before' }])
    })
  })

  describe('fenced code', () => {
    test('a tag line inside a fence is code, the one after it a directive', () => {
      const comment = '/**\n * ```ts\n * @auth public: fenced\n * ```\n * @auth public: after\n */'
      expect(tokensOf(comment)).toEqual([{ at: comment.indexOf('@auth public: after'), text: ' public: after' }])
    })

    test('an @example tag inside a fence does not start an example', () => {
      const comment = '/**\n * ```\n * @example\n * ```\n * @auth public: after\n */'
      expect(tokensOf(comment)).toEqual([{ at: comment.indexOf('@auth public: after'), text: ' public: after' }])
    })

    test('an unclosed fence hides the rest of the block', () => {
      expect(tokensOf('/**\n * ```\n * @auth public: x\n */')).toEqual([])
    })
  })
})

test('several comments are read independently', () => {
  const comments = parseModule('// @auth public: a\n/* @auth public: b */\n// no\nexport {}\n', '/app/x.ts').comments!
  expect(comments.map((comment) => directiveTokens(comment).map((token) => token.text))).toEqual([[' public: a'], [' public: b '], []])
})
