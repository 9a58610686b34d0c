import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'

/** `serverfn-auth probe`, the command a user runs, against real builds. */

const cli = join(import.meta.dirname, '../../dist/cli.js')
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, CI: '1', ...env } }).then(
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
      ['getReport', 'anonymous', 401, 'pass'],
      ['saveReport', 'anonymous', 401, 'pass'],
      ['health', 'anonymous', 200, 'pass'],
      ['getReport', 'authenticated', 200, 'pass'],
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
    expect(result.stdout).toContain('serverfn-auth probe: 2 of 2 checks failed')
  }, 120_000)

  test('a redirect is a refusal; a session middleware that crashes is named as such, not as a missing 401', async () => {
    // Real session middleware throws redirect({ to: '/login' }); TanStack answers a server function
    // call with 200 and {"isSerializedRedirect":true}.
    const redirecting = `import { createMiddleware } from '@tanstack/react-start'
import { redirect } from '@tanstack/react-router'
import { getCookie } from '@tanstack/react-start/server'

export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  if (process.env.PROBE_CRASH) throw new Error('SESSION_SECRET is not set')
  if (getCookie('session') !== 'valid') throw redirect({ to: '/login' })
  return next({ context: { user: { id: 'fixture-user' } } })
})
`
    const root = writeFixtureApp({ name: 'probe-redirect', serverModules: { 'session.ts': redirecting, 'fns.ts': fns } })
    await buildApp(root)
    const anonymous = await run(['probe', join(root, 'dist'), '--json'])
    expect(anonymous.code).toBe(0)
    expect(JSON.parse(anonymous.stdout).rows.map((row: any) => [row.name, row.status, row.verdict, row.detail])).toEqual([
      ['getReport', 200, 'pass', 'redirected to /login'],
      ['saveReport', 200, 'pass', 'redirected to /login'],
    ])
    // A session middleware that fails (a missing setting) is not called a refusal that lacks a 401.
    const crashing = await run(['probe', join(root, 'dist'), '--json'], { PROBE_CRASH: '1' })
    expect(crashing.code).toBe(0)
    const rows = JSON.parse(crashing.stdout).rows
    expect(rows.map((row: any) => [row.name, row.status, row.verdict])).toEqual([
      ['getReport', 200, 'pass-with-warning'],
      ['saveReport', 200, 'pass-with-warning'],
    ])
    expect(rows[0].detail).toContain('rejected with 200 and the error "SESSION_SECRET is not set"')
    expect(rows[0].detail).toContain('if not, it failed')
    // With a session, a redirect of an authenticated call is a refusal: the session was not accepted.
    const refused = await run(['probe', join(root, 'dist'), '--json', '--cookie', 'session=forged'])
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout).rows.filter((row: any) => row.caller === 'authenticated').map((row: any) => [row.name, row.verdict, row.detail])).toEqual([
      ['getReport', 'rejected', 'redirected to /login'],
      ['saveReport', 'rejected', 'redirected to /login'],
    ])
  }, 120_000)

  test('calls anonymous checks first, then reads before writes; --only and --skip choose the endpoints', async () => {
    const root = writeFixtureApp({ name: 'probe-order', serverModules: { 'fns.ts': fns } })
    await buildApp(root)
    const all = await run(['probe', join(root, 'dist'), '--json', '--cookie', 'session=valid', '--include-public'])
    expect(JSON.parse(all.stdout).rows.map((row: any) => `${row.caller} ${row.name}`)).toEqual([
      'anonymous getReport',
      'anonymous saveReport',
      'anonymous health',
      'authenticated getReport',
      'authenticated saveReport',
    ])
    const skipped = await run(['probe', join(root, 'dist'), '--json', '--cookie', 'session=valid', '--skip', 'saveReport'])
    expect(JSON.parse(skipped.stdout).rows.map((row: any) => `${row.caller} ${row.name}`)).toEqual(['anonymous getReport', 'authenticated getReport'])
    const only = await run(['probe', join(root, 'dist'), '--json', '--only', 'saveReport,health', '--include-public'])
    expect(JSON.parse(only.stdout).rows.map((row: any) => `${row.caller} ${row.name}`)).toEqual(['anonymous saveReport', 'anonymous health'])
    const repeated = await run(['probe', join(root, 'dist'), '--json', '--only', 'getReport', '--only', 'saveReport'])
    expect(JSON.parse(repeated.stdout).rows.map((row: any) => row.name)).toEqual(['getReport', 'saveReport'])
    const unknown = await run(['probe', join(root, 'dist'), '--only', 'noSuchFunction'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--only names no endpoint of this build: noSuchFunction')
    // A public endpoint chosen without --include-public leaves nothing to call: that fails, pages or not.
    const none = await run(['probe', join(root, 'dist'), '--only', 'health', '--page', '/'])
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('no endpoint to call')
    // --cookie-for takes <roles>=<cookie>: a cookie without its roles (or roles without a cookie) is a usage error.
    for (const value of ['session=valid', '=session=valid', 'admin=']) {
      const malformed = await run(['probe', join(root, 'dist'), '--cookie-for', value])
      expect([value, malformed.code]).toEqual([value, 2])
      expect(malformed.stderr).toContain('--cookie-for takes <roles>=<cookie>')
    }
  }, 120_000)

  test("calls the path the build serves under Vite's base", async () => {
    const root = writeFixtureApp({ name: 'probe-base', serverModules: { 'fns.ts': fns }, viteConfig: "base: '/test/'," })
    await buildApp(root)
    const inventory = JSON.parse(readFileSync(join(root, 'dist/server/serverfn-auth.json'), 'utf8'))
    expect(inventory.serverFnBase).toBe('/test/_serverFn/')
    const result = await run(['probe', join(root, 'dist'), '--json', '--cookie', 'session=valid'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).rows.map((row: any) => [row.name, row.caller, row.status])).toEqual([
      ['getReport', 'anonymous', 401],
      ['saveReport', 'anonymous', 401],
      ['getReport', 'authenticated', 200],
      ['saveReport', 'authenticated', 200],
    ])
    // The pages are under the router's basepath, which the inventory records too.
    expect(inventory.routerBasepath).toBe('/test')
    const page = await run(['probe', join(root, 'dist'), '--json', '--page', '/'])
    expect(JSON.parse(page.stdout).pages.map((row: any) => [row.path, row.status, row.verdict])).toEqual([['/', 200, 'pass']])
  }, 120_000)

  test('a failed build leaves no inventory that looks current', async () => {
    const root = writeFixtureApp({ name: 'probe-failed-build', serverModules: { 'fns.ts': fns } })
    await buildApp(root)
    const inventoryFile = join(root, 'dist/server/serverfn-auth.json')
    expect(existsSync(inventoryFile)).toBe(true)
    writeFileSync(join(root, 'src/server/fns.ts'), `${fns}\n// @auth publik: a typo\nexport const broken = createServerFn().handler(() => 'x')\n`)
    await expect(buildApp(root)).rejects.toThrow(/SFA/)
    expect(existsSync(inventoryFile)).toBe(false)
    const stale = await run(['probe', join(root, 'dist')])
    expect(stale.code).toBe(2)
    expect(stale.stderr).toContain('No inventory at')

    // A build that another plugin fails (a syntax error, here) leaves none either, nor the record.
    writeFileSync(join(root, 'src/server/fns.ts'), fns)
    await buildApp(root)
    const record = join(root, 'node_modules/.serverfn-auth/last-build.json')
    expect(existsSync(inventoryFile) && existsSync(record)).toBe(true)
    writeFileSync(join(root, 'src/routes/index.tsx'), 'export const Route = (')
    await expect(buildApp(root)).rejects.toThrow()
    expect(existsSync(inventoryFile) || existsSync(record)).toBe(false)
  }, 120_000)

  test('refuses, clearly, a missing build or an inventory that does not match it', async () => {
    const missing = await run(['probe', join(import.meta.dirname, 'no-such-dist')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('No server build at')

    const root = writeFixtureApp({ name: 'probe-stale', serverModules: { 'fns.ts': fns } })
    await buildApp(root)
    const inventoryFile = join(root, 'dist/server/serverfn-auth.json')
    const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8'))
    // The inventory names the entry it belongs to, with a digest of the bytes on disk.
    const entryFile = join(root, 'dist/server/server.js')
    const sha256 = createHash('sha256').update(readFileSync(entryFile)).digest('hex')
    expect(inventory.server).toEqual({ entry: 'server.js', sha256, manifests: [{ file: 'server.js', sha256 }] })
    const entry = readFileSync(entryFile, 'utf8')
    writeFileSync(entryFile, `${entry}\n// rebuilt without the plugin\n`)
    const changed = await run(['probe', join(root, 'dist')])
    expect(changed.code).toBe(2)
    expect(changed.stderr).toContain('belongs to another build')
    writeFileSync(entryFile, entry)
    expect((await run(['probe', join(root, 'dist')])).code).toBe(0)

    delete inventory.server
    inventory.endpoints[0].id = 'an-id-from-another-build'
    writeFileSync(inventoryFile, JSON.stringify(inventory))
    const stale = await run(['probe', join(root, 'dist')])
    expect(stale.code).toBe(2)
    expect(stale.stderr).toContain('does not match the built server (1 registered endpoint not in the inventory, 1 endpoint listed but not registered)')
  }, 120_000)
  test('--pages renders every page anonymously and names the protected function that breaks one', async () => {
    const pageFns = `import { createServerFn } from '@tanstack/react-start'

// @auth public: the home page shows it to everyone
export const getHeadline = createServerFn().handler(() => 'headline')
export const getSecret = createServerFn().handler(() => 'secret')
`
    const route = (path: string, options: string, fns = '../server/fns') => `import { createFileRoute${options.includes('redirect') ? ', redirect' : ''} } from '@tanstack/react-router'
import { getHeadline, getSecret } from '${fns}'

export const Route = createFileRoute('${path}')({
  ${options},
  component: () => <p>${path}</p>,
})
`
    const root = writeFixtureApp({
      name: 'probe-pages',
      serverModules: { 'fns.ts': pageFns },
      files: {
        'src/routes/index.tsx': route('/', 'loader: () => getHeadline()'),
        'src/routes/dashboard.tsx': route('/dashboard', 'loader: () => getSecret()'),
        'src/routes/account.tsx': route('/account', "beforeLoad: () => { throw redirect({ to: '/' }) }"),
        'src/routes/posts.$postId.tsx': route('/posts/$postId', 'loader: () => getHeadline()'),
        // An index route: the route tree lists it as '/blog/', the page is /blog.
        'src/routes/blog/index.tsx': route('/blog/', 'loader: () => getSecret()', '../../server/fns'),
        // A server route is an endpoint, not a page: rendering it would run its handler.
        'src/routes/api/cron.ts': `import { createFileRoute } from '@tanstack/react-router'

// @auth public: the scheduler calls it without a session
export const Route = createFileRoute('/api/cron')({
  server: { handlers: { GET: () => { throw new Error('the cron handler ran') } } },
})
`,
      },
    })
    await buildApp(root)
    const pages = await run(['probe', join(root, 'dist'), '--pages', '--routes', join(root, 'src/routeTree.gen.ts'), '--page', 'posts/1', '--json'])
    expect(pages.code, pages.stdout).toBe(1)
    const report = JSON.parse(pages.stdout)
    expect(report.pages.map((page: any) => [page.path, page.status, page.verdict, page.refusals.map((refusal: any) => refusal.name)])).toEqual([
      ['/', 200, 'pass', []],
      ['/account', 307, 'pass', []],
      ['/dashboard', 401, 'refused', ['getSecret']],
      ['/api/cron', null, 'skipped', []],
      ['/posts/$postId', null, 'skipped', []],
      ['/blog', 401, 'refused', ['getSecret']],
      ['/posts/1', 200, 'pass', []],
    ])
    const dashboard = report.pages.find((page: any) => page.path === '/dashboard')
    expect(dashboard.detail).toContain('the protected server function getSecret (src/server/fns.ts:5) refused the anonymous render')
    expect(report).toMatchObject({ ok: false, failures: 2 })

    const table = await run(['probe', join(root, 'dist'), '--only', 'getSecret', '--page', '/'])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/page \/\s+200\s+pass\s+renders 200 anonymously/)

    const noTree = await run(['probe', join(root, 'dist'), '--pages', '--routes', join(root, 'no-such-tree.ts')])
    expect(noTree.code).toBe(2)
    expect(noTree.stderr).toContain('No route tree at')
  }, 120_000)
})
