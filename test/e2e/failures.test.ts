import { describe, expect, test } from 'vitest'
import { buildApp, writeFixtureApp, type FixtureApp } from './support/fixture-app.ts'

/** Real `vite build`s of apps that must not build, each failing with its own clear message. */

async function buildError(app: FixtureApp): Promise<Error> {
  const root = writeFixtureApp(app)
  try {
    await buildApp(root)
  } catch (error) {
    return error as Error
  }
  throw new Error(`the build of ${app.name} succeeded`)
}

describe('an app with ambiguous server functions in two modules', () => {
  test('fails the build once, listing every offender with its position, code, hint and frame', async () => {
    const error = await buildError({
      name: 'ambiguous',
      serverModules: {
        'reports.ts': `import { createServerFn } from '@tanstack/react-start'

export function makeReport() {
  return createServerFn().handler(() => 'nested')
}

// @auth pubic: typo in the directive
export const typo = createServerFn().handler(() => 'typo')

export const fine = createServerFn().handler(() => 'fine')
`,
        'billing.ts': `import { createServerFn } from '@tanstack/react-start'

// @auth public
export const noReason = createServerFn().handler(() => 'no reason')

export const viaComma = (0, createServerFn)().handler(() => 'comma')
`,
      },
    })
    const message = error.message
    expect(message).toContain('serverfn-auth found 4 problems in 2 files')
    const offenders = [...message.matchAll(/^(src\/server\/\S+):(\d+):(\d+)\s+(SFA\d{3})/gm)].map((m) => `${m[1]}:${m[2]}:${m[3]} ${m[4]}`)
    expect(offenders).toEqual([
      'src/server/billing.ts:3:4 SFA201',
      'src/server/billing.ts:6:25 SFA104',
      'src/server/reports.ts:4:10 SFA101',
      'src/server/reports.ts:7:4 SFA202',
    ])
    expect(message).toContain('hint: Move the chain to a top-level `const`')
    expect(message).toMatch(/> 4 \|\s+return createServerFn\(\)\.handler/)
  }, 60_000)
})

describe('misconfiguration', () => {
  const module = { 'fns.ts': "import { createServerFn } from '@tanstack/react-start'\nexport const fn = createServerFn().handler(() => 1)\n" }

  test('a middleware module that does not resolve', async () => {
    const error = await buildError({
      name: 'wrong-from',
      serverModules: module,
      pluginOptions: "{ middleware: { from: '/src/server/sesion.ts', export: 'requireSession' } }",
    })
    expect(error.message).toContain('SFA501 session-module-not-found')
    expect(error.message).toContain('"/src/server/sesion.ts"')
  }, 60_000)

  test('a middleware module without the export', async () => {
    const error = await buildError({
      name: 'missing-export',
      serverModules: module,
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSesion' } }",
    })
    expect(error.message).toContain('SFA502 session-export-missing')
    expect(error.message).toContain('does not export `requireSesion`. It exports: `requireSession`.')
  }, 60_000)

  test("a role whose module does not resolve, and an optional session whose export is missing, each named by its option", async () => {
    const role = await buildError({
      name: 'role-missing-module',
      serverModules: module,
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, roles: { admin: { from: '/src/server/roles.ts', export: 'requireAdmin' } } }",
    })
    expect(role.message).toContain('SFA501 session-module-not-found')
    expect(role.message).toContain('`roles.admin.from` is "/src/server/roles.ts"')
    const optional = await buildError({
      name: 'optional-missing-export',
      serverModules: module,
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, optional: { from: '/src/server/session.ts', export: 'readSession' } }",
    })
    expect(optional.message).toContain('SFA502 session-export-missing')
    expect(optional.message).toContain('(`optional.from`: "/src/server/session.ts") does not export `readSession`. It exports: `requireSession`.')
  }, 60_000)

  test('the plugin listed after tanstackStart()', async () => {
    const error = await buildError({ name: 'order', serverModules: module, plugins: ['tanstackStart()', 'SERVER_FN_AUTH', 'viteReact()'] })
    expect(error.message).toContain('SFA503 plugin-after-tanstack-start')
    expect(error.message).toContain('plugins: [serverFnAuth({ ... }), tanstackStart(), viteReact()]')
  }, 60_000)

  test('no TanStack Start plugin at all', async () => {
    const error = await buildError({ name: 'no-start', serverModules: module, plugins: ['SERVER_FN_AUTH', 'viteReact()'] })
    expect(error.message).toContain('SFA504 tanstack-start-missing')
  }, 60_000)

  test('options that are not understood', async () => {
    const error = await buildError({
      name: 'bad-options',
      serverModules: module,
      pluginOptions: "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, dependencys: {} }",
    })
    expect(error.message).toContain('unknown option `dependencys`')
  }, 60_000)
})
