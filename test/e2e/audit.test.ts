import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { writeFixtureApp } from './support/fixture-app.ts'

/**
 * `serverfn-auth audit` run as a command on real apps: the playground (which has the plugin) and
 * an app that does not use it yet (the adoption report). Nothing is built.
 */

const cli = join(import.meta.dirname, '../../dist/cli.js')
const playground = join(import.meta.dirname, '../../playground')

interface AuditJson {
  configured: boolean
  wouldFail: boolean
  start: { framework: string; package: string; version: string } | null
  endpoints: Array<{ file: string; line: number; name: string; method: string; access: string; roles: string[]; reason: string | null; today: string }>
  serverRoutes: Array<{ file: string; path: string | null; method: string | null; access: string }>
  diagnostics: Array<{ code: string; file: string; line: number; column: number; message: string; hint: string }>
  configProblems: Array<{ code: string; message: string }>
}

async function audit(root: string, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [cli, 'audit', root, ...flags], { env: { ...process.env, NO_COLOR: '1' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

describe('serverfn-auth audit', () => {
  test('on the playground: every endpoint with the access its annotations and options give, and no problem', async () => {
    const result = await audit(playground, '--json')
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as AuditJson
    expect([report.configured, report.wouldFail, report.start?.package]).toEqual([true, false, '@tanstack/react-start'])
    expect(report.diagnostics).toEqual([])
    // The committed baseline (the build's record of reviewed access) agrees with the audit.
    const baseline = JSON.parse(readFileSync(join(playground, 'serverfn-auth.public.json'), 'utf8')) as { endpoints: Array<{ file: string; name?: string; route?: string; access?: string; roles?: string[] }> }
    for (const entry of baseline.endpoints.filter((candidate) => candidate.name)) {
      const endpoint = report.endpoints.find((candidate) => candidate.file === entry.file && candidate.name === entry.name)
      expect(endpoint, `${entry.file}#${entry.name}`).toBeDefined()
      if (entry.roles) expect(endpoint!.roles).toEqual(entry.roles)
      else expect(endpoint!.access).toBe(entry.access)
    }
    expect(report.endpoints.map((endpoint) => `${endpoint.name} ${endpoint.access}`).sort()).toEqual([
      'deleteAccount protected',
      'getOrders protected',
      'getProfile protected',
      'getSessionUser optional',
      'getStats protected',
      'health public',
      'listAllUsers protected',
      'login public',
      'logout protected',
      'updateProfile protected',
    ])
    expect(report.serverRoutes.map((route) => `${route.path} ${route.method} ${route.access}`)).toEqual(['/api/health GET public', '/api/me GET protected'])

    const table = await audit(playground)
    expect(table.stdout).toContain('serverFnAuth() is in the Vite config')
    expect(table.stdout).toMatch(/src\/server\/admin\.ts:4\s+listAllUsers\s+GET\s+no middleware\s+protected \(admin\)/)
    expect(table.stdout.trim().split('\n').at(-1)).toBe('serverfn-auth audit: no problem the analysis can see; the build also verifies what TanStack compiles.')
  }, 120_000)

  test('on an app without the plugin: the open endpoints first, what the plugin would make of each, and what would fail its build', async () => {
    const root = writeFixtureApp({
      name: 'audit-adoption',
      plugins: ['tanstackStart()', 'viteReact()'],
      serverModules: {
        'auth.ts': `import { createMiddleware } from '@tanstack/react-start'

export const authMiddleware = createMiddleware({ type: 'function' }).server(({ next }) => next())
`,
        'builders.ts': `import { createServerFn } from '@tanstack/react-start'
import { authMiddleware } from './auth'

export const authed = createServerFn().middleware([authMiddleware])
export const plain = createServerFn({ method: 'GET' })
`,
        'fns.ts': `import { createServerFn } from '@tanstack/react-start'
import { authMiddleware } from './auth'
import { authed, plain } from './builders'

export const guarded = createServerFn().middleware([authMiddleware]).handler(() => 'guarded')
export const viaBuilder = authed.handler(() => 'via builder')
export const forgotten = plain.handler(() => 'forgotten')
// @auth public: health probe for the load balancer
export const health = createServerFn().handler(() => 'ok')
export const open = createServerFn().handler(() => 'open')
export let mutable = createServerFn().handler(() => 'mutable')
`,
      },
      files: {
        'src/routes/api/report.ts': `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/api/report')({
  server: { handlers: { GET: () => new Response('report') } },
})
`,
      },
    })
    const result = await audit(root, '--json')
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as AuditJson
    expect([report.configured, report.wouldFail]).toEqual([false, true])
    expect(report.endpoints.map((endpoint) => `${endpoint.name}: ${endpoint.today}, ${endpoint.access}`)).toEqual([
      'forgotten: none, protected',
      'health: none, public',
      'open: none, protected',
      'mutable: none, protected',
      'guarded: listed, protected',
      'viaBuilder: listed, protected',
    ])
    expect(report.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.file}:${diagnostic.line}`)).toEqual(['SFA701 src/routes/api/report.ts:3', 'SFA108 src/server/fns.ts:11'])
    expect(report.serverRoutes.map((route) => `${route.path} ${route.method}`)).toEqual(['/api/report GET'])

    const table = await audit(root)
    expect(table.code).toBe(1)
    expect(table.stdout).toContain('serverFnAuth() is not in the Vite config: below is what adding it would change.')
    expect(table.stdout).toContain('4 endpoints list no middleware today')
    expect(table.stdout).toMatch(/src\/server\/fns\.ts:7\s+forgotten\s+GET\s+no middleware: open\s+protected\n/)
    expect(table.stdout).toMatch(/src\/server\/fns\.ts:11:\d+\s+SFA108 mutable-server-fn-binding/)
    expect(table.stdout.trim().split('\n').at(-1)).toBe('serverfn-auth audit: the build would fail (2 problems).')
  }, 120_000)

  test('a root that is not a directory is a usage error', async () => {
    const result = await audit(join(playground, 'package.json'))
    expect(result.code).toBe(2)
    expect(result.stderr.split('\n')[0]).toMatch(/^serverfn-auth: .*package\.json is not a directory$/)
  })

  test('finds what the build compiles wherever it is, and leaves out tests, outputs and dependencies\' other files', async () => {
    const fn = (name: string) => `import { createServerFn } from '@tanstack/react-start'\n\nexport const ${name} = createServerFn().handler(() => '${name}')\n`
    const root = writeFixtureApp({
      name: 'audit-places',
      serverModules: { 'fns.ts': "import '../build/in-build'\nimport '../.hidden/in-hidden'\nimport './upper.TS'\n" },
      files: {
        'src/build/in-build.ts': fn('inBuildFolder'),
        'src/.hidden/in-hidden.ts': fn('inDotFolder'),
        'src/server/upper.TS': fn('upperCase'),
        // Never in the app's build: tests, and the build's own output.
        'src/server/fns.test.ts': "import { createServerFn } from '@tanstack/react-start'\n\ntest('x', () => { createServerFn().handler(() => 1) })\n",
        'dist/server/assets/fns.js': fn('compiledCopy'),
      },
    })
    const result = await audit(root, '--json')
    const report = JSON.parse(result.stdout) as AuditJson
    expect(report.endpoints.map((endpoint) => `${endpoint.file}#${endpoint.name}`).sort()).toEqual(['src/.hidden/in-hidden.ts#inDotFolder', 'src/build/in-build.ts#inBuildFolder', 'src/server/upper.TS#upperCase'])
    // The upper-case extension is a module TanStack skips: its build fails, and so does the audit.
    expect(report.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['SFA113'])
    expect(result.code).toBe(1)
    // Vite's dependency cache went elsewhere: the audit writes nothing into the app's node_modules.
    expect(existsSync(join(root, 'node_modules/.vite'))).toBe(false)
  }, 120_000)

  test('a configuration the plugin refuses is the build failing (exit 1 with its code), not a crash', async () => {
    const root = writeFixtureApp({ name: 'audit-bad-session', serverModules: {}, pluginOptions: "{ middleware: { from: '/src/server/nowhere.ts', export: 'requireSession' } }" })
    const result = await audit(root, '--json')
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as AuditJson
    expect(report.configProblems.map((problem) => problem.code)).toEqual(['SFA501'])
    const table = await audit(root)
    expect(table.stdout).toMatch(/SFA501 session-module-not-found: /)
    expect(table.stdout.trim().split('\n').at(-1)).toBe('serverfn-auth audit: the build would fail (1 problem).')
    // Refused at config time too: no TanStack Start compiler in the config (SFA504).
    const withoutStart = writeFixtureApp({ name: 'audit-no-start', serverModules: {}, plugins: ['SERVER_FN_AUTH', 'viteReact()'] })
    const refused = await audit(withoutStart, '--json')
    expect([refused.code, (JSON.parse(refused.stdout) as AuditJson).configProblems.map((problem) => problem.code)], refused.stderr).toEqual([1, ['SFA504']])
  }, 120_000)

  test('the config\'s own root is the app\'s, as under vite build', async () => {
    const root = writeFixtureApp({ name: 'audit-subroot', serverModules: { 'fns.ts': fn('report') }, viteConfig: "root: 'app'," })
    // Move the sources under app/, where the config's root says they are.
    const { renameSync, mkdirSync } = await import('node:fs')
    mkdirSync(join(root, 'app'))
    renameSync(join(root, 'src'), join(root, 'app/src'))
    const result = await audit(root, '--json')
    expect(result.code, result.stderr).toBe(0)
    expect((JSON.parse(result.stdout) as AuditJson).endpoints.map((endpoint) => `${endpoint.file}#${endpoint.name}`)).toEqual(['src/server/fns.ts#report'])
  }, 120_000)

  test('a package\'s server functions are followed from the app\'s imports: without a rule for it, the build would fail (SFA401)', async () => {
    const WORKOS = '@workos/authkit-tanstack-react-start'
    const root = writeFixtureApp({
      name: 'audit-dependency',
      dependencies: [WORKOS, '@workos-inc/node'],
      serverModules: { 'auth.ts': `import { getAuth, getSignInUrl } from '${WORKOS}'\n\nexport const authkit = { getAuth, getSignInUrl }\n` },
    })
    const result = await audit(root, '--json')
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as AuditJson
    expect(report.endpoints.length).toBeGreaterThanOrEqual(10)
    expect(new Set(report.endpoints.map((endpoint) => (endpoint as { package?: string }).package))).toEqual(new Set([WORKOS]))
    expect(new Set(report.diagnostics.map((diagnostic) => diagnostic.code))).toEqual(new Set(['SFA401']))
  }, 120_000)
})

describe('serverfn-auth audit, what it cannot judge', () => {
  test('an app with global function middleware: the endpoints are not called open, the middleware is named', async () => {
    const root = writeFixtureApp({
      name: 'audit-global-middleware',
      plugins: ['tanstackStart()', 'viteReact()'],
      serverModules: { 'fns.ts': fn('report') },
      files: {
        'src/start.ts': "import { createMiddleware, createStart } from '@tanstack/react-start'\n\nconst authMiddleware = createMiddleware({ type: 'function' }).server(({ next }) => next())\n\nexport const startInstance = createStart(() => ({ functionMiddleware: [authMiddleware] }))\n",
        // A component whose script declares a server function: the build refuses it (SFA116).
        'src/components/Greeting.vue': "<script setup lang=\"ts\">\nimport { createServerFn } from '@tanstack/react-start'\nconst greet = createServerFn().handler(() => 'hi')\n</script>\n",
      },
    })
    const result = await audit(root)
    expect(result.stdout).toContain('1 endpoint lists no middleware today: anyone can call it unless the function middleware src/start.ts registers for every server function checks the session.')
    expect(result.stdout).toMatch(/src\/server\/fns\.ts:3\s+report\s+GET\s+no middleware\s+protected\n/)
    expect(result.stdout).toMatch(/src\/components\/Greeting\.vue:3:\d+\s+SFA116 server-fn-in-vue-sfc/)
    expect(result.code).toBe(1)
  }, 120_000)
})

function fn(name: string): string {
  return `import { createServerFn } from '@tanstack/react-start'\n\nexport const ${name} = createServerFn().handler(() => '${name}')\n`
}

