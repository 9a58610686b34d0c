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
