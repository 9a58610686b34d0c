import type { Comment, File, Statement } from '@babel/types'
import { createDiagnostic, type Diagnostic, type SourcePosition } from './diagnostics.ts'
import type { LineIndex } from './line-index.ts'

/**
 * Reads `@auth` directives from comments.
 *
 * ```ts
 * // @auth public: health probe for the load balancer
 * export const health = createServerFn().handler(() => 'ok')
 *
 * /** @auth public — sign-in form *\/
 * export const login = createServerFn({ method: 'POST' }).handler(...)
 * ```
 *
 * A directive belongs to the top-level statement that directly follows its comment: the comment
 * starts its own line, and only whitespace or other comments (no blank line) separate the two.
 * Anything else is reported instead of guessed, so that a directive never silently lands on the
 * wrong declaration or silently does nothing.
 */

export interface AuthDirective {
  kind: 'public'
  reason: string
  loc: SourcePosition
}

export interface DirectiveScan {
  /** Valid directives, by the statement they lead. */
  byStatement: Map<Statement, AuthDirective[]>
  /** Statements led by a directive, valid or not (an invalid one still counts as a directive). */
  annotated: Map<Statement, SourcePosition[]>
  diagnostics: Diagnostic[]
}

/** `@auth` as a word of its own: not `@authority`, not `user@auth.example`. */
const DIRECTIVE = /(?<![\w@.$-])@auth(?![\w$])/g
// A hyphen directly followed by a letter belongs to the word (`public-api` is not `public`);
// one followed by a space is the separator (`public - reason`).
const DIRECTIVE_WORD = /^[ \t]+([^\s:\u2014\u2013-]+(?:-(?=[^\s:\u2014\u2013-])[^\s:\u2014\u2013-]+)*)/
const REASON = /^[ \t]*[:\u2014\u2013-][ \t]*(.*)$/

const COMMENT_MARKER_LENGTH = 2 // `//` and `/*`

export function readAuthDirectives(ast: File, code: string, file: string, lines: LineIndex): DirectiveScan {
  const scan: DirectiveScan = { byStatement: new Map(), annotated: new Map(), diagnostics: [] }
  const comments = ast.comments ?? []
  if (!comments.some((comment) => comment.value.includes('@auth'))) return scan

  const statementsByStart = new Map<number, Statement>()
  for (const statement of ast.program.body) statementsByStart.set(statement.start!, statement)
  const commentsByStart = new Map<number, Comment>()
  for (const comment of comments) commentsByStart.set(comment.start!, comment)

  for (const comment of comments) {
    const valueStart = comment.start! + COMMENT_MARKER_LENGTH
    for (const match of comment.value.matchAll(DIRECTIVE)) {
      const start = valueStart + match.index
      const loc = lines.locate(start, start + match[0].length)
      const statement = ledStatement(comment, code, statementsByStart, commentsByStart)
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

      const rest = comment.value.slice(match.index + match[0].length).split(/\r\n|\r|\n/, 1)[0]!
      const word = DIRECTIVE_WORD.exec(rest)
      if (!word || word[1] !== 'public') {
        const written = word ? `@auth ${word[1]}` : '@auth'
        scan.diagnostics.push(createDiagnostic('SFA202', file, loc, `Unknown directive \`${written}\`.`))
        continue
      }
      const reason = REASON.exec(rest.slice(word[0].length))?.[1]?.replace(/\*+$/, '').trim()
      if (!reason) {
        scan.diagnostics.push(
          createDiagnostic('SFA201', file, loc, '`@auth public` has no reason: a separator (`:`, `—` or `-`) and a reason must follow it.'),
        )
        continue
      }
      const directives = scan.byStatement.get(statement) ?? []
      directives.push({ kind: 'public', reason, loc })
      scan.byStatement.set(statement, directives)
    }
  }
  // A declaration with two directives keeps neither: the build fails on SFA203 anyway.
  for (const [statement, positions] of scan.annotated) {
    if (positions.length > 1) scan.byStatement.delete(statement)
  }
  return scan
}

/** The top-level statement a comment leads, or null when it is detached from any. */
function ledStatement(
  comment: Comment,
  code: string,
  statementsByStart: Map<number, Statement>,
  commentsByStart: Map<number, Comment>,
): Statement | null {
  if (!startsLine(code, comment.start!)) return null
  let position = comment.end!
  for (;;) {
    let newlines = 0
    while (position < code.length && /\s/.test(code[position]!)) {
      if (code[position] === '\n') newlines++
      position++
    }
    if (newlines > 1) return null
    const next = commentsByStart.get(position)
    if (!next) break
    position = next.end!
  }
  return statementsByStart.get(position) ?? null
}

/** Only whitespace, or comments, stand before `offset` on its line. */
function startsLine(code: string, offset: number): boolean {
  const lineStart = Math.max(code.lastIndexOf('\n', offset - 1) + 1, 0)
  const before = code.slice(lineStart, offset).replace(/\/\*.*?\*\//g, '')
  return before.trim() === ''
}
