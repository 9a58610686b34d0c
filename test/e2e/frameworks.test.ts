import { execFile } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { createLogger, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { callServerFn, devFunctionId, errorMessage, type FetchHandler } from './support/server-fn-client.ts'

/**
 * Solid Start and Vue Start: the apps in `frameworks/` (the playground's server side, with
 * vite-plugin-solid or @vitejs/plugin-vue) built for real and called over HTTP the way an
 * attacker would, then served by `vite dev` and called again. Each has a protected function, one
 * made on a builder from another module, one whose builder requires a role, a public one, a
 * protected and a public server route, and the runtime guard registered in its src/start.ts.
 */

const cli = join(import.meta.dirname, '../../dist/cli.js')
const frameworks = [
  { name: 'Solid', dir: 'solid', package: '@tanstack/solid-start', devIdPrefix: '/' },
  // Its compiler (start-plugin-core 1.167) names dev modules `/@id/<file>`.
  { name: 'Vue', dir: 'vue', package: '@tanstack/vue-start', devIdPrefix: '/@id/' },
] as const

const MEMBER = 'session=member'
const ADMIN = 'session=admin'

/** The version installed for the app, as the build must report it. */
function installed(pkg: string): string {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
}

/** Every call the apps' endpoints must answer, with the status each caller gets. */
async function expectAccess(fetch: FetchHandler, id: (name: string) => string, note: string): Promise<void> {
  const anonymous = await callServerFn(fetch, id('getNotes'), { method: 'GET' })
  expect([anonymous.status, errorMessage(anonymous)], `${note}: getNotes, anonymous`).toEqual([401, 'Unauthenticated'])
  // A forged client context does not stand in for the session.
  const forged = await callServerFn(fetch, id('getNotes'), { method: 'GET', context: { user: { id: 'admin', roles: ['admin'] } } })
  expect(forged.status, `${note}: getNotes, forged context`).toBe(401)
  expect(await callServerFn(fetch, id('getNotes'), { method: 'GET', cookie: MEMBER }), `${note}: getNotes, member`).toMatchObject({ status: 200, body: { result: { notes: expect.any(Array) } } })

  // Made on a builder from another module: protected there.
  expect((await callServerFn(fetch, id('addNote'), { data: { text: 'from nobody' } })).status, `${note}: addNote, anonymous`).toBe(401)
  expect(await callServerFn(fetch, id('addNote'), { data: { text: 'from a member' }, cookie: MEMBER }), `${note}: addNote, member`).toMatchObject({ status: 200, body: { result: { count: expect.any(Number) } } })

  // `@auth role: admin` on the builder.
  expect((await callServerFn(fetch, id('getAuditLog'), { method: 'GET' })).status, `${note}: getAuditLog, anonymous`).toBe(401)
  expect((await callServerFn(fetch, id('getAuditLog'), { method: 'GET', cookie: MEMBER })).status, `${note}: getAuditLog, member`).toBe(403)
  expect(await callServerFn(fetch, id('getAuditLog'), { method: 'GET', cookie: ADMIN }), `${note}: getAuditLog, admin`).toMatchObject({ status: 200, body: { result: { source: 'audit log read on the server' } } })

  expect(await callServerFn(fetch, id('getStatus'), { method: 'GET' }), `${note}: getStatus (public), anonymous`).toMatchObject({ status: 200, body: { result: { ok: true } } })

  const route = await fetch(new Request('http://localhost/api/notes'))
  expect(route.status, `${note}: /api/notes, anonymous`).toBe(401)
  const signedIn = await fetch(new Request('http://localhost/api/notes', { headers: { cookie: MEMBER } }))
  expect([signedIn.status, await signedIn.json()], `${note}: /api/notes, member`).toEqual([200, { notes: [expect.stringMatching(/note$/)] }])
  expect((await fetch(new Request('http://localhost/api/health'))).status, `${note}: /api/health (public), anonymous`).toBe(200)
}

describe.each(frameworks)('$name Start', (framework) => {
  const root = join(import.meta.dirname, '../../frameworks', framework.dir)

  describe('the build', () => {
    let fetch: FetchHandler
    beforeAll(async () => {
      await buildApp(root)
      const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
      fetch = (request) => server.default.fetch(request)
    }, 180_000)

    test('every endpoint answers as its access says, over HTTP', async () => {
      const ids = new Map(readInventory(root).endpoints.map((entry) => [entry.name, entry.id]))
      expect([...ids.keys()].sort()).toEqual(['addNote', 'getAuditLog', 'getNotes', 'getStatus'])
      await expectAccess(fetch, (name) => ids.get(name)!, 'build')
    })

    test('the inventory lists the routes and the access of each endpoint', () => {
      const inventory = readInventory(root)
      expect(Object.fromEntries(inventory.endpoints.map((entry) => [entry.name, [entry.access, entry.roles]]))).toEqual({
        getNotes: ['protected', []],
        addNote: ['protected', []],
        getAuditLog: ['protected', ['admin']],
        getStatus: ['public', []],
      })
      expect((inventory.serverRoutes ?? []).map((route) => [route.path, route.access]).sort()).toEqual([
        ['/api/health', 'public'],
        ['/api/notes', 'protected'],
      ])
    })

    test('the handlers stay on the server: the client bundle has none of their bodies', () => {
      const assets = join(root, 'dist/client/assets')
      const client = readdirSync(assets).map((name) => readFileSync(join(assets, name), 'utf8')).join('\n')
      expect(client).toContain('_serverFn/')
      expect(client).not.toContain('audit log read on the server')
    })

    test('the runtime guard is in the server build and lets the classified functions through', async () => {
      const assets = join(root, 'dist/server/assets')
      const server = readdirSync(assets).map((name) => readFileSync(join(assets, name), 'utf8')).join('\n')
      expect(server).toContain('serverfn-auth never classified this server function')
      // The served modules import the app's own Start, never another one installed beside it.
      expect(server).not.toMatch(/@tanstack\/react-start|react-dom/)
    })

    test('the probe proves the protected endpoints refuse anonymous and role-less callers', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'probe', join(root, 'dist'), '--json', '--cookie-for', `admin=${ADMIN}`, '--cookie-for', `member=${MEMBER}`, '--skip', 'addNote'])
      const report = JSON.parse(stdout) as { ok: boolean; rows: Array<{ name: string; caller: string; session?: string | null; status: number; verdict: string; detail: string }> }
      expect(report.ok).toBe(true)
      expect(report.rows.map((row) => `${row.name} ${row.session ?? row.caller}: ${row.status} ${row.verdict}, ${row.detail}`).sort()).toEqual([
        '/api/notes anonymous: 401 pass, rejected with 401',
        'getAuditLog admin: 200 pass, answered 200',
        'getAuditLog anonymous: 401 pass, rejected with 401',
        'getAuditLog member: 403 pass, forbidden with 403',
        'getNotes admin: 200 pass, answered 200',
        'getNotes anonymous: 401 pass, rejected with 401',
        'getNotes member: 200 pass, answered 200',
      ])
    })
  })

  describe('vite dev', () => {
    let server: ViteDevServer
    let fetch: FetchHandler
    const lines: string[] = []
    beforeAll(async () => {
      const logger = createLogger('info', { allowClearScreen: false })
      logger.info = (message) => void lines.push(message)
      server = await createServer({ root, customLogger: logger, appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } })
      const runner = (server.environments.ssr as unknown as { runner: { import(id: string): Promise<{ default: { fetch: FetchHandler } }> } }).runner
      const entry = await runner.import('virtual:tanstack-start-server-entry')
      fetch = (request) => entry.default.fetch(request)
    }, 120_000)
    afterAll(() => server?.close())

    test('every endpoint answers as its access says', async () => {
      const files: Record<string, string> = { getNotes: 'notes.ts', addNote: 'notes.ts', getAuditLog: 'notes.ts', getStatus: 'status.ts' }
      await expectAccess(fetch, (name) => devFunctionId(`src/server/${files[name]}`, name, framework.devIdPrefix), 'dev')
    })

    test('the table names the Start the dev server runs', async () => {
      const expected = `framework: ${framework.name} Start ${installed(framework.package)} (${framework.package})`
      for (let waited = 0; waited < 5_000 && !lines.some((line) => line.includes(expected)); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(lines.find((line) => line.includes(expected)), lines.join('\n')).toMatch(/^\S*serverfn-auth: 4 endpoints/)
    })
  })
})

test('the builds say which Start they were made with', async () => {
  for (const framework of frameworks) {
    const root = join(import.meta.dirname, '../../frameworks', framework.dir)
    const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '../../node_modules/vite/bin/vite.js'), 'build'], { cwd: root })
    expect(stdout).toContain(`framework: ${framework.name} Start ${installed(framework.package)} (${framework.package})`)
  }
}, 180_000)

describe('Vue single-file components', () => {
  const source = join(import.meta.dirname, '../../frameworks/vue')

  /** The Vue app, copied with one more component that declares a server function in a script block. */
  function appWithComponent(name: string, component: string): string {
    const root = join(import.meta.dirname, '.apps', name)
    rmSync(root, { recursive: true, force: true })
    cpSync(source, root, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })
    writeFileSync(join(root, 'src/components/Greeting.vue'), component)
    const index = join(root, 'src/routes/index.tsx')
    writeFileSync(index, readFileSync(index, 'utf8').replace("import NoteCount from '../components/NoteCount.vue'", "import NoteCount from '../components/NoteCount.vue'\nimport Greeting from '../components/Greeting.vue'").replace('<NoteCount />', '<NoteCount />\n      <Greeting />'))
    return root
  }

  test.each([
    ['in <script lang="ts">', '<script lang="ts">\nimport { createServerFn } from \'@tanstack/vue-start\'\n\nexport const getGreeting = createServerFn().handler(() => \'hello from a vue sfc\')\n</script>\n\n<script setup lang="ts">\nconst text = \'hi\'\n</script>\n\n<template>\n  <p>{{ text }}</p>\n</template>\n', 4],
    ['in a plain <script>', '<script>\nimport { createServerFn } from \'@tanstack/vue-start\'\n\nexport const getGreeting = createServerFn().handler(() => \'hello from a vue sfc\')\nexport default { data: () => ({ text: \'hi\' }) }\n</script>\n\n<template>\n  <p>{{ text }}</p>\n</template>\n', 4],
  ])('a server function %s fails the build (SFA116), where no protection or handler could be proved', async (_, component, line) => {
    const root = appWithComponent(`vue-sfc-${line}-${component.includes('lang="ts"') ? 'ts' : 'js'}`, component)
    const error = await buildApp(root).then(
      () => null,
      (failure: Error) => failure,
    )
    expect(error?.message).toMatch(new RegExp(`src/components/Greeting\\.vue:${line}:\\d+\\s+SFA116 server-fn-in-vue-sfc`))
    // The component without server functions beside it (its click handler is called `handler`) is not refused.
    expect(error?.message).not.toContain('NoteCount.vue')
  }, 180_000)
})
