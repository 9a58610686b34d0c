import { describe, expect, test } from 'vitest'
import { analyzeModule, type AnalyzeOptions } from '../../src/core/index.ts'

const options: AnalyzeOptions = {
  file: '/app/src/fns.ts',
  session: { source: '/app/src/server/session.ts', exportName: 'requireSession' },
}

/** Analyses one annotated declaration and returns its access and the diagnostic codes. */
function annotate(comment: string) {
  const code = `import { createServerFn } from '@tanstack/react-start'\n${comment}\nexport const fn = createServerFn().handler(() => 1)\n`
  const analysis = analyzeModule(code, options)
  return { access: analysis.declarations[0]?.access, codes: analysis.diagnostics.map((d) => d.code) }
}

describe('@auth public directives', () => {
  test.each([
    ['// @auth public: health probe', 'health probe'],
    ['// @auth public — sign-in form', 'sign-in form'],
    ['// @auth public - reset', 'reset'],
    ['// @auth public – en dash', 'en dash'],
    ['//@auth public:tight', 'tight'],
    ['/* @auth public: block */', 'block'],
    ['/** @auth public: jsdoc */', 'jsdoc'],
    ['/**\n * Summary.\n * @auth public: inside jsdoc\n * @returns one\n */', 'inside jsdoc'],
    ['// @auth public: reason with: colons — and dashes', 'reason with: colons — and dashes'],
    ['// first line\n// @auth public: second line', 'second line'],
    ['\t// @auth public: indented', 'indented'],
    ['// @auth public -tight hyphen', 'tight hyphen'],
    ['// @auth public- loose hyphen', 'loose hyphen'],
  ])('%j makes the declaration public', (comment, reason) => {
    expect(annotate(comment)).toEqual({ access: { kind: 'public', reason }, codes: [] })
  })

  test.each([
    ['// @auth public', 'SFA201'],
    ['// @auth public:', 'SFA201'],
    ['// @auth public:    ', 'SFA201'],
    ['/** @auth public: */', 'SFA201'],
    ['// @auth public health probe', 'SFA201'],
    ['// @auth pubic: typo', 'SFA202'],
    ['// @auth Public: capital', 'SFA202'],
    ['// @auth publіc: cyrillic i', 'SFA202'],
    ['// @auth ｐublic: full-width p', 'SFA202'],
    ['// @auth public-api: hyphenated', 'SFA202'],
    ['// @auth', 'SFA202'],
    ['// @auth: public', 'SFA202'],
    ['// @auth-public: joined', 'SFA202'],
    ['// @auth private: no such thing', 'SFA202'],
    ['// @auth public: one\n// @auth public: two', 'SFA203'],
    ['// @auth public: one @auth public: two', 'SFA203'],
    ['// @auth public: detached\n', 'SFA207'],
  ])('%j fails closed with %s and stays protected', (comment, code) => {
    const result = annotate(comment)
    expect(result.codes).toEqual([code])
    expect(result.access).toEqual({ kind: 'protected', via: 'injected' })
  })

  test.each([
    '// @authority public: another word',
    '// user@auth.example.com',
    '// ＠auth public: full-width at sign',
    '// auth public: no at sign',
  ])('%j is not a directive: protected, no diagnostic', (comment) => {
    expect(annotate(comment)).toEqual({ access: { kind: 'protected', via: 'injected' }, codes: [] })
  })

  test('the directive position is the `@auth` token, not the comment start', () => {
    const code = `import { createServerFn } from '@tanstack/react-start'\n/**\n * Summary.\n *   @auth pubic: typo\n */\nexport const fn = createServerFn().handler(() => 1)\n`
    const [diagnostic] = analyzeModule(code, options).diagnostics
    expect(diagnostic).toMatchObject({ code: 'SFA202', loc: { line: 4, column: 5 } })
    expect(code.slice(diagnostic!.loc.start, diagnostic!.loc.end)).toBe('@auth')
  })

  test('a directive on the first statement of a CRLF file is read', () => {
    const code = `// @auth public: windows line endings\r\nimport { createServerFn } from '@tanstack/react-start'\r\n// @auth public: crlf\r\nexport const fn = createServerFn().handler(() => 1)\r\n`
    const analysis = analyzeModule(code, options)
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'public', reason: 'crlf' })
    // The first directive leads the import: not a server function declaration.
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA204', 1]])
  })
})
