import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'

/** `serverfn-auth probe`, the command a user runs, against real builds. */

const cli = join(import.meta.dirname, '../../dist/cli.js')
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, CI: '1' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )

const fns = `import { createServerFn } from '@tanstack/react-start'

// @auth public: probe
export const health = createServerFn().handler(() => 'ok')
export const getReport = createServerFn().handler(() => 'report')
export const saveReport = createServerFn({ method: 'POST' }).handler(() => 'saved')
`

// A session middleware that lets everyone through: what the probe exists to catch.
const leakySession = `import { createMiddleware } from '@tanstack/react-start'

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next({ context: { user: { id: 'anyone' } } }))
`

describe('serverfn-auth probe', () => {
  test('passes an app whose protected endpoints reject anonymous calls; --cookie and --include-public check the rest', async () => {
    const root = writeFixtureApp({ name: 'probe-ok', serverModules: { 'fns.ts': fns } })
    await buildApp(root)
    const anonymous = await run(['probe', join(root, 'dist'), '--json'])
    expect(anonymous.code).toBe(0)
    const report = JSON.parse(anonymous.stdout)
    expect(report).toMatchObject({ ok: true, checks: 2, failures: 0 })
    expect(report.rows.map((row: any) => [row.name, row.method, row.status, row.verdict])).toEqual([
      ['getReport', 'GET', 401, 'pass'],
      ['saveReport', 'POST', 401, 'pass'],
    ])

    const full = await run(['probe', join(root, 'dist'), '--json', '--cookie', 'session=valid', '--include-public'])
    expect(full.code).toBe(0)
    expect(JSON.parse(full.stdout).rows.map((row: any) => [row.name, row.caller, row.status, row.verdict])).toEqual([
      ['health', 'anonymous', 200, 'pass'],
      ['getReport', 'anonymous', 401, 'pass'],
      ['getReport', 'authenticated', 200, 'pass'],
      ['saveReport', 'anonymous', 401, 'pass'],
      ['saveReport', 'authenticated', 200, 'pass'],
    ])

    const wrongCookie = await run(['probe', join(root, 'dist'), '--cookie', 'session=forged'])
    expect(wrongCookie.code).toBe(1)
    expect(wrongCookie.stdout).toMatch(/getReport .*FAIL: rejected/)
  }, 120_000)

  test('fails an app whose session middleware lets everyone through, naming each endpoint', async () => {
    const root = writeFixtureApp({ name: 'probe-leaky', serverModules: { 'session.ts': leakySession, 'fns.ts': fns } })
    await buildApp(root)
    const result = await run(['probe', join(root, 'dist')])
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/src\/server\/fns\.ts:5\s+getReport\s+GET\s+protected, anonymous\s+200\s+FAIL: accepted/)
    expect(result.stdout).toMatch(/src\/server\/fns\.ts:6\s+saveReport\s+POST\s+protected, anonymous\s+200\s+FAIL: accepted/)
    expect(result.stdout).toContain('serverfn-auth probe: 2 of 2 check(s) failed')
  }, 120_000)

  test('refuses, clearly, a missing build or an inventory that does not match it', async () => {
    const missing = await run(['probe', join(import.meta.dirname, 'no-such-dist')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('No server build at')

    const root = writeFixtureApp({ name: 'probe-stale', serverModules: { 'fns.ts': fns } })
    await buildApp(root)
    const inventoryFile = join(root, 'dist/server/serverfn-auth.json')
    const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8'))
    inventory.endpoints[0].id = 'an-id-from-another-build'
    writeFileSync(inventoryFile, JSON.stringify(inventory))
    const stale = await run(['probe', join(root, 'dist')])
    expect(stale.code).toBe(2)
    expect(stale.stderr).toContain('does not match the built server (1 registered endpoint(s) not in the inventory, 1 listed but not registered)')
  }, 120_000)
})
