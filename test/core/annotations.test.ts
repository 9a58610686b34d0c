import { describe, expect, test } from 'vitest'
import { analyzeModule } from '../../src/core/index.ts'

/**
 * `@auth public: <reason>` directives as the analysis reads them: what makes a declaration public,
 * what fails the build and leaves it protected, and what is not a directive at all. Where a
 * directive is and which statement it leads are tested on their own in directive-syntax.test.ts
 * and directive-attachment.test.ts.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const file = '/app/src/fns.ts'

/** Analyses one annotated root endpoint and returns its access and the diagnostics as `code@line:column`. */
function annotate(comment: string) {
  const code = `${imp}${comment}\nexport const fn = createServerFn().handler(() => 1)\n`
  const analysis = analyzeModule(code, { file })
  return {
    access: analysis.declarations[0]?.access,
    codes: analysis.diagnostics.map((d) => d.code),
  }
}

describe('@auth public directives', () => {
  test.each([
    ['// @auth public: health probe', 'health probe'],
    ['// @auth public — sign-in form', 'sign-in form'],
    ['// @auth public - reset', 'reset'],
    ['// @auth public – en dash', 'en dash'],
    ['//@auth public:tight', 'tight'],
    ['// @auth\tpublic: tab after the marker', 'tab after the marker'],
    ['// @auth   public: spaced', 'spaced'],
    ['/* @auth public: block */', 'block'],
    ['/* @auth public: closing stars **/', 'closing stars'],
    ['/** @auth public: jsdoc */', 'jsdoc'],
    ['/**\n * Summary.\n * @auth public: inside jsdoc\n * @returns one\n */', 'inside jsdoc'],
    ['// @auth public: reason with: colons — and dashes', 'reason with: colons — and dashes'],
    // The rest of the line is the reason, a second `@auth` in it included.
    ['// @auth public: one @auth public: two', 'one @auth public: two'],
    ['// first line\n// @auth public: second line', 'second line'],
    ['\t// @auth public: indented', 'indented'],
    ['/* note */ // @auth public: after an inline block comment', 'after an inline block comment'],
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
    ['// @auth private: no such thing', 'SFA202'],
    ['// @auth public: one\n// @auth public: two', 'SFA203'],
    ['/**\n * @auth public: one\n * @auth public: two\n */', 'SFA203'],
    ['// @auth public: detached\n', 'SFA207'],
  ])('%j fails closed with %s and stays protected', (comment, code) => {
    expect(annotate(comment)).toEqual({ access: { kind: 'protected' }, codes: [code] })
  })

  test.each([
    '// @authority public: another word',
    '// @auth: public',
    '// @auth-public: joined',
    '// user@auth.example.com',
    '// see the @auth public: docs',
    '// // @auth public: commented out',
    '// ＠auth public: full-width at sign',
    '// auth public: no at sign',
    '/*\n * @auth public: a plain block has no tag lines\n */',
    '/**\n * @example\n * @auth public: an example\n */',
  ])('%j is not a directive: protected, no diagnostic', (comment) => {
    expect(annotate(comment)).toEqual({ access: { kind: 'protected' }, codes: [] })
  })

  test('a directive and its twin without the marker differ only in access', () => {
    // Guards the table above: the helper does see a directive when there is one.
    expect(annotate('// @auth public: x').access).toEqual({ kind: 'public', reason: 'x' })
    expect(annotate('// auth public: x').access).toEqual({ kind: 'protected' })
  })
})

describe('where diagnostics point', () => {
  test('at the `@auth` token, not at the comment', () => {
    const code = `${imp}/**\n * Summary.\n *   @auth pubic: typo\n */\nexport const fn = createServerFn().handler(() => 1)\n`
    const [diagnostic, ...rest] = analyzeModule(code, { file }).diagnostics
    expect(rest).toEqual([])
    expect(diagnostic).toMatchObject({ code: 'SFA202', file, loc: { line: 4, column: 5 } })
    expect(code.slice(diagnostic!.loc.start, diagnostic!.loc.end)).toBe('@auth')
  })

  test('a duplicate is reported at the second directive, and the first keeps no effect', () => {
    const code = `${imp}// @auth public: one\n// @auth public: two\nexport const fn = createServerFn().handler(() => 1)\n`
    const analysis = analyzeModule(code, { file })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA203', 3, 3]])
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'protected' })
  })

  test('a directive on the first statement of a CRLF file is read, and one leading an import is reported', () => {
    const code = `// @auth public: windows line endings\r\nimport { createServerFn } from '@tanstack/react-start'\r\n// @auth public: crlf\r\nexport const fn = createServerFn().handler(() => 1)\r\n`
    const analysis = analyzeModule(code, { file })
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'public', reason: 'crlf' })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA204', 1, 3]])
  })
})

describe('what a directive may lead', () => {
  const codesOf = (body: string) => {
    const code = `${imp}${body}\n`
    return analyzeModule(code, { file }).diagnostics.map((d) => [d.code, d.loc.line, code.slice(d.loc.start, d.loc.end)])
  }

  test('a statement that declares no server function: SFA204', () => {
    expect(codesOf('// @auth public: r\nexport const x = 1')).toEqual([['SFA204', 2, '@auth']])
    expect(codesOf('// @auth public: r\nexport function helper() {}')).toEqual([['SFA204', 2, '@auth']])
  })

  test('a statement of several declarators: SFA208, and none of them is public', () => {
    const code = `${imp}// @auth public: r\nexport const a = createServerFn().handler(() => 1), b = createServerFn().handler(() => 2)\n`
    const analysis = analyzeModule(code, { file })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA208', 2, 3]])
    expect(analysis.declarations.map((d) => [d.name, d.access.kind])).toEqual([
      ['a', 'protected'],
      ['b', 'protected'],
    ])
  })

  test('a public builder makes the endpoints derived from it public, with its reason', () => {
    const code = `${imp}// @auth public: marketing\nconst pub = createServerFn()\nexport const pricing = pub.handler(() => 1)\nconst priv = createServerFn()\nexport const invoice = priv.handler(() => 2)\n`
    const analysis = analyzeModule(code, { file })
    expect(analysis.diagnostics).toEqual([])
    expect(analysis.declarations.map((d) => [d.name, d.access])).toEqual([
      ['pub', { kind: 'public', reason: 'marketing' }],
      ['pricing', { kind: 'public', reason: 'marketing' }],
      ['priv', { kind: 'protected' }],
      ['invoice', { kind: 'protected' }],
    ])
  })

  test('a directive on a derived declaration has no effect: SFA205', () => {
    expect(codesOf('const base = createServerFn()\n// @auth public: nope\nexport const f = base.handler(() => 1)')).toEqual([['SFA205', 3, '@auth']])
    const code = "import { authed } from './builders'\n// @auth public: nope\nexport const f = authed.handler(() => 1)\n"
    const analysis = analyzeModule(code, { file })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA205', 2, 3]])
    expect(analysis.declarations[0]?.access).toEqual({ kind: 'protected' })
  })

  test('an annotation-like text in a string or a template is not a comment', () => {
    expect(codesOf("export const note = '// @auth public: not a comment'\nexport const f = createServerFn().handler(() => note)")).toEqual([])
    const code = `${imp}export const note = \`\n/* @auth public: nope */\`\nexport const f = createServerFn().handler(() => note)\n`
    expect(analyzeModule(code, { file }).declarations.map((d) => d.access)).toEqual([{ kind: 'protected' }])
  })
})

describe('@auth role directives', () => {
  const roles = (comment: string) => {
    const code = `${imp}${comment}\nexport const fn = createServerFn().handler(() => 1)\n`
    const analysis = analyzeModule(code, { file, access: { roles: new Set(['admin', 'billing']), optional: true } })
    return { access: analysis.declarations[0]?.access, codes: analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`) }
  }

  test.each([
    ['// @auth role: admin', ['admin']],
    ['// @auth role:admin,billing', ['admin', 'billing']],
    ['/** @auth role: admin, billing */', ['admin', 'billing']],
    ['/**\n * @auth role: billing\n */', ['billing']],
    ['/**\n * Refunds an order.\n * @auth role: billing\n * @see refundOrder\n */', ['billing']],
    ['/* @auth role - admin */', ['admin']],
  ])('%j requires %j', (comment, expected) => {
    expect(roles(comment)).toEqual({ access: { kind: 'protected', roles: expected }, codes: [] })
  })

  // A list that goes on past its line is never read as fewer roles.
  test.each([
    ['/* @auth role: admin\n   billing */'],
    ['/**\n * @auth role: admin\n *   billing\n */'],
    ['/* @auth role: admin\u2028billing */'],
    ['/* @auth role: admin\rbilling */'],
    ['/**\n * @auth role: admin\n * Lists every user.\n */'],
  ])('%j fails (SFA210) and requires the session only', (comment) => {
    const result = roles(comment)
    expect(result.codes).toEqual([expect.stringMatching(/^SFA210@/)])
    expect(result.access).toEqual({ kind: 'protected' })
  })

  test('a role directive not read as one fails (SFA213); other mentions of @auth fail nothing', () => {
    expect(roles('// see the docs: @auth role: admin').codes).toEqual(['SFA213@2'])
    expect(roles('/**\n * @example\n * // @auth role: admin\n */').codes).toEqual(['SFA213@4'])
    expect(roles('// @authorization: role based, see @auth/core').codes).toEqual([])
    expect(roles('// the @auth roleplay').codes).toEqual([])
    // A read directive is not also a near miss.
    expect(roles('// @auth role: admin').codes).toEqual([])
    expect(roles('// @auth roles: admin').codes).toEqual(['SFA202@2'])
  })
})

describe('@auth role near misses (a role not read would leave an endpoint open to every session)', () => {
  const analyse = (code: string) => {
    const analysis = analyzeModule(`${imp}${code}`, { file, access: { roles: new Set(['admin', 'billing']), optional: true } })
    return analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`)
  }
  const above = (comment: string) => analyse(`${comment}\nexport const fn = createServerFn({ method: 'POST' }).handler(() => 1)\n`)

  test.each([
    ['zero-width space after @auth', '// @auth\u200brole: admin'],
    ['zero-width space in @auth', '// @\u200bauth role: admin'],
    ['soft hyphen', '// @au\u00adth role: admin'],
    ['word joiner', '// @auth\u2060 role: admin'],
    ['small commercial at', '// \ufe6bauth role: admin'],
    ['a space after @', '// @ auth role: admin'],
    ['underscore', '// @auth_role: admin'],
    ['hyphen', '// @auth-role: admin'],
    ['parenthesis', '// @auth(role: admin)'],
    ['Cyrillic о with a capital A', '// @Auth r\u043ele: admin'],
    ['Cyrillic а', '// @\u0430uth role: admin'],
    ['Mongolian vowel separator', '// @auth\u180erole: admin'],
  ])('%s fails (SFA213)', (_, comment) => {
    expect(above(comment)).toEqual(['SFA213@2'])
  })

  test.each([
    ['two line comments', '// @auth role: admin\n//   billing'],
    ['two line comments, CRLF', '// @auth role: admin\r\n//   billing'],
    ['two block comments', '/* @auth role: admin */\n/*   billing */'],
    ['a list in the next comment', '// @auth role: admin\n// billing, support'],
  ])('a list wrapped into the next comment (%s) fails (SFA210)', (_, comment) => {
    expect(above(comment)).toEqual(['SFA210@2'])
  })

  test('a sentence in the next comment is a description, not a wrapped list', () => {
    expect(above('// @auth role: admin\n// Lists every user of the tenant.')).toEqual([])
  })

  test('on a server function, inside it, and above an export of it', () => {
    expect(analyse("export const trailing = createServerFn({ method: 'POST' }).handler(() => 1) // @Auth role: admin\n")).toEqual(['SFA213@2'])
    expect(analyse("export const inner = createServerFn({ method: 'POST' })\n  // @Auth role: admin\n  .handler(() => 1)\n")).toEqual(['SFA213@3'])
    expect(analyse("const listed = createServerFn({ method: 'POST' }).handler(() => 1)\n// @Auth role: admin\nexport { listed }\n")).toEqual(['SFA213@3'])
    expect(analyse("const d = createServerFn({ method: 'POST' }).handler(() => 1)\n// @Auth role: admin\nexport default d\n")).toEqual(['SFA213@3'])
    // Prose elsewhere is prose.
    expect(analyse("export const fn = createServerFn().handler(() => 1)\n\n// Our functions use @Auth role directives; see the docs.\nexport const limits = { admin: 10 }\n")).toEqual([])
  })
})
