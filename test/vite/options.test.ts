import { describe, expect, test } from 'vitest'
import { resolveOptions, ServerFnAuthOptionsError } from '../../src/vite/options.ts'

const middleware = { from: '/src/server/session.ts', export: 'requireSession' }

describe('resolveOptions', () => {
  test('defaults', () => {
    expect(resolveOptions({ middleware })).toEqual({
      middleware,
      routeMiddleware: null,
      roles: new Map(),
      optional: null,
      dependencies: new Map(),
      quiet: false,
      inventory: 'serverfn-auth.json',
      markdown: null,
      sarif: null,
      baseline: null,
      guard: 'optional',
    })
  })

  test('routes.middleware names the request middleware of server routes', () => {
    const routes = { middleware: { from: '/src/server/session.ts', export: 'requireSessionRequest' } }
    expect(resolveOptions({ middleware, routes }).routeMiddleware).toEqual(routes.middleware)
  })

  test('roles and the optional session name function middleware', () => {
    const admin = { from: '/src/server/roles.ts', export: 'requireAdmin' }
    const billing = { from: '~/server/roles', export: 'requireBilling' }
    const optional = { from: '/src/server/session.ts', export: 'readSession' }
    const options = resolveOptions({ middleware, roles: { admin, 'posts:write': billing }, optional })
    expect([...options.roles]).toEqual([['admin', admin], ['posts:write', billing]])
    expect(options.optional).toEqual(optional)
    expect(resolveOptions({ middleware, roles: {} }).roles.size).toBe(0)
  })

  // What users of role libraries get wrong: `role` for `roles`, a string or a list for { from, export }.
  test.each([
    [{ middleware, role: { admin: middleware } }, /unknown option `role`\. Known options: .*`roles`/],
    [{ middleware, roles: ['admin'] }, /`roles` must be an object keyed by role name/],
    [{ middleware, roles: 'admin' }, /`roles` must be an object keyed by role name/],
    [{ middleware, roles: { admin: '/src/server/roles.ts' } }, /`roles.admin` must be \{ from, export \}/],
    [{ middleware, roles: { admin: ['requireAdmin'] } }, /`roles.admin` must be \{ from, export \}/],
    [{ middleware, roles: { admin: { from: '/r.ts' } } }, /`roles.admin.export` must be a non-empty string/],
    [{ middleware, roles: { admin: { ...middleware, role: 'admin' } } }, /unknown option `roles.admin.role`/],
    [{ middleware, roles: { 'admin, billing': middleware } }, /"admin, billing" is not a role name/],
    [{ middleware, roles: { '': middleware } }, /"" is not a role name/],
    [{ middleware, optional: true }, /`optional` must be \{ from, export \}/],
    [{ middleware, optional: { from: '/s.ts', export: 'read session' } }, /`optional.export` must be an identifier/],
  ])('%j is refused', (raw, message) => {
    expect(() => resolveOptions(raw)).toThrow(message)
  })

  test('output files: true picks the default name, false none', () => {
    const options = resolveOptions({ middleware, inventory: false, markdown: true, sarif: 'reports/auth.sarif', baseline: 'serverfn-auth.public.json' })
    expect([options.inventory, options.markdown, options.sarif, options.baseline]).toEqual([null, 'serverfn-auth.md', 'reports/auth.sarif', 'serverfn-auth.public.json'])
  })

  test('dependency rules with export overrides', () => {
    const options = resolveOptions({
      middleware,
      dependencies: {
        '@workos/authkit-tanstack-react-start': {
          access: 'protected',
          exports: { getSignInUrl: { access: 'public', reason: ' sign-in link ' } },
        },
        'public-lib': { access: 'public', reason: 'marketing widgets' },
      },
    })
    expect(options.dependencies.get('@workos/authkit-tanstack-react-start')).toEqual({
      package: '@workos/authkit-tanstack-react-start',
      access: { access: 'protected' },
      exports: new Map([['getSignInUrl', { access: 'public', reason: 'sign-in link' }]]),
    })
    expect(options.dependencies.get('public-lib')?.access).toEqual({ access: 'public', reason: 'marketing widgets' })
  })

  test.each([
    [undefined, /pass an options object/],
    [{}, /`middleware` is required/],
    [{ middleware: { from: '/s.ts' } }, /`middleware.export` must be a non-empty string/],
    [{ middleware: { from: '', export: 'x' } }, /`middleware.from` must be a non-empty string/],
    [{ middleware: { from: '/s.ts', export: 'not an identifier' } }, /must be an identifier/],
    [{ middleware: { ...middleware, extra: 1 } }, /unknown option `middleware.extra`/],
    [{ middleware, dependency: {} }, /unknown option `dependency`/],
    [{ middleware, routes: {} }, /`routes` must be \{ middleware: \{ from, export \} \}/],
    [{ middleware, routes: middleware }, /`routes` must be \{ middleware/],
    [{ middleware, routes: { middleware: { from: '/s.ts' } } }, /`routes.middleware.export` must be a non-empty string/],
    [{ middleware, routes: { middleware: { from: '/s.ts', export: 'a-b' } } }, /`routes.middleware.export` must be an identifier/],
    [{ middleware, routes: { middleware, extra: 1 } }, /unknown option `routes.extra`/],
    [{ middleware, quiet: 'yes' }, /`quiet` must be true or false/],
    [{ middleware, sarif: '' }, /`sarif` must be a non-empty string/],
    [{ middleware, baseline: true }, /`baseline` must be a non-empty string/],
    [{ middleware, guard: true }, /`guard` must be 'required' or 'optional'/],
    [{ middleware, dependencies: [] }, /keyed by package name/],
    [{ middleware, dependencies: { 'Not A Package': { access: 'protected' } } }, /is not a package name/],
    [{ middleware, dependencies: { lib: { access: 'public' } } }, /`dependencies\['lib'\].reason` must be a non-empty string/],
    [{ middleware, dependencies: { lib: { access: 'open' } } }, /must be 'protected' or 'public'/],
    [{ middleware, dependencies: { lib: { access: 'protected', exports: { a: { access: 'public', reason: ' ' } } } } }, /exports.a.reason/],
  ])('%j is refused', (raw, message) => {
    expect(() => resolveOptions(raw)).toThrow(ServerFnAuthOptionsError)
    expect(() => resolveOptions(raw)).toThrow(message)
  })
})
