import { describe, expect, test } from 'vitest'
import { analyzeModule } from '../../src/core/index.ts'

/**
 * Ways of reaching createServerFn other than a static import: loading a Start package at run time
 * (SFA106), reading it from a global or another object (SFA105), and handing it on under another
 * name (SFA103).
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"

function reach(body: string) {
  const code = `${body}\n`
  return analyzeModule(code, { file: '/app/src/fns.ts' }).diagnostics.map((d) => [d.code, d.loc.line, d.loc.column, code.slice(d.loc.start, d.loc.end)])
}

describe('SFA106: Start loaded at run time', () => {
  test.each([
    ["const m = await import('@tanstack/react-start')", [['SFA106', 1, 16, "import('@tanstack/react-start')"]]],
    ['const m = await import(`@tanstack/solid-start`)', [['SFA106', 1, 16, 'import(`@tanstack/solid-start`)']]],
    ["const m = require('@tanstack/start-client-core')", [['SFA106', 1, 10, "require('@tanstack/start-client-core')"]]],
    ["import S = require('@tanstack/react-start')", [['SFA106', 1, 0, "import S = require('@tanstack/react-start')"]]],
  ])('%s', (body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test.each([
    "const m = await import('@tanstack/react-start/server')",
    "const m = require('@tanstack/react-router')",
    "import S = require('./local')",
    'const m = await import(specifier)',
  ])('not for a module that does not export the factory: %s', (body) => {
    expect(reach(body)).toEqual([])
  })
})

describe('SFA105: createServerFn read from an object', () => {
  test.each([
    ['a global, called', 'globalThis.createServerFn()', [['SFA105', 1, 0, 'globalThis.createServerFn']]],
    ['a global, computed', "window['createServerFn']()", [['SFA105', 1, 0, "window['createServerFn']"]]],
    ['a global, only read', 'const x = globalThis.createServerFn', [['SFA105', 1, 10, 'globalThis.createServerFn']]],
    ['a local object, called', 'const obj: any = {}\nobj.createServerFn()', [['SFA105', 2, 0, 'obj.createServerFn()']]],
    ['a default import of Start, called', "import def from '@tanstack/react-start'\ndef.createServerFn()", [['SFA105', 2, 0, 'def.createServerFn()']]],
    ['a named import, called', "import { helpers } from './h'\nhelpers.createServerFn()", [['SFA105', 2, 0, 'helpers.createServerFn()']]],
    ['a parameter, called', 'export function f(p: any) { return p.createServerFn() }', [['SFA105', 1, 35, 'p.createServerFn()']]],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test('reading it from a local object without calling it is harmless', () => {
    expect(reach('const obj: any = {}\nconst shown = obj.createServerFn')).toEqual([])
  })

  test('a namespace import of Start is not an object here: its member is the factory', () => {
    expect(reach("import * as Start from '@tanstack/react-start'\nexport const f = Start.createServerFn().handler(() => 1)")).toEqual([])
  })
})

describe('SFA103: createServerFn handed on under another name', () => {
  test.each([
    [`${imp}export { createServerFn as make }`, [['SFA103', 2, 9, 'createServerFn as make']]],
    ["export { createServerFn as make } from '@tanstack/react-start'", [['SFA103', 1, 9, 'createServerFn as make']]],
    ["export { createServerFn as make } from './lib'", [['SFA103', 1, 9, 'createServerFn as make']]],
  ])('%s', (body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test('an `import x = Namespace.createServerFn` alias', () => {
    // Reported where the member is read, once.
    expect(reach("import * as Start from '@tanstack/react-start'\nimport make = Start.createServerFn")).toEqual([['SFA103', 2, 14, 'Start.createServerFn']])
  })

  test.each([
    "export { createServerFn } from '@tanstack/react-start'",
    `${imp}export { createServerFn }`,
    `${imp}export { type createServerFn as T }`,
  ])('under its own name, or as a type, it is fine: %s', (body) => {
    expect(reach(body)).toEqual([])
  })
})

describe('SFA105: every way of reading the property', () => {
  test.each([
    ['an optional member of a global', 'globalThis?.createServerFn()', [['SFA105', 1, 0, 'globalThis?.createServerFn']]],
    ['a parenthesised global', '(globalThis).createServerFn()', [['SFA105', 1, 0, '(globalThis).createServerFn']]],
    ['a cast global', '(globalThis as any).createServerFn()', [['SFA105', 1, 0, '(globalThis as any).createServerFn']]],
    ['a template key', 'globalThis[`createServerFn`]()', [['SFA105', 1, 0, 'globalThis[`createServerFn`]']]],
    ['an escaped name', 'globalThis.\\u0063reateServerFn()', [['SFA105', 1, 0, 'globalThis.\\u0063reateServerFn']]],
    ['a local object, through a cast', 'const obj: any = {};\n(obj.createServerFn as any)()', [['SFA105', 2, 0, '(obj.createServerFn as any)()']]],
    ['a local object, optional call', 'const obj: any = {}\nobj.createServerFn?.()', [['SFA105', 2, 0, 'obj.createServerFn?.()']]],
    ['a local object, optional member', 'const obj: any = {}\nobj?.createServerFn()', [['SFA105', 2, 0, 'obj?.createServerFn()']]],
    ['a local function', 'function obj() {}\nobj.createServerFn()', [['SFA105', 2, 0, 'obj.createServerFn()']]],
    ['a shadowing local of a global name', 'export function f() { const globalThis: any = {}; return globalThis.createServerFn() }', [['SFA105', 1, 57, 'globalThis.createServerFn()']]],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test.each([
    ['another property of a global', 'globalThis.fetch()'],
    ['a computed key that is not a literal', 'globalThis[key]()'],
    ['a member of a call', 'make().createServerFn()'],
    ['a member of a member', 'a.b.createServerFn'],
    ['a shadowing local, only read', 'export function f() { const globalThis: any = {}; return globalThis.createServerFn }'],
    ['a local object passed on, not called', 'const obj: any = {}\nuse(obj.createServerFn)'],
    ['the member used as an argument of a call', 'const obj: any = {}\nuse(obj.createServerFn, 1)'],
    ['an import of a module that is not Start', "import { createServerFn } from './mine'\nexport const x = 1"],
  ])('not for %s', (_, body) => {
    expect(reach(body).filter(([code]) => code === 'SFA105')).toEqual([])
  })

  test('the message names the object and what it is', () => {
    const messages = (body: string) => analyzeModule(`${body}\n`, { file: '/app/src/fns.ts' }).diagnostics.map((d) => d.message)
    expect(messages('globalThis.createServerFn()')).toEqual(['`globalThis.createServerFn` reads createServerFn from a global object, not from an import of TanStack Start.'])
    expect(messages("import def from '@tanstack/react-start'\ndef.createServerFn()")).toEqual([
      '`def.createServerFn(…)` calls createServerFn read from a default import of `@tanstack/react-start`; TanStack Start does not compile it.',
    ])
    expect(messages('const obj: any = {}\nobj.createServerFn()')).toEqual([
      '`obj.createServerFn(…)` calls createServerFn read from `obj`, which is not a namespace import of TanStack Start; TanStack Start does not compile it.',
    ])
  })
})

describe('SFA109: a direct eval', () => {
  test.each([
    ['a direct eval', "eval('1')", [['SFA109', 1, 0, "eval('1')"]]],
    ['a direct eval in a function', "export function f() { return eval('x') }", [['SFA109', 1, 29, "eval('x')"]]],
    ['two of them', "eval('1')\neval('2')", [['SFA109', 1, 0, "eval('1')"], ['SFA109', 2, 0, "eval('2')"]]],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test.each([
    ['an indirect eval through a global', "globalThis.eval('1')"],
    ['eval read, not called', 'const e = eval'],
    ['a name that contains eval', "evaluate('1')\nretrieval('2')"],
    ['a method called eval', "obj.eval('1')"],
  ])('not for %s', (_, body) => {
    expect(reach(body)).toEqual([])
  })
})

describe('SFA112: type-only imports used as values', () => {
  test.each([
    ['a type-only import read as a value', "import type { authed } from './b'\nexport const x = authed", [['SFA112', 2, 17, 'authed']]],
    ['a type-only specifier read as a value', "import { type authed } from './b'\nuse(authed)", [['SFA112', 2, 4, 'authed']]],
    ['a type-only default import read as a value', "import type authed from './b'\nuse(authed)", [['SFA112', 2, 4, 'authed']]],
    ['a type-only namespace import read as a value', "import type * as B from './b'\nuse(B.authed)", [['SFA112', 2, 4, 'B']]],
    ['a type-only specifier beside a binding of its name', "import { type authed } from './b'\nconst authed = 1\nuse(authed)", [['SFA112', 1, 9, 'type authed']]],
    ['a type-only import beside an import of its name', "import type { authed } from './b'\nimport { authed as other } from './c'\nimport authed2 from './d'\nuse(other, authed2)", []],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test('used only as a type, it is fine', () => {
    expect(reach("import type { Authed } from './b'\nexport const x: Authed = 1 as unknown as Authed")).toEqual([])
  })
})

describe('SFA112: a re-export beside a binding of the same name', () => {
  test.each([
    ['a declaration', "const base = 1\nexport { base } from './other'", [['SFA112', 2, 9, 'base']]],
    ['an import of another module', "import { base } from './mine'\nexport { base } from './other'", [['SFA112', 2, 9, 'base']]],
    ['an import of another name of the same module', "import { other as base } from './other'\nexport { base } from './other'", [['SFA112', 2, 9, 'base']]],
    ['a type-only re-export', "const base = 1\nexport type { base } from './other'", [['SFA112', 2, 14, 'base']]],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })

  test('the message says whether the re-export is type-only', () => {
    const message = (body: string) => analyzeModule(`${body}\n`, { file: '/app/src/fns.ts' }).diagnostics[0]?.message
    expect(message("const base = 1\nexport type { base } from './other'")).toContain("`export type { base } from './other'`")
    expect(message("const base = 1\nexport { base } from './other'")).toContain("`export { base } from './other'`")
  })

  test.each([
    ['the same import re-exported', "import { base } from './other'\nexport { base } from './other'"],
    ['an unrelated name', "const base = 1\nexport { other } from './other'"],
  ])('not for %s', (_, body) => {
    expect(reach(body)).toEqual([])
  })
})

describe('SFA103: renaming createServerFn on the way out', () => {
  test.each([
    ['a string name', `${imp}export { createServerFn as 'make' }`, [['SFA103', 2, 9, "createServerFn as 'make'"]]],
    ['an aliased import exported again', "import { createServerFn as c } from '@tanstack/react-start'\nexport { c as make }", [['SFA103', 2, 9, 'c as make']]],
    ['an aliased import exported under the factory name', "import { createServerFn as c } from '@tanstack/react-start'\nexport { c as createServerFn }", []],
    ['another name re-exported from Start', "export { createMiddleware as make } from '@tanstack/react-start'", []],
    ['a type-only re-export', "export type { createServerFn as make } from '@tanstack/react-start'", []],
  ])('%s', (_, body, expected) => {
    expect(reach(body)).toEqual(expected)
  })
})
