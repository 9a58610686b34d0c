import tsParser from '@typescript-eslint/parser'
import { ESLint, RuleTester } from 'eslint'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, test } from 'vitest'
import plugin from '../../src/eslint/index.ts'

/**
 * A real ESLint run, as an app's `eslint.config.js` would set it up: the recommended config with
 * typescript-eslint's parser, over the playground's sources (which build, so nothing to report)
 * and over a copy with the mistakes a developer makes while typing.
 */

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only

const playground = join(import.meta.dirname, '../../playground')
const languageOptions = { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }

/** The config an app writes: the recommended rules, told the roles and optional session it configures. */
function configFor(cwd: string) {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended,
      // The generated route tree carries an eslint-disable comment that this config makes unused.
      { languageOptions, linterOptions: { reportUnusedDisableDirectives: 'off' }, rules: { 'serverfn-auth/server-functions': ['error', { roles: ['admin'], optional: true }], 'serverfn-auth/server-routes': ['error', { routeMiddleware: true }] } },
    ],
  })
}

const work = mkdtempSync(join(tmpdir(), 'serverfn-auth-eslint-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('ESLint with typescript-eslint over the playground', () => {
  test('the playground, which builds, has nothing to report', async () => {
    const results = await configFor(playground).lintFiles(['src/**/*.{ts,tsx}'])
    expect(results.length).toBeGreaterThanOrEqual(15)
    expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line} ${message.message}`))).toEqual([])
  })

  test('a copy with the mistakes of a developer typing reports each with its code, at its line', async () => {
    const copy = join(work, 'playground')
    cpSync(join(playground, 'src'), join(copy, 'src'), { recursive: true })
    writeFileSync(
      join(copy, 'src/server/drafts.ts'),
      `import { createServerFn } from '@tanstack/react-start'

// @auth public
export const listDrafts = createServerFn().handler(() => [])

// @auth role: auditor
export const auditDrafts = createServerFn().handler(() => [])

export let draftCount = createServerFn().handler(() => 0)
`,
    )
    const [result] = await configFor(copy).lintFiles(['src/server/drafts.ts'])
    expect(result!.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message.split(':')[0]}`)).toEqual([
      '3:4 serverfn-auth/server-functions SFA201 public-without-reason',
      '6:4 serverfn-auth/server-functions SFA209 unknown-role',
      '9:12 serverfn-auth/server-functions SFA108 mutable-server-fn-binding',
    ])
    expect(result!.messages[0]!.message).toMatch(/ Hint: /)
  })
})

new RuleTester({ languageOptions }).run('serverfn-auth/server-routes', plugin.rules['server-routes'], {
  valid: [
    { code: "import { createFileRoute } from '@tanstack/react-router'\nexport const Route = createFileRoute('/api/x')({ server: { handlers: { GET: () => new Response('x') } } })\n", filename: join(work, 'x.ts') },
    { code: "import { createFileRoute } from '@tanstack/react-router'\n// @auth public: health probe\nexport const Route = createFileRoute('/api/health')({ server: { handlers: { GET: () => new Response('ok') } } })\n", filename: join(work, 'health.ts') },
  ],
  invalid: [
    {
      name: 'a role on a server route (SFA707)',
      code: "import { createFileRoute } from '@tanstack/react-router'\n// @auth role: admin\nexport const Route = createFileRoute('/api/admin')({ server: { handlers: { GET: () => new Response('x') } } })\n",
      filename: join(work, 'admin.ts'),
      errors: [{ message: /^SFA707 route-access-directive-unsupported: /, line: 2 }],
    },
    {
      name: 'routes.middleware not configured (SFA701), when the rule is told so',
      code: "import { createFileRoute } from '@tanstack/react-router'\nexport const Route = createFileRoute('/api/x')({ server: { handlers: { GET: () => new Response('x') } } })\n",
      filename: join(work, 'open.ts'),
      options: [{ routeMiddleware: false }],
      errors: [{ message: /^SFA701 server-route-without-route-middleware: /, line: 2 }],
    },
  ],
})
