import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DIAGNOSTIC_CATALOG } from '../../src/core/index.ts'

const root = join(import.meta.dirname, '../..')

describe('diagnostic catalog', () => {
  const entries = Object.entries(DIAGNOSTIC_CATALOG)

  test('codes are permanent-looking and names are unique kebab-case', () => {
    for (const [code, entry] of entries) {
      expect(code).toMatch(/^SFA\d{3}$/)
      expect(entry.name).toMatch(/^[a-z]+(?:-[a-z]+)*$/)
      expect(entry.hint.length).toBeGreaterThan(20)
    }
    expect(new Set(entries.map(([, entry]) => entry.name)).size).toBe(entries.length)
  })

  test('nothing that can leave an endpoint unprotected is only a warning', () => {
    for (const [, entry] of entries) expect(entry.severity).toBe('error')
  })

  test('the README table lists exactly the catalog, with the same names', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const rows = [...readme.matchAll(/^\| `(SFA\d{3})` \| `([a-z-]+)` \|/gm)].map((m) => [m[1], m[2]])
    expect(rows).toEqual(entries.map(([code, entry]) => [code, entry.name]))
  })

  test('every code is exercised by a fixture', () => {
    const casesDir = join(root, 'test/fixtures/cases')
    const text = readdirSync(casesDir)
      .map((name) => readFileSync(join(casesDir, name), 'utf8'))
      .join('\n')
    for (const [code] of entries) expect(text, code).toContain(`expect-error: ${code}`)
  })
})

describe('layout', () => {
  test('the core never imports vite', () => {
    const coreDir = join(root, 'src/core')
    for (const name of readdirSync(coreDir)) {
      const source = readFileSync(join(coreDir, name), 'utf8')
      expect(source, name).not.toMatch(/from ['"](?:vite|rolldown|rollup)(?:\/[^'"]*)?['"]/)
    }
  })
})
