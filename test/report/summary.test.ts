import type { ServerRouteAnalysis } from '../../src/core/index.ts'
import { describe, expect, test } from 'vitest'
import { formatServerRoutes, formatSummary, serverRouteRows, type EndpointRow, type ServerRouteRow } from '../../src/report/summary.ts'

const row = (name: string, line: number, access: EndpointRow['access'], environment?: string, roles: string[] = []): EndpointRow => ({
  file: '/app/src/fns.ts',
  line,
  name,
  method: 'GET',
  access,
  roles,
  reason: access === 'public' ? 'health probe' : access === 'optional' ? 'the header shows the user' : null,
  package: null,
  ...(environment ? { environment } : {}),
})

describe('formatSummary', () => {
  test('one line per endpoint, aligned, with the counts', () => {
    expect(formatSummary([row('getSecret', 3, 'protected'), row('health', 6, 'public')], { root: '/app' })).toBe(
      ['serverfn-auth: 2 endpoints (1 protected, 1 public)', '  src/fns.ts:3  getSecret  GET      protected', '  src/fns.ts:6  health     GET      public: health probe'].join('\n'),
    )
  })

  test('with several server environments, each row names the one that registers it, or - for none', () => {
    expect(formatSummary([row('getSecret', 3, 'protected', 'rsc'), row('unused', 9, 'protected')], { root: '/app', environments: true })).toBe(
      ['serverfn-auth: 2 endpoints (2 protected, 0 public)', '  src/fns.ts:3  getSecret  rsc  GET      protected', '  src/fns.ts:9  unused     -    GET      protected'].join('\n'),
    )
  })

  test('roles follow protected, an optional endpoint shows its reason, and the counts say both', () => {
    const rows = [row('getSecret', 3, 'protected'), row('refund', 5, 'protected', undefined, ['admin', 'billing']), row('getMe', 7, 'optional'), row('health', 9, 'public')]
    expect(formatSummary(rows, { root: '/app' })).toBe(
      [
        'serverfn-auth: 4 endpoints (2 protected (1 with roles), 1 optional, 1 public)',
        '  src/fns.ts:3  getSecret  GET      protected',
        '  src/fns.ts:5  refund     GET      protected (admin, billing)',
        '  src/fns.ts:7  getMe      GET      optional: the header shows the user',
        '  src/fns.ts:9  health     GET      public: health probe',
      ].join('\n'),
    )
  })

  test('in colour: protected green, with roles too; optional cyan; public yellow', () => {
    const lines = formatSummary([row('refund', 5, 'protected', undefined, ['admin']), row('getMe', 7, 'optional'), row('health', 9, 'public')], { root: '/app', colors: true }).split('\n')
    expect(lines[1]).toContain('\u001b[32mprotected (admin)\u001b[39m')
    expect(lines[2]).toContain('\u001b[36moptional: the header shows the user\u001b[39m')
    expect(lines[3]).toContain('\u001b[33mpublic: health probe\u001b[39m')
  })

  test('reasons and role names are printed escaped', () => {
    const table = formatSummary([{ ...row('getMe', 7, 'optional'), reason: 'x\u001b[2K' }, row('refund', 5, 'protected', undefined, ['ad\u202emin'])], { root: '/app' })
    expect(table).toContain('optional: x\\u{1b}[2K')
    expect(table).toContain('protected (ad\\u{202e}min)')
  })
})

describe('formatServerRoutes', () => {
  const route = (line: number, path: string | null, method: string | null, access: 'protected' | 'public' = 'protected', handlers: ServerRouteRow['handlers'] = 'declared'): ServerRouteRow => ({
    file: '/app/src/routes/api/users.ts',
    line,
    path,
    method,
    access,
    reason: access === 'public' ? 'open data' : null,
    handlers,
  })

  test('one line per method, with its access; handlers that cannot be listed say so', () => {
    expect(formatServerRoutes([route(3, '/api/users', 'GET'), route(4, '/api/users', 'POST', 'public'), route(12, null, null), route(20, '/api/x', null, 'protected', 'maybe')], { root: '/app' })).toBe(
      [
        'serverfn-auth: 4 server route methods (3 protected, 1 public)',
        '  src/routes/api/users.ts:3   /api/users          GET                         protected',
        '  src/routes/api/users.ts:4   /api/users          POST                        public: open data',
        '  src/routes/api/users.ts:12  (path not literal)  any (handlers not literal)  protected',
        '  src/routes/api/users.ts:20  /api/x              any (options not literal)   protected',
      ].join('\n'),
    )
  })

  test('one method in the singular; none prints nothing', () => {
    expect(formatServerRoutes([route(3, '/api/users', 'GET')], { root: '/app' }).split('\n')[0]).toBe('serverfn-auth: 1 server route method (1 protected, 0 public)')
    expect(formatServerRoutes([], { root: '/app' })).toBe('')
  })

  test('rows: one per listed method at its line, one for handlers that cannot be listed, sorted by file and line', () => {
    const loc = (line: number) => ({ line, column: 0, start: 0, end: 1 })
    const analysis = (line: number, methods: string[] | null, reason?: string): ServerRouteAnalysis => ({
      path: '/a',
      factory: 'createFileRoute',
      handlers: 'declared',
      access: reason ? { kind: 'public', reason } : { kind: 'protected' },
      methods: methods?.map((method, index) => ({ method, access: reason ? { kind: 'public', reason } : { kind: 'protected' }, loc: loc(line + index + 1) })) ?? null,
      loc: loc(line),
    })
    const rows = serverRouteRows([['/app/b.ts', [analysis(9, null), analysis(2, ['GET', 'POST'], 'open')]], ['/app/a.ts', [analysis(5, ['ANY'])]]])
    expect(rows.map((row) => `${row.file}:${row.line} ${row.method} ${row.access} ${row.reason}`)).toEqual([
      '/app/a.ts:6 ANY protected null',
      '/app/b.ts:3 GET public open',
      '/app/b.ts:4 POST public open',
      '/app/b.ts:9 null protected null',
    ])
  })
})
