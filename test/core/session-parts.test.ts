import { describe, expect, test } from 'vitest'
import { findSessionParts, parseModule, ProjectAnalyzer, type SessionPartRole } from '../../src/core/index.ts'
import { initializerReads, nameRead, partInitializer } from '../../src/core/session-parts.ts'
import { readModuleBindings } from '../../src/core/bindings.ts'
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

  test('several roots (the session, each role, the optional session): their parts together, each module once', async () => {
    const files = {
      [SESSION.file]: `${mw}export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => next())\nexport const readSession = createMiddleware({ type: 'function' }).server(({ next }) => next())`,
      '/app/src/server/roles.ts': `${mw}import { audit } from './audit'\nexport const requireAdmin = createMiddleware({ type: 'function' }).middleware([audit]).server(({ next }) => next())`,
      '/app/src/server/audit.ts': `${mw}export const audit = createMiddleware({ type: 'function' }).server(({ next }) => next())`,
    }
    const parts = await findSessionParts(memoryHost(files), [SESSION, { file: '/app/src/server/roles.ts', exportName: 'requireAdmin' }, { file: SESSION.file, exportName: 'readSession' }])
    expect(Object.fromEntries([...parts.locals].map(([file, roles]) => [file.replace('/app/src/', ''), Object.fromEntries(roles)]))).toEqual({
      'server/session.ts': { requireSession: 'middleware', readSession: 'middleware' },
      'server/roles.ts': { requireAdmin: 'middleware', audit: 'middleware' },
      'server/audit.ts': { audit: 'middleware' },
    })
    // So a write to a role's middleware from another module is refused like one to the session's.
    const analyzer = new ProjectAnalyzer({ host: memoryHost(files), session: SESSION, layers: [{ file: '/app/src/server/roles.ts', exportName: 'requireAdmin' }] })
    const writer = "import { requireAdmin } from './server/roles'\n;(requireAdmin as any).options.server = (c: any) => c.next()\n"
    // The build's sweep reads every importer of a module that hands a part out, with all its imports answered.
    expect((await analyzer.analyze('/app/src/writer.ts', writer, { allImports: true })).diagnostics.map((d) => d.code)).toEqual(['SFA110'])
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

describe('initializerReads: what a middleware declaration is made of', () => {
  const readsOf = (expression: string) => {
    const code = `const x = ${expression}\n`
    const statement = parseModule(code, '/app/src/m.ts').program.body[0]!
    if (statement.type !== 'VariableDeclaration') throw new Error('not a declaration')
    const reads = initializerReads(statement.declarations[0]!.init!)
    return { ...reads, refused: reads.refused.map((r) => [code.slice(r.node.start!, r.node.end!), r.why.split(' ').slice(0, 4).join(' ')]) }
  }
  const none = { aliases: [], middleware: [], bases: [], dependencies: [], refused: [] }

  test.each([
    ['a name', 'a', { aliases: ['a'] }],
    ['a parenthesised, cast name', '(a as any)!', { aliases: ['a'] }],
    ['a namespace member', 'N.a', { aliases: ['N.a'] }],
    ['a member of a parenthesised namespace', '(N).a', { aliases: ['N.a'] }],
    ['a choice', 'dev ? a : N.b', { aliases: ['a', 'N.b'], dependencies: ['dev'] }],
    ['a choice whose test reads several names', 'env.dev && flag ? a : b', { aliases: ['a', 'b'], dependencies: ['env', 'flag'] }],
    ['a logical choice', 'a ?? b', { aliases: ['a', 'b'] }],
    ['a factory call', 'createMiddleware({ type: "function" })', { dependencies: ['createMiddleware'] }],
    ['a factory call with arguments', 'make(opts, N.x)', { dependencies: ['make', 'opts', 'N'] }],
    // Read as the link `.createMiddleware(…)` on `S`; a namespace import is never followed as a base.
    ['a namespace factory call', 'S.createMiddleware(opts)', { bases: ['S'], dependencies: ['opts'] }],
    ['a namespace factory call through a cast', '(S.createMiddleware as any)(opts)', { dependencies: ['S.createMiddleware', 'opts'] }],
    ['a derived middleware', 'base.server(impl)', { bases: ['base'], dependencies: ['impl'] }],
    ['a listed middleware', 'make().middleware([a, N.b, dev ? c : d])', { middleware: ['a', 'N.b', 'c', 'd'], dependencies: ['dev', 'make'] }],
    ['a nested listed choice', 'make().middleware([a || b])', { middleware: ['a', 'b'], dependencies: ['make'] }],
    ['holes in a list', 'make().middleware([, a])', { middleware: ['a'], dependencies: ['make'] }],
    ['arguments after the list', 'make().middleware([a], extra)', { middleware: ['a'], dependencies: ['extra', 'make'] }],
    ['a validator and a server part', 'make().validator(schema).server(impl.check)', { dependencies: ['schema', 'impl', 'make'] }],
    ['functions are not read', 'make().server(({ next }) => next(user))', { dependencies: ['make'] }],
    ['a function expression is not read either', 'make().server(function () { return user })', { dependencies: ['make'] }],
    ['a member read inside an argument', 'make().server(wrap(cache.get))', { dependencies: ['wrap', 'cache', 'make'] }],
  ])('%s: `%s`', (_, expression, expected) => {
    expect(readsOf(expression)).toEqual({ ...none, ...expected })
  })

  test.each([
    ['a literal', '1', [['1', 'it is neither made']]],
    ['an object', '({ a })', [['{ a }', 'it is neither made']]],
    ['a computed member', 'N["a"]', [['N["a"]', 'it is neither made']]],
    ['a member of a member', 'N.a.b', [['N.a.b', 'it is neither made']]],
    ['a list that is not a literal', 'make().middleware(list)', [['list', 'its `.middleware(…)` is not']]],
    ['no list at all', 'make().middleware()', [['make().middleware()', 'its `.middleware(…)` is not']]],
    ['a spread list', 'make().middleware(...lists)', [['...lists', 'its `.middleware(…)` is not']]],
    ['a spread in the list', 'make().middleware([a, ...rest])', [['...rest', 'its middleware list spreads']]],
    ['a member head', 'N.a.server(impl)', [['N.a', 'it derives from a']]],
    ['a member of a member head', 'N.a.b.server(impl)', [['N.a.b', 'it derives from an']]],
    ['a head that is no name', '(a || b).server(impl)', [['a || b', 'it derives from an']]],
  ])('refused, %s: `%s`', (_, expression, refused) => {
    expect(readsOf(expression).refused).toEqual(refused)
  })

  test('a refused element does not hide the others', () => {
    expect(readsOf('make().middleware([a, 1, b])')).toEqual({ ...none, middleware: ['a', 'b'], dependencies: ['make'], refused: [['1', 'it is neither made']] })
  })
})

describe('nameRead', () => {
  const nameOf = (expression: string) => {
    const statement = parseModule(`x = ${expression}\n`, '/app/src/m.ts').program.body[0]!
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') throw new Error('not an assignment')
    return nameRead(statement.expression.right)
  }
  test.each([
    ['a', 'a'],
    ['N.a', 'N.a'],
    ['(N as any).a', 'N.a'],
    ['N["a"]', null],
    ['N[a]', null],
    ['N.a.b', null],
    ['f().a', null],
    ['N?.a', null],
    ['1', null],
  ])('`%s` reads %s', (expression, expected) => {
    expect(nameOf(expression)).toBe(expected)
  })

  test('`import x = Namespace.member` reads the member', () => {
    const code = "import * as N from './n'\nimport x = N.a\n"
    const statement = parseModule(code, '/app/src/m.ts').program.body[1]!
    if (statement.type !== 'TSImportEqualsDeclaration') throw new Error('not an import-equals')
    expect(nameRead(statement.moduleReference)).toBe('N.a')
  })
})

describe('findSessionParts: roles and the paths followed', () => {
  const server = ".server(({ next }) => next())"

  test('a dependency that is also a base becomes a base, and what it is made of is followed', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const helper = createMiddleware({ type: 'function' })
const q = helper${server}
const inner = createMiddleware({ type: 'function' }).validator(q)
export const requireSession = q.middleware([inner])`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', inner: 'middleware', q: 'base', helper: 'base' })
  })

  test('a base that is also a dependency stays a base', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const q = createMiddleware({ type: 'function' })
const inner = q${server}
export const requireSession = createMiddleware({ type: 'function' }).middleware([inner]).validator(q)`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', inner: 'middleware', q: 'base' })
  })

  test('a base that is also listed becomes a middleware', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const q = createMiddleware({ type: 'function' })
const inner = q${server}
export const requireSession = createMiddleware({ type: 'function' }).middleware([inner, q])`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', inner: 'middleware', q: 'middleware' })
  })

  test('what a dependency is made of is not a part', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const helper = { parse: (x) => x }
const schema = wrap(helper)
function wrap(h) { return h }
export const requireSession = createMiddleware({ type: 'function' }).validator(schema)${server}`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', schema: 'dependency' })
  })

  test('every name an export goes by is exported', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const requireSession = createMiddleware({ type: 'function' })${server}\nexport { requireSession, requireSession as guard }`,
    })
    expect(parts.exported).toEqual(['server/session.ts#guard', 'server/session.ts#requireSession'])
    expect(parts.exposing).toEqual(['server/session.ts'])
  })

  test('a member of a local object: a dependency is reached through the object, a middleware is not followed', async () => {
    const parts = await partsOf({
      [SESSION.file]: `${mw}const kit = { make: createMiddleware, mw: createMiddleware({ type: 'function' }) }
const other = { mw: createMiddleware({ type: 'function' }) }
export const requireSession = (kit.make as any)({ type: 'function' }).middleware([other.mw])${server}`,
    })
    expect(parts.locals['server/session.ts']).toEqual({ requireSession: 'middleware', kit: 'dependency' })
  })

  test('a namespace of TanStack Start is not the app\'s part; a namespace of the app is followed by member', async () => {
    const parts = await partsOf({
      [SESSION.file]: `import * as S from '@tanstack/react-start'\nimport * as L from './lib'\nexport const requireSession = (S.createMiddleware as any)({ type: 'function' }).middleware([L.loadUser])${server}`,
      '/app/src/server/lib.ts': `${mw}export const loadUser = createMiddleware({ type: 'function' })${server}\nexport const unrelated = 1`,
    })
    expect(parts.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware' }, 'server/lib.ts': { loadUser: 'middleware' } })
    expect(parts.exported).toEqual(['server/lib.ts#loadUser', 'server/session.ts#requireSession'])
  })

  test('a namespace import used as the middleware itself is a part that is not followed further', async () => {
    const parts = await partsOf({
      [SESSION.file]: "import * as All from './lib'\nexport const requireSession = All",
      '/app/src/server/lib.ts': 'export const a = 1',
    })
    expect(parts.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware', All: 'middleware' } })
    expect(parts.files).toEqual(['server/session.ts'])
  })

  test('`export *` is not followed for a default export, nor `export * as` for a name', async () => {
    const impl = `${mw}export default createMiddleware({ type: 'function' })\nexport const requireSession = createMiddleware({ type: 'function' })`
    const star = await findSessionParts(memoryHost({ [SESSION.file]: "export * from './impl'", '/app/src/server/impl.ts': impl }), { ...SESSION, exportName: 'default' })
    expect(star.locals.size).toBe(0)
    expect(star.exported.size).toBe(0)
    const namespaced = await partsOf({ [SESSION.file]: "export * as requireSession from './impl'", '/app/src/server/impl.ts': impl })
    expect(namespaced.locals).toEqual({})
    expect(namespaced.exported).toEqual([])
  })

  test('`export *` from several modules: each that has the name is followed', async () => {
    const declared = `${mw}export const requireSession = createMiddleware({ type: 'function' })${server}`
    const parts = await partsOf({
      [SESSION.file]: "export * from './none'\nexport * from './impl'\nexport * from 'pkg'",
      '/app/src/server/none.ts': 'export const other = 1',
      '/app/src/server/impl.ts': declared,
    })
    expect(parts.locals).toEqual({ 'server/impl.ts': { requireSession: 'middleware' } })
    expect(parts.exported).toEqual(['server/impl.ts#requireSession', 'server/session.ts#requireSession'])
    expect(parts.files).toEqual(['server/impl.ts', 'server/none.ts', 'server/session.ts'])
  })

  test('a module that cannot be read or parsed holds no part, but is a file of the parts', async () => {
    const missing = await partsOf({ [SESSION.file]: "export { requireSession } from './gone'", '/app/src/server/gone.ts': undefined as unknown as string })
    expect(missing.locals).toEqual({})
    expect(missing.exported).toEqual([])
    const broken = await partsOf({ [SESSION.file]: "export { requireSession } from './broken'", '/app/src/server/broken.ts': 'export const = ' })
    expect(broken.locals).toEqual({})
    expect(broken.files).toEqual(['server/broken.ts', 'server/session.ts'])
  })

  test('an `import x = Namespace.member` alias is followed to the member', async () => {
    const parts = await partsOf({
      [SESSION.file]: "import * as L from './lib'\nimport requireSession = L.guard\nexport { requireSession }",
      '/app/src/server/lib.ts': `${mw}export const guard = createMiddleware({ type: 'function' })${server}`,
    })
    expect(parts.locals).toEqual({ 'server/session.ts': { requireSession: 'middleware' }, 'server/lib.ts': { guard: 'middleware' } })
  })
})

describe('partInitializer', () => {
  const initializerOf = (code: string, local: string) => {
    const init = partInitializer(readModuleBindings(parseModule(code, '/app/src/m.ts')), local)
    return init ? code.slice(init.start!, init.end!) : null
  }
  test.each([
    ['const a = make()', 'a', 'make()'],
    ['let a', 'a', null],
    ['function a() {}', 'a', null],
    ['export default make()', 'default', 'make()'],
    ["import * as N from './n'\nimport a = N.b", 'a', 'N.b'],
    ["import a = require('./n')", 'a', null],
    ['const b = 1', 'a', null],
  ])('`%s`, %s: %s', (code, local, expected) => {
    expect(initializerOf(code, local)).toBe(expected)
  })
})
