/**
 * Benchmark (not a test): the cost per call of serverfn-auth's runtime (the session middleware
 * reached through the runtime module, which marks the context, and the check before the handler), end to end on
 * two real builds of the same endpoint: one with serverFnAuth(), and one without the plugin that
 * lists the same session middleware by hand. Both run the session middleware; the difference is
 * what serverfn-auth adds. Run with `npm run bench:check`.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bench, describe } from 'vitest'
import { buildApp, writeFixtureApp } from '../test/e2e/support/fixture-app.ts'
import { buildFunctionId, callServerFn, type FetchHandler } from '../test/e2e/support/server-fn-client.ts'

const withPlugin = `import { createServerFn } from '@tanstack/react-start'
export const getReport = createServerFn().handler(() => 'report')
`
const byHand = `import { createServerFn } from '@tanstack/react-start'
import { requireSession } from './session'
export const getReport = createServerFn().middleware([requireSession]).handler(() => 'report')
`

async function serve(plugin: boolean): Promise<FetchHandler> {
  const root = writeFixtureApp({
    name: `bench-check-${plugin ? 'plugin' : 'by-hand'}`,
    serverModules: { 'fns.ts': plugin ? withPlugin : byHand },
    ...(plugin ? {} : { plugins: ['tanstackStart()', 'viteReact()'] }),
  })
  await buildApp(root)
  const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
  return (request) => server.default.fetch(request)
}

const plugin = await serve(true)
const manual = await serve(false)
const options = { time: 1500, warmupTime: 500, warmupIterations: 200 }
const id = buildFunctionId('src/server/fns.ts', 'getReport')

describe('protected endpoint, authenticated call', () => {
  bench('session middleware by hand, no serverfn-auth', async () => {
    await callServerFn(manual, id, { method: 'GET', cookie: 'session=valid' })
  }, options)
  bench('serverfn-auth: session delegate and check', async () => {
    await callServerFn(plugin, id, { method: 'GET', cookie: 'session=valid' })
  }, options)
})

describe('protected endpoint, anonymous call (rejected)', () => {
  bench('session middleware by hand, no serverfn-auth', async () => {
    await callServerFn(manual, id, { method: 'GET' })
  }, options)
  bench('serverfn-auth: session delegate and check', async () => {
    await callServerFn(plugin, id, { method: 'GET' })
  }, options)
})

// In-process, without HTTP: the same chains run by TanStack's own createServerFn, so that the
// few microseconds the runtime adds are not lost in the noise of a whole request.
const startClientCore = await import('@tanstack/start-client-core')
const { runWithStartContext } = await import('@tanstack/start-storage-context')
const { runtimeModuleSource } = await import('../src/vite/runtime-module.ts')
const { ModuleLoader } = await import('../test/support/module-loader.ts')
const session = startClientCore.createMiddleware({ type: 'function' }).server(({ next, context }: any) => {
  if (!context.cookie) throw new Error('Unauthenticated')
  return next({ context: { user: 'ada' } })
})
const runtime = await new ModuleLoader({
  source: (id) => (id === 'serverfn-auth/runtime' ? runtimeModuleSource({ startPackage: '@tanstack/react-start', sessionModule: '/session.ts', sessionExport: 'requireSession', environment: 'server' }) : null),
  resolve: (specifier) => specifier,
  external: (id) =>
    id === '@tanstack/react-start' ? (startClientCore as never) : id === '@tanstack/react-start/server' ? { setResponseStatus: () => {} } : id === '/session.ts' ? { requireSession: session } : undefined,
}).load('serverfn-auth/runtime')
await new Promise((resolve) => setTimeout(resolve, 0))
const endpoint = (middleware: unknown[]) => (startClientCore.createServerFn() as any).middleware(middleware).handler({ serverFnMeta: { id: 'x', name: 'f', filename: 'f.ts' } }, () => 'report')
const plainEndpoint = endpoint([session])
const protectedEndpoint = endpoint([runtime.session, runtime.check])
const store = { request: new Request('http://localhost/'), startOptions: {}, contextAfterGlobalMiddlewares: {}, executedRequestMiddlewares: new Set(), handlerType: 'serverFn' }
const run = (fn: any) => runWithStartContext(store as never, () => fn.__executeServer({ data: undefined, method: 'GET', context: { cookie: 'valid' } }))

describe('in process: one call of the endpoint, authenticated', () => {
  bench('session middleware by hand', async () => {
    await run(plainEndpoint)
  }, options)
  bench('serverfn-auth: session delegate and check', async () => {
    await run(protectedEndpoint)
  }, options)
})
