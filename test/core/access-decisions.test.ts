import { describe, expect, test } from 'vitest'
import { analyzeModule, injectSessionMiddleware, transformModule, type AnalyzeOptions } from '../../src/core/index.ts'

/** Access decisions that the fixtures do not pin down on their own. */

const session = { source: '/app/src/server/session.ts', exportName: 'requireSession' }
const options: AnalyzeOptions = { file: '/app/src/fns.ts', session }
const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const accessOf = (code: string, opts: AnalyzeOptions = options) =>
  Object.fromEntries(analyzeModule(code, opts).declarations.map((d) => [d.name, d.access]))
const codesOf = (code: string, opts: AnalyzeOptions = options) => analyzeModule(code, opts).diagnostics.map((d) => d.code)

describe('rules for roots without an annotation (dependency rules)', () => {
  const code = `${imp}export const signIn = createServerFn().handler(() => 1)\nexport const getAuth = createServerFn().handler(() => 2)\n// @auth public: annotated anyway\nexport const noted = createServerFn().handler(() => 3)\n`
  const decide = ({ name }: { name: string }) => (name === 'signIn' ? { access: 'public' as const, reason: 'sign-in link' } : undefined)

  test('a public rule makes the root public, with its reason, and injects nothing there', () => {
    const result = transformModule(code, { ...options, decideUnannotated: decide })!
    expect(accessOf(code, { ...options, decideUnannotated: decide })).toEqual({
      signIn: { kind: 'public', reason: 'sign-in link' },
      getAuth: { kind: 'protected', via: 'injected' },
      noted: { kind: 'public', reason: 'annotated anyway' },
    })
    expect(result.output!.code).toContain("export const signIn = createServerFn().handler(() => 1)")
    expect(result.output!.code).toContain('export const getAuth = createServerFn().middleware([__serverFnAuth_session]).handler(() => 2)')
  })

  test('the rule sees the exported names', () => {
    const seen: Array<{ name: string; exportedAs: string[] }> = []
    analyzeModule(`${imp}const internal = createServerFn().handler(() => 1)\nexport { internal as external }\n`, {
      ...options,
      decideUnannotated: (root) => void seen.push(root),
    })
    expect(seen).toEqual([{ name: 'internal', exportedAs: ['external'] }])
  })
})

describe('endpoints of imported builders', () => {
  const code = `import { authed } from './builders'
import * as Builders from './builders'
export const a = authed.handler(() => 1)
export const b = authed({ method: 'POST' }).handler(() => 2)
export const c = Builders.authed.handler(() => 3)
export const d = Builders.authed({ method: 'POST' }).handler(() => 4)
export const notOne = Builders.helpers.format('x')
`

  test('are recorded with the point right after their builder, where the host may inject', () => {
    const analysis = analyzeModule(code, options)
    expect(analysis.importedBuilders.map((b) => [b.name, b.reference.importedName])).toEqual([
      ['a', 'authed'],
      ['b', 'authed'],
      ['c', 'authed'],
      ['d', 'authed'],
    ])
    expect(analysis.session).not.toBeNull()
    const output = injectSessionMiddleware(code, analysis, analysis.importedBuilders.map((b) => b.headEnd))!.toString()
    expect(output).toContain('export const a = authed.middleware([__serverFnAuth_session]).handler(() => 1)')
    expect(output).toContain("export const b = authed({ method: 'POST' }).middleware([__serverFnAuth_session]).handler(() => 2)")
    expect(output).toContain('export const c = Builders.authed.middleware([__serverFnAuth_session]).handler(() => 3)')
    expect(output).toContain("export const d = Builders.authed({ method: 'POST' }).middleware([__serverFnAuth_session]).handler(() => 4)")
    expect(analysis.declarations.map((d) => [d.name, d.method])).toEqual([
      ['a', 'unknown'],
      ['b', 'POST'],
      ['c', 'unknown'],
      ['d', 'POST'],
    ])
  })

  test('a module without any server function plans no import', () => {
    expect(analyzeModule("export const x = 1 // createServerFn\n", options).session).toBeNull()
  })
})

describe('methods set by calling a builder', () => {
  test('the last call in the chain wins; a call without options keeps the method', () => {
    const code = `${imp}export const a = createServerFn()({ method: 'POST' }).handler(() => 1)\nconst base = createServerFn({ method: 'POST' })\nexport const b = base().handler(() => 2)\nexport const c = base({ method: 'GET' })({}).handler(() => 3)\n`
    expect(analyzeModule(code, options).declarations.map((d) => [d.name, d.method])).toEqual([
      ['a', 'POST'],
      ['base', 'POST'],
      ['b', 'POST'],
      ['c', 'GET'],
    ])
  })
})

describe('explicit session middleware', () => {
  test('only a `.middleware([...])` array whose first item is the session counts', () => {
    const code = `${imp}import { requireSession } from './server/session'
import sessionDefault from './server/session'
const shared = [requireSession]
export const list = createServerFn().middleware(shared).handler(() => 1)
export const spread = createServerFn().middleware([...shared]).handler(() => 2)
export const viaDefault = createServerFn().middleware([sessionDefault.requireSession]).handler(() => 3)
export const validatorOnly = createServerFn().validator([requireSession] as never).handler(() => 4)
export const explicit = createServerFn().middleware([requireSession]).handler(() => 5)
`
    expect(accessOf(code)).toEqual({
      list: { kind: 'protected', via: 'injected' },
      spread: { kind: 'protected', via: 'injected' },
      viaDefault: { kind: 'protected', via: 'injected' },
      validatorOnly: { kind: 'protected', via: 'injected' },
      explicit: { kind: 'protected', via: 'explicit' },
    })
  })

  test('a validator argument is not a middleware list: no contradiction with @auth public', () => {
    const code = `${imp}import { requireSession } from './server/session'\n// @auth public: fine\nexport const f = createServerFn().validator([requireSession] as never).handler(() => 1)\n`
    expect(codesOf(code)).toEqual([])
  })

  test("a module's own export that happens to share the name is not the session middleware", () => {
    const code = `${imp}import { createMiddleware } from '@tanstack/react-start'\nexport const requireSession = createMiddleware().server(({ next }) => next())\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)\n`
    expect(accessOf(code).f).toEqual({ kind: 'protected', via: 'injected' })
  })
})

describe('the session module itself', () => {
  const sessionModule: AnalyzeOptions = { file: '/app/src/server/session.ts', session }
  const middleware = "createMiddleware().server(({ next }) => next())"
  const head = `${imp}import { createMiddleware } from '@tanstack/react-start'\n`

  test('a declaration between two roots is too late for the first one', () => {
    const code = `${head}export const a = createServerFn().handler(() => 1)\nexport const requireSession = ${middleware}\nexport const b = createServerFn().handler(() => 2)\n`
    const [problem] = analyzeModule(code, sessionModule).diagnostics
    expect([problem?.code, problem?.loc.line]).toEqual(['SFA301', 3])
  })

  test('imports and function declarations are initialised before any statement runs', () => {
    const viaImport = `${imp}import { impl } from './impl'\nexport const a = createServerFn().handler(() => 1)\nexport { impl as requireSession }\n`
    const viaFunction = `${imp}export const a = createServerFn().handler(() => 1)\nfunction impl() {}\nexport { impl as requireSession }\n`
    const viaClass = `${imp}export const a = createServerFn().handler(() => 1)\nclass Impl {}\nexport { Impl as requireSession }\n`
    expect(codesOf(viaImport, sessionModule)).toEqual([])
    expect(codesOf(viaFunction, sessionModule)).toEqual([])
    expect(codesOf(viaClass, sessionModule)).toEqual(['SFA301'])
  })

  test('a public root needs no session binding, before or after', () => {
    const code = `${head}// @auth public: sign-in\nexport const login = createServerFn().handler(() => 1)\nexport const requireSession = ${middleware}\n`
    expect(codesOf(code, sessionModule)).toEqual([])
  })
})

describe('session source matching', () => {
  test('a bare specifier that happens to resolve like a relative path is not the session module', () => {
    const code = `${imp}import { requireSession } from 'server/session'\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)\n`
    expect(accessOf(code).f).toEqual({ kind: 'protected', via: 'injected' })
  })
})

describe('directive comments', () => {
  test.each([
    ['/* note */ // @auth public: after an inline block comment', 'after an inline block comment'],
    ['/* @auth public: closing stars **/', 'closing stars'],
  ])('%j', (comment, reason) => {
    const code = `${imp}${comment}\nexport const f = createServerFn().handler(() => 1)\n`
    expect(accessOf(code).f).toEqual({ kind: 'public', reason })
  })
})

describe('edges the mutation run found unpinned', () => {
  test('a module that cannot be parsed has nothing to inject and no imported builders', () => {
    const analysis = analyzeModule(`${imp}export const f = (`, options)
    expect([analysis.declarations, analysis.injectionPoints, analysis.importedBuilders, analysis.session]).toEqual([[], [], [], null])
  })

  test('local roots and builders are not imported builders; declarations without an initializer are skipped', () => {
    const code = `${imp}let pending: unknown\nconst base = createServerFn()\nexport const a = base.handler(() => 1)\nexport const b = createServerFn().handler(() => 2)\n`
    const analysis = analyzeModule(code, options)
    expect(analysis.importedBuilders).toEqual([])
    expect(analysis.declarations.map((d) => d.name)).toEqual(['base', 'a', 'b'])
  })

  test('a namespace builder chain with another method before .handler is still an endpoint of that builder', () => {
    const code = "import * as Builders from './builders'\nexport const f = Builders.authed.other().handler(() => 1)\n"
    expect(analyzeModule(code, options).declarations.map((d) => [d.name, d.kind])).toEqual([['f', 'endpoint']])
  })

  test('.middleware() without a list injects and does not count as explicit', () => {
    expect(accessOf(`${imp}export const f = createServerFn().middleware().handler(() => 1)\n`).f).toEqual({ kind: 'protected', via: 'injected' })
  })

  test('several spaces after @auth are fine', () => {
    expect(accessOf(`${imp}// @auth   public: spaced\nexport const f = createServerFn().handler(() => 1)\n`).f).toEqual({ kind: 'public', reason: 'spaced' })
  })
})
