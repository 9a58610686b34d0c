import { describe, expect, test } from 'vitest'
import { analyzeModule, type AnalyzeOptions, type ImportKind } from '../../src/core/index.ts'

/**
 * Every read of a server function value other than the head of an accepted declaration, checked
 * against the few uses proved harmless. Each problem is asserted by its code and by the text its
 * position covers, with line and column.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const base = `${imp}const base = createServerFn()\n`
const endpoint = `${imp}export const f = createServerFn().handler(() => 1)\n`

const AUTHED: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: { file: '/app/src/builders.ts', name: 'authed' }, package: null }
const answers: AnalyzeOptions['imports'] = (source, imported) => {
  if (source !== './builders') return undefined
  if (imported === '*') return { kind: 'namespace', module: source }
  if (imported === 'authed') return AUTHED
  if (imported === 'ep') return { kind: 'endpoint', declaredIn: { file: '/app/src/builders.ts', name: 'ep' } }
  return { kind: 'none' }
}

/** Diagnostics as `[code, line, column, text]`. */
function uses(code: string) {
  const source = `${code}\n`
  return analyzeModule(source, { file: '/app/src/fns.ts', imports: answers }).diagnostics.map((d) => [d.code, d.loc.line, d.loc.column, source.slice(d.loc.start, d.loc.end)])
}

describe('harmless uses', () => {
  test.each([
    ['a builder as a `.middleware([…])` item', `${base}export const f = createServerFn().middleware([base]).handler(() => 1)`],
    ['a builder exported by name', `${base}export { base }\nexport { base as renamed }`],
    ['a builder as `export default`', `${base}export default base`],
    ['`typeof` a builder', `${base}type B = typeof base\nconst t = typeof base`],
    ['an endpoint called and passed around', `${endpoint}f()\nuse(f)\nconst list = [f]\nexport const o = { f }`],
    ['an endpoint in a function of its own statement', `${imp}export const f = createServerFn().handler(() => 1), g = () => f`],
    ['an endpoint as a middleware item', `${base}export const f = base.handler(() => 1)\nexport const admin = base.middleware([f])`],
    ['`Object.freeze` of an endpoint', `${endpoint}Object.freeze(f)`],
    ['the seal of the runtime module', `${base}import * as R from 'serverfn-auth/runtime'\nR.seal(base)`],
    ['an imported builder exported again', "import { authed } from './builders'\nexport { authed }\nexport default authed"],
    ['createServerFn exported under its own name', `${imp}export { createServerFn }`],
    ['`typeof createServerFn`', `${imp}type F = typeof createServerFn\nconst t = typeof createServerFn`],
  ])('%s', (_, code) => {
    expect(uses(code)).toEqual([])
  })
})

describe('SFA109: a builder used as a value', () => {
  test.each([
    ['passed to a function', `${base}strip(base)`, [['SFA109', 3, 6, 'base']]],
    ['put in an object', `${base}export const o = { base }`, [['SFA109', 3, 19, 'base']]],
    ['put in an object under export default', `${base}export default { base }`, [['SFA109', 3, 17, 'base']]],
    ['put in an array that is not a middleware list', `${base}const m = [base]`, [['SFA109', 3, 11, 'base']]],
    ['in a middleware list that is not an array literal', `${base}const list = [base]\nexport const f = createServerFn().middleware(list).handler(() => 1)`, [['SFA109', 3, 14, 'base']]],
    ['as a `.validator([…])` item', `${base}export const f = createServerFn().validator([base] as never).handler(() => 1)`, [['SFA109', 3, 45, 'base']]],
    ['chosen in a conditional', `${base}const x = cond ? base : null`, [['SFA109', 3, 17, 'base']]],
    ['returned from a function', `${base}export function get() { return base }`, [['SFA109', 3, 31, 'base']]],
    ['a property read', `${base}base.options`, [['SFA109', 3, 0, 'base.options']]],
    ['a computed property read', `${base}base['options']`, [['SFA109', 3, 0, "base['options']"]]],
    ['a property read through a wrapper', `${base};(base as any).options.middleware.splice(0)`, [['SFA109', 3, 1, '(base as any).options']]],
    ['an imported builder passed to a helper', "import { authed } from './builders'\nexport const x = strip(authed)", [['SFA109', 2, 23, 'authed']]],
    ['a namespace builder passed on', "import * as B from './builders'\nuse(B.authed)", [['SFA109', 2, 4, 'B.authed']]],
  ])('%s', (_, code, expected) => {
    expect(uses(code)).toEqual(expected)
  })

  test('a value read in the statement that declares it, outside a function', () => {
    expect(uses(`${imp}export const f = createServerFn().handler(() => 1), g = f`)).toEqual([['SFA109', 2, 56, 'f']])
    expect(uses(`${imp}import { tamper } from './tamper'\nexport const f = createServerFn().handler(() => 1), done = tamper(f)`)).toEqual([['SFA109', 3, 66, 'f']])
  })

  test('an endpoint used as a builder', () => {
    expect(uses(`${endpoint}f.handler(() => 2)`)).toEqual([['SFA109', 3, 0, 'f.handler']])
    expect(uses(`${endpoint}export const g = f.middleware([])`)).toEqual([['SFA109', 3, 17, 'f.middleware']])
    expect(uses("import * as B from './builders'\nexport const e = B.ep.handler(() => 1)")).toEqual([['SFA109', 2, 17, 'B.ep.handler']])
  })
})

describe('SFA110: writes', () => {
  test.each([
    ['a property of an endpoint', `${endpoint}f.x = 1`, [['SFA110', 3, 0, 'f']]],
    ['a property of an endpoint through a wrapper', `${endpoint};(f as any).__executeServer = async () => null`, [['SFA110', 3, 2, 'f']]],
    ['a logical assignment in a function', `${endpoint}export function later() { (f as any).__executeServer ??= null }`, [['SFA110', 3, 27, 'f']]],
    ['an endpoint assigned through a wrapper in a function', `${endpoint}export function later() { (f as any) = null }`, [['SFA110', 3, 27, 'f']]],
    ['an update', `${endpoint}f.x++`, [['SFA110', 3, 0, 'f']]],
    ['a delete', `${base}delete (base as any).options.middleware`, [['SFA110', 3, 8, 'base']]],
    ['a nested member of a builder', `${base}base.options.middleware = []`, [['SFA110', 3, 0, 'base']]],
    ['a member through an array', `${base};(base.options as any).middleware.length = 0`, [['SFA110', 3, 2, 'base']]],
    ['a for-of target', `${endpoint}for (f.x of []) {}`, [['SFA110', 3, 5, 'f']]],
    ['a for-in target', `${endpoint}for (f.x in {}) {}`, [['SFA110', 3, 5, 'f']]],
    ['an array destructuring target', `${endpoint};[f.x] = []`, [['SFA110', 3, 2, 'f']]],
    ['an object destructuring target', `${endpoint};({ a: f.x } = {})`, [['SFA110', 3, 7, 'f']]],
    ['a destructuring default target', `${endpoint};[f.x = 1] = []`, [['SFA110', 3, 2, 'f']]],
    ['a rest target', `${endpoint};[...f.x] = []`, [['SFA110', 3, 5, 'f']]],
    ['an imported builder', "import { authed } from './builders'\n;(authed.options as any).middleware.length = 0", [['SFA110', 2, 2, 'authed']]],
    ['an imported endpoint', "import { ep } from './builders'\nep.x = 1", [['SFA110', 2, 0, 'ep']]],
    ['a namespace builder', "import * as B from './builders'\nB.authed.options = {}", [['SFA110', 2, 0, 'B.authed']]],
  ])('%s', (_, code, expected) => {
    expect(uses(code)).toEqual(expected)
  })

  test.each(['assign', 'defineProperty', 'defineProperties', 'setPrototypeOf'])('Object.%s on a builder and an endpoint', (method) => {
    expect(uses(`${base}Object.${method}(base, {})`)).toEqual([['SFA110', 3, 8 + method.length, 'base']])
    expect(uses(`${endpoint}Object.${method}(f, {})`)).toEqual([['SFA110', 3, 8 + method.length, 'f']])
    expect(uses("import * as B from './builders'\n" + `Object.${method}(B.authed, {})`)).toEqual([['SFA110', 2, 8 + method.length, 'B.authed']])
  })

  test.each(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf'])('Reflect.%s on a builder', (method) => {
    expect(uses(`${base}Reflect.${method}(base.options, 'middleware')`)).toEqual([['SFA110', 3, 9 + method.length, 'base']])
  })

  test('a mutator that is not one of those, or not on its first argument, is a plain use', () => {
    expect(uses(`${endpoint}Object.keys(f)`)).toEqual([])
    expect(uses(`${endpoint}Object.assign({}, f)`)).toEqual([])
  })

  test.each([
    ['f = null', `${endpoint}f = null`, [['SFA110', 3, 0, 'f']]],
    ['f += 1 in a function', `${endpoint}export function later() { f += 1 }`, [['SFA110', 3, 26, 'f']]],
    ['base ??= null', `${base}base ??= null`, [['SFA110', 3, 0, 'base']]],
    ['f++', `${endpoint}f++`, [['SFA110', 3, 0, 'f']]],
    ['[f] = []', `${endpoint};[f] = []`, [['SFA110', 3, 2, 'f']]],
    ['({ f } = {})', `${endpoint};({ f } = {})`, [['SFA110', 3, 4, 'f']]],
    ['({ a: f = 1 } = {})', `${endpoint};({ a: f = 1 } = {})`, [['SFA110', 3, 7, 'f']]],
    ['[...f] = []', `${endpoint};[...f] = []`, [['SFA110', 3, 5, 'f']]],
    ['for (f of [])', `${endpoint}for (f of []) {}`, [['SFA110', 3, 5, 'f']]],
    ['an imported builder assigned', "import { authed } from './builders'\nauthed = null", [['SFA110', 2, 0, 'authed']]],
  ])('a write to the binding itself: %s', (_, code, expected) => {
    expect(uses(code)).toEqual(expected)
  })

  test('a parameter of the same name may be assigned', () => {
    expect(uses(`${endpoint}export function g(f: any) { f = 1 }`)).toEqual([])
  })
})

describe('chains off the top level', () => {
  test.each([
    ['SFA101 in a function', `${base}function g() { return base.handler(() => 1) }`, [['SFA101', 3, 22, 'base.handler(() => 1)']]],
    ['SFA101 in a block', `${endpoint}if (x) { const g = createServerFn().handler(() => 1) }`, [['SFA101', 3, 19, 'createServerFn()']]],
    ['SFA102 read further', `${base}export const f = base.handler(() => 1).x`, [['SFA102', 3, 17, 'base.handler(() => 1)']]],
    ['SFA102 in an array', `${base}export const [f] = [base.handler(() => 1)]`, [['SFA102', 3, 20, 'base.handler(() => 1)']]],
    ['SFA102 as a bare statement', `${imp}createServerFn().handler(() => 1)`, [['SFA102', 2, 0, 'createServerFn()']]],
    ['SFA107 optional chaining', `${base}export const f = base?.handler(() => 1)`, [['SFA107', 3, 17, 'base?.handler']]],
    ['SFA107 a computed link', `${base}export const f = base['handler'](() => 1)`, [['SFA107', 3, 17, "base['handler']"]]],
    ['SFA107 a wrapped link', `${base}export const f = (base.handler as any)(() => 1)`, [['SFA107', 3, 18, 'base.handler']]],
    ['SFA107 a non-null link', `${base}export const f = base.handler!(() => 1)`, [['SFA107', 3, 17, 'base.handler']]],
    ['SFA107 an optional call of a builder', `${base}export const f = base?.()`, [['SFA107', 3, 17, 'base?.()']]],
    ['SFA104 an indirect call of a builder', `${base}base.call(null)`, [['SFA104', 3, 0, 'base.call']]],
  ])('%s', (_, code, expected) => {
    expect(uses(code)).toEqual(expected)
  })
})

describe('the factory and namespaces', () => {
  test.each([
    ['SFA103 passed', `${imp}use(createServerFn)`, [['SFA103', 2, 4, 'createServerFn']]],
    ['SFA103 aliased', `${imp}const x = createServerFn`, [['SFA103', 2, 10, 'createServerFn']]],
    ['SFA104 a template tag', `${imp}createServerFn\`x\``, [['SFA104', 2, 0, 'createServerFn`x`']]],
    ['SFA104 an instantiation expression', `${imp}const make = createServerFn<'GET'>`, [['SFA104', 2, 13, "createServerFn<'GET'>"]]],
    ['SFA104 a comma call', `${imp}export const f = (0, createServerFn)()`, [['SFA104', 2, 17, '(0, createServerFn)()']]],
    ['SFA105 never imported', 'export const f = createServerFn().handler(() => 1)', [['SFA105', 1, 17, 'createServerFn']]],
    ['SFA103 a namespace exposing server functions passed on', "import * as B from './builders'\nuse(B)", [['SFA103', 2, 4, 'B']]],
    ['SFA104 a computed member of such a namespace', "import * as B from './builders'\nexport const f = B['authed'].handler(() => 1)", [['SFA104', 2, 17, "B['authed']"]]],
    ['SFA104 an optional member of such a namespace', "import * as B from './builders'\nexport const f = B?.authed.handler(() => 1)", [['SFA104', 2, 17, 'B?.authed']]],
    ['SFA103 the factory read from a namespace', "import * as Start from '@tanstack/react-start'\nconst make = Start.createServerFn", [['SFA103', 2, 13, 'Start.createServerFn']]],
  ])('%s', (_, code, expected) => {
    expect(uses(code)).toEqual(expected)
  })

  test('a namespace nobody answered may be passed around; its members are still checked where they head chains', () => {
    const code = "import * as N from './unanswered'\nuse(N)\nexport const f = N.thing.handler(() => 1)\n"
    const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
    expect(analysis.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([['SFA112', 3]])
  })
})

describe('every misuse of the factory and of a builder, by code and by what it covers', () => {
  // What each check does with the shape right around the value: a call, an optional call or
  // member, `new`, a tag, type arguments, a comma, `.call`, a computed or wrapped link.
  test.each([
    ['createServerFn?.()', ['SFA104 createServerFn?.()'], imp],
    ['new createServerFn()', ['SFA104 new createServerFn()'], imp],
    ['createServerFn`x`', ['SFA104 createServerFn`x`'], imp],
    ['const f = createServerFn<X>', ['SFA104 createServerFn<X>'], imp],
    ['(0, createServerFn)()', ['SFA104 (0, createServerFn)()'], imp],
    ['const g = (0, createServerFn)', ['SFA103 createServerFn'], imp],
    ['(0, createServerFn, other)()', ['SFA103 createServerFn'], imp],
    ['createServerFn.call(null)', ['SFA104 createServerFn.call'], imp],
    ['createServerFn?.bind(null)', ['SFA104 createServerFn?.bind'], imp],
    ['use(createServerFn)', ['SFA103 createServerFn'], imp],
    ['(createServerFn as any)()', ['SFA102 (createServerFn as any)()'], imp],
    ['use(createServerFn().handler(() => 1))', ['SFA102 createServerFn()'], imp],
    ['function f() { return createServerFn().handler(() => 1) }', ['SFA101 createServerFn()'], imp],
    ["export const f = createServerFn()['handler'](() => 1)", ["SFA107 createServerFn()['handler']"], imp],
    ['export const f = createServerFn().handler?.(() => 1)', ['SFA107 createServerFn().handler'], imp],
    ['export const f = createServerFn()?.handler(() => 1)', ['SFA107 createServerFn()?.handler'], imp],
    ['export const f = (createServerFn().handler as any)(() => 1)', ['SFA107 createServerFn().handler'], imp],
    ['export const f = (createServerFn() as any).handler(() => 1)', [], imp],
    ['export const f = createServerFn()(x)', ['SFA111 x'], imp],
    ['export const f = createServerFn().handler(() => 1)?.()', ['SFA107 createServerFn().handler(() => 1)?.()'], imp],
    ['export const f = base?.handler(() => 1)', ['SFA107 base?.handler'], base],
    ["export const f = base['handler'](() => 1)", ["SFA107 base['handler']"], base],
    ['export const f = base[`handler`](() => 1)', ['SFA107 base[`handler`]'], base],
    ['base.call(null)', ['SFA104 base.call'], base],
    ['export const f = (base.handler as any)(fn)', ['SFA107 base.handler'], base],
    ['const o = base.options', ['SFA109 base.options'], base],
    ['const o = base[key]', ['SFA109 base[key]'], base],
    ['base?.()', ['SFA107 base?.()'], base],
    ['use(base)', ['SFA109 base'], base],
    ['const o = base?.options', ['SFA107 base?.options'], base],
    ['use(base.handler)', ['SFA109 base.handler'], base],
    ['export const f = base(opts).handler(fn)', ['SFA111 opts'], base],
    ['export const f = (base as any).handler(fn)', [], base],
    ['export const f = base.handler(fn).handler(g)', ['SFA102 base.handler(fn).handler(g)'], base],
    ['base.apply(null, [])', ['SFA104 base.apply'], base],
  ] as Array<[string, string[], string]>)('%s', (line, expected, prelude) => {
    const source = `${prelude}${line}\n`
    expect(analyzeModule(source, { file: '/app/src/fns.ts' }).diagnostics.map((d) => `${d.code} ${source.slice(d.loc.start, d.loc.end)}`)).toEqual(expected)
  })
})
