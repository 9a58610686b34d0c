import { imp, type EvasionCase } from '../case.ts'

/** Class 4: blank lines and line starts are counted with every ECMAScript line terminator. */
const c = '4 line terminators'
const fn = "export const f = createServerFn().handler(() => 'secret')"
export const cases: EvasionCase[] = [
  { class: c, shape: 'CR-only line endings, a blank line between', expect: 'error', code: 'SFA207', why: 'A lone CR ends a line.', source: `${imp}// @auth public: detached\r\r${fn}` },
  { class: c, shape: 'CRLF line endings, a blank line between', expect: 'error', code: 'SFA207', why: 'CRLF is one terminator; two make a blank line.', source: `${imp}// @auth public: detached\r\n\r\n${fn}` },
  { class: c, shape: 'U+2028 LINE SEPARATOR, a blank line between', expect: 'error', code: 'SFA207', why: 'U+2028 ends a line in JavaScript.', source: `${imp}// @auth public: detached\u2028\u2028${fn}` },
  { class: c, shape: 'U+2029 PARAGRAPH SEPARATOR, a blank line between', expect: 'error', code: 'SFA207', why: 'U+2029 too.', source: `${imp}// @auth public: detached\u2029\u2029${fn}` },
  { class: c, shape: 'mixed CRLF then CR', expect: 'error', code: 'SFA207', why: 'Two terminators, whatever their kind.', source: `${imp}// @auth public: detached\r\n\r${fn}` },
  { class: c, shape: 'a blank line inside an intervening block comment', expect: 'error', code: 'SFA207', why: 'Counted inside comments too.', source: `${imp}// @auth public: detached\n/* note\n\n*/\n${fn}` },
  { class: c, shape: 'a CR-only blank line inside an intervening block comment', expect: 'error', code: 'SFA207', why: 'With every terminator.', source: `${imp}// @auth public: detached\r/* note\r\r*/\r${fn}` },
  { class: c, shape: 'a blank line inside the directive’s own block comment', expect: 'error', code: 'SFA207', why: 'The directive’s line must be followed directly.', source: `${imp}/* @auth public: detached\n\n*/\n${fn}` },
  { class: c, shape: 'CR-only line endings, attached', expect: 'public', publicNames: ['f'], why: 'Directly above, with CR endings: it leads the declaration.', source: `${imp}// @auth public: health\r${fn}` },
  { class: c, shape: 'a directive after U+2028 on the line of other code', expect: 'public', publicNames: ['f'], why: 'U+2028 starts a new line: the comment starts its line.', source: `${imp}export const a = createServerFn().handler(() => 'secret')\u2028// @auth public: health\n${fn}` },
  { class: c, shape: 'a directive ended by U+2029', expect: 'public', publicNames: ['f'], why: 'A line comment ends at U+2029.', source: `${imp}// @auth public: health\u2029${fn}` },
  { class: c, shape: 'a directive after code, on a line ended by CR only', expect: 'error', code: 'SFA207', why: 'Code before it on its line: it leads nothing.', source: `${imp}export const a = createServerFn().handler(() => 'secret') // @auth public: trailing\r${fn}` },
]
