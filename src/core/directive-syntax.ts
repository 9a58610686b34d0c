import type { Comment } from '@babel/types'
import { LINE_TERMINATOR } from './line-index.ts'

/**
 * Where a comment holds an `@auth` directive, read the way `// @ts-expect-error` and
 * `// eslint-disable-next-line` are read: the comment's text must begin with `@auth` (after the
 * comment opener and whitespace), followed by whitespace or the end. In a JSDoc block (`/** … *\/`)
 * each line may hold one, after its leading `*`, as a tag, except in an `@example` section or a
 * fenced code block. `@auth` anywhere else (a sentence that mentions it, `@auth/core`,
 * `// // @auth public: …`) is not a directive: it neither opens an endpoint nor fails the build.
 *
 * ```ts
 * // @auth public: health probe          directive
 * /** @auth public — sign-in form *\/      directive
 * /**
 *  * Lists plans.
 *  * @auth public: pricing page           directive
 *  *\/
 * // see the @auth docs                   not a directive
 * ```
 */

export interface DirectiveToken {
  /** Offset of `@auth` in the source. */
  start: number
  /** The rest of its line after `@auth`, inside the comment. */
  text: string
  /** Offset just after that text. */
  end: number
}

const MARKER = '@auth'
const HORIZONTAL_SPACE = /^[^\S\n\r\u2028\u2029]*/

function directiveAt(value: string, index: number, valueStart: number): DirectiveToken | null {
  if (!value.startsWith(MARKER, index)) return null
  const after = index + MARKER.length
  if (after < value.length && !/\s/.test(value[after]!)) return null
  const lineEnd = value.slice(after).search(LINE_TERMINATOR)
  const text = lineEnd < 0 ? value.slice(after) : value.slice(after, after + lineEnd)
  return { start: valueStart + index, text, end: valueStart + after + text.length }
}

export function directiveTokens(comment: Comment): DirectiveToken[] {
  const value = comment.value
  const valueStart = comment.start! + 2
  if (comment.type === 'CommentLine') {
    const token = directiveAt(value, HORIZONTAL_SPACE.exec(value)![0].length, valueStart)
    return token ? [token] : []
  }
  if (!value.startsWith('*')) {
    const token = directiveAt(value, value.length - value.trimStart().length, valueStart)
    return token ? [token] : []
  }
  return jsDocTokens(value, valueStart)
}

/** The tag lines of a JSDoc block that are `@auth` directives. */
function jsDocTokens(value: string, valueStart: number): DirectiveToken[] {
  const tokens: DirectiveToken[] = []
  let inExample = false
  let inFence = false
  let lineStart = 0
  for (const line of value.split(LINE_TERMINATOR)) {
    const terminator = LINE_TERMINATOR.exec(value.slice(lineStart + line.length))?.[0] ?? ''
    // Leading whitespace, the line's `*` (the opener's second one on the first line), whitespace.
    let index = HORIZONTAL_SPACE.exec(line)![0].length
    if (line[index] === '*') index++
    index += HORIZONTAL_SPACE.exec(line.slice(index))![0].length
    const content = line.slice(index)
    if (content.startsWith('```')) inFence = !inFence
    else if (!inFence && content.startsWith('@')) {
      const tag = /^@(\S*)/.exec(content)![1]
      if (tag === 'example') inExample = true
      else if (tag === 'auth' && !inExample) {
        const token = directiveAt(value, lineStart + index, valueStart)
        if (token) tokens.push(token)
      } else if (tag !== 'auth') inExample = false
    }
    lineStart += line.length + terminator.length
  }
  return tokens
}
