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

describe('where and what SFA114 says', () => {
  const located = (code: string, parts: Record<string, SessionPartRole>, file = '/app/src/server/session.ts') =>
    analyzeModule(code, { file, session: { exportName: 'requireSession', isModule: () => false, parts: new Map(Object.entries(parts)) } })
      .diagnostics.map((d) => `${d.code} ${d.loc.line}:${d.loc.column} ${code.slice(d.loc.start, d.loc.end)} | ${d.message}`)

  test.each([
    ['`let`', `${mw}export let requireSession = createMiddleware({ type: 'function' })`, {}, [
      "SFA114 2:11 requireSession | `requireSession` is part of the session middleware and is declared with `let`: it must be a `const`, so that nothing can replace it.",
    ]],
    ['`var`', `${mw}export var requireSession = createMiddleware({ type: 'function' })`, {}, [
      "SFA114 2:11 requireSession | `requireSession` is part of the session middleware and is declared with `var`: it must be a `const`, so that nothing can replace it.",
    ]],
    ['a class', 'export class requireSession {}', {}, [
      'SFA114 1:0 export class requireSession {} | `requireSession` is part of the session middleware and is declared with `class`: it must be a `const`, so that nothing can replace it.',
    ]],
    ['an import-equals of a module', "import requireSession = require('./real')\nexport { requireSession }", {}, [
      "SFA114 1:0 import requireSession = require('./real') | `requireSession` is part of the session middleware and is declared with `import … = require(…)`: it must be a `const`, so that nothing can replace it.",
    ]],
    ['a declaration without an initializer', 'export declare const requireSession: unknown', {}, [
      'SFA114 1:0 export declare const requireSession: unknown | `requireSession` is part of the session middleware and has no declaration in this module that gives it a value.',
    ]],
    ['an enum', 'export enum requireSession { A }', {}, [
      'SFA114 1:0 export enum requireSession { A } | `requireSession` is part of the session middleware and is declared with `enum`: it must be a `const`, so that nothing can replace it.',
    ]],
    ['a destructured declaration', "import { kit } from './kit'\nexport const { requireSession } = kit", { kit: 'dependency' }, [
      'SFA114 2:0 export const { requireSession } = kit | `requireSession` is part of the session middleware and has no initializer that can be followed.',
    ]],
    ['beside another declarator', `${mw}export const other = 1, requireSession = createMiddleware({ type: 'function' })`, {}, [
      'SFA114 2:24 requireSession | `requireSession` is part of the session middleware and shares its statement with other declarators, which run before it is sealed.',
    ]],
    ['a refused list', `${mw}import { list } from './list'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware(list)`, {}, [
      'SFA114 3:80 list | `requireSession` is part of the session middleware and cannot be proved: its `.middleware(…)` is not given an array literal: TanStack keeps the array itself, which another module could change first.',
    ]],
    ['a listed member of an object', `${mw}import { kit } from './kit'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware([kit.session])`, { kit: 'dependency' }, [
      'SFA114 3:13 requireSession | `requireSession` is part of the session middleware and is read from `kit.session`, a member of an object, which cannot be followed to its declaration (another module could change it first).',
    ]],
    ['an imported base', "import { base } from './base'\nexport const requireSession = base.server(({ next }) => next())", { base: 'base' }, [
      'SFA114 2:13 requireSession | `requireSession` is part of the session middleware and derives from `base`, imported from another module, which could change it first: derive it from `createMiddleware(…)` here, or list the shared middleware with `.middleware([…])`.',
    ]],
  ] as const)('%s', (_, code, others, expected) => {
    expect(located(code, { requireSession: 'middleware', ...others })).toEqual(expected)
  })

  test('the first problem of a declaration is the one reported', () => {
    expect(located(`${mw}import { l } from './l'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware(l).middleware([...l])`, { requireSession: 'middleware' }).map((d) => d.split(' |')[0])).toEqual(['SFA114 3:80 l'])
  })

  test('a listed middleware of a namespace import is followed, not refused', () => {
    expect(located(`${mw}import * as K from './kit'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware([K.session])`, { requireSession: 'middleware' })).toEqual([])
  })

  test('a base used as the head of a listed middleware or of a choice is not another use', () => {
    const head = `${mw}const base = createMiddleware({ type: 'function' })\n`
    for (const use of [
      'createMiddleware({ type: "function" }).middleware([base.server(({ next }) => next())])',
      'process.env.DEV ? base.server(({ next }) => next()) : base.server(({ next }) => next())',
      'base.server(({ next }) => next()) || base',
      '(base.server(({ next }) => next()) as any)',
    ]) {
      const code = `${head}export const requireSession = ${use}`
      const problems = located(code, { requireSession: 'middleware', base: 'base' })
      if (use.endsWith('|| base')) expect(problems.map((p) => p.split(' |')[0]), use).toEqual([`SFA114 3:${code.split('\n')[2]!.lastIndexOf('base')} base`])
      else expect(problems, use).toEqual([])
    }
  })

  test('a base read anywhere else is reported at each read', () => {
    const code = `${mw}const base = createMiddleware({ type: 'function' })\nexport const requireSession = base.validator(base).server(({ next }) => next())\nuse(base)`
    expect(located(code, { requireSession: 'middleware', base: 'base' }).map((p) => p.split(' |')[0])).toEqual(['SFA114 3:45 base', 'SFA114 4:4 base'])
  })

  test('an exported base is reported at its declaration, once', () => {
    const code = `${mw}export const base = createMiddleware({ type: 'function' })\nexport const requireSession = base.server(({ next }) => next())\nuse(base)`
    expect(located(code, { requireSession: 'middleware', base: 'base' }).map((p) => p.split(' |')[0])).toEqual(['SFA114 2:13 base'])
  })

  test('in a package, a base may be exported and used', () => {
    const code = `${mw}export const base = createMiddleware({ type: 'function' })\nexport let requireSession = base.server(({ next }) => next())\nuse(base)`
    expect(located(code, { requireSession: 'middleware', base: 'base' }, '/app/node_modules/auth/index.js')).toEqual([])
  })

  test('an imported part is tracked for writes but not sealed or declared here', () => {
    const code = "import { requireSession } from './real'\nimport { helper } from './helper'\nexport const fn = 1\nrequireSession.x = 1\nhelper.y = 2"
    const analysis = analyzeModule(code, { file: '/app/src/other.ts', session: { exportName: 'requireSession', isModule: () => false, parts: new Map([['requireSession', 'middleware'], ['helper', 'dependency']]) } })
    expect(analysis.diagnostics.map((d) => `${d.code} ${d.loc.line}`)).toEqual(['SFA110 4', 'SFA110 5'])
    expect(analysis.plan?.seal ?? []).toEqual([])
  })

  test('no parts, no rules', () => {
    const code = `${mw}export let requireSession = createMiddleware({ type: 'function' })`
    expect(analyzeModule(code, { file: '/app/src/server/session.ts', session: { exportName: 'requireSession', isModule: () => false } }).diagnostics).toEqual([])
    expect(analyzeModule(code, { file: '/app/src/server/session.ts' }).diagnostics).toEqual([])
  })
})
