import { describe, expect, test } from 'vitest'
import { analyzeModule, type SessionPartRole } from '../../src/core/index.ts'

/**
 * The rules for the parts of the session middleware a module declares: what a middleware part
 * may be made of (SFA114), what is sealed, and where writes are refused (SFA110).
 */

const mw = "import { createMiddleware } from '@tanstack/react-start'\n"

function analyse(code: string, parts: Record<string, SessionPartRole>, file = '/app/src/server/session.ts') {
  const analysis = analyzeModule(code, { file, session: { exportName: 'requireSession', isModule: () => false, parts: new Map(Object.entries(parts)) } })
  return {
    problems: analysis.diagnostics.map((d) => `${d.code} ${d.message}`),
    sealed: analysis.plan?.seal.filter((seal) => seal.kind === 'middleware').map((seal) => seal.name) ?? [],
  }
}

describe('a middleware part is made of what can be followed to a declaration', () => {
  test.each([
    ['a createMiddleware chain', `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())`, {}],
    ['a factory call', `import { makeSession } from './make'\nexport const requireSession = makeSession({ cookie: 'sid' })`, { makeSession: 'dependency' }],
    ['an alias of an import', `import { cookieSession } from './cookie'\nexport const requireSession = cookieSession`, { cookieSession: 'middleware' }],
    ['a namespace member', `import * as Auth from './auth'\nexport const requireSession = Auth.cookieSession`, {}],
    ['a choice between two names', `import { dev, prod } from './sessions'\nexport const requireSession = process.env.DEV ? dev : prod`, { dev: 'middleware', prod: 'middleware' }],
    ['`export import` of a namespace member', `import * as Real from './real'\nexport import requireSession = Real.requireSession`, {}],
    ['a chain on a local base used for nothing else', `${mw}const base = createMiddleware({ type: 'function' })\nexport const requireSession = base.server(({ next }) => next())`, { base: 'base' }],
    ['an inline middleware in its list', `${mw}export const requireSession = createMiddleware({ type: 'function' }).middleware([createMiddleware({ type: 'function' }).server(({ next }) => next())]).server(({ next }) => next())`, {}],
  ] as const)('%s builds and is sealed', (_, code, others) => {
    const { problems, sealed } = analyse(code, { requireSession: 'middleware', ...others })
    expect(problems).toEqual([])
    expect(sealed).toContain('requireSession')
  })

  test.each([
    ['a member of an object', `import { strategies } from './strategies'\nexport const requireSession = strategies.cookie`, { strategies: 'dependency' }, /read from `strategies.cookie`, a member of an object/],
    ['an imported base', `import { base } from './base'\nexport const requireSession = base.server(({ next }) => next())`, { base: 'base' }, /derives from `base`, imported from another module/],
    ['a list that is not an array literal', `${mw}import { list } from './list'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware(list).server(({ next }) => next())`, {}, /not given an array literal/],
    ['a spread in its list', `${mw}import { list } from './list'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware([...list]).server(({ next }) => next())`, {}, /spreads another array/],
    ['an awaited value', `import { load } from './load'\nexport const requireSession = await load()`, {}, /neither made by a call nor a name/],
    ['a chain on a member of an object', `import { auth } from './auth'\nexport const requireSession = auth.base.server(({ next }) => next())`, {}, /derives from a member of an object/],
    ['`let`', `${mw}export let requireSession = createMiddleware({ type: 'function' })`, {}, /declared with `let`/],
    ['a function', `export function requireSession() {}`, {}, /declared with `function`/],
    ['beside another declarator', `${mw}export const requireSession = createMiddleware({ type: 'function' }), other = 1`, {}, /shares its statement/],
  ] as const)('%s is SFA114', (_, code, others, message) => {
    const { problems, sealed } = analyse(code, { requireSession: 'middleware', ...others })
    expect(problems.filter((problem) => problem.startsWith('SFA114'))).toEqual([expect.stringMatching(message)])
    expect(sealed).toEqual([])
  })

  test('an `export default` middleware has no name to seal it by', () => {
    const analysis = analyzeModule(`${mw}export default createMiddleware({ type: 'function' })`, {
      file: '/app/src/server/session.ts',
      session: { exportName: 'default', isModule: () => false, parts: new Map([['default', 'middleware']]) },
    })
    expect(analysis.diagnostics.map((d) => d.code)).toEqual(['SFA114'])
  })
})

describe('a base', () => {
  const base = `${mw}const base = createMiddleware({ type: 'function' })\nexport const requireSession = base.server(({ next }) => next())\n`
  test('exported, or used for anything else, is SFA114; it is never sealed', () => {
    expect(analyse(`${base}export { base }`, { requireSession: 'middleware', base: 'base' }).problems).toEqual([expect.stringMatching(/^SFA114 `base` is the base .* and is exported/)])
    expect(analyse(`${base}console.log(base)`, { requireSession: 'middleware', base: 'base' }).problems).toEqual([expect.stringMatching(/^SFA114 `base` is the base .* used for anything else/)])
    expect(analyse(base, { requireSession: 'middleware', base: 'base' }).sealed).toEqual(['requireSession'])
  })
})

describe('writes', () => {
  test('a dependency may be set up in the module that declares it, and nowhere else', () => {
    const config = "export const config = { password: 'dev' }\nif (process.env.SECRET) config.password = process.env.SECRET\n"
    expect(analyse(config, { config: 'dependency' }, '/app/src/server/config.ts').problems).toEqual([])
    const elsewhere = "import { config } from './config'\nconfig.password = 'known'\nexport const requireSession = makeSession(config)"
    expect(analyse(elsewhere, { config: 'dependency', requireSession: 'middleware' }).problems).toEqual([expect.stringMatching(/^SFA110 `config` is part of the session middleware/)])
  })

  test('a middleware part is checked in its own module too', () => {
    const code = `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())\nrequireSession.options.server = () => 1`
    expect(analyse(code, { requireSession: 'middleware' }).problems).toEqual([expect.stringMatching(/^SFA110/)])
  })
})

describe('in a package', () => {
  test('the declaration rules do not apply, and the middleware is sealed all the same', () => {
    const code = `${mw}var tracing = createMiddleware({ type: 'function' }).server(({ next }) => next()), metrics = 1;\nexport { tracing };`
    const { problems, sealed } = analyse(code, { tracing: 'middleware' }, '/app/node_modules/obs-lib/dist/index.js')
    expect(problems).toEqual([])
    expect(sealed).toEqual(['tracing'])
  })
})
