import { describe, expect, test } from 'vitest'
import { analyzeModule, type AnalyzeOptions, type ImportKind } from '../../src/core/index.ts'

/**
 * What each refused use of a server function value says, word for word: the message names the
 * value and the use the developer wrote, so that two shapes refused for different reasons never
 * read alike. Each shape's diagnostics (code, position, covered text and message) are pinned in
 * the snapshot; a change there is a reviewed diff. The shapes are written to reach every branch
 * of `value-uses.ts`, the harmless ones included (they must stay empty).
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const base = `${imp}const base = createServerFn()\n`
const endpoint = `${imp}export const ep = createServerFn().handler(() => 1)\n`
const session = "import { requireSession } from './server/session'\n"
const namespace = "import * as B from './builders'\n"
const start = "import * as S from '@tanstack/react-start'\n"

const AUTHED: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: { file: '/app/src/builders.ts', name: 'authed' }, package: null }
const answers: AnalyzeOptions['imports'] = (source, imported) => {
  if (source === './builders') {
    if (imported === '*') return { kind: 'namespace', module: source }
    if (imported === 'authed') return AUTHED
    if (imported === 'ep') return { kind: 'endpoint', declaredIn: { file: '/app/src/builders.ts', name: 'ep' } }
    if (imported === 'make') return { kind: 'factory' }
    if (imported === 'nested') return { kind: 'namespace', module: './nested' }
    return { kind: 'none' }
  }
  if (source === './nested') {
    if (imported === '*') return { kind: 'namespace', module: source }
    if (imported === 'inner') return AUTHED
    return { kind: 'none' }
  }
  if (source === './server/session' && imported === 'requireSession') return { kind: 'session' }
  if (source === './mw' && imported === 'createMiddleware') return { kind: 'none' }
  if (source === 'other-lib') return { kind: 'none' }
  return undefined
}

function said(code: string): string[] {
  const source = `${code}\n`
  const analysis = analyzeModule(source, {
    file: /<[A-Za-z.]+ \/>|<\/?div>/.test(code) ? '/app/src/fns.tsx' : '/app/src/fns.ts',
    imports: answers,
    session: { exportName: 'requireSession', isModule: (s) => s === './server/session' },
  })
  return analysis.diagnostics.map((d) => `${d.code} ${d.loc.line}:${d.loc.column} ${source.slice(d.loc.start, d.loc.end)} | ${d.message}`)
}

const shapes: Array<[string, string]> = [
  // createServerFn itself
  ['the factory, an optional call', `${imp}export const f = createServerFn?.()`],
  ['the factory, constructed', `${imp}export const f = new createServerFn()`],
  ['the factory, a template tag', `${imp}createServerFn\`x\``],
  ['the factory, instantiated', `${imp}const make = createServerFn<'GET'>`],
  ['the factory, a comma call', `${imp}export const f = (0, createServerFn)()`],
  ['the factory, a comma expression not called', `${imp}const f = (0, createServerFn)`],
  ['the factory, a comma expression called through a cast', `${imp}const f = ((0, createServerFn) as any)()`],
  ['the factory, .call', `${imp}createServerFn.call(null)`],
  ['the factory, .apply', `${imp}createServerFn.apply(null, [])`],
  ['the factory, .bind', `${imp}const b = createServerFn.bind(null)`],
  ['the factory, a computed .call', `${imp}createServerFn['call'](null)`],
  ['the factory, an optional .call', `${imp}createServerFn?.call(null)`],
  ['the factory, another member', `${imp}const n = createServerFn.length`],
  ['the factory, typeof', `${imp}const t = typeof createServerFn`],
  ['the factory, void', `${imp}void createServerFn`],
  ['the factory, passed', `${imp}use(createServerFn)`],
  ['the factory, in an array', `${imp}const a = [createServerFn]`],
  ['the factory, returned', `${imp}export function g() { return createServerFn }`],
  ['the factory, never imported', 'export const f = createServerFn().handler(() => 1)'],
  ['the factory, imported from elsewhere', "import { createServerFn } from 'other-lib'\nexport const f = createServerFn().handler(() => 1)"],
  ['the factory, called in a function', `${imp}export function g() { return createServerFn().handler(() => 1) }`],
  ['the factory, called in an arrow assigned to a name', `${imp}export const g = () => createServerFn().handler(() => 1)`],
  ['the factory, called in a block', `${imp}if (x) { createServerFn() }`],
  ['the factory, called in a class', `${imp}class K { f = createServerFn() }`],
  ['the factory, called and passed', `${imp}use(createServerFn().handler(() => 1))`],
  ['the factory, called and exported as default', `${imp}export default createServerFn().handler(() => 1)`],
  ['the factory, called and destructured', `${imp}export const { f } = createServerFn()`],
  ['the factory, called and awaited', `${imp}export const f = await createServerFn()`],
  ['the factory, called twice', `${imp}export const f = createServerFn()().handler(() => 1)`],
  ['the factory, a computed link', `${imp}export const f = createServerFn()['handler'](() => 1)`],
  ['the factory, a computed link by a name', `${imp}export const f = createServerFn()[k](() => 1)`],
  ['the factory, an optional link', `${imp}export const f = createServerFn()?.handler(() => 1)`],
  ['the factory, an optional call of a link', `${imp}export const f = createServerFn().handler?.(() => 1)`],
  ['the factory, a wrapped link', `${imp}export const f = (createServerFn().handler as any)(() => 1)`],
  ['the factory, a wrapped link read, not called', `${imp}export const f = (createServerFn().handler as any)`],
  ['the factory through a namespace, in a function', `${start}export function g() { return S.createServerFn().handler(() => 1) }`],
  ['the factory through a namespace, read', `${start}const make = S.createServerFn`],
  ['a factory imported from an app module, passed', "import { make } from './builders'\nuse(make)"],

  // namespaces
  ['a namespace, a computed member', `${namespace}export const f = B['authed'].handler(() => 1)`],
  ['a namespace, a computed member by a name', `${namespace}export const f = B[k]`],
  ['a namespace, an optional member', `${namespace}export const f = B?.authed.handler(() => 1)`],
  ['a namespace, passed', `${namespace}use(B)`],
  ['a namespace, exported as default', `${namespace}export default B`],
  ['a namespace, typeof', `${namespace}const t = typeof B`],
  ['a namespace, destructured', `${namespace}const { authed, ep, other } = B`],
  ['a namespace, destructured with a rename', `${namespace}const { authed: a } = B`],
  ['a namespace, destructured with a computed key', `${namespace}const { ['authed']: a } = B`],
  ['a namespace, destructured with a rest', `${namespace}const { ...all } = B`],
  ['a namespace of Start, destructured', `${start}const { createServerFn: make, createMiddleware } = S`],
  ['a namespace, a nested namespace destructured', `${namespace}const { nested } = B`],
  ['a namespace, import-equals of a builder', `${namespace}import a = B.authed`],
  ['a namespace, import-equals of an endpoint', `${namespace}import e = B.ep`],
  ['a namespace, a nested namespace builder', `${namespace}export const f = B.nested.inner.handler(() => 1)`],
  ['a namespace, a nested namespace passed', `${namespace}use(B.nested)`],
  ['a namespace, a member that is nothing', `${namespace}use(B.other)`],
  ['a namespace, an endpoint member written', `${namespace}B.ep.x = 1`],
  ['a namespace, an endpoint member used as a builder', `${namespace}export const e = B.ep.handler(() => 1)`],
  ['a namespace, the session middleware member', "import * as Sess from './server/session'\nSess.requireSession.server(() => 1)"],
  ['a namespace, a builder member in a function', `${namespace}export function g() { return B.authed.handler(() => 1) }`],

  // builders
  ['a builder, a property read', `${base}const o = base.options`],
  ['a builder, a computed property read', `${base}const o = base[k]`],
  ['a builder, a computed call', `${base}export const f = base[k](() => 1)`],
  ['a builder, a computed link', `${base}export const f = base['handler'](() => 1)`],
  ['a builder, an optional member', `${base}export const f = base?.handler(() => 1)`],
  ['a builder, an optional member read', `${base}const o = base?.options`],
  ['a builder, an optional call', `${base}export const f = base?.()`],
  ['a builder, .call', `${base}base.call(null)`],
  ['a builder, .apply', `${base}base.apply(null, [])`],
  ['a builder, .bind', `${base}const b = base.bind(null)`],
  ['a builder, a wrapped link', `${base}export const f = (base.handler as any)(() => 1)`],
  ['a builder, a wrapped method that is not a link', `${base}export const f = (base.options as any)()`],
  ['a builder, a method that is not a link', `${base}export const f = base.options()`],
  ['a builder, a link in a function', `${base}export function g() { return base.handler(() => 1) }`],
  ['a builder, a middleware link in a function', `${base}export function g() { return base.middleware([]) }`],
  ['a builder, a validator link passed', `${base}use(base.validator((x: unknown) => x))`],
  ['a builder, called in a function', `${base}export function g() { return base({ method: 'POST' }) }`],
  ['a builder, called and passed', `${base}use(base({ method: 'POST' }))`],
  ['a builder, typeof', `${base}const t = typeof base`],
  ['a builder, passed', `${base}use(base)`],
  ['a builder, spread', `${base}use(...base)`],
  ['a builder, in a template', `${base}const s = \`\${base}\``],
  ['a builder, exported as default', `${base}export default base`],
  ['a builder, chosen', `${base}const b = x ? base : null`],
  ['a builder, in a logical expression', `${base}const b = x || base`],
  ['a builder, awaited', `${base}export async function g() { await base }`],
  ['a builder, in JSX', `${base}export const e = <div>{base}</div>`],
  ['a builder, as a JSX element', `${base}export const e = <base.Item />`],
  ['a builder, assigned to another name', `${base}const other = base`],
  ['a builder, destructured', `${base}const { options } = base`],
  ['a builder, in a comma expression', `${base}const b = (0, base)`],
  ['a builder, in a middleware list of a chain', `${base}export const f = createServerFn().middleware([base]).handler(() => 1)`],
  ['a builder, in a middleware list of a builder', `${base}export const f = base.middleware([base]).handler(() => 1)`],
  ['a builder, in a middleware list of Start middleware', `${base}import { createMiddleware } from '@tanstack/react-start'\nexport const m = createMiddleware().middleware([base])`],
  ['a builder, in a middleware list of Start middleware through a namespace', `${base}${start}export const m = S.createMiddleware().middleware([base])`],
  ['a builder, in a middleware list of foreign middleware', `${base}import { createMiddleware } from './mw'\nexport const m = createMiddleware().middleware([base])`],
  ['a builder, in a middleware list of another object', `${base}export const m = router.middleware([base])`],
  ['a builder, in a computed middleware list', `${base}export const m = createServerFn()['middleware']([base])`],
  ['a builder, the second argument of a middleware list', `${base}export const m = createServerFn().middleware([], [base])`],
  ['a builder, in a middleware list of a namespace builder', `${base}${namespace}export const f = B.authed.middleware([base]).handler(() => 1)`],
  ['a builder, in a middleware list of a namespace call', `${base}${namespace}export const f = B.authed({ method: 'POST' }).middleware([base]).handler(() => 1)`],
  ['a builder, in a middleware list of a namespace endpoint', `${base}${namespace}export const f = B.ep.middleware([base])`],
  ['a builder, in a middleware list of a shadowed name', `${base}export function g(createServerFn: any) { return createServerFn().middleware([base]) }`],
  ['a builder, in a middleware list of an unknown head', `${base}export const m = (a || b).middleware([base])`],
  ['a builder, written', `${base}base.options.middleware = []`],
  ['a builder, updated', `${base}base.x++`],
  ['a builder, deleted', `${base}delete base.options`],
  ['a builder, deleted through a computed member', `${base}delete base['options']`],
  ['a builder, not deleted by another operator', `${base}const n = !base`],
  ['a builder, written in a loop', `${base}for (base.x of xs);`],
  ['a builder, read in a loop head', `${base}for (const x of base.items);`],
  ['a builder, written by array destructuring', `${base};[base.x] = a`],
  ['a builder, written by a rest', `${base};[...base.x] = a`],
  ['a builder, written by a default target', `${base};[base.x = 1] = a`],
  ['a builder, read as a default value', `${base};[x = base.options] = a`],
  ['a builder, written by object destructuring', `${base};({ a: base.x } = o)`],
  ['a builder, read as an object key value', `${base}const o = { a: base.options }`],
  ['a builder, passed to Object.assign', `${base}Object.assign(base, {})`],
  ['a builder, passed to Object["assign"]', `${base}Object['assign'](base, {})`],
  ['a builder, passed to Reflect.set', `${base}Reflect.set(base, 'x', 1)`],
  ['a builder, passed to Object.freeze', `${base}Object.freeze(base)`],
  ['a builder, passed second to Object.assign', `${base}Object.assign({}, base)`],
  ['a builder, passed to Reflect.get', `${base}Reflect.get(base, 'x')`],
  ['a builder, passed to another object\'s assign', `${base}Other.assign(base, {})`],
  ['a builder, passed to a computed mutator', `${base}Object[k](base, {})`],
  ['a builder, a property passed to Object.assign', `${base}Object.assign(base.options, {})`],
  ['an imported builder, passed', "import { authed } from './builders'\nuse(authed)"],
  ['an imported builder, a link in a function', "import { authed } from './builders'\nexport function g() { return authed.handler(() => 1) }"],

  // endpoints
  ['an endpoint, called', `${endpoint}ep()`],
  ['an endpoint, a link', `${endpoint}ep.handler(() => 2)`],
  ['an endpoint, a middleware link', `${endpoint}export const g = ep.middleware([])`],
  ['an endpoint, a computed link', `${endpoint}ep['handler'](() => 2)`],
  ['an endpoint, a link not called', `${endpoint}const h = ep.handler`],
  ['an endpoint, a link of another name', `${endpoint}ep.url`],
  ['an endpoint, written', `${endpoint}ep.x = 1`],
  ['an endpoint, assigned', `${endpoint}export function g() { (ep as any) = null }`],
  ['an endpoint, deleted', `${endpoint}delete (ep as any).x`],
  ['an endpoint, in the statement that declares it', `${imp}export const ep = createServerFn().handler(() => 1), g = ep`],
  ['an endpoint, in a function of the statement that declares it', `${imp}export const ep = createServerFn().handler(() => 1), g = () => ep`],
  ['an imported endpoint, written', "import { ep } from './builders'\nep.x = 1"],

  // the session middleware
  ['the session middleware, .server', `${session}requireSession.server(() => 1)`],
  ['the session middleware, .middleware', `${session}requireSession.middleware([])`],
  ['the session middleware, .validator', `${session}requireSession.validator((x: unknown) => x)`],
  ['the session middleware, .client', `${session}requireSession.client(() => 1)`],
  ['the session middleware, a computed .server', `${session}requireSession['server'](() => 1)`],
  ['the session middleware, another method', `${session}requireSession.toString()`],
  ['the session middleware, a computed method by a name', `${session}requireSession[k]()`],
  ['the session middleware, .server read, not called', `${session}const s = requireSession.server`],
  ['the session middleware, written', `${session}requireSession.options.server = () => 1`],
  ['the session middleware, passed', `${session}use(requireSession)`],
  ['the session middleware, listed', `${session}${imp}export const f = createServerFn().middleware([requireSession]).handler(() => 1)`],
]

describe('what every refused use says', () => {
  test.each(shapes)('%s', (_, code) => {
    expect(said(code)).toMatchSnapshot()
  })

  test('every shape is different', () => {
    expect(new Set(shapes.map(([name]) => name)).size).toBe(shapes.length)
    expect(new Set(shapes.map(([, code]) => code)).size).toBe(shapes.length)
  })
})
