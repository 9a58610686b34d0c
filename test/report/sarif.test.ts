import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Log, Result } from 'sarif'
import { Ajv, type ValidateFunction } from 'ajv'
import ajvFormats from 'ajv-formats'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { createDiagnostic, DIAGNOSTIC_CATALOG } from '../../src/core/index.ts'
import type { InventoryEntry } from '../../src/report/inventory.ts'
import { OPTIONAL_ENDPOINT_RULE_ID, PUBLIC_ENDPOINT_RULE_ID, toSarif } from '../../src/report/sarif.ts'

const root = '/app'

/** The official SARIF 2.1.0 schema (draft-04), as Microsoft's SARIF SDK ships it, compiled with Ajv 8. */
function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url)
  const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')
  const { $schema: _draft04, id, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as { $schema: string; id: string }
  // Ajv 8 has no draft-04 meta-schema; the SARIF schema uses no keyword whose meaning changed
  // since (no boolean exclusiveMinimum), so it is compiled as draft-07 under its `$id`.
  // unicodeRegExp: false because one of its patterns (the `language` tag) has a stray `]`, which
  // only the `u` flag rejects; its other patterns mean the same either way.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
  // A CommonJS module: under NodeNext the default import is `module.exports`, which carries `.default`.
  ajvFormats.default(ajv)
  return ajv.compile({ ...schema, $id: id })
}

const validate = sarifValidator()

function expectValid(log: unknown): void {
  const valid = validate(log)
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([])
  expect(valid).toBe(true)
}

const endpoint = (overrides: Partial<InventoryEntry>): InventoryEntry => ({
  id: 'src_server_fns_ts--getProfile_createServerFn_handler',
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

const diagnostics = [
  createDiagnostic('SFA201', '/app/src/server/z.ts', { line: 7, column: 3, start: 120, end: 135 }, 'The `@auth public` directive has no reason.'),
  createDiagnostic('SFA101', '/app/src/server/a.ts', { line: 12, column: 2, start: 300, end: 316 }, '`createServerFn(...)` is called inside a function.'),
  createDiagnostic('SFA102', '/app/src/server/a.ts', { line: 4, column: 0, start: 40, end: 58 }, '`createServerFn(...)` is not the initializer of a declaration.'),
  createDiagnostic('SFA104', '/app/src/routes/my page.tsx', { line: 1, column: 0, start: 0, end: 10 }, 'Indirect call.'),
  createDiagnostic('SFA401', '/elsewhere/linked-lib/index.js', { line: 2, column: 13, start: 30, end: 44 }, 'The package `linked-lib` declares server functions.'),
]

const endpoints = [
  endpoint({}),
  endpoint({ id: 'login-id', file: 'src/server/auth.ts', name: 'login', method: 'POST', access: 'public', reason: 'signing in is how a visitor gets a session', line: 18 }),
  endpoint({ id: 'health-id', file: 'src/server/a.ts', name: 'health', method: 'unknown', access: 'public', reason: 'health probe', line: 8 }),
  endpoint({
    id: 'authkit-id',
    file: 'node_modules/@workos/authkit-tanstack-react-start/dist/server.js',
    name: 'getSignInUrl',
    method: 'POST',
    access: 'public',
    reason: 'sign-in link for anonymous visitors',
    line: 40,
    package: '@workos/authkit-tanstack-react-start',
  }),
]

const log = toSarif({ diagnostics, endpoints, root, toolVersion: '0.1.0' })
const run = log.runs[0]!
const rules = run.tool.driver.rules ?? []
const results = run.results ?? []

function physical(result: Result) {
  const location = result.locations?.[0]?.physicalLocation
  if (!location) throw new Error(`result without a location: ${result.message.text}`)
  return location
}

describe('toSarif', () => {
  test('returns a @types/sarif Log', () => {
    expectTypeOf(toSarif).returns.toEqualTypeOf<Log>()
  })

  test('validates against the official SARIF 2.1.0 schema', () => {
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(log.runs).toHaveLength(1)
    // Through JSON, as a consumer reads the file.
    expectValid(JSON.parse(JSON.stringify(log)))
  })

  test('an empty build is a valid log with every rule and no results', () => {
    const empty = toSarif({ diagnostics: [], endpoints: [endpoint({})], root, toolVersion: '0.1.0' })
    expectValid(empty)
    expect(empty.runs[0]!.results).toEqual([])
    expect(empty.runs[0]!.tool.driver.rules).toHaveLength(Object.keys(DIAGNOSTIC_CATALOG).length + 2)
  })

  test('the validator rejects a broken log', () => {
    expect(validate({ ...log, version: '2.0' })).toBe(false)
    expect(validate.errors?.some((error) => error.instancePath === '/version')).toBe(true)
    const zeroColumn = structuredClone(log)
    physical(zeroColumn.runs[0]!.results![0]!).region!.startColumn = 0
    expect(validate(zeroColumn)).toBe(false)
    // Formats are checked too: a URI reference cannot hold a raw space.
    const rawSpace = structuredClone(log)
    const encoded = rawSpace.runs[0]!.results!.find((r) => r.ruleId === 'SFA104')!
    physical(encoded).artifactLocation!.uri = 'src/routes/my page.tsx'
    expect(validate(rawSpace)).toBe(false)
    const { runs: _runs, ...withoutRuns } = log
    expect(validate(withoutRuns)).toBe(false)
  })

  test('the driver names the tool and lists the catalog in order, then the public- and optional-endpoint rules', () => {
    expect(run.tool.driver.name).toBe('serverfn-auth')
    expect(run.tool.driver.version).toBe('0.1.0')
    expect(run.tool.driver.informationUri).toBeUndefined()
    expect(rules.map((rule) => rule.id)).toEqual([...Object.keys(DIAGNOSTIC_CATALOG), PUBLIC_ENDPOINT_RULE_ID, OPTIONAL_ENDPOINT_RULE_ID])
    expect(rules.find((rule) => rule.id === 'SFA101')).toEqual({
      id: 'SFA101',
      name: 'NestedServerFn',
      shortDescription: { text: 'Nested server fn' },
      help: { text: DIAGNOSTIC_CATALOG.SFA101.hint },
      defaultConfiguration: { level: 'error' },
    })
    expect(rules.find((rule) => rule.id === 'SFA401')?.name).toBe('UnclassifiedDependencyServerFn')
    for (const rule of rules) expect(rule.name).toMatch(/^[A-Z][A-Za-z]*$/)
    expect(rules.at(-2)).toMatchObject({ id: PUBLIC_ENDPOINT_RULE_ID, name: 'PublicEndpoint', defaultConfiguration: { level: 'note' } })
    expect(rules.at(-1)).toEqual({
      id: 'serverfn-auth/optional-session-endpoint',
      name: 'OptionalSessionEndpoint',
      shortDescription: { text: 'Optional-session endpoint' },
      help: { text: expect.stringContaining('`@auth optional`') },
      defaultConfiguration: { level: 'note' },
    })
  })

  test("every result's ruleIndex points at its rule", () => {
    expect(results).toHaveLength(diagnostics.length + 3)
    for (const result of results) {
      expect(result.ruleIndex).toBeTypeOf('number')
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId)
    }
  })

  test('a diagnostic becomes an error at its relative URI, with 1-based columns and its character range', () => {
    const result = results.find((r) => r.ruleId === 'SFA101')!
    expect(result.level).toBe('error')
    expect(result.message.text).toBe('`createServerFn(...)` is called inside a function.')
    expect(physical(result)).toEqual({
      artifactLocation: { uri: 'src/server/a.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 3, charOffset: 300, charLength: 16 },
    })
    expect(physical(results.find((r) => r.ruleId === 'SFA102')!).region?.startColumn).toBe(1)
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///app/' } })
    expect(run.columnKind).toBe('utf16CodeUnits')
  })

  test('URIs inside the root are relative and percent-encoded; outside it they are absolute', () => {
    for (const result of results) {
      const { uri, uriBaseId } = physical(result).artifactLocation ?? {}
      if (uriBaseId === undefined) continue
      expect(uri).not.toMatch(/^\/|^file:|\\|^\.\./)
    }
    expect(physical(results.find((r) => r.ruleId === 'SFA104')!).artifactLocation?.uri).toBe('src/routes/my%20page.tsx')
    expect(physical(results.find((r) => r.ruleId === 'SFA401')!).artifactLocation).toEqual({ uri: 'file:///elsewhere/linked-lib/index.js' })
    // A root given with a trailing slash changes nothing.
    expect(toSarif({ diagnostics, endpoints, root: '/app/', toolVersion: '0.1.0' })).toEqual(log)
  })

  test('each public endpoint is a note with its reason and function id; protected ones are not reported', () => {
    const notes = results.filter((r) => r.ruleId === PUBLIC_ENDPOINT_RULE_ID)
    expect(notes.map((r) => r.properties?.['functionId'])).toEqual(['authkit-id', 'health-id', 'login-id'])
    const login = notes.find((r) => r.properties?.['functionId'] === 'login-id')!
    expect(login.level).toBe('note')
    expect(login.message.text).toBe('`login` (POST) is public: signing in is how a visitor gets a session')
    expect(physical(login)).toEqual({ artifactLocation: { uri: 'src/server/auth.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 18 } })
    expect(notes.find((r) => r.properties?.['functionId'] === 'health-id')!.message.text).toBe('`health` (method unknown) is public: health probe')
    expect(JSON.stringify(log)).not.toContain('getProfile')
  })

  test('results are sorted by URI, then line', () => {
    expect(results.map((r) => `${physical(r).artifactLocation?.uri}:${physical(r).region?.startLine}`)).toEqual([
      'file:///elsewhere/linked-lib/index.js:2',
      'node_modules/@workos/authkit-tanstack-react-start/dist/server.js:40',
      'src/routes/my%20page.tsx:1',
      'src/server/a.ts:4',
      'src/server/a.ts:8',
      'src/server/a.ts:12',
      'src/server/auth.ts:18',
      'src/server/z.ts:7',
    ])
    const shuffled = toSarif({ diagnostics: [...diagnostics].reverse(), endpoints: [...endpoints].reverse(), root, toolVersion: '0.1.0' })
    expect(shuffled).toEqual(log)
  })
})

describe('optional sessions and roles in SARIF', () => {
  const getMe = endpoint({ id: 'getMe-id', file: 'src/server/me.ts', name: 'getMe', access: 'optional', reason: 'the header shows the user when signed in', line: 5 })
  const refund = endpoint({ id: 'refund-id', file: 'src/server/billing.ts', name: 'refund', method: 'POST', roles: ['admin', 'billing'], line: 9 })
  const login = endpoints[1]!
  const mixed = toSarif({ diagnostics: [], endpoints: [getMe, refund, login], root, toolVersion: '0.1.0' })
  const mixedRules = mixed.runs[0]!.tool.driver.rules!
  const mixedResults = mixed.runs[0]!.results!

  test('an optional endpoint is a note of its own rule, with its reason, as a public one is', () => {
    expectValid(JSON.parse(JSON.stringify(mixed)))
    const note = mixedResults.find((r) => r.properties?.['functionId'] === 'getMe-id')!
    expect(note).toEqual({
      ruleId: OPTIONAL_ENDPOINT_RULE_ID,
      ruleIndex: mixedRules.length - 1,
      level: 'note',
      message: { text: '`getMe` (GET) answers anonymous callers, with the session when there is one: the header shows the user when signed in' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/server/me.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 5 } } }],
      properties: { functionId: 'getMe-id' },
    })
    for (const result of mixedResults) expect(mixedRules[result.ruleIndex!]!.id).toBe(result.ruleId)
  })

  test('an endpoint that requires roles is protected: no result', () => {
    expect(mixedResults.map((r) => [r.ruleId, r.properties?.['functionId']])).toEqual([
      [PUBLIC_ENDPOINT_RULE_ID, 'login-id'],
      [OPTIONAL_ENDPOINT_RULE_ID, 'getMe-id'],
    ])
    expect(JSON.stringify(mixed)).not.toContain('refund')
  })
})

describe('server routes in SARIF', () => {
  test('each public method is a note at its file and line, as a public endpoint is; protected ones are not results', () => {
    const routed = toSarif({
      diagnostics: [],
      endpoints: [],
      root,
      toolVersion: '0.1.0',
      serverRoutes: [
        { file: '/app/src/routes/api/users.ts', line: 3, path: '/api/users', method: 'GET', access: 'public', reason: 'open data', handlers: 'declared' },
        { file: '/app/src/routes/api/users.ts', line: 4, path: '/api/users', method: 'POST', access: 'protected', reason: null, handlers: 'declared' },
        { file: '/app/src/routes/api/any.ts', line: 5, path: null, method: null, access: 'public', reason: 'status page', handlers: 'maybe' },
      ],
    })
    expectValid(JSON.parse(JSON.stringify(routed)))
    const results = routed.runs[0]!.results!
    expect(results.map((result) => [result.ruleId, result.level, result.message.text, physical(result).artifactLocation!.uri, physical(result).region!.startLine])).toEqual([
      [PUBLIC_ENDPOINT_RULE_ID, 'note', 'The server route (path not literal) answers any (options not literal) requests without a session: status page', 'src/routes/api/any.ts', 5],
      [PUBLIC_ENDPOINT_RULE_ID, 'note', 'The server route /api/users answers GET requests without a session: open data', 'src/routes/api/users.ts', 3],
    ])
    for (const result of results) expect(routed.runs[0]!.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId)
  })
})
