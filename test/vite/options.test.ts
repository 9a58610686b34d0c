import { describe, expect, test } from 'vitest'
import { resolveOptions, ServerFnAuthOptionsError } from '../../src/vite/options.ts'

const middleware = { from: '/src/server/session.ts', export: 'requireSession' }

describe('resolveOptions', () => {
  test('defaults', () => {
    expect(resolveOptions({ middleware })).toEqual({
      middleware,
      routeMiddleware: null,
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
