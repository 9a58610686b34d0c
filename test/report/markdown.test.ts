import { describe, expect, test } from 'vitest'
import { createDiagnostic } from '../../src/core/index.ts'
import type { InventoryEntry } from '../../src/report/inventory.ts'
import { toMarkdown } from '../../src/report/markdown.ts'

const root = '/app'

const endpoint = (overrides: Partial<InventoryEntry>): InventoryEntry => ({
  id: 'getProfile-id',
  file: 'src/server/fns.ts',
  name: 'getProfile',
  method: 'GET',
  access: 'protected',
  roles: [],
  reason: null,
  line: 3,
  package: null,
  ...overrides,
})

const profile = endpoint({})
const login = endpoint({ id: 'login-id', file: 'src/server/auth.ts', name: 'login', method: 'POST', access: 'public', reason: 'signing in is how a visitor gets a session', line: 18 })
const health = endpoint({ id: 'health-id', file: 'src/server/a.ts', name: 'health', method: 'unknown', access: 'public', reason: 'probe | LB\nand <uptime> checks', line: 8 })

const nested = createDiagnostic('SFA101', '/app/src/server/a.ts', { line: 12, column: 2, start: 300, end: 316 }, '`createServerFn(...)` is called inside a function.')
const noReason = createDiagnostic('SFA201', '/app/src/server/z.ts', { line: 7, column: 3, start: 120, end: 135 }, 'The `@auth public` directive has no reason.')

/** The rows of the table that follows a heading (or `<summary>`), cells split on unescaped pipes. */
function tableAfter(markdown: string, marker: string): string[][] {
  const start = markdown.indexOf(marker)
  expect(start, marker).toBeGreaterThanOrEqual(0)
  const lines = markdown.slice(start).split('\n')
  const first = lines.findIndex((line) => line.startsWith('|'))
  const rows: string[] = []
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break
    rows.push(line)
  }
  return rows.slice(2).map((row) => row.slice(2, -2).split(/(?<!\\) \| /))
}

describe('toMarkdown', () => {
  test('a clean build: heading, summary, public endpoints and the full table, no problems section', () => {
    const markdown = toMarkdown({ diagnostics: [], endpoints: [profile, login], root })
    expect(markdown).toBe(
      [
        '### serverfn-auth',
        '',
        '2 endpoints: 1 protected, 1 public; 0 problems',
        '',
        '#### Public endpoints',
        '',
        '| Endpoint | Method | Location | Reason |',
        '| --- | --- | --- | --- |',
        '| `login` | POST | `src/server/auth.ts:18` | signing in is how a visitor gets a session |',
        '',
        '<details>',
        '<summary>All 2 endpoints</summary>',
        '',
        '| Endpoint | Method | Access | Location |',
        '| --- | --- | --- | --- |',
        '| `login` | POST | public: signing in is how a visitor gets a session | `src/server/auth.ts:18` |',
        '| `getProfile` | GET | protected | `src/server/fns.ts:3` |',
        '',
        '</details>',
        '',
      ].join('\n'),
    )
    expect(markdown).not.toContain('Problems')
  })

  test('problems get a table with 1-based positions relative to the root, code, message and hint', () => {
    const markdown = toMarkdown({ diagnostics: [noReason, nested], endpoints: [profile], root })
    expect(markdown).toContain('1 endpoint: 1 protected, 0 public; 2 problems')
    expect(markdown).toContain('#### Problems')
    const rows = tableAfter(markdown, '#### Problems')
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['`src/server/a.ts:12:3`', '`SFA101` nested-server-fn', '`createServerFn(...)` is called inside a function.'],
      ['`src/server/z.ts:7:4`', '`SFA201` public-without-reason', 'The `@auth public` directive has no reason.'],
    ])
    expect(rows[0]![3]).toBe(nested.hint)
    // No public endpoint: no section for them, but the full table is still there.
    expect(markdown).not.toContain('#### Public endpoints')
    expect(markdown).toContain('<summary>All 1 endpoint</summary>')
  })

  test('no endpoints and no problems: only the heading and the summary', () => {
    expect(toMarkdown({ diagnostics: [], endpoints: [], root })).toBe('### serverfn-auth\n\n0 endpoints: 0 protected, 0 public; 0 problems\n')
  })

  test('pipes, line breaks and HTML in cells cannot break the table', () => {
    const markdown = toMarkdown({ diagnostics: [], endpoints: [health, login], root })
    const rows = tableAfter(markdown, '#### Public endpoints')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual(['`health`', 'unknown', '`src/server/a.ts:8`', 'probe \\| LB<br>and &lt;uptime&gt; checks'])
    for (const line of markdown.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.replaceAll('\\|', '').split('|')).toHaveLength(6)
    }
  })

  test('backticks in a name get a longer fence; code spans in messages are kept and lose their line breaks', () => {
    const odd = endpoint({ id: 'odd', name: 'a`b', access: 'public', reason: 'see `x\ny` and `a|b`' })
    const message = createDiagnostic('SFA102', '/app/src/x.ts', { line: 1, column: 0, start: 0, end: 1 }, 'first line\n`<T>` stays code & <b>this</b> is text')
    const markdown = toMarkdown({ diagnostics: [message], endpoints: [odd], root })
    expect(tableAfter(markdown, '#### Public endpoints')[0]).toEqual(['``a`b``', 'GET', '`src/server/fns.ts:3`', 'see `x y` and `a\\|b`'])
    expect(tableAfter(markdown, '#### Problems')[0]![2]).toBe('first line<br>`<T>` stays code &amp; &lt;b&gt;this&lt;/b&gt; is text')
  })

  test('diagnostics outside the root keep their absolute path', () => {
    const outside = createDiagnostic('SFA401', '/elsewhere/lib/index.js', { line: 2, column: 13, start: 30, end: 44 }, 'The package `lib` declares server functions.')
    expect(tableAfter(toMarkdown({ diagnostics: [outside], endpoints: [], root }), '#### Problems')[0]![0]).toBe('`/elsewhere/lib/index.js:2:14`')
  })

  test('the output does not depend on the order of the input', () => {
    const input = { diagnostics: [nested, noReason], endpoints: [profile, login, health], root }
    const reversed = { diagnostics: [noReason, nested], endpoints: [health, login, profile], root }
    expect(toMarkdown(reversed)).toBe(toMarkdown(input))
  })
})

describe('optional sessions and roles in Markdown', () => {
  const getMe = endpoint({ id: 'getMe-id', file: 'src/server/me.ts', name: 'getMe', access: 'optional', reason: 'the header shows <b>the user</b> | when signed in', line: 5 })
  const refund = endpoint({ id: 'refund-id', file: 'src/server/billing.ts', name: 'refund', method: 'POST', roles: ['admin', 'billing'], line: 9 })
  const markdown = toMarkdown({ diagnostics: [], endpoints: [profile, login, getMe, refund], root })

  test('the summary counts roles among the protected, and the optional endpoints', () => {
    expect(markdown.split('\n')[2]).toBe('4 endpoints: 2 protected (1 with roles), 1 optional, 1 public; 0 problems')
  })

  test('optional-session endpoints get a section of their own, after the public ones, with escaped reasons', () => {
    expect(markdown.indexOf('#### Optional-session endpoints')).toBeGreaterThan(markdown.indexOf('#### Public endpoints'))
    expect(markdown).toContain('#### Optional-session endpoints\n\n| Endpoint | Method | Location | Reason |\n| --- | --- | --- | --- |\n')
    expect(tableAfter(markdown, '#### Optional-session endpoints')).toEqual([['`getMe`', 'GET', '`src/server/me.ts:5`', 'the header shows &lt;b&gt;the user&lt;/b&gt; \\| when signed in']])
    expect(tableAfter(markdown, '#### Public endpoints')).toEqual([['`login`', 'POST', '`src/server/auth.ts:18`', 'signing in is how a visitor gets a session']])
    // None: no section.
    expect(toMarkdown({ diagnostics: [], endpoints: [profile, login], root })).not.toContain('Optional-session')
  })

  test('the full table names each access with the label every report uses', () => {
    expect(tableAfter(markdown, '<summary>All 4 endpoints</summary>')).toEqual([
      ['`login`', 'POST', 'public: signing in is how a visitor gets a session', '`src/server/auth.ts:18`'],
      ['`refund`', 'POST', 'protected (admin, billing)', '`src/server/billing.ts:9`'],
      ['`getProfile`', 'GET', 'protected', '`src/server/fns.ts:3`'],
      ['`getMe`', 'GET', 'optional: the header shows &lt;b&gt;the user&lt;/b&gt; \\| when signed in', '`src/server/me.ts:5`'],
    ])
  })
})

describe('server routes in Markdown', () => {
  test('a section lists each route method with its path, access and location; none leaves it out', () => {
    const markdown = toMarkdown({
      diagnostics: [],
      endpoints: [profile],
      root,
      serverRoutes: [
        { file: '/app/src/routes/api/users.ts', line: 3, path: '/api/users', method: 'GET', access: 'protected', reason: null, handlers: 'declared' },
        { file: '/app/src/routes/api/users.ts', line: 4, path: '/api/users', method: 'POST', access: 'public', reason: 'open | data', handlers: 'declared' },
        { file: '/app/src/routes/api/x.ts', line: 4, path: null, method: null, access: 'protected', reason: null, handlers: 'declared' },
      ],
    })
    expect(tableAfter(markdown, '#### Server routes')).toEqual([
      ['`/api/users`', 'GET', 'protected', '`src/routes/api/users.ts:3`'],
      ['`/api/users`', 'POST', 'public: open \\| data', '`src/routes/api/users.ts:4`'],
      ['path not literal', 'any (handlers not literal)', 'protected', '`src/routes/api/x.ts:4`'],
    ])
    expect(toMarkdown({ diagnostics: [], endpoints: [profile], root, serverRoutes: [] })).not.toContain('Server routes')
  })
})

