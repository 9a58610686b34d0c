import type { Comment, File, Node, Statement } from '@babel/types'
import { createDiagnostic, type Diagnostic, type SourcePosition } from './diagnostics.ts'
import { directiveTokens, type DirectiveToken } from './directive-syntax.ts'
import { isLineTerminator, type LineIndex } from './line-index.ts'
import { continuesPastItsLine, mayMentionAuth, unreadRoleMentions, wrappedIntoNext } from './role-mentions.ts'

/**
 * Reads `@auth` directives and attaches each to the top-level statement it leads.
 *
 * ```ts
 * // @auth public: health probe for the load balancer
 * export const health = createServerFn().handler(() => 'ok')
 * // @auth optional: the root route asks who is signed in on every page
 * export const getCurrentUser = createServerFn().handler(({ context }) => context.user ?? null)
 * // @auth role: admin, billing
 * export const refund = createServerFn({ method: 'POST' }).handler(refundOrder)
 * ```
 *
 * `public` and `optional` take a reason; `role` takes a comma-separated list of role names, every
 * one of which the caller must hold.
 *
 * A directive (see `directive-syntax.ts` for what is one) leads the statement that directly
 * follows its comment: the comment starts its own line, and only whitespace and other comments
 * separate the two, with no blank line, counted with every ECMAScript line terminator and inside
 * those comments too. A directive that leads nothing is reported instead of guessed, so that it
 * never silently lands on the wrong declaration or silently does nothing.
 */

export type AuthDirective =
  /** Answers anonymous callers. */
  | { kind: 'public'; reason: string; loc: SourcePosition }
  /** Answers anonymous callers, with the session read when there is one. */
  | { kind: 'optional'; reason: string; loc: SourcePosition }
  /** Protected, and every role listed is required too. */
  | { kind: 'role'; roles: string[]; loc: SourcePosition }

/** What a role name may be: letters, digits and `_`, then also `.`, `:`, `/` and `-` (`posts:write`). */
export const ROLE_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.:/-]*$/u

export interface DirectiveScan {
  /** Valid directives, by the statement (or other target) they lead. */
  byStatement: Map<Statement | Node, AuthDirective>
  /** Statements led by a directive, valid or not (an invalid one still counts as a directive). */
  annotated: Map<Statement | Node, SourcePosition[]>
  /**
   * `@auth role` written where it is not read as a directive (see `role-mentions.ts`), with the
   * statement its comment leads, if any: the analysis refuses those above or on a server function
   * (SFA213).
   */
  unreadRoles: Array<{ statement: Statement | Node | null; comment: Comment; loc: SourcePosition; text: string; lookAlike: boolean }>
  diagnostics: Diagnostic[]
}

export interface DirectiveScanOptions {
  /** Nodes a directive may lead besides top-level statements: the methods of a server route's `handlers`. */
  targets?: ReadonlySet<Node>
  /**
   * Whether this scan reads the directive that leads `target` (null: a detached one). A module
   * with server functions and server routes is read by both analyses, each its own directives,
   * so that none is reported twice or by the wrong one.
   */
  owns?: (target: Node | null) => boolean
}

// A hyphen directly followed by a letter belongs to the word (`public-api` is not `public`);
// one followed by a space is the separator (`public - reason`).
const DIRECTIVE_WORD = /^[ \t]+([^\s:\u2014\u2013-]+(?:-(?=[^\s:\u2014\u2013-])[^\s:\u2014\u2013-]+)*)/
const REASON = /^[ \t]*[:\u2014\u2013-][ \t]*(.*)$/

export function readAuthDirectives(ast: File, code: string, file: string, lines: LineIndex, options: DirectiveScanOptions = {}): DirectiveScan {
  const scan: DirectiveScan = { byStatement: new Map(), annotated: new Map(), unreadRoles: [], diagnostics: [] }
  const comments = ast.comments ?? []
  if (!comments.some((comment) => mayMentionAuth(comment.value))) return scan
  const owns = options.owns ?? (() => true)

  const statementsByStart = new Map<number, Statement | Node>()
  for (const statement of ast.program.body) statementsByStart.set(statement.start!, statement)
  for (const target of options.targets ?? []) statementsByStart.set(target.start!, target)
  const commentsByStart = new Map<number, Comment>()
  for (const comment of comments) commentsByStart.set(comment.start!, comment)

  for (const comment of comments) {
    const tokens = directiveTokens(comment)
    for (const mention of unreadRoleMentions(comment, tokens)) {
      const statement = ledStatement(comment, mention, code, lines, statementsByStart, comments, commentsByStart)
      const loc = lines.locate(mention.start, mention.lookAlike ? comment.end! : mention.start + mention.text.length)
      scan.unreadRoles.push({ statement, comment, loc, text: mention.text, lookAlike: mention.lookAlike })
    }
    for (const token of tokens) {
      const loc = lines.locate(token.start, token.start + '@auth'.length)
      const statement = ledStatement(comment, token, code, lines, statementsByStart, comments, commentsByStart)
      if (!owns(statement)) continue
      if (!statement) {
        scan.diagnostics.push(
          createDiagnostic('SFA207', file, loc, '`@auth` directive does not directly precede a top-level declaration, so it would apply to nothing.'),
        )
        continue
      }
      const positions = scan.annotated.get(statement) ?? []
      positions.push(loc)
      scan.annotated.set(statement, positions)
      if (positions.length > 1) {
        scan.diagnostics.push(createDiagnostic('SFA203', file, loc, 'The declaration has more than one `@auth` directive.'))
        continue
      }
      const directive = parseDirective(token.text, loc, file, scan.diagnostics)
      if (directive?.kind === 'role' && (continuesPastItsLine(comment, token) || wrappedIntoNext(nextComment(comment, code, commentsByStart)))) {
        scan.diagnostics.push(
          createDiagnostic('SFA210', file, loc, `\`@auth role: ${directive.roles.join(', ')}\` is followed by more text in its comment, which would not be read as roles: a role list is one line.`),
        )
        continue
      }
      if (directive) scan.byStatement.set(statement, directive)
    }
  }
  // A declaration with two directives keeps neither: the build fails on SFA203 anyway.
  for (const [statement, positions] of scan.annotated) {
    if (positions.length > 1) scan.byStatement.delete(statement)
  }
  return scan
}

function parseDirective(text: string, loc: SourcePosition, file: string, diagnostics: Diagnostic[]): AuthDirective | null {
  const body = text.replace(/\*+\s*$/, '')
  const word = DIRECTIVE_WORD.exec(body)
  const kind = word?.[1]
  if (kind !== 'public' && kind !== 'optional' && kind !== 'role') {
    const message = !word
      ? '`@auth` is not followed by a directive word.'
      : kind === 'roles'
        ? '`@auth roles` is not a directive: the word is `role`, followed by one role name or a comma-separated list (`@auth role: admin, billing`).'
        : `Unknown directive \`@auth ${kind}\`.`
    diagnostics.push(createDiagnostic('SFA202', file, loc, message))
    return null
  }
  const rest = REASON.exec(body.slice(word![0].length))?.[1]?.trim()
  if (kind === 'role') return parseRoles(rest, loc, file, diagnostics)
  if (!rest) {
    diagnostics.push(
      createDiagnostic('SFA201', file, loc, `\`@auth ${kind}\` has no reason: a separator (\`:\`, \`—\` or \`-\`) and a reason must follow it.`),
    )
    return null
  }
  return { kind, reason: rest, loc }
}

/** `admin` or `admin, billing`: every name well formed, none twice, at least one. */
function parseRoles(list: string | undefined, loc: SourcePosition, file: string, diagnostics: Diagnostic[]): AuthDirective | null {
  const fail = (message: string) => {
    diagnostics.push(createDiagnostic('SFA210', file, loc, message))
    return null
  }
  if (!list) return fail('`@auth role` names no role: a separator (`:`) and one role name or a comma-separated list must follow it.')
  const roles: string[] = []
  for (const item of list.split(',').map((part) => part.trim())) {
    if (item === '') return fail(`\`@auth role: ${list}\` has an empty name in its list.`)
    if (/\s/.test(item)) return fail(`\`@auth role: ${list}\`: \`${item}\` is not one role name; separate role names with commas, and put no comment after the list.`)
    if (!ROLE_NAME.test(item)) return fail(`\`@auth role: ${list}\`: \`${item}\` is not a role name (letters, digits and \`_\`, then also \`.\`, \`:\`, \`/\` or \`-\`).`)
    if (roles.includes(item)) return fail(`\`@auth role: ${list}\` lists \`${item}\` twice.`)
    roles.push(item)
  }
  return { kind: 'role', roles, loc }
}

/** The top-level statement a directive leads, or null when it is detached from any. */
function ledStatement(
  comment: Comment,
  token: DirectiveToken,
  code: string,
  lines: LineIndex,
  statementsByStart: Map<number, Statement | Node>,
  comments: readonly Comment[],
  commentsByStart: Map<number, Comment>,
): Statement | Node | null {
  if (!startsLine(code, comment, comments, lines)) return null
  // Within its own comment, the directive's line must not be followed by a blank one.
  if (hasBlankLine(code, token.end, comment.end!)) return null
  let position = comment.end!
  for (;;) {
    const whitespaceEnd = skipWhitespace(code, position)
    if (hasBlankLine(code, position, whitespaceEnd, true)) return null
    position = whitespaceEnd
    const next = commentsByStart.get(position)
    if (!next) break
    if (hasBlankLine(code, next.start!, next.end!)) return null
    position = next.end!
  }
  return statementsByStart.get(position) ?? null
}

/** The comment right after `comment`, with only whitespace and no blank line between them. */
function nextComment(comment: Comment, code: string, commentsByStart: Map<number, Comment>): Comment | undefined {
  const end = skipWhitespace(code, comment.end!)
  return hasBlankLine(code, comment.end!, end, true) ? undefined : commentsByStart.get(end)
}

function skipWhitespace(code: string, position: number): number {
  while (position < code.length && /\s/.test(code[position]!)) position++
  return position
}

/**
 * Whether `code[from, to)` holds a blank line: two line terminators (CRLF counts as one) with only
 * whitespace between them. `whitespaceOnly` says the range is all whitespace, as between tokens.
 */
function hasBlankLine(code: string, from: number, to: number, whitespaceOnly = false): boolean {
  let terminators = 0
  for (let i = from; i < to; i++) {
    const char = code.charCodeAt(i)
    if (isLineTerminator(char)) {
      if (char === 13 && code.charCodeAt(i + 1) === 10) i++
      if (++terminators > 1) return true
    } else if (!whitespaceOnly && !/\s/.test(code[i]!)) {
      terminators = 0
    }
  }
  return false
}

/** Only whitespace, or whole block comments, stand before `offset` on its line. */
/**
 * Whether only whitespace and comments stand between the start of the comment's line and the
 * comment. The comments are the parser's, never a `/*` found in the text: inside a template
 * literal, a string or JSX text, that is code.
 */
function startsLine(code: string, comment: Comment, comments: readonly Comment[], lines: LineIndex): boolean {
  let position = lines.lineStart(comment.start!)
  for (const other of comments) {
    if (other.start! >= comment.start!) break
    if (other.end! <= position) continue
    if (code.slice(position, other.start!).trim() !== '') return false
    position = other.end!
  }
  return code.slice(position, comment.start!).trim() === ''
}
