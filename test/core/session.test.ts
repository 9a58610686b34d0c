import { describe, expect, test } from 'vitest'
import { analyzeModule, transformModule, type SessionIdentity } from '../../src/core/index.ts'

/**
 * The project's session middleware is recognised in a chain for one diagnostic only: SFA206, a
 * public declaration that lists it. The host says which specifiers name the session module (by
 * resolving them); names alone decide nothing. Protection never depends on it: the session
 * middleware is injected through the runtime module whatever the chain lists.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const R = '__serverFnAuth'

/** The session module is `~/server/session` and `./server/session`, nothing else. */
const session: SessionIdentity = { exportName: 'requireSession', isModule: (specifier) => specifier === '~/server/session' || specifier === './server/session' }

function analyse(code: string, identity: SessionIdentity | null = session) {
  const analysis = analyzeModule(code, { file: '/app/src/fns.ts', ...(identity ? { session: identity } : {}) })
  return {
    access: Object.fromEntries(analysis.declarations.map((d) => [d.name, d.access.kind])),
    diagnostics: analysis.diagnostics.map((d) => [d.code, d.loc.line, code.slice(d.loc.start, d.loc.end)]),
  }
}

describe('SFA206: public, with the session middleware listed', () => {
  test.each([
    ['an import of the session module', "import { requireSession } from '~/server/session'", 'requireSession'],
    ['a renamed import', "import { requireSession as auth } from './server/session'", 'auth'],
    ['a namespace import', "import * as Session from '~/server/session'", 'Session.requireSession'],
    ['a wrapped item', "import { requireSession } from '~/server/session'", 'requireSession as any'],
    ['among other middleware', "import { requireSession } from '~/server/session'\nimport { audit } from './audit'", 'audit, requireSession'],
  ])('%s', (_, imports, items) => {
    const code = `${imp}${imports}\n// @auth public: sign-in\nexport const f = createServerFn().middleware([${items}]).handler(() => 1)\n`
    const line = code.split('\n').findIndex((text) => text.startsWith('// @auth')) + 1
    expect(analyse(code)).toEqual({ access: { f: 'public' }, diagnostics: [['SFA206', line, '@auth']] })
  })

  test('in a later `.middleware([…])` link too', () => {
    const code = `${imp}import { requireSession } from '~/server/session'\n// @auth public: r\nexport const f = createServerFn().middleware([]).validator((v: unknown) => v).middleware([requireSession]).handler(() => 1)\n`
    expect(analyse(code).diagnostics.map(([code]) => code)).toEqual(['SFA206'])
  })
})

describe('not the session middleware', () => {
  const publicWith = (imports: string, middleware: string) => `${imp}${imports}\n// @auth public: sign-in\nexport const f = createServerFn()${middleware}.handler(() => 1)\n`

  test.each([
    ['a similar specifier the host does not resolve to it', "import { requireSession } from './server/session.js'", '.middleware([requireSession])'],
    ['a bare specifier', "import { requireSession } from 'server/session'", '.middleware([requireSession])'],
    ['another export of the session module', "import { other } from '~/server/session'", '.middleware([other])'],
    ["the module's own declaration of the same name", 'const requireSession = 1', '.middleware([requireSession])'],
    ['a default import read as an object', "import sessionDefault from '~/server/session'", '.middleware([sessionDefault.requireSession])'],
    ['a validator argument', "import { requireSession } from '~/server/session'", '.validator([requireSession] as never)'],
    ['a list that is not an array literal', "import { requireSession } from '~/server/session'\nconst shared = [requireSession]", '.middleware(shared)'],
    ['a spread', "import { requireSession } from '~/server/session'\nconst shared = [requireSession]", '.middleware([...shared])'],
    ['a computed member of the namespace', "import * as Session from '~/server/session'", ".middleware([Session['requireSession']])"],
  ])('%s', (_, imports, middleware) => {
    expect(analyse(publicWith(imports, middleware)).diagnostics.filter(([code]) => code === 'SFA206')).toEqual([])
  })

  test('without a session identity nothing is recognised', () => {
    const code = publicWith("import { requireSession } from '~/server/session'", '.middleware([requireSession])')
    expect(analyse(code, null).diagnostics).toEqual([])
    expect(analyse(code).diagnostics.map(([code]) => code)).toEqual(['SFA206'])
  })

  test('a protected declaration may list it: nothing to report', () => {
    expect(analyse(`${imp}import { requireSession } from '~/server/session'\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)\n`)).toEqual({ access: { f: 'protected' }, diagnostics: [] })
  })
})

describe('listing the session middleware changes nothing in what is written', () => {
  test('it is injected first anyway; the listed one is deduplicated at run time', () => {
    const code = `${imp}import { requireSession } from '~/server/session'\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)\n`
    const output = transformModule(code, { file: '/app/src/fns.ts', session })!.output!.code
    expect(output).toContain(`createServerFn().middleware([${R}.session]).middleware([requireSession]).middleware([${R}.check]).handler(${R}.guard(() => 1))`)
    // The same with no identity: protection does not depend on recognising it.
    expect(transformModule(code, { file: '/app/src/fns.ts' })!.output!.code).toBe(output)
  })

  test("the session module's own server functions are protected through the runtime, without importing itself", () => {
    const code = `${imp}import { createMiddleware } from '@tanstack/react-start'\nexport const requireSession = createMiddleware().server(({ next }) => next())\nexport const me = createServerFn().handler(() => 1)\n`
    const result = transformModule(code, { file: '/app/src/server/session.ts?tss-serverfn-split', session: { exportName: 'requireSession', isModule: () => false } })!
    expect(result.analysis.declarations.map((d) => [d.name, d.access.kind])).toEqual([['me', 'protected']])
    expect(result.output!.code).toContain(`import * as ${R} from "serverfn-auth/runtime";`)
    expect(result.output!.code).toContain(`export const me = createServerFn().middleware([${R}.session]).middleware([${R}.check]).handler(${R}.guard(() => 1))`)
    expect(result.output!.code.match(/^import .*$/gm)?.join('\n')).not.toContain('session')
  })
})
