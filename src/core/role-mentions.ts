import type { Comment } from '@babel/types'
import type { DirectiveToken } from './directive-syntax.ts'
import { LINE_TERMINATOR } from './line-index.ts'

/**
 * `@auth role` where it is not read as a directive, and role lists that go on past their line.
 *
 * A public or optional directive that is not read leaves its function protected: it fails closed,
 * and the app notices. A role that is not read would leave an endpoint open to every session,
 * with a green build and a comment that looks right to a reviewer. So the analysis refuses, above
 * and on a server function (see `analyze-module.ts`), every spelling of `@auth role` it does not
 * read: after other text, in a `///` comment, as `@Auth`, `@auth: role`, `@auth_role`, `@ auth`,
 * with a full-width `＠`, with invisible characters (a zero-width space, a soft hyphen) or
 * look-alike letters (a Cyrillic `а`), in a JSDoc `@example`. Elsewhere (a comment about the
 * directive above a role's middleware) a mention is prose.
 */

/** A mention read as a role directive's would be: its exact spellings, with a position. */
const ROLE_MENTION = /[@\uff20]auth\s*:?\s*roles?(?![\p{L}\p{N}_])/giu

/** The same on a comment's skeleton (see `skeleton`): any separator between the two words. */
const ROLE_SKELETON = /@\s*auth[\s\W_]*roles?(?![\p{L}\p{N}_])/gu

/** Letters that look like those of `auth` and `role` (Cyrillic, Greek, Armenian), as ASCII. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', ɑ: 'a', α: 'a', ս: 'u', υ: 'u', т: 't', τ: 't', һ: 'h', н: 'h', г: 'r', о: 'o', ο: 'o', օ: 'o', ӏ: 'l', ι: 'l', е: 'e', ε: 'e',
}

/**
 * The text as a reader sees it: compatibility forms folded (`＠`, `﹫`, full-width letters), marks
 * and invisible format characters removed, look-alike letters replaced, in lower case.
 */
export function skeleton(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{Mn}\p{Cf}]/gu, '')
    .replace(/[^\x00-\x7f]/g, (char) => LOOK_ALIKES[char] ?? char)
    .toLowerCase()
}

/**
 * A mention of `@auth role` that is not read as a directive: its offset and text, and whether it
 * was seen only on the skeleton (then it is placed at the comment's start).
 */
export type RoleMention = DirectiveToken & { lookAlike: boolean }

/**
 * Whether a comment may mention `@auth` at all, in any spelling: an at sign, and `auth` in its
 * text or its skeleton. Cheap for the plain ASCII comments (`@param`) of every module.
 */
export function mayMentionAuth(text: string): boolean {
  if (!/[@\uff20\ufe6b]/.test(text)) return false
  return /auth/i.test(text) || (/[^\x00-\x7f]/.test(text) && skeleton(text).includes('auth'))
}

/**
 * The mentions of `@auth role` in a comment that are not among its directives. Each exact
 * spelling is given with its position; a spelling seen only on the skeleton (invisible or look-alike
 * characters) is given at the comment's start, once for each such mention.
 */
export function unreadRoleMentions(comment: Comment, tokens: readonly DirectiveToken[]): RoleMention[] {
  if (!mayMentionAuth(comment.value)) return []
  const valueStart = comment.start! + 2
  const read = new Set(tokens.map((token) => token.start))
  const lineEnd = (index: number) => {
    const end = comment.value.slice(index).search(LINE_TERMINATOR)
    return end < 0 ? valueStart + comment.value.length : valueStart + index + end
  }
  const found: RoleMention[] = []
  let exact = 0
  for (const match of comment.value.matchAll(ROLE_MENTION)) {
    exact++
    const start = valueStart + match.index
    if (!read.has(start)) found.push({ start, text: match[0], end: lineEnd(match.index), lookAlike: false })
  }
  const seen = [...skeleton(comment.value).matchAll(ROLE_SKELETON)].length
  for (let extra = seen - exact; extra > 0; extra--) found.push({ start: comment.start!, text: comment.value.trim(), end: lineEnd(0), lookAlike: true })
  return found
}

/**
 * Whether a role directive's comment holds more text after the directive's line: a role list
 * wrapped onto the next line (`/* @auth role: admin⏎ billing *\/`). Another tag (`@see …`) or
 * nothing may follow.
 */
export function continuesPastItsLine(comment: Comment, token: DirectiveToken): boolean {
  const rest = comment.value.slice(token.end - (comment.start! + 2))
  return rest.split(LINE_TERMINATOR).some((line) => {
    const text = line.replace(/^[\s*]+/, '').trim()
    return text !== '' && !text.startsWith('@')
  })
}

/** A line that reads as a list of role names (`billing`, `admin, billing`), not as a sentence. */
const ROLE_LIST_LIKE = /^[\p{L}\p{N}_.:/-]+(?:\s*,\s*[\p{L}\p{N}_.:/-]+)*,?$/u

/**
 * Whether the comment right after a role directive's (`// @auth role: admin⏎//   billing`) starts
 * with what reads as more role names: the list would have been wrapped into the next comment.
 */
export function wrappedIntoNext(next: Comment | undefined): boolean {
  if (!next) return false
  const first = next.value.split(LINE_TERMINATOR).map((line) => line.replace(/^[\s*]+/, '').trim()).find((line) => line !== '')
  return first !== undefined && ROLE_LIST_LIKE.test(first)
}
