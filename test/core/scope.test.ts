import { describe, expect, test } from 'vitest'
import { analyzeModule } from '../../src/core/index.ts'

/**
 * Shadowing only decides whether a nested use of a name is TanStack's createServerFn. A real
 * nested call must still be reported (TanStack would not compile it), however many unrelated
 * names the enclosing scopes declare; a local of the same name must not be.
 */

const session = { source: '/app/src/server/session.ts', exportName: 'requireSession' }
const codes = (body: string) =>
  analyzeModule(`import { createServerFn } from '@tanstack/react-start'\n${body}\n`, { file: '/app/src/scope.ts', session }).diagnostics.map((d) => d.code)

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
    ['a switch case declaration', "switch (1) { case 1: { const other = 1; createServerFn() } }"],
    ['a static block', 'export class S { static { const x = 1; createServerFn() } }'],
    ['an object method', 'export const o = { m(x: number) { return createServerFn() } }'],
    ['a private class method', 'export class P { #m(y: number) { return createServerFn() } }'],
  ])('%s', (_, body) => {
    expect(codes(body).length).toBeGreaterThan(0)
    expect(new Set(codes(body))).toEqual(new Set(['SFA101']))
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
  })

  test('a var in a nested function does not shadow the outer function', () => {
    expect(codes('export function f() { function g() { var createServerFn: any } return createServerFn() }')).toEqual(['SFA101'])
  })
})
