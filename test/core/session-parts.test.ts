import { describe, expect, test } from 'vitest'
import { findSessionParts, ProjectAnalyzer, type SessionPartRole } from '../../src/core/index.ts'
import { memoryHost } from '../support/start-harness.ts'

/**
 * The session middleware's parts, found from the source: followed through re-exports, aliases
 * and namespaces to the modules that declare them, with what each declaration reads.
 */

const SESSION = { file: '/app/src/server/session.ts', exportName: 'requireSession' }
const mw = "import { createMiddleware } from '@tanstack/react-start'\n"

async function partsOf(files: Record<string, string>) {
  const parts = await findSessionParts(memoryHost(files), SESSION)
  const locals: Record<string, Record<string, SessionPartRole>> = {}
  for (const [file, roles] of parts.locals) locals[file.replace('/app/src/', '')] = Object.fromEntries(roles)
  const exported = [...parts.exported].map((key) => key.replace('/app/src/', '')).sort()
  return { locals, exported, exposing: [...parts.exposing].map((file) => file.replace('/app/src/', '')).sort(), files: [...parts.files].map((file) => file.replace('/app/src/', '')).sort() }
}

describe('findSessionParts', () => {
  test('a session middleware declared in the session module is its only part', async () => {
    const parts = await partsOf({ [SESSION.file]: `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())` })
    expect(parts.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware' } })
    expect(parts.exported).toEqual(['server/session.ts#requireSession'])
  })

  test('re-exports, `export *` and imports exported again are followed to the declaring module', async () => {
    const declared = `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())`
    for (const session of ["export { requireSession } from './impl'", "export * from './impl'", "import { requireSession } from './impl'\nexport { requireSession }"]) {
      const parts = await partsOf({ [SESSION.file]: session, '/app/src/server/impl.ts': declared })
      expect(parts.locals['server/impl.ts'], session).toEqual({ requireSession: 'middleware' })
      expect(parts.exported, session).toEqual(expect.arrayContaining(['server/impl.ts#requireSession', 'server/session.ts#requireSession']))
    }
  })

  test('an alias is the same middleware, also through a namespace import', async () => {
    const impl = `${mw}export const base = createMiddleware({ type: 'function' }).server(({ next }) => next())`
    const alias = await partsOf({ [SESSION.file]: "import { base } from './impl'\nexport const requireSession = base", '/app/src/server/impl.ts': impl })
    expect(alias.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware', base: 'middleware' }, 'server/impl.ts': { base: 'middleware' } })
    const namespaced = await partsOf({ [SESSION.file]: "import * as I from './impl'\nexport const requireSession = I.base", '/app/src/server/impl.ts': impl })
    expect(namespaced.locals['server/impl.ts']).toEqual({ base: 'middleware' })
    expect(namespaced.exposing).toEqual(['server/impl.ts', 'server/session.ts'])
  })

  test('what a declaration lists, derives from and reads, each with its role', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}import { loadUser } from './load-user'
import { schema } from './schema'
import { impl } from './impl'
const base = createMiddleware({ type: 'function' }).middleware([audit])
const audit = createMiddleware({ type: 'function' })
export const requireSession = base.middleware([loadUser]).validator(schema).server(impl.check)`,
      '/app/src/server/load-user.ts': `${mw}import { cache } from './cache'\nexport const loadUser = createMiddleware({ type: 'function' }).server(withCache(cache))\nfunction withCache(c) { return ({ next }) => next() }`,
      '/app/src/server/schema.ts': 'export const schema = { parse: (x) => x }',
      '/app/src/server/impl.ts': 'export const impl = { check: ({ next }) => next() }',
      '/app/src/server/cache.ts': 'export const cache = new Map()',
    })
    expect(parts.locals).toEqual({
      'server/session.ts': { requireSession: 'middleware', base: 'base', audit: 'middleware', loadUser: 'middleware', schema: 'dependency', impl: 'dependency' },
      'server/load-user.ts': { loadUser: 'middleware', withCache: 'dependency', cache: 'dependency' },
      'server/schema.ts': { schema: 'dependency' },
      'server/impl.ts': { impl: 'dependency' },
      'server/cache.ts': { cache: 'dependency' },
    })
  })

  test('what the middleware\'s own functions read when they run is not a part', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}import { db } from './db'\nexport const requireSession = createMiddleware({ type: 'function' }).server(async ({ next }) => next({ context: { user: await db.user() } }))`,
      '/app/src/server/db.ts': 'export const db = { user: async () => "ada" }',
    })
    expect(parts.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware' } })
  })

  test('a name keeps its strongest role', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const shared = createMiddleware({ type: 'function' })\nexport const requireSession = shared.middleware([shared]).validator(shared)`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', shared: 'middleware' })
  })

  test('an `export default` middleware is a part without a name; cycles end; packages are not read', async () => {
    const defaulted = await findSessionParts(memoryHost({ [SESSION.file]: `${mw}export default createMiddleware({ type: 'function' })` }), { ...SESSION, exportName: 'default' })
    expect(Object.fromEntries(defaulted.locals.get(SESSION.file)!)).toEqual({ default: 'middleware' })
    const cycle = await partsOf({ [SESSION.file]: "export { requireSession } from './a'", '/app/src/server/a.ts': "export { requireSession } from './session'" })
    expect(cycle.locals).toEqual({})
    const external = await partsOf({ [SESSION.file]: "export { requireSession } from 'some-auth'" })
    expect(external.locals).toEqual({})
    expect(external.files).toEqual(['server/session.ts'])
  })
})

describe('the project analyzer and the session parts', () => {
  const files = {
    [SESSION.file]: "export { requireSession } from './impl'",
    '/app/src/server/impl.ts': `${mw}import { loadUser } from './load-user'\nexport const requireSession = createMiddleware({ type: 'function' }).middleware([loadUser]).server(({ next }) => next())`,
    '/app/src/server/load-user.ts': `${mw}export const loadUser = createMiddleware({ type: 'function' }).server(({ next }) => next())`,
  }

  test('every import of a part, wherever it is declared, is the session middleware', async () => {
    const analyzer = new ProjectAnalyzer({ host: memoryHost(files), session: SESSION })
    expect(await analyzer.exportKind('/app/src/server/impl.ts', 'requireSession')).toEqual({ kind: 'session' })
    expect(await analyzer.exportKind('/app/src/server/load-user.ts', 'loadUser')).toEqual({ kind: 'session' })
    expect(await analyzer.exportKind(SESSION.file, 'requireSession')).toEqual({ kind: 'session' })
    expect(await analyzer.sessionModules()).toEqual(new Set([SESSION.file, '/app/src/server/impl.ts', '/app/src/server/load-user.ts']))
    const patch = await analyzer.analyze('/app/src/patch.ts', "import { loadUser } from './server/load-user'\nloadUser.options.server = () => 1", { allImports: true })
    expect(patch.diagnostics.map((d) => d.code)).toEqual(['SFA110'])
  })

  test('the declaring modules seal their middleware parts', async () => {
    const analyzer = new ProjectAnalyzer({ host: memoryHost(files), session: SESSION })
    const impl = await analyzer.analyze('/app/src/server/impl.ts', files['/app/src/server/impl.ts'])
    expect(impl.plan?.seal).toEqual([expect.objectContaining({ name: 'requireSession', kind: 'middleware' })])
    const loadUser = await analyzer.analyze('/app/src/server/load-user.ts', files['/app/src/server/load-user.ts'])
    expect(loadUser.plan?.seal).toEqual([expect.objectContaining({ name: 'loadUser', kind: 'middleware' })])
  })

  test('a change to a module of the parts finds them again', async () => {
    const changing = { ...files }
    const analyzer = new ProjectAnalyzer({ host: memoryHost(changing), session: SESSION })
    expect(await analyzer.exportKind('/app/src/server/load-user.ts', 'loadUser')).toEqual({ kind: 'session' })
    changing['/app/src/server/impl.ts'] = `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())`
    analyzer.invalidate('/app/src/server/impl.ts')
    expect(await analyzer.exportKind('/app/src/server/load-user.ts', 'loadUser')).toEqual({ kind: 'none' })
  })
})
