import { describe, expect, test } from 'vitest'
import { baselineEntries, compareBaseline, formatBaselineDiff, parseBaseline, serializeBaseline } from '../../src/report/baseline.ts'
import type { InventoryEntry } from '../../src/report/inventory.ts'

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
})
