import { describe, expect, test } from 'vitest'
import { formatSummary, type EndpointRow } from '../../src/report/summary.ts'

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
