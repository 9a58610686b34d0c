import { imp, type EvasionCase } from '../case.ts'

/** A comment is a directive only where it stands as one; `@auth` anywhere else opens nothing and fails nothing. */
const c = 'directive syntax'
const fn = "export const f = createServerFn().handler(() => 'secret')"
export const cases: EvasionCase[] = [
  { class: c, shape: '`//@auth public: …` without a space', expect: 'public', publicNames: ['f'], why: 'The text begins with `@auth`.', source: `${imp}//@auth public: health\n${fn}` },
  { class: c, shape: 'a one-line block comment', expect: 'public', publicNames: ['f'], why: 'Same.', source: `${imp}/* @auth public: health */\n${fn}` },
  { class: c, shape: 'a block comment beginning with `@auth` on its second line', expect: 'public', publicNames: ['f'], why: 'After the opener and whitespace.', source: `${imp}/*\n  @auth public: health\n*/\n${fn}` },
  { class: c, shape: 'a sentence that mentions `@auth public`', expect: 'protected', why: 'Not at the start: not a directive.', source: `${imp}// remember to add @auth public: if this is ever opened\n${fn}` },
  { class: c, shape: 'a commented-out directive `// // @auth public: …`', expect: 'protected', why: 'The text begins with `//`.', source: `${imp}// // @auth public: health\n${fn}` },
  { class: c, shape: 'a triple-slash comment `/// @auth public: …`', expect: 'protected', why: 'The text begins with `/`.', source: `${imp}/// @auth public: health\n${fn}` },
  { class: c, shape: '`@auth` in a JSDoc description line', expect: 'protected', why: 'Not a tag line.', source: `${imp}/**\n * Uses the @auth public escape hatch nowhere.\n */\n${fn}` },
  { class: c, shape: '`@auth public` in a JSDoc `@example`', expect: 'protected', why: 'Example text is not a directive.', source: `${imp}/**\n * @example\n * @auth public: health\n */\n${fn}` },
  { class: c, shape: '`@auth public` in a fenced block of a JSDoc', expect: 'protected', why: 'Code in a fence is not a tag.', source: `${imp}/**\n * \`\`\`\n * @auth public: health\n * \`\`\`\n */\n${fn}` },
  { class: c, shape: 'a JSDoc directive after an `@example` and another tag', expect: 'public', publicNames: ['f'], why: 'Another tag ends the example.', source: `${imp}/**\n * @example f()\n * @since 1.0\n * @auth public: health\n */\n${fn}` },
  { class: c, shape: '`@auth:public` without whitespace', expect: 'protected', why: 'Not followed by whitespace: not a directive.', source: `${imp}// @auth:public health\n${fn}` },
  { class: c, shape: 'a mention of `@auth` in a comment far from any declaration', expect: 'protected', why: 'Not a directive: it does not fail the build either.', source: `${imp}${fn}\n\n// Endpoints are protected unless @auth says otherwise.\n` },
]
