import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'
import { builtManifest, readInventory } from './support/manifest.ts'
import { callServerFn, errorMessage } from './support/server-fn-client.ts'

const repo = join(import.meta.dirname, '../..')

/** The inventory, the cross-check against TanStack's compiler, the baseline and SARIF, on real builds. */

const fns = `import { createServerFn } from '@tanstack/react-start'

// @auth public: health probe for the load balancer
export const health = createServerFn().handler(() => 'ok')

export const secret = createServerFn({ method: 'POST' }).handler(() => 'secret')
`

async function buildFailure(root: string): Promise<Error | null> {
  return buildApp(root).then(
    () => null,
    (error: Error) => error,
  )
}

/**
 * An app with a post plugin that runs before the verification and rewrites TanStack's provider
 * modules into an equivalent shape the verification does not read (an unsupported compiler's
 * output would look different the same way): the endpoints still register in the server's manifest.
 */
function hiddenProviderApp(name: string): string {
  return writeFixtureApp({
    name,
    serverModules: { 'fns.ts': fns },
    plugins: [
      `{ name: 'rewrites-providers', enforce: 'post', transform(code, id) { if (id.includes('tss-serverfn-split')) return code.replaceAll('createServerRpc({', '(0, createServerRpc)({') } }`,
      'SERVER_FN_AUTH',
      'tanstackStart()',
      'viteReact()',
    ],
  })
}

describe('inventory ids', () => {
  test('come from what TanStack compiled, also with a custom generateFunctionId', async () => {
    const root = writeFixtureApp({
      name: 'custom-ids',
      serverModules: { 'fns.ts': fns },
      plugins: [
        'SERVER_FN_AUTH',
        "tanstackStart({ serverFns: { generateFunctionId: ({ filename, functionName }) => `custom-${filename.split('/').pop()}-${functionName}` } })",
        'viteReact()',
      ],
    })
    await buildApp(root)
    const inventory = readInventory(root)
    const ids = Object.fromEntries(inventory.endpoints.map((e) => [e.name, e.id]))
    expect(ids).toEqual({ health: 'custom-fns.ts-health_createServerFn_handler', secret: 'custom-fns.ts-secret_createServerFn_handler' })
    expect(inventory.endpoints.map(({ id, name }) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(builtManifest(root))

    // The ids are the live ones: the protected endpoint answers 401 at its custom id.
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const reply = await callServerFn((request) => server.default.fetch(request), ids.secret!, {})
    expect([reply.status, errorMessage(reply)]).toEqual([401, 'Unauthenticated'])
  }, 120_000)
})

describe('the cross-check', () => {
  test('fails the build on an endpoint TanStack compiled behind the plugin\'s back, naming it', async () => {
    const root = writeFixtureApp({
      name: 'escaped',
      serverModules: { 'fns.ts': fns },
      // A plugin between serverFnAuth() and tanstackStart() that adds a server function.
      plugins: [
        'SERVER_FN_AUTH',
        `{ name: 'adds-code', enforce: 'pre', transform(code, id) { if (id.includes('src/server/fns.ts')) return code + "\\nexport const sneaky = createServerFn().handler(() => 'open')\\n" } }`,
        'tanstackStart()',
        'viteReact()',
      ],
    })
    const error = await buildFailure(root)
    expect(error?.message).toMatch(/src\/server\/fns\.ts:\d+:\d+\s+SFA601 endpoint-not-classified/)
    expect(error?.message).toContain('TanStack Start compiled the endpoint `sneaky`')
  }, 120_000)

  test('fails the build when the server registers a function the verification never saw, read from the bundle\'s manifest', async () => {
    const root = hiddenProviderApp('hidden-provider')
    const error = await buildFailure(root)
    expect(error?.message).toMatch(/SFA601 endpoint-not-classified: The built server registers 2 server functions that serverfn-auth never classified \([0-9a-f]{64}, [0-9a-f]{64}\)/)
    expect(existsSync(join(root, 'dist/server/serverfn-auth.json'))).toBe(false)
  }, 120_000)

  test('under vite build --watch too, where each server bundle written is the report', async () => {
    const root = hiddenProviderApp('hidden-provider-watch')
    const child = spawn(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--watch'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } })
    let output = ''
    let touched = false
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no SFA601 within 60 s:\n${output}`)), 60_000)
        const read = (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes('SFA601 endpoint-not-classified: The built server registers 2 server functions')) {
            clearTimeout(timer)
            resolve()
          } else if (!touched && output.split('built in').length > 2) {
            // Watch mode builds the environments side by side: a server bundle written before the
            // client's registers nothing yet. An edit rebuilds it with every registration.
            touched = true
            const file = join(root, 'src/server/fns.ts')
            writeFileSync(file, `${readFileSync(file, 'utf8')}\n`)
          }
        }
        child.stdout.on('data', read)
        child.stderr.on('data', read)
      })
    } finally {
      child.kill()
    }
    expect(output).toContain('SFA601')
  }, 120_000)

  test('fails the build on an endpoint whose builder cannot be followed to its declaration', async () => {
    // A builder in a virtual module: no file to read, and no extension for the transform to take.
    const root = writeFixtureApp({
      name: 'unlinked',
      serverModules: { 'fns.ts': "import { authed } from 'virtual:builders'\n\nexport const report = authed.handler(() => 'report')\n" },
      plugins: [
        `{ name: 'virtual-builders', enforce: 'pre', resolveId(id) { if (id === 'virtual:builders') return '\\0virtual:builders' }, load(id) { if (id === '\\0virtual:builders') return "import { createServerFn } from '@tanstack/react-start'\\nexport const authed = createServerFn()\\n" } }`,
        'SERVER_FN_AUTH',
        'tanstackStart()',
        'viteReact()',
      ],
    })
    const error = await buildFailure(root)
    expect(error?.message).toMatch(/src\/server\/fns\.ts:3:14\s+SFA603 endpoint-unlinked/)
    expect(error?.message).toContain('`report` is derived from `authed`, which serverfn-auth could not follow')
  }, 120_000)
})

describe('the baseline of public endpoints', () => {
  const update = 'SERVERFN_AUTH_UPDATE_BASELINE'
  afterEach(() => {
    delete process.env[update]
  })

  test('is required, written on request, and catches new, stale and changed public endpoints', async () => {
    // A public server route method is in the baseline too (no routes.middleware: nothing of the route is protected).
    const statusRoute = `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/api/status')({
  server: {
    handlers: {
      // @auth public: the status page polls it
      GET: () => Response.json({ ok: true }),
    },
  },
})
`
    const app = (source: string, route = statusRoute) =>
      writeFixtureApp({
        name: 'baseline',
        serverModules: { 'fns.ts': source },
        files: { 'src/routes/api/status.ts': route },
        pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, baseline: 'serverfn-auth.public.json' }",
      })
    const baselineFile = (root: string) => join(root, 'serverfn-auth.public.json')

    // No baseline yet: the build fails and says how to write one.
    let root = app(fns)
    let error = await buildFailure(root)
    expect(error?.message).toContain('SFA602 public-baseline-mismatch')
    expect(error?.message).toContain('SERVERFN_AUTH_UPDATE_BASELINE=1 vite build')

    // The update flow writes it; the next build passes.
    process.env[update] = '1'
    await buildApp(root)
    delete process.env[update]
    const written = readFileSync(baselineFile(root), 'utf8')
    expect(JSON.parse(written)).toEqual({
      version: 2,
      endpoints: [
        { file: 'src/routes/api/status.ts', route: '/api/status', method: 'GET', access: 'public', reason: 'the status page polls it' },
        { file: 'src/server/fns.ts', name: 'health', access: 'public', reason: 'health probe for the load balancer' },
      ],
    })
    expect(await buildFailure(root)).toBeNull()

    // A server route method made public is a reviewed change like a new public function.
    root = app(fns, statusRoute.replace('GET: () => Response.json({ ok: true }),', 'GET: () => Response.json({ ok: true }),\n      // @auth public: the status page reports its own errors\n      POST: () => new Response(null, { status: 204 }),'))
    writeFileSync(baselineFile(root), written)
    error = await buildFailure(root)
    expect(error?.message).toContain('+ src/routes/api/status.ts POST /api/status: public: the status page reports its own errors  (new public server route method, not in the baseline)')

    // A changed reason, a new public endpoint and a removed one, each named.
    root = app(
      fns.replace('health probe for the load balancer', 'uptime checks').replace('export const secret', '// @auth public: anyone may read the secret\nexport const secret'),
    )
    writeFileSync(baselineFile(root), written)
    error = await buildFailure(root)
    expect(error?.message).toContain('~ src/server/fns.ts health: reason changed from "health probe for the load balancer" to "uptime checks"')
    expect(error?.message).toContain('+ src/server/fns.ts secret: public: anyone may read the secret')

    root = app(fns.replace('// @auth public: health probe for the load balancer\n', ''))
    writeFileSync(baselineFile(root), written)
    error = await buildFailure(root)
    expect(error?.message).toContain('- src/server/fns.ts health  (in the baseline, but no such public endpoint any more)')
  }, 180_000)

  test('covers optional endpoints and roles: a role taken away and a new optional endpoint are reviewed changes', async () => {
    const layers = `import { createMiddleware } from '@tanstack/react-start'
export const requireAdmin = createMiddleware({ type: 'function' }).server(({ next }) => next())
export const requireBilling = createMiddleware({ type: 'function' }).server(({ next }) => next())
export const readSession = createMiddleware({ type: 'function' }).server(({ next }) => next({ context: { user: null } }))
`
    const fns = `import { createServerFn } from '@tanstack/react-start'
// @auth role: admin, billing
export const refund = createServerFn({ method: 'POST' }).handler(() => 'refunded')
export const whoAmI = createServerFn().handler(() => null)
`
    const app = (source: string) =>
      writeFixtureApp({
        name: 'baseline-roles',
        serverModules: { 'fns.ts': source, 'layers.ts': layers },
        pluginOptions: `{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, roles: { admin: { from: '/src/server/layers.ts', export: 'requireAdmin' }, billing: { from: '/src/server/layers.ts', export: 'requireBilling' } }, optional: { from: '/src/server/layers.ts', export: 'readSession' }, baseline: 'serverfn-auth.public.json' }`,
      })
    let root = app(fns)
    process.env[update] = '1'
    await buildApp(root)
    delete process.env[update]
    const written = readFileSync(join(root, 'serverfn-auth.public.json'), 'utf8')
    expect(JSON.parse(written)).toEqual({ version: 2, endpoints: [{ file: 'src/server/fns.ts', name: 'refund', roles: ['admin', 'billing'] }] })
    expect(await buildFailure(root)).toBeNull()

    root = app(fns.replace('// @auth role: admin, billing', '// @auth role: admin').replace('export const whoAmI', '// @auth optional: the header shows who is signed in\nexport const whoAmI'))
    writeFileSync(join(root, 'serverfn-auth.public.json'), written)
    const error = await buildFailure(root)
    expect(error?.message).toContain('SFA602 public-baseline-mismatch')
    expect(error?.message).toContain('~ src/server/fns.ts refund: roles changed from "admin, billing" to "admin"')
    expect(error?.message).toContain('+ src/server/fns.ts whoAmI: optional: the header shows who is signed in  (new optional endpoint, not in the baseline)')
  }, 180_000)
})

describe('SARIF', () => {
  test('is written when the build fails, with every problem as a result', async () => {
    const root = writeFixtureApp({
      name: 'sarif-failure',
      serverModules: {
        'fns.ts': `import { createServerFn } from '@tanstack/react-start'\n\nexport const make = () => createServerFn().handler(() => 1)\n// @auth pubic: typo\nexport const typo = createServerFn().handler(() => 2)\n`,
      },
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, sarif: true, markdown: 'review/serverfn-auth.md' }",
    })
    expect(await buildFailure(root)).not.toBeNull()
    const sarifFile = join(root, 'dist/server/serverfn-auth.sarif')
    expect(existsSync(sarifFile)).toBe(true)
    const log = JSON.parse(readFileSync(sarifFile, 'utf8'))
    expect(log.version).toBe('2.1.0')
    const results = log.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine])
    expect(results).toEqual([
      ['SFA101', 'src/server/fns.ts', 3],
      ['SFA202', 'src/server/fns.ts', 4],
    ])
    expect(readFileSync(join(root, 'dist/server/review/serverfn-auth.md'), 'utf8')).toContain('SFA101')
  }, 120_000)
})
