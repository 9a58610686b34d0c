import { describe, expect, test } from 'vitest'
import {
  BASELINE_VERSION,
  baselineEntries,
  compareBaseline,
  describeBaseline,
  formatBaselineDiff,
  parseBaseline,
  serializeBaseline,
  type BaselineEntry,
} from '../../src/report/baseline.ts'
import type { InventoryEntry, ServerRouteEntry } from '../../src/report/inventory.ts'

const endpoint = (overrides: Partial<InventoryEntry>): InventoryEntry => ({
  id: 'id',
  file: 'src/server/auth.ts',
  name: 'login',
  method: 'POST',
  access: 'public',
  roles: [],
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

  test('lists public endpoints, not plain protected ones, packages by name, in a stable order', () => {
    expect(baselineEntries(inventory)).toEqual([
      { package: '@workos/kit', name: 'getSignInUrl', access: 'public', reason: 'link' },
      { file: 'src/server/auth.ts', name: 'login', access: 'public', reason: 'sign-in form' },
    ])
    expect(baselineEntries([...inventory].reverse())).toEqual(baselineEntries(inventory))
  })

  test('round-trips through its file format', () => {
    const entries = baselineEntries(inventory)
    expect(parseBaseline(serializeBaseline(entries))).toEqual(entries)
  })

  test.each([
    ['not json', /not JSON/],
    ['null', /expected \{ "version": 2, "endpoints": \[\.\.\.\] \} \(or a version 1 file/],
    ['{"version":3,"endpoints":[]}', /expected \{ "version": 2/],
    // Each version with its own list.
    ['{"version":2,"public":[]}', /expected \{ "version": 2/],
    ['{"version":1,"endpoints":[]}', /expected \{ "version": 2/],
    ['{"version":1,"public":[{"name":"x","reason":"y"}]}', /entry 1 needs "file"/],
    ['{"version":1,"public":[null]}', /entry 1 is not an object/],
  ])('refuses %s', (text, message) => {
    expect(() => parseBaseline(text)).toThrow(message)
  })

  test('finds new, stale and changed entries', () => {
    const before: BaselineEntry[] = [
      { file: 'src/a.ts', name: 'kept', access: 'public', reason: 'same' },
      { file: 'src/a.ts', name: 'gone', access: 'public', reason: 'old' },
      { file: 'src/a.ts', name: 'reworded', access: 'public', reason: 'before' },
    ]
    const now: BaselineEntry[] = [
      { file: 'src/a.ts', name: 'kept', access: 'public', reason: 'same' },
      { file: 'src/a.ts', name: 'reworded', access: 'public', reason: 'after' },
      { file: 'src/b.ts', name: 'fresh', access: 'public', reason: 'new' },
    ]
    const diff = compareBaseline(before, now)
    expect(diff).toEqual({
      added: [{ file: 'src/b.ts', name: 'fresh', access: 'public', reason: 'new' }],
      stale: [{ file: 'src/a.ts', name: 'gone', access: 'public', reason: 'old' }],
      changed: [{ entry: { file: 'src/a.ts', name: 'reworded', access: 'public', reason: 'after' }, from: { file: 'src/a.ts', name: 'reworded', access: 'public', reason: 'before' } }],
    })
    expect(formatBaselineDiff(diff).split('\n')).toEqual([
      '  + src/b.ts fresh: public: new  (new public endpoint, not in the baseline)',
      '  - src/a.ts gone  (in the baseline, but no such public endpoint any more)',
      '  ~ src/a.ts reworded: reason changed from "before" to "after"',
    ])
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
        { file: 'src/routes/api/health.ts', route: '/api/health', method: 'GET', access: 'public', reason: 'load balancer' },
        { file: 'src/routes/api/hooks.ts', route: '/api/hooks', method: 'ANY', access: 'public', reason: 'webhooks sign their calls' },
        { file: 'src/routes/api/made.ts', route: 'line 3', method: 'GET', access: 'public', reason: 'a path built at run time' },
      ])
      const entries = baselineEntries(inventory, routes)
      expect(parseBaseline(serializeBaseline(entries))).toEqual(entries)
    })

    test('a method made public, or a reason changed, is a difference; a function of the same name is another entry', () => {
      const before = baselineEntries(inventory, [route({})])
      const now = baselineEntries(inventory, [route({ reason: 'uptime checks' }), route({ method: 'POST' })])
      const diff = compareBaseline(before, now)
      expect(diff.added).toEqual([{ file: 'src/routes/api/health.ts', route: '/api/health', method: 'POST', access: 'public', reason: 'load balancer' }])
      expect(diff.changed).toEqual([
        {
          entry: { file: 'src/routes/api/health.ts', route: '/api/health', method: 'GET', access: 'public', reason: 'uptime checks' },
          from: { file: 'src/routes/api/health.ts', route: '/api/health', method: 'GET', access: 'public', reason: 'load balancer' },
        },
      ])
      expect(formatBaselineDiff(diff)).toContain('+ src/routes/api/health.ts POST /api/health: public: load balancer  (new public server route method, not in the baseline)')
      expect(formatBaselineDiff(diff)).toContain('~ src/routes/api/health.ts GET /api/health: reason changed from "load balancer" to "uptime checks"')
      // A server function and a route method never share a key.
      const fn: BaselineEntry = { file: 'src/routes/api/health.ts', name: '/api/health GET', access: 'public', reason: 'x' }
      expect(compareBaseline([fn], baselineEntries([], [route({})])).stale).toEqual([fn])
    })

    test('refuses a route entry without its method, or with roles', () => {
      expect(() => parseBaseline('{"version":1,"public":[{"file":"a.ts","route":"/a","reason":"y"}]}')).toThrow(/a server route, needs "file", "route", "method" and "reason"/)
      expect(() => parseBaseline('{"version":2,"endpoints":[{"file":"a.ts","route":"/a","method":"GET","reason":"y"}]}')).toThrow(
        'entry 1, a server route, needs "file", "route", "method", "access": "public" and "reason"',
      )
      expect(() => parseBaseline('{"version":2,"endpoints":[{"file":"a.ts","route":"/a","method":"GET","access":"optional","reason":"y"}]}')).toThrow(/"access": "public"/)
      expect(() => parseBaseline('{"version":2,"endpoints":[{"file":"a.ts","route":"/a","method":"GET","roles":["admin"]}]}')).toThrow(
        'entry 1, a server route, has "roles": a server route is public or protected, with no roles',
      )
    })
  })
})

describe('optional sessions and roles in the baseline', () => {
  const getMe = endpoint({ file: 'src/a.ts', name: 'getMe', method: 'GET', access: 'optional', reason: 'the header shows the user' })
  const refund = endpoint({ file: 'src/a.ts', name: 'refund', access: 'protected', roles: ['billing', 'admin'], reason: null })
  const login = endpoint({ file: 'src/a.ts' })
  const plain = endpoint({ file: 'src/a.ts', name: 'getProfile', access: 'protected', reason: null })
  const current = baselineEntries([getMe, refund, login, plain])

  test('optional endpoints with their reason, and the roles of each endpoint that requires them, sorted', () => {
    expect(current).toEqual([
      { file: 'src/a.ts', name: 'getMe', access: 'optional', reason: 'the header shows the user' },
      { file: 'src/a.ts', name: 'login', access: 'public', reason: 'sign-in form' },
      { file: 'src/a.ts', name: 'refund', roles: ['admin', 'billing'] },
    ])
    const pkg = endpoint({ file: 'node_modules/kit/a.js', package: 'kit', name: 'admin', access: 'protected', roles: ['admin'], reason: null })
    expect(baselineEntries([pkg])).toEqual([{ package: 'kit', name: 'admin', roles: ['admin'] }])
  })

  test('is written as version 2, each entry with "access" and "reason" or "roles", and round-trips', () => {
    const text = serializeBaseline(current)
    expect(BASELINE_VERSION).toBe(2)
    expect(JSON.parse(text)).toEqual({
      version: 2,
      endpoints: [
        { file: 'src/a.ts', name: 'getMe', access: 'optional', reason: 'the header shows the user' },
        { file: 'src/a.ts', name: 'login', access: 'public', reason: 'sign-in form' },
        { file: 'src/a.ts', name: 'refund', roles: ['admin', 'billing'] },
      ],
    })
    expect(text).toContain('{\n      "file": "src/a.ts",\n      "name": "refund",\n      "roles": [\n        "admin",\n        "billing"\n      ]\n    }')
    expect(parseBaseline(text)).toEqual(current)
    expect(compareBaseline(parseBaseline(text), current)).toEqual({ added: [], stale: [], changed: [] })
  })

  test('a version 1 file is read as public entries; the optional and role endpoints are then new', () => {
    const v1 = JSON.stringify({
      version: 1,
      public: [
        { file: 'src/a.ts', name: 'login', reason: 'sign-in form' },
        { package: 'kit', name: 'link', reason: 'link' },
        { file: 'src/routes/api/x.ts', route: '/api/x', method: 'GET', reason: 'open' },
      ],
    })
    expect(parseBaseline(v1)).toEqual([
      { file: 'src/a.ts', name: 'login', access: 'public', reason: 'sign-in form' },
      { package: 'kit', name: 'link', access: 'public', reason: 'link' },
      { file: 'src/routes/api/x.ts', route: '/api/x', method: 'GET', access: 'public', reason: 'open' },
    ])
    const diff = compareBaseline(parseBaseline(v1), baselineEntries([getMe, refund, login]))
    expect(formatBaselineDiff(diff).split('\n')).toEqual([
      '  + src/a.ts getMe: optional: the header shows the user  (new optional endpoint, not in the baseline)',
      '  + src/a.ts refund: protected (admin, billing)  (new endpoint with roles, not in the baseline)',
      '  - kit link  (in the baseline, but no such public endpoint any more)',
      '  - src/routes/api/x.ts GET /api/x  (in the baseline, but no such public endpoint any more)',
    ])
  })

  /** The one line of the difference between the baseline of `before` and that of `after`. */
  const differenceLine = (before: InventoryEntry[], after: InventoryEntry[]) => {
    const diff = compareBaseline(parseBaseline(serializeBaseline(baselineEntries(before))), baselineEntries(after))
    return formatBaselineDiff(diff).split('\n')
  }

  test('a role removed or added is a changed entry', () => {
    expect(differenceLine([refund], [{ ...refund, roles: ['admin'] }])).toEqual(['  ~ src/a.ts refund: roles changed from "admin, billing" to "admin"'])
    expect(differenceLine([refund], [{ ...refund, roles: ['admin', 'billing', 'support'] }])).toEqual(['  ~ src/a.ts refund: roles changed from "admin, billing" to "admin, billing, support"'])
  })

  test('the same roles in another order, or repeated, are no difference', () => {
    expect(compareBaseline(baselineEntries([refund]), baselineEntries([{ ...refund, roles: ['admin', 'billing', 'admin'] }]))).toEqual({ added: [], stale: [], changed: [] })
    // A file written by hand, in another order.
    const byHand = parseBaseline('{"version":2,"endpoints":[{"file":"src/a.ts","name":"refund","roles":["billing","admin"]}]}')
    expect(compareBaseline(byHand, baselineEntries([refund]))).toEqual({ added: [], stale: [], changed: [] })
  })

  test('every role removed: the entry is stale, and says which roles it had', () => {
    expect(differenceLine([refund], [{ ...refund, roles: [] }])).toEqual(['  - src/a.ts refund  (in the baseline with roles "admin, billing", but no such endpoint with roles any more)'])
  })

  test('a protected endpoint that gains roles is new', () => {
    expect(differenceLine([plain], [{ ...plain, roles: ['admin'] }])).toEqual(['  + src/a.ts getProfile: protected (admin)  (new endpoint with roles, not in the baseline)'])
  })

  test('a public endpoint made optional, or an endpoint with roles made optional, is an access change', () => {
    expect(differenceLine([login], [{ ...login, access: 'optional', reason: 'shows the form or the user' }])).toEqual([
      '  ~ src/a.ts login: access changed from "public: sign-in form" to "optional: shows the form or the user"',
    ])
    expect(differenceLine([refund], [{ ...refund, access: 'optional', roles: [], reason: 'anyone' }])).toEqual([
      '  ~ src/a.ts refund: access changed from "protected (admin, billing)" to "optional: anyone"',
    ])
  })

  test('a new optional endpoint, a changed optional reason and a removed optional endpoint', () => {
    expect(differenceLine([], [getMe])).toEqual(['  + src/a.ts getMe: optional: the header shows the user  (new optional endpoint, not in the baseline)'])
    expect(differenceLine([getMe], [{ ...getMe, reason: 'the menu greets the user' }])).toEqual(['  ~ src/a.ts getMe: reason changed from "the header shows the user" to "the menu greets the user"'])
    expect(differenceLine([getMe], [])).toEqual(['  - src/a.ts getMe  (in the baseline, but no such optional endpoint any more)'])
    // Made protected: no longer in the baseline, which is a difference too.
    expect(differenceLine([getMe], [{ ...getMe, access: 'protected', reason: null }])).toEqual(['  - src/a.ts getMe  (in the baseline, but no such optional endpoint any more)'])
  })

  test('roles and reasons are printed escaped in the difference', () => {
    const lines = differenceLine([refund, getMe], [{ ...refund, roles: ['ad\u001b[2Kmin'] }, { ...getMe, reason: 'x\u202ey' }])
    expect(lines.join('\n')).not.toMatch(/[\u001b\u202e]/)
    expect(lines).toContain('  ~ src/a.ts refund: roles changed from "admin, billing" to "ad\\u{1b}[2Kmin"')
  })

  test('says what it lists', () => {
    expect(describeBaseline(current)).toBe('1 public endpoint, 1 optional endpoint and 1 endpoint with roles')
    expect(describeBaseline(baselineEntries([login, { ...login, name: 'logout' }]))).toBe('2 public endpoints')
    expect(describeBaseline(baselineEntries([refund, { ...refund, name: 'void' }]))).toBe('0 public endpoints and 2 endpoints with roles')
    expect(describeBaseline([])).toBe('0 public endpoints')
  })

  const v2 = (entry: unknown) => JSON.stringify({ version: 2, endpoints: [entry] })
  test.each([
    [{ name: 'x', access: 'public', reason: 'y' }, 'entry 1 needs "file" (or "package") and "name"'],
    [{ file: 'a.ts', name: 'x', reason: 'y' }, 'entry 1 needs "access" ("public" or "optional") with "reason", or "roles"'],
    [{ file: 'a.ts', name: 'x', access: 'protected', reason: 'y' }, 'entry 1 needs "access" ("public" or "optional") with "reason", or "roles"'],
    [{ file: 'a.ts', name: 'x', access: 'optional' }, 'entry 1 needs "access" ("public" or "optional") with "reason", or "roles"'],
    [{ file: 'a.ts', name: 'x', roles: [] }, 'entry 1 needs "roles" as a non-empty list of role names'],
    [{ file: 'a.ts', name: 'x', roles: 'admin' }, 'entry 1 needs "roles" as a non-empty list of role names'],
    [{ file: 'a.ts', name: 'x', roles: ['admin', ''] }, 'entry 1 needs "roles" as a non-empty list of role names'],
    [{ file: 'a.ts', name: 'x', roles: ['admin', 3] }, 'entry 1 needs "roles" as a non-empty list of role names'],
    [{ file: 'a.ts', name: 'x', roles: ['admin'], access: 'public', reason: 'y' }, 'entry 1 has "roles" and "access" or "reason": an endpoint that requires roles is protected, give one or the other'],
    ['login', 'entry 1 is not an object'],
  ])('refuses the entry %j', (entry, message) => {
    expect(() => parseBaseline(v2(entry))).toThrow(message)
  })

  test('refuses two entries of one endpoint, which would let one pass unseen', () => {
    const text = JSON.stringify({
      version: 2,
      endpoints: [
        { file: 'src/a.ts', name: 'getMe', access: 'optional', reason: 'r' },
        { file: 'src/a.ts', name: 'getMe', roles: ['admin'] },
      ],
    })
    expect(() => parseBaseline(text)).toThrow('entry 2 repeats entry 1 (src/a.ts getMe)')
  })
})
