import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { callServerFn, errorMessage } from './support/server-fn-client.ts'

/** The runtime guard on real builds: the second wall behind the compile-time one. */

const startFile = `import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { serverFnGuard } from 'serverfn-auth/guard'

export const startInstance = createStart(() => ({
  requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })],
  functionMiddleware: [serverFnGuard],
}))
`

const fns = `import { createServerFn } from '@tanstack/react-start'

// @auth public: probe
export const health = createServerFn().handler(() => 'ok')
export const report = createServerFn().handler(() => 'report')
// @auth public: the demo's unlisted endpoint
export const unlisted = createServerFn().handler(() => 'should never answer')
`

describe('serverfn-auth/guard', () => {
  test('denies with 403 a server function missing from the classified set, and lets the others through', async () => {
    const root = writeFixtureApp({
      name: 'guard',
      serverModules: { 'fns.ts': fns },
      files: { 'src/start.ts': startFile },
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, guard: 'required' }",
    })
    await buildApp(root)
    const ids = Object.fromEntries(readInventory(root).endpoints.map((e) => [e.name, e.id]))

    // Simulate a server function added to the bundle behind the plugin's back: take `unlisted`
    // out of the classified set the build wrote into the server bundle, before loading it.
    const assets = join(root, 'dist/server/assets')
    const chunk = readdirSync(assets).find((name) => readFileSync(join(assets, name), 'utf8').includes('\\"ids\\"'))!
    const code = readFileSync(join(assets, chunk), 'utf8')
    const literal = /JSON\.parse\(("(?:[^"\\]|\\.)*")\)/.exec(code)![1]!
    const set = JSON.parse(JSON.parse(literal)) as { ids: string[]; keys: string[] }
    const reduced = { ids: set.ids.filter((id) => id !== ids.unlisted), keys: set.keys.filter((key) => key !== 'src/server/fns.ts#unlisted') }
    expect(reduced.ids.length).toBe(set.ids.length - 1)
    const stripped = code.replace(literal, JSON.stringify(JSON.stringify(reduced)))
    writeFileSync(join(assets, chunk), stripped)

    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const fetch = (request: Request) => server.default.fetch(request) as Promise<Response>
    const denied = await callServerFn(fetch, ids.unlisted!, { method: 'GET' })
    expect([denied.status, errorMessage(denied)]).toEqual([403, 'Forbidden: serverfn-auth never classified this server function'])
    expect(await callServerFn(fetch, ids.health!, { method: 'GET' })).toMatchObject({ status: 200, body: { result: 'ok' } })
    const anonymous = await callServerFn(fetch, ids.report!, { method: 'GET' })
    expect([anonymous.status, errorMessage(anonymous)]).toEqual([401, 'Unauthenticated'])
    expect(await callServerFn(fetch, ids.report!, { method: 'GET', cookie: 'session=valid' })).toMatchObject({ status: 200, body: { result: 'report' } })
    // The client bundle carries no classified set.
    const client = join(root, 'dist/client/assets')
    expect(readdirSync(client).some((name) => readFileSync(join(client, name), 'utf8').includes(ids.report!))).toBe(true)
    expect(readdirSync(client).some((name) => readFileSync(join(client, name), 'utf8').includes('fns.ts#report'))).toBe(false)
  }, 120_000)

  test("guard: 'required' fails the build when src/start.ts does not register it", async () => {
    const root = writeFixtureApp({
      name: 'guard-missing',
      serverModules: { 'fns.ts': fns },
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, guard: 'required' }",
    })
    const error = await buildApp(root).then(
      () => null,
      (caught: Error) => caught,
    )
    expect(error?.message).toContain('SFA604 guard-not-registered')
  }, 120_000)
})
