import { describe, expect, test } from 'vitest'
import { formatServerRoutes, formatSummary, serverRouteRows, type EndpointRow, type ServerRouteRow } from '../../src/report/summary.ts'

const row = (name: string, line: number, access: EndpointRow['access'], environment?: string): EndpointRow => ({
  file: '/app/src/fns.ts',
  line,
  name,
  method: 'GET',
  access,
  reason: access === 'public' ? 'health probe' : null,
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
})

describe('formatServerRoutes', () => {
  const route = (line: number, path: string | null, methods: string[] | null, handlers: ServerRouteRow['handlers'] = 'declared'): ServerRouteRow => ({
    file: '/app/src/routes/api/users.ts',
    line,
    path,
    methods,
    handlers,
  })

  test('says that server routes are not protected, one line per route', () => {
    expect(formatServerRoutes([route(3, '/api/users', ['GET', 'POST']), route(12, null, null), route(20, '/api/x', null, 'maybe')], { root: '/app' })).toBe(
      [
        '  3 server routes (file routes with server.handlers) are NOT protected by serverfn-auth: each answers anonymous requests unless its own middleware checks the session',
        '    src/routes/api/users.ts:3   /api/users          GET, POST',
        '    src/routes/api/users.ts:12  (path not literal)  methods not listed',
        '    src/routes/api/users.ts:20  /api/x              options not literal: may have handlers',
      ].join('\n'),
    )
  })

  test('one route in the singular; none prints nothing', () => {
    expect(formatServerRoutes([route(3, '/api/users', ['GET'])], { root: '/app' }).split('\n')[0]).toBe(
      '  1 server route (file routes with server.handlers) is NOT protected by serverfn-auth: it answers anonymous requests unless its own middleware checks the session',
    )
    expect(formatServerRoutes([], { root: '/app' })).toBe('')
  })

  test('rows come sorted by file and line', () => {
    const site = (line: number) => ({ path: '/a', factory: 'createFileRoute', handlers: 'declared' as const, methods: ['GET'], loc: { line, column: 0, start: 0, end: 1 } })
    expect(serverRouteRows([['/app/b.ts', [site(9), site(2)]], ['/app/a.ts', [site(5)]]]).map((row) => `${row.file}:${row.line}`)).toEqual(['/app/a.ts:5', '/app/b.ts:2', '/app/b.ts:9'])
  })
})
