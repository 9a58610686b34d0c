import { describe, expect, test } from 'vitest'
import { analyzeModule, transformModule, type AnalyzeOptions, type DependencyContext, type ImportKind } from '../../src/core/index.ts'

/**
 * Who decides an endpoint's access: the `@auth public` annotation on its root, the builder it
 * derives from (in this module or another), or, in a package, the app's rule for that package.
 * Everything else is protected.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const file = '/app/src/fns.ts'
const R = '__serverFnAuth'
const SESSION = `.middleware([${R}.session])`
const CHECK = `.middleware([${R}.check])`

const AUTHED: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: { file: '/app/src/builders.ts', name: 'authed' }, package: null }
const PUB: ImportKind = { kind: 'builder', access: { kind: 'public', reason: 'marketing' }, method: 'POST', declaredIn: { file: '/app/src/builders.ts', name: 'pub' }, package: null }
const answers: AnalyzeOptions['imports'] = (source, imported) => {
  if (source !== './builders') return undefined
  if (imported === '*') return { kind: 'namespace', module: source }
  if (imported === 'authed') return AUTHED
  if (imported === 'pub') return PUB
  return { kind: 'none' }
}

const accessOf = (code: string, options: Partial<AnalyzeOptions> = {}) =>
  Object.fromEntries(analyzeModule(code, { file, imports: answers, ...options }).declarations.map((d) => [d.name, d.access]))
const codesOf = (code: string, options: Partial<AnalyzeOptions> = {}) => analyzeModule(code, { file, imports: answers, ...options }).diagnostics.map((d) => d.code)

describe('in the app', () => {
  test('a root is protected unless annotated; a derived declaration takes its builder’s access', () => {
    const code = `${imp}import { authed, pub } from './builders'\n// @auth public: probe\nexport const health = createServerFn().handler(() => 1)\nexport const secret = createServerFn().handler(() => 2)\n// @auth public: local\nconst open = createServerFn()\nexport const viaLocal = open.middleware([]).handler(() => 3)\nexport const pricing = pub.handler(() => 4)\nexport const invoice = authed.handler(() => 5)\n`
    expect(codesOf(code)).toEqual([])
    expect(accessOf(code)).toEqual({
      health: { kind: 'public', reason: 'probe' },
      secret: { kind: 'protected' },
      open: { kind: 'public', reason: 'local' },
      viaLocal: { kind: 'public', reason: 'local' },
      pricing: { kind: 'public', reason: 'marketing' },
      invoice: { kind: 'protected' },
    })
  })

  test('public declarations get nothing injected; protected ones get the session and the check', () => {
    const code = `${imp}import { pub } from './builders'\n// @auth public: probe\nexport const health = createServerFn().handler(() => 1)\nexport const secret = createServerFn().handler(() => 2)\nexport const pricing = pub.handler(() => 3)\n`
    const output = transformModule(code, { file, imports: answers })!.output!.code
    expect(output).toContain('export const health = createServerFn().handler(() => 1)\n')
    expect(output).toContain(`export const secret = createServerFn()${SESSION}${CHECK}.handler(${R}.guard(() => 2))\n`)
    expect(output).toContain('export const pricing = pub.handler(() => 3)\n')
  })

  test('an import nobody answered is a protected builder where it heads one', () => {
    const code = "import { thing } from './elsewhere'\nexport const f = thing.handler(() => 1)\n"
    expect(accessOf(code)).toEqual({ f: { kind: 'protected' } })
    expect(transformModule(code, { file })!.output!.code).toContain(`export const f = thing${SESSION}${CHECK}.handler(${R}.guard(() => 1))`)
  })

  test('`.middleware()` without a list is injected like any other chain', () => {
    const code = `${imp}export const f = createServerFn().middleware().handler(() => 1)\n`
    expect(accessOf(code)).toEqual({ f: { kind: 'protected' } })
    expect(transformModule(code, { file })!.output!.code).toContain(`createServerFn()${SESSION}.middleware()${CHECK}.handler(${R}.guard(() => 1))`)
  })
})

describe('endpoints of imported builders', () => {
  const code = `import { authed } from './builders'
import * as Builders from './builders'
export const a = authed.handler(() => 1)
export const b = authed({ method: 'POST' }).handler(() => 2)
export const d = Builders.authed({ method: 'POST' }).handler(() => 4)
export const notOne = Builders.helpers.format('x')
`

  test('are recorded with their origin and method; a call on another namespace member is not one', () => {
    const analysis = analyzeModule(code, { file, imports: answers })
    expect(analysis.diagnostics).toEqual([])
    expect(analysis.declarations.map((d) => [d.name, d.method, d.origin.kind === 'import' ? d.origin.reference : null])).toEqual([
      ['a', 'GET', { source: './builders', importedName: 'authed' }],
      ['b', 'POST', { source: './builders', importedName: 'authed' }],
      ['d', 'POST', { source: './builders', importedName: 'authed' }],
    ])
  })

  test('get the session right after their builder, and the check before the handler', () => {
    const output = transformModule(code, { file, imports: answers })!.output!.code
    expect(output).toContain(`export const a = authed${SESSION}${CHECK}.handler(${R}.guard(() => 1))`)
    expect(output).toContain(`export const b = authed${SESSION}({ method: 'POST' })${CHECK}.handler(${R}.guard(() => 2))`)
    expect(output).toContain(`export const d = Builders.authed({ method: 'POST' })${SESSION}${CHECK}.handler(${R}.guard(() => 4))`)
    expect(output).toContain("export const notOne = Builders.helpers.format('x')\n")
  })

  test('a namespace member chain with a method that is not a builder link is SFA107, not an endpoint', () => {
    const analysis = analyzeModule("import * as Builders from './builders'\nexport const f = Builders.authed.other().handler(() => 1)\n", { file, imports: answers })
    expect([analysis.declarations, analysis.diagnostics.map((d) => d.code)]).toEqual([[], ['SFA107']])
  })

  test('a module without any server function plans nothing', () => {
    expect(analyzeModule('export const x = 1 // createServerFn\n', { file }).plan).toBeNull()
  })
})

describe('in a dependency, the app’s rule decides by exported name', () => {
  const code = [
    imp.trimEnd(),
    'export const signIn = createServerFn().handler(() => 1)',
    'export const getAuth = createServerFn().handler(() => 2)',
    '// @auth public: the package says so',
    'export const noted = createServerFn().handler(() => 3)',
    'const internal = createServerFn().handler(() => 4)',
    'export { internal as external }',
    '',
  ].join('\n')
  const rule: DependencyContext['rule'] = {
    access: { kind: 'protected' },
    exports: new Map([
      ['signIn', { kind: 'public', reason: 'sign-in link' }],
      ['external', { kind: 'public', reason: 'renamed' }],
    ]),
  }
  const dependency: DependencyContext = { package: 'auth-kit', rule }

  test('public by a rule for its exported name, protected by default; the package’s annotations decide nothing', () => {
    expect(codesOf(code, { dependency })).toEqual([])
    expect(accessOf(code, { dependency })).toEqual({
      signIn: { kind: 'public', reason: 'sign-in link' },
      getAuth: { kind: 'protected' },
      noted: { kind: 'protected' },
      internal: { kind: 'public', reason: 'renamed' },
    })
  })

  test('a public rule injects nothing there; the others are injected', () => {
    const output = transformModule(code, { file: '/app/node_modules/auth-kit/index.js', dependency })!.output!.code
    expect(output).toContain('export const signIn = createServerFn().handler(() => 1)\n')
    expect(output).toContain(`export const getAuth = createServerFn()${SESSION}${CHECK}.handler(${R}.guard(() => 2))\n`)
    expect(output).toContain(`export const noted = createServerFn()${SESSION}${CHECK}.handler(${R}.guard(() => 3))\n`)
  })

  test('a public default for the package', () => {
    const open = accessOf(code, { dependency: { package: 'auth-kit', rule: { access: { kind: 'public', reason: 'all of it' }, exports: new Map() } } })
    expect(Object.values(open)).toEqual([1, 2, 3, 4].map(() => ({ kind: 'public', reason: 'all of it' })))
  })

  test('no rule: SFA401 naming the package and its server functions, everything protected', () => {
    const analysis = analyzeModule(code, { file, dependency: { package: 'auth-kit', rule: null } })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])).toEqual([['SFA401', 2, 13]])
    expect(analysis.diagnostics[0]!.message).toContain('auth-kit')
    expect(analysis.diagnostics[0]!.message).toContain('signIn, getAuth, noted, internal')
    // The hint is the option to write, with this package and one of its functions, not placeholders.
    expect(analysis.diagnostics[0]!.hint).toContain("serverFnAuth({ dependencies: { 'auth-kit': { access: 'protected', exports: { signIn: { access: 'public', reason: '<why>' } } } } })")
    expect(analysis.diagnostics[0]!.hint).not.toContain('<package>')
    expect(analysis.declarations.every((d) => d.access.kind === 'protected')).toBe(true)
  })

  test('no rule and only builders derived from elsewhere: nothing the package declares itself', () => {
    expect(codesOf("import { authed } from './builders'\nexport const derived = authed.middleware([])\n", { dependency: { package: 'auth-kit', rule: null } })).toEqual([])
  })

  test("an app endpoint on a package's public builder is the app's own: protected", () => {
    const kit: ImportKind = { kind: 'builder', access: { kind: 'public', reason: 'pkg' }, method: 'POST', declaredIn: null, package: 'auth-kit' }
    const analysis = analyzeModule("import { kitBuilder } from 'auth-kit'\nexport const mine = kitBuilder.handler(() => 1)\n", { file, imports: () => kit })
    expect(analysis.declarations.map((d) => [d.name, d.access, d.method])).toEqual([['mine', { kind: 'protected' }, 'POST']])
  })
})
