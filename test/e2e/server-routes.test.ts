import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'

/**
 * Server routes are listed, as what they are: endpoints serverfn-auth does not protect. The
 * build says so and the inventory records them; the built server shows that the listing is true.
 */

const usersRoute = `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/api/users')({
  server: {
    handlers: {
      GET: () => Response.json({ users: ['ada'] }),
      POST: { handler: () => new Response('created', { status: 201 }) },
    },
  },
})
`

const dynamicRoute = `import { createFileRoute } from '@tanstack/react-router'

export const Route = createFileRoute('/api/health')({
  server: { handlers: ({ createHandlers }) => createHandlers({ GET: () => new Response('ok') }) },
})
`

describe('server routes', () => {
  test('are in the inventory as unprotected, and the build warns about them', async () => {
    const root = writeFixtureApp({
      name: 'server-routes',
      serverModules: {},
      // The table is not printed; the open routes are still said.
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, quiet: true, markdown: true, sarif: true }",
      files: { 'src/routes/api/users.ts': usersRoute, 'src/routes/api/health.ts': dynamicRoute },
    })
    const warnings: string[] = []
    const { createBuilder, createLogger } = await import('vite')
    const logger = createLogger('warn')
    const infos: string[] = []
    logger.warn = (message) => void warnings.push(message)
    logger.info = (message) => void infos.push(message)
    const previous = process.cwd()
    process.chdir(root)
    try {
      const builder = await createBuilder({ root, customLogger: logger, logLevel: 'warn' })
      await builder.buildApp()
    } finally {
      process.chdir(previous)
    }

    expect(readInventory(root).serverRoutes).toEqual([
      { file: 'src/routes/api/health.ts', line: 3, path: '/api/health', methods: null, handlers: 'declared', access: 'unprotected' },
      { file: 'src/routes/api/users.ts', line: 3, path: '/api/users', methods: ['GET', 'POST'], handlers: 'declared', access: 'unprotected' },
    ])
    expect([...infos, ...warnings].some((message) => /\d+ endpoints? \(\d+ protected/.test(message))).toBe(false)
    const warning = warnings.find((message) => message.includes('server routes'))
    expect(warning?.split('\n')).toEqual([
      '  2 server routes (file routes with server.handlers) are NOT protected by serverfn-auth: each answers anonymous requests unless its own middleware checks the session',
      '    src/routes/api/health.ts:3  /api/health  methods not listed',
      '    src/routes/api/users.ts:3   /api/users   GET, POST',
    ])

    // The pull-request comment and the code-scanning log name them too.
    expect(readFileSync(join(root, 'dist/server/serverfn-auth.md'), 'utf8')).toContain('| `/api/users` | GET, POST | `src/routes/api/users.ts:3` |')
    const sarif = JSON.parse(readFileSync(join(root, 'dist/server/serverfn-auth.sarif'), 'utf8'))
    expect(sarif.runs[0].results.map((result: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => [result.ruleId, result.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['serverfn-auth/unprotected-server-route', 'src/routes/api/health.ts'],
      ['serverfn-auth/unprotected-server-route', 'src/routes/api/users.ts'],
    ])

    // The listing tells the truth: the routes answer an anonymous request.
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const response = await server.default.fetch(new Request('http://localhost/api/users'))
    expect([response.status, await response.json()]).toEqual([200, { users: ['ada'] }])
  }, 120_000)

  test('an app without server routes records none', async () => {
    const root = writeFixtureApp({ name: 'no-server-routes', serverModules: {} })
    await buildApp(root)
    expect(readInventory(root).serverRoutes).toEqual([])
  }, 120_000)
})
