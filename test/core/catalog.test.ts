import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DIAGNOSTIC_CATALOG, RETIRED_CODES } from '../../src/core/index.ts'

const root = join(import.meta.dirname, '../..')

/** Module codes the Vite adapter reports, not the core: each is covered by tests instead of fixtures. */
const ADAPTER_CODES = new Set(['SFA116'])

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

  test('retired codes are never given to anything again, and the README says they are retired', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    for (const code of RETIRED_CODES) {
      expect(code in DIAGNOSTIC_CATALOG, code).toBe(false)
      expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\| retired`))
    }
  })

  test('nothing that can leave an endpoint unprotected is only a warning', () => {
    for (const [, entry] of entries) expect(entry.severity).toBe('error')
  })

  test('the README table lists exactly the catalog, with the same names', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const rows = [...readme.matchAll(/^\| `(SFA\d{3})` \| `([a-z-]+)` \|/gm)].map((m) => [m[1], m[2]])
    expect(rows).toEqual(entries.map(([code, entry]) => [code, entry.name]))
  })

  test('every module-level code is exercised by a fixture, every other one by a test', () => {
    const casesDir = join(root, 'test/fixtures/cases')
    const fixtures = readdirSync(casesDir)
      .map((name) => readFileSync(join(casesDir, name), 'utf8'))
      .join('\n')
    const tests = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.test.ts') && !name.endsWith('catalog.test.ts'))
      .map((name) => readFileSync(join(root, 'test', name), 'utf8'))
      .join('\n')
    for (const [code] of entries) {
      // SFA401 needs a package context, which the fixture options give too. SFA116 is found by the
      // Vite adapter in a Vue component's text, which is no module the fixtures' core reads.
      if (Number(code.slice(3)) < 400 && !ADAPTER_CODES.has(code)) expect(fixtures, code).toContain(`expect-error: ${code}`)
      else expect(tests, code).toMatch(new RegExp(`\\b${code}\\b`))
    }
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
