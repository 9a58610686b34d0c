import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildFunctionId, callServerFn, type FetchHandler } from './support/server-fn-client.ts'
import { writeFixtureApp } from './support/fixture-app.ts'

/**
 * The build layouts real apps have, each built with `vite build` as a user runs it and probed with
 * `serverfn-auth probe` from the app's root: nitro (the server rebundled into `.output/`, the
 * build TanStack's own examples use), React Server Components (functions registered by the `rsc`
 * environment, requests answered by `ssr`), and both. Each build prints one table, writes one
 * inventory, and its deployable output refuses anonymous calls over real HTTP.
 */

const repo = join(import.meta.dirname, '../..')
const vite = join(repo, 'node_modules/vite/bin/vite.js')
const cli = join(repo, 'dist/cli.js')
const exec = (args: string[], cwd: string) =>
  promisify(execFile)(process.execPath, args, { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}`, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}`, stdout: error.stdout }),
  )

const fns = `import { createServerFn } from '@tanstack/react-start'

export const getSecret = createServerFn().handler(() => 'the secret')
export const saveSecret = createServerFn({ method: 'POST' }).handler(() => 'saved')
// @auth public: health probe for the load balancer
export const health = createServerFn().handler(() => 'ok')
`

const layouts = {
  nitro: { configImports: ["import { nitro } from 'nitro/vite'"], plugins: ['SERVER_FN_AUTH', 'tanstackStart()', 'viteReact()', 'nitro()'] },
  rsc: { configImports: ["import rsc from '@vitejs/plugin-rsc'"], plugins: ['SERVER_FN_AUTH', 'tanstackStart({ rsc: { enabled: true } })', 'rsc()', 'viteReact()'] },
  'rsc-nitro': {
    configImports: ["import rsc from '@vitejs/plugin-rsc'", "import { nitro } from 'nitro/vite'"],
    plugins: ['SERVER_FN_AUTH', 'tanstackStart({ rsc: { enabled: true } })', 'rsc()', 'viteReact()', 'nitro()'],
  },
} as const

/** Every inventory the build wrote, anywhere under the app (nitro writes under node_modules/.nitro). */
function inventories(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return inventories(path, root)
    return entry.name === 'serverfn-auth.json' ? [relative(root, path)] : []
  })
}

const servers: ChildProcess[] = []
afterAll(() => servers.forEach((server) => server.kill()))

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

/** Starts nitro's deployable server (`node .output/server/index.mjs`) and answers once it listens. */
async function startNitro(root: string): Promise<FetchHandler> {
  const port = await freePort()
  const server = spawn(process.execPath, ['.output/server/index.mjs'], { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'pipe' })
  servers.push(server)
  const base = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await fetch(base).then(() => true, () => false)) break
    await new Promise((done) => setTimeout(done, 100))
  }
  // The test client speaks to ORIGIN; over HTTP the same request goes to the running server.
  return async (request) => {
    const url = new URL(request.url)
    const body = request.method === 'GET' ? undefined : await request.text()
    return fetch(`${base}${url.pathname}${url.search}`, { method: request.method, headers: request.headers, body, redirect: 'manual' })
  }
}

describe.each(Object.entries(layouts))('the %s layout', (name, layout) => {
  let root = ''
  beforeAll(() => {
    root = writeFixtureApp({ name: `layout-${name}`, serverModules: { 'fns.ts': fns }, configImports: [...layout.configImports], plugins: [...layout.plugins] })
  })

  test('builds with one table and one inventory, each endpoint once', async () => {
    const build = await exec([vite, 'build'], root)
    expect(build.code, build.output).toBe(0)
    expect(build.output.match(/serverfn-auth: \d+ endpoints/g)).toEqual(['serverfn-auth: 3 endpoints'])
    expect(build.output).not.toMatch(/not reachable|not linked|SFA\d{3}/)
    const environment = name.startsWith('rsc') ? 'rsc  ' : ''
    expect(build.output).toMatch(new RegExp(`src/server/fns\\.ts:3\\s+getSecret\\s+${environment}GET\\s+protected`))
    expect(build.output).toMatch(new RegExp(`src/server/fns\\.ts:6\\s+health\\s+${environment}GET\\s+public: health probe`))
    const record = JSON.parse(readFileSync(join(root, 'node_modules/.serverfn-auth/last-build.json'), 'utf8')) as { inventory: string }
    expect(inventories(root)).toEqual([record.inventory])
    const inventory = JSON.parse(readFileSync(join(root, record.inventory), 'utf8'))
    expect(inventory.endpoints.map((entry: { name: string; environment: string }) => [entry.name, entry.environment])).toEqual(
      ['getSecret', 'saveSecret', 'health'].map((fn) => [fn, name.startsWith('rsc') ? 'rsc' : 'ssr']),
    )
  }, 180_000)

  test('`serverfn-auth probe` from the app root finds the build and passes', async () => {
    const probe = await exec([cli, 'probe', '--include-public', '--json'], root)
    expect(probe.code, probe.output).toBe(0)
    expect(JSON.parse(probe.stdout).rows.map((row: { name: string; status: number; verdict: string }) => [row.name, row.status, row.verdict])).toEqual([
      ['getSecret', 401, 'pass'],
      ['saveSecret', 401, 'pass'],
      ['health', 200, 'pass'],
    ])
  }, 60_000)

  // nitro's layouts only: the others have no server of their own to start.
  if (name.endsWith('nitro')) test("nitro's deployable server refuses anonymous calls over HTTP and answers the public one", async () => {
    const fetch = await startNitro(root)
    const id = (fn: string) => buildFunctionId('src/server/fns.ts', fn)
    const secret = await callServerFn(fetch, id('getSecret'), { method: 'GET' })
    expect(secret.status).toBe(401)
    expect(JSON.stringify(secret.body)).not.toContain('the secret')
    expect((await callServerFn(fetch, id('saveSecret'))).status).toBe(401)
    expect(await callServerFn(fetch, id('getSecret'), { method: 'GET', cookie: 'session=valid' })).toMatchObject({ status: 200, body: { result: 'the secret' } })
    expect(await callServerFn(fetch, id('health'), { method: 'GET' })).toMatchObject({ status: 200, body: { result: 'ok' } })
  }, 60_000)
})
