import { describe, expect, test } from 'vitest'
import { baselineEntries, compareBaseline, formatBaselineDiff, parseBaseline, serializeBaseline } from '../../src/report/baseline.ts'
import type { InventoryEntry, ServerRouteEntry } from '../../src/report/inventory.ts'

const endpoint = (overrides: Partial<InventoryEntry>): InventoryEntry => ({
  id: 'id',
  file: 'src/server/auth.ts',
  name: 'login',
  method: 'POST',
  access: 'public',
  reason: 'sign-in form',
  line: 1,
  package: null,
  ...overrides,
})

describe('baseline', () => {
  const inventory = [
    endpoint({}),
    endpoint({ name: 'getProfile', access: 'protected', reason: null }),
    endpoint({ file: 'node_modules/.pnpm/x@1/node_modules/@workos/kit/dist/a.js', name: 'getSignInUrl', reason: 'link', package: '@workos/kit' }),
  ]

  test('lists public endpoints only, packages by name, in a stable order', () => {
    expect(baselineEntries(inventory)).toEqual([
      { package: '@workos/kit', name: 'getSignInUrl', reason: 'link' },
      { file: 'src/server/auth.ts', name: 'login', reason: 'sign-in form' },
    ])
    expect(baselineEntries([...inventory].reverse())).toEqual(baselineEntries(inventory))
  })

  test('round-trips through its file format', () => {
    const entries = baselineEntries(inventory)
    expect(parseBaseline(serializeBaseline(entries))).toEqual(entries)
  })

  test.each([
    ['not json', /not JSON/],
    ['{"version":2,"public":[]}', /expected \{ "version": 1/],
    ['{"version":1,"public":[{"name":"x","reason":"y"}]}', /entry 1 needs "file"/],
  ])('refuses %s', (text, message) => {
    expect(() => parseBaseline(text)).toThrow(message)
  })

  test('finds new, stale and changed entries', () => {
    const before = [
      { file: 'src/a.ts', name: 'kept', reason: 'same' },
      { file: 'src/a.ts', name: 'gone', reason: 'old' },
      { file: 'src/a.ts', name: 'reworded', reason: 'before' },
    ]
    const now = [
      { file: 'src/a.ts', name: 'kept', reason: 'same' },
      { file: 'src/a.ts', name: 'reworded', reason: 'after' },
      { file: 'src/b.ts', name: 'fresh', reason: 'new' },
    ]
    const diff = compareBaseline(before, now)
    expect(diff).toEqual({
      added: [{ file: 'src/b.ts', name: 'fresh', reason: 'new' }],
      stale: [{ file: 'src/a.ts', name: 'gone', reason: 'old' }],
      changed: [{ entry: { file: 'src/a.ts', name: 'reworded', reason: 'after' }, from: 'before' }],
    })
    expect(formatBaselineDiff(diff).split('\n').map((line) => line.trim().slice(0, 1))).toEqual(['+', '-', '~'])
    expect(compareBaseline(now, now)).toEqual({ added: [], stale: [], changed: [] })
  })

  describe('server routes', () => {
    const route = (overrides: Partial<ServerRouteEntry>): ServerRouteEntry => ({
      file: 'src/routes/api/health.ts',
      line: 7,
      path: '/api/health',
      method: 'GET',
      handlers: 'declared',
      access: 'public',
      reason: 'load balancer',
      ...overrides,
    })
    const routes = [
      route({}),
      route({ method: 'POST', access: 'protected', reason: null }),
      // Handlers the analysis cannot list, on a route made public as a whole.
      route({ file: 'src/routes/api/hooks.ts', path: '/api/hooks', method: null, reason: 'webhooks sign their calls' }),
      route({ file: 'src/routes/api/made.ts', path: null, line: 3, reason: 'a path built at run time' }),
    ]

    test('public methods are listed by file, path and method; protected ones are not', () => {
      expect(baselineEntries([], routes)).toEqual([
        { file: 'src/routes/api/health.ts', route: '/api/health', method: 'GET', reason: 'load balancer' },
        { file: 'src/routes/api/hooks.ts', route: '/api/hooks', method: 'ANY', reason: 'webhooks sign their calls' },
        { file: 'src/routes/api/made.ts', route: 'line 3', method: 'GET', reason: 'a path built at run time' },
      ])
      const entries = baselineEntries(inventory, routes)
      expect(parseBaseline(serializeBaseline(entries))).toEqual(entries)
    })

    test('a method made public, or a reason changed, is a difference; a function of the same name is another entry', () => {
      const before = baselineEntries(inventory, [route({})])
      const now = baselineEntries(inventory, [route({ reason: 'uptime checks' }), route({ method: 'POST' })])
      const diff = compareBaseline(before, now)
      expect(diff.added).toEqual([{ file: 'src/routes/api/health.ts', route: '/api/health', method: 'POST', reason: 'load balancer' }])
      expect(diff.changed).toEqual([{ entry: { file: 'src/routes/api/health.ts', route: '/api/health', method: 'GET', reason: 'uptime checks' }, from: 'load balancer' }])
      expect(formatBaselineDiff(diff)).toContain('+ src/routes/api/health.ts POST /api/health: public: load balancer  (new public server route method, not in the baseline)')
      // A server function and a route method never share a key.
      const fn = { file: 'src/routes/api/health.ts', name: '/api/health GET', reason: 'x' }
      expect(compareBaseline([fn], baselineEntries([], [route({})])).stale).toEqual([fn])
    })

    test('refuses a route entry without its method', () => {
      expect(() => parseBaseline('{"version":1,"public":[{"file":"a.ts","route":"/a","reason":"y"}]}')).toThrow(/a server route, needs "file", "route", "method" and "reason"/)
    })
  })
})
