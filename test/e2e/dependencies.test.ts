import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { buildFunctionId, callServerFn, errorMessage } from './support/server-fn-client.ts'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'

/**
 * A real package that ships server functions: @workos/authkit-tanstack-react-start declares 15
 * `createServerFn` endpoints that TanStack compiles into the app as soon as anything is imported
 * from it. Unclassified, they fail the build; with a rule, the public ones answer anonymously and
 * the others need a session.
 */

const WORKOS = '@workos/authkit-tanstack-react-start'

const app = (name: string, dependencies?: string) =>
  writeFixtureApp({
    name,
    dependencies: [WORKOS, '@workos-inc/node'],
    serverModules: {
      'auth.ts': `import { getAuth, getSignInUrl } from '${WORKOS}'\n\nexport const authkit = { getAuth, getSignInUrl }\n`,
    },
    files: {
      // AuthKit's functions need its request middleware; a src/start.ts replaces Start's default
      // CSRF middleware, so that one is listed again.
      'src/start.ts': `import { createCsrfMiddleware, createStart } from '@tanstack/react-start'
import { authkitMiddleware } from '${WORKOS}'

const csrfMiddleware = createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === 'serverFn' })

export const startInstance = createStart(() => ({ requestMiddleware: [csrfMiddleware, authkitMiddleware()] }))
`,
    },
    pluginOptions: `{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }${dependencies ? `, dependencies: ${dependencies}` : ''} }`,
  })

describe(WORKOS, () => {
  test('unclassified, its endpoints fail the build with the package, its functions and the option to add', async () => {
    const root = app('workos-unclassified')
    const error = await buildApp(root).then(
        () => null,
        (caught: Error) => caught,
      )
    expect(error?.message).toContain('SFA401 unclassified-dependency-server-fn')
    expect(error?.message).toContain(`The package \`${WORKOS}\` declares server functions (getSignOutUrl, signOut, getAuth, checkRecentAuth, getAuthorizationUrl, getSignInUrl, getSignUpUrl, switchToOrganization)`)
    expect(error?.message).toContain('(checkSessionAction, getAuthAction, refreshAuthAction, getAccessTokenAction, refreshAccessTokenAction, switchToOrganizationAction, getOrganizationAction)')
    expect(error?.message).toContain("dependencies: { '@workos/authkit-tanstack-react-start': { access: 'protected'")
    expect(error?.message).not.toContain('<package>')
  }, 120_000)

  test('with a rule, the public ones answer anonymously and the rest answer 401', async () => {
    const root = app(
      'workos-classified',
      // The README's rule, the one TanStack's WorkOS example needs: its pages ask who is signed in.
      `{ '${WORKOS}': { access: 'protected', exports: {
        getAuth: { access: 'public', reason: 'the root route asks who is signed in on every page, the sign-in page included' },
        getAuthAction: { access: 'public', reason: 'AuthKitProvider asks who is signed in, signed in or not' },
        getSignInUrl: { access: 'public', reason: 'sign-in link for anonymous visitors' },
        getSignUpUrl: { access: 'public', reason: 'sign-up link for anonymous visitors' },
      } } }`,
    )
    await buildApp(root)
    Object.assign(process.env, {
      WORKOS_CLIENT_ID: 'client_test',
      WORKOS_API_KEY: 'sk_test_fixture',
      WORKOS_REDIRECT_URI: 'http://localhost:3000/callback',
      WORKOS_COOKIE_PASSWORD: 'a-fixture-cookie-password-of-32-chars-or-more',
    })
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const fetch = (request: Request) => server.default.fetch(request) as Promise<Response>
    const file = (name: string) => relative(root, join(import.meta.dirname, '../../node_modules', WORKOS, 'dist/server', name)).replace(/\\/g, '/')
    const id = (module: string, name: string) => buildFunctionId(file(module), name)

    for (const name of ['getSignInUrl', 'getSignUpUrl']) {
      const reply = await callServerFn(fetch, id('server-functions.js', name), { method: 'GET' })
      expect([name, reply.status]).toEqual([name, 200])
      expect(reply.body.result).toMatch(/^https:\/\/api\.workos\.com\/user_management\/authorize\?/)
    }
    // Who is signed in: nobody, and the answer says so instead of refusing.
    for (const [module, name] of [
      ['server-functions.js', 'getAuth'],
      ['actions.js', 'getAuthAction'],
    ] as const) {
      const reply = await callServerFn(fetch, id(module, name), { method: 'GET' })
      expect([name, reply.status, (reply.body.result as { user?: unknown } | undefined)?.user ?? null]).toEqual([name, 200, null])
    }
    for (const [module, name, method] of [
      ['server-functions.js', 'getAuthorizationUrl', 'GET'],
      ['server-functions.js', 'signOut', 'POST'],
      ['actions.js', 'checkSessionAction', 'GET'],
      ['actions.js', 'getAccessTokenAction', 'GET'],
    ] as const) {
      const reply = await callServerFn(fetch, id(module, name), { method })
      expect([name, reply.status, errorMessage(reply)]).toEqual([name, 401, 'Unauthenticated'])
    }
  }, 120_000)
})

describe('an endpoint finished on a builder that a package exports', () => {
  test('gets the session middleware at the endpoint, whatever the package rule says', async () => {
    const root = writeFixtureApp({
      name: 'package-builder',
      dependencies: ['shared-builders', 'tiny-rpc'],
      serverModules: {
        'reports.ts': `import { sharedBuilder } from 'shared-builders'

export const getReport = sharedBuilder.handler(() => 'quarterly numbers')
`,
        // Another library's \`.handler(...)\` chain: not a server function, left alone.
        'rpc.ts': `import { procedure } from 'tiny-rpc'

export const ping = procedure.handler(() => 'pong')
`,
      },
      files: {
        // A package TanStack compiles (it peer-depends on Start) that exports an unfinished builder.
        'node_modules/shared-builders/package.json': JSON.stringify({
          name: 'shared-builders',
          version: '1.0.0',
          type: 'module',
          exports: { '.': './index.js' },
          peerDependencies: { '@tanstack/react-start': '*' },
        }),
        'node_modules/shared-builders/index.js': `import { createServerFn } from '@tanstack/react-start'\n\nexport const sharedBuilder = createServerFn()\n`,
        'node_modules/tiny-rpc/package.json': JSON.stringify({
          name: 'tiny-rpc',
          version: '1.0.0',
          type: 'module',
          exports: { '.': './index.js' },
          peerDependencies: { '@tanstack/react-start': '*' },
        }),
        'node_modules/tiny-rpc/index.js': `export const procedure = { handler: (fn) => ({ call: fn }) }\n`,
      },
      pluginOptions: `{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, dependencies: { 'shared-builders': { access: 'public', reason: 'the package declares no endpoint of its own' } } }`,
    })
    await buildApp(root)
    const server = await import(pathToFileURL(join(root, 'dist/server/server.js')).href)
    const fetch = (request: Request) => server.default.fetch(request) as Promise<Response>
    const getReport = buildFunctionId('src/server/reports.ts', 'getReport')

    const anonymous = await callServerFn(fetch, getReport, { method: 'GET' })
    expect([anonymous.status, errorMessage(anonymous)]).toEqual([401, 'Unauthenticated'])
    const signedIn = await callServerFn(fetch, getReport, { method: 'GET', cookie: 'session=valid' })
    expect(signedIn).toMatchObject({ status: 200, body: { result: 'quarterly numbers' } })
    // The page imports rpc.ts: had \`procedure\` been given \`.middleware(...)\`, it would not load.
    expect((await fetch(new Request('http://localhost/'))).status).toBe(200)
  }, 120_000)
})
