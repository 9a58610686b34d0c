import { describe, expect, test } from 'vitest'
import { analyzeModule, parseModule } from '../../src/core/index.ts'
import { findReferences } from '../../src/core/references.ts'
import type { Node } from '@babel/types'
import { collectPatternNames, isFunctionNode, ScopeResolver } from '../../src/core/scope.ts'
import { walk } from '../../src/core/walk.ts'

/**
 * Shadowing only decides whether a nested use of a name is TanStack's createServerFn. A real
 * nested call must still be reported (TanStack would not compile it), however many unrelated
 * names the enclosing scopes declare; a local of the same name must not be.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const diagnosticsOf = (body: string) => {
  const code = `${imp}${body}\n`
  return analyzeModule(code, { file: '/app/src/scope.ts' }).diagnostics.map((d) => ({ code: d.code, text: code.slice(d.loc.start, d.loc.end) }))
}
const codes = (body: string) => diagnosticsOf(body).map((d) => d.code)

describe('a real nested createServerFn is reported whatever the scope declares', () => {
  test.each([
    ['parameters and patterns', 'export function f(a: number, { b, c: [d] }: any, ...rest: any[]) { return createServerFn() }'],
    ['defaults and rest', 'export const f = (a = 1, ...others: unknown[]) => createServerFn()'],
    ['a named function expression', 'export const f = function named() { return createServerFn() }'],
    ['var, let, const and a nested function in the body', 'export function f() { var a = 1; let b = 2; const c = 3; function inner() {} return createServerFn() }'],
    ['a class name', 'export const K = class Named { m() { return createServerFn() } }'],
    ['a catch parameter', 'try { throw 1 } catch (error) { createServerFn() }'],
    ['for-of and for-in bindings', 'for (const x of []) createServerFn()\nfor (const k in {}) createServerFn()'],
    ['a classic for loop binding', 'for (let i = 0; i < 1; i++) createServerFn()'],
    ['an enum and a namespace in a block', '{ enum E { A } namespace N {} createServerFn() }'],
    ['a switch case declaration', 'switch (1) { case 1: { const other = 1; createServerFn() } }'],
    ['a static block', 'export class S { static { const x = 1; createServerFn() } }'],
    ['an object method', 'export const o = { m(x: number) { return createServerFn() } }'],
    ['a private class method', 'export class P { #m(y: number) { return createServerFn() } }'],
  ])('%s', (_, body) => {
    const found = diagnosticsOf(body)
    expect(found.length).toBeGreaterThan(0)
    // Every report is SFA101 and points at the call itself.
    for (const diagnostic of found) expect(diagnostic).toEqual({ code: 'SFA101', text: 'createServerFn()' })
  })
})

describe('a local of the same name shadows the import', () => {
  test.each([
    ['a parameter', 'export function f(createServerFn: () => unknown) { return createServerFn() }'],
    ['a destructured parameter', 'export function f({ createServerFn }: any) { return createServerFn() }'],
    ['an array pattern parameter', 'export function f([createServerFn]: any) { return createServerFn() }'],
    ['a rest parameter', 'export function f(...createServerFn: any) { return createServerFn() }'],
    ['a defaulted parameter', 'export function f(createServerFn: any = null) { return createServerFn() }'],
    ['a parameter property', 'export class C { constructor(private createServerFn: any) { createServerFn() } }'],
    ['a hoisted var in a nested block', 'export function f() { if (1) { var createServerFn: any } return createServerFn() }'],
    ['a block-scoped function', 'export function f() { { function createServerFn() {} createServerFn() } }'],
    ['a named function expression', 'export const f = function createServerFn() { return createServerFn() }'],
    ['a class name', 'export const K = class createServerFn { static m() { return createServerFn } }'],
    ['a catch parameter', 'try { throw 1 } catch (createServerFn: any) { createServerFn() }'],
    ['a for-of binding', 'for (const createServerFn of [() => 1]) createServerFn()'],
    ['a for loop binding', 'for (let createServerFn: any = null; ; ) { createServerFn(); break }'],
    ['a switch case binding', 'switch (1) { case 1: const createServerFn: any = null; createServerFn() }'],
    ['an enum in a block', '{ enum createServerFn { A } createServerFn }'],
    ['an exported declaration in a namespace', 'namespace N { export const createServerFn: any = null; createServerFn() }'],
  ])('%s', (_, body) => {
    expect(codes(body)).toEqual([])
    // With the local renamed, the same reads are of the import and reported: the shadowing decided it.
    expect(codes(body.replace('createServerFn', 'renamedLocal')).length).toBeGreaterThan(0)
  })

  test('a var in a nested function does not shadow the outer function', () => {
    expect(codes('export function f() { function g() { var createServerFn: any } return createServerFn() }')).toEqual(['SFA101'])
  })
})

describe('shadowing of builders and endpoints', () => {
  const base = `const base = createServerFn()\n`

  test('a parameter named like a builder is not the builder', () => {
    expect(codes(`${base}export function f(base: any) { return base.options }`)).toEqual([])
    expect(codes(`${base}export function f(other: any) { return base.options }`)).toEqual(['SFA109'])
  })

  test('a local named like an endpoint may be written', () => {
    const endpoint = 'export const ep = createServerFn().handler(() => 1)\n'
    expect(codes(`${endpoint}export function f() { const ep: any = {}; ep.x = 1 }`)).toEqual([])
    expect(codes(`${endpoint}export function f() { (ep as any).x = 1 }`)).toEqual(['SFA110'])
  })
})

describe('findReferences', () => {
  const referencesIn = (code: string, names: string[]) => {
    const ast = parseModule(code, '/app/src/refs.tsx')
    return findReferences(ast.program, code, new Set(names), new ScopeResolver()).map((r) => [r.name, r.node.start])
  }

  test('finds value reads, JSX component names and member objects, not types, specifiers or keys', () => {
    const code = [
      "import { Base, other } from './b'",
      'type T = typeof Base',
      'export { Base as Renamed }',
      'const o = { Base: 1 }',
      'o.Base',
      'use(Base)',
      'const el = <Base />',
      'const el2 = <Base.Item />',
      'const lower = <base />',
    ].join('\n')
    // `use(Base)`, `<Base />` and `<Base.Item />`.
    const expected = [code.indexOf('use(Base)') + 4, code.indexOf('<Base />') + 1, code.indexOf('<Base.Item') + 1]
    for (const at of expected) expect(code.slice(at, at + 4)).toBe('Base')
    expect(referencesIn(code, ['Base'])).toEqual(expected.map((at) => ['Base', at]))
  })

  test('an escaped identifier is found, the prefilter notwithstanding', () => {
    const code = "import { base } from './b'\nuse(\\u0062ase)\n"
    expect(referencesIn(code, ['base'])).toEqual([['base', code.indexOf('use(') + 4]])
  })

  test('no names, no references', () => {
    expect(referencesIn('use(a)', [])).toEqual([])
    expect(referencesIn('use(a)', ['a'])).toHaveLength(1)
  })
})

describe('ScopeResolver.isShadowed', () => {
  /** Whether `f` in the one `probe(f)` of the code refers to a local declaration. */
  const shadowed = (code: string, name = 'f') => {
    const program = parseModule(code, '/app/src/scope.ts').program
    let found: { node: Node; ancestors: Node[] } | null = null
    walk(program, (node, ancestors) => {
      if (node.type === 'Identifier' && node.name === name) {
        const parent = ancestors[ancestors.length - 1]
        if (parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.callee.name === 'probe' && parent.arguments[0] === node) found = { node, ancestors: [...ancestors] }
      }
    })
    if (!found) throw new Error(`no probe(${name}) in ${code}`)
    const { node, ancestors } = found as { node: Node; ancestors: Node[] }
    const resolver = new ScopeResolver()
    const answer = resolver.isShadowed(name, ancestors, node)
    // Leaving the node out when the ancestors end with it gives the same answer, and so does asking again.
    expect(resolver.isShadowed(name, [...ancestors, node])).toBe(answer)
    expect(resolver.isShadowed(name, ancestors, node)).toBe(answer)
    return answer
  }

  test.each([
    ['a parameter', 'function g(f) { probe(f) }'],
    ['a destructured parameter', 'function g({ a: [f] }) { probe(f) }'],
    ['a rest parameter', 'const g = (...f) => probe(f)'],
    ['a parameter with a default', 'const g = (f = 1) => { probe(f) }'],
    ['an object rest parameter', 'const g = ({ ...f }) => probe(f)'],
    ['a parameter property', 'class C { constructor(private f: any) { probe(f) } }'],
    ['a `var` hoisted out of a block', 'function g() { if (x) { var f = 1 } probe(f) }'],
    ['a `var` hoisted out of a loop', 'function g() { for (var f of xs); probe(f) }'],
    ['a `let` in the block', '{ let f; probe(f) }'],
    ['a function declared in the block', '{ function f() {} probe(f) }'],
    ['a class declared in the block', '{ class f {} probe(f) }'],
    ['a class expression name', '(class f { m() { probe(f) } })'],
    ['a function expression name', '(function f() { probe(f) })'],
    ['a function expression name, in a parameter default', '(function f(a = probe(f)) {})'],
    ['an enum in a namespace', 'namespace N { enum f { A } probe(f) }'],
    ['an import alias in a namespace', 'namespace N { import f = M.x; probe(f) }'],
    ['a nested namespace', 'namespace N { namespace f {} probe(f) }'],
    ['an export in a namespace', 'namespace N { export const f = 1; probe(f) }'],
    ['a `let` in a switch case', 'switch (x) { case 1: let f; probe(f) }'],
    ['a `let` in another switch case', 'switch (x) { case 1: let f; break; default: probe(f) }'],
    ['a `for` declaration', 'for (let f = 0; ; ) probe(f)'],
    ['a `for-of` declaration', 'for (const f of xs) probe(f)'],
    ['a `for-in` declaration', 'for (const f in o) probe(f)'],
    ['a catch parameter', 'try {} catch (f) { probe(f) }'],
    ['a destructured catch parameter', 'try {} catch ({ f }) { probe(f) }'],
    ['a static block', 'class C { static { const f = 1; probe(f) } }'],
    ['an object method parameter', '({ m(f) { probe(f) } })'],
    ['a private method parameter', 'class C { #m(f) { probe(f) } }'],
    ['a class method parameter', 'class C { m(f) { probe(f) } }'],
    ['an earlier parameter, in a later default', 'function g(f, a = probe(f)) {}'],
    ['an exported class in a namespace', 'namespace N { export class f {} probe(f) }'],
  ])('shadowed by %s', (_, code) => {
    expect(shadowed(code)).toBe(true)
  })

  test.each([
    ['nothing', 'probe(f)'],
    ['a module-level declaration', 'const f = 1\nprobe(f)'],
    ['a module-level class', 'class f {}\nprobe(f)'],
    ['a `var` of a nested function', 'function g() { function h() { var f } probe(f) }'],
    ['a `let` in a sibling block', '{ let f } { probe(f) }'],
    ['a `let` in an inner block', 'function g() { { let f } probe(f) }'],
    ['an assignment in a `for` head', 'for (f = 0; ; ) probe(f)'],
    ['an assignment in a `for-of` head', 'for (f of xs) probe(f)'],
    ['an assignment in a `for-in` head', 'for (f in o) probe(f)'],
    ['a `for` without a declaration', 'for (; ; ) probe(f)'],
    ['a catch without a parameter', 'try {} catch { probe(f) }'],
    ['a catch parameter of another name', 'try {} catch (e) { probe(f) }'],
    ['a body `var`, in a parameter default', 'function g(a = probe(f)) { var f }'],
    ['a body function, in a parameter default', 'function g(a = probe(f)) { function f() {} }'],
    ['a parameter of the method, in its computed key', '({ [probe(f)](f) {} })'],
    ['a class declaration name outside its class', 'function g() { probe(f) }\nclass f {}'],
    ['a parameter of another function', 'function h(f) {}\nfunction g() { probe(f) }'],
    ['a destructured name of another key', 'function g({ f: a }) { probe(f) }'],
    ['an arrow with an expression body and other parameters', 'const g = (a) => probe(f)'],
    ['a namespace of another name', 'namespace N { namespace M {} probe(f) }'],
    ['a type alias', '{ type f = number; probe(f) }'],
  ])('not shadowed by %s', (_, code) => {
    expect(shadowed(code)).toBe(false)
  })
})

describe('collectPatternNames', () => {
  const namesOf = (pattern: string) => {
    const statement = parseModule(`const ${pattern} = v\n`, '/app/src/p.ts').program.body[0]!
    if (statement.type !== 'VariableDeclaration') throw new Error('not a declaration')
    const names = new Set<string>()
    collectPatternNames(statement.declarations[0]!.id, names)
    return [...names]
  }
  test.each([
    ['a', ['a']],
    ['{ a, b: [c], ...d }', ['a', 'c', 'd']],
    ['[e = 1, , ...f]', ['e', 'f']],
    ['{ a: { b = 2 } }', ['b']],
    ['[[g], { h }]', ['g', 'h']],
  ])('`%s` declares %j', (pattern, expected) => {
    expect(namesOf(pattern)).toEqual(expected)
  })

  test('nothing, nothing', () => {
    const names = new Set<string>()
    collectPatternNames(null, names)
    collectPatternNames(undefined, names)
    expect(names.size).toBe(0)
  })
})

test('isFunctionNode', () => {
  const body = parseModule('function a() {}\nconst b = function () {}\nconst c = () => 1\nconst d = { m() {} }\nclass E { m() {} #p() {} }\nconst f = 1\n', '/app/src/f.ts').program
  const types: string[] = []
  walk(body, (node) => {
    if (isFunctionNode(node)) types.push(node.type)
  })
  expect(types).toEqual(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod'])
})
