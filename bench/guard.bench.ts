/**
 * Benchmark (not a test): the runtime guard's cost per call, measured end to end on two real
 * builds of the same app, one that registers `serverfn-auth/guard` and one that does not (both
 * with the same CSRF request middleware), calling the same endpoints in-process.
 * Run with `npm run bench:guard`.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bench, describe } from 'vitest'
import { buildApp, writeFixtureApp } from '../test/e2e/support/fixture-app.ts'
import { buildFunctionId, callServerFn, type FetchHandler } from '../test/e2e/support/server-fn-client.ts'

const fns = `import { createServerFn } from '@tanstack/react-start'

// @auth public: probe
export const health = createServerFn().handler(() => 'ok')
export const getReport = createServerFn().handler(() => 'report')
`

const start = (guard: boolean) => `import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
${guard ? "import { serverFnGuard } from 'serverfn-auth/guard'\n" : ''}
export const startInstance = createStart(() => ({
  requestMiddleware: [createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })],
  functionMiddleware: [${guard ? 'serverFnGuard' : ''}],
}))
`

async function serve(guard: boolean): Promise<FetchHandler> {
  const root = writeFixtureApp({ name: `bench-guard-${guard ? 'on' : 'off'}`, serverModules: { 'fns.ts': fns }, files: { 'src/start.ts': start(guard) } })
  await buildApp(root)
  const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
  return (request) => server.default.fetch(request)
}

const withGuard = await serve(true)
const withoutGuard = await serve(false)
// Both apps are warmed up before measuring, so that the first one measured does not pay for JIT.
const options = { time: 1500, warmupTime: 500, warmupIterations: 200 }
const health = buildFunctionId('src/server/fns.ts', 'health')
const getReport = buildFunctionId('src/server/fns.ts', 'getReport')

describe('public endpoint, anonymous call', () => {
  bench('without the guard', async () => {
    await callServerFn(withoutGuard, health, { method: 'GET' })
  }, options)
  bench('with the guard', async () => {
    await callServerFn(withGuard, health, { method: 'GET' })
  }, options)
})

describe('protected endpoint, authenticated call', () => {
  bench('without the guard', async () => {
    await callServerFn(withoutGuard, getReport, { method: 'GET', cookie: 'session=valid' })
  }, options)
  bench('with the guard', async () => {
    await callServerFn(withGuard, getReport, { method: 'GET', cookie: 'session=valid' })
  }, options)
})
