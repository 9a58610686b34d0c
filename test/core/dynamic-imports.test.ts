import { describe, expect, test } from 'vitest'
import { parseModule } from '../../src/core/index.ts'
import { findDynamicImports, literal } from '../../src/core/dynamic-imports.ts'

/**
 * Modules loaded at run time: each found with its literal specifier and how it is written (the
 * messages quote it), and nothing else taken for one.
 */

const found = (code: string, file = '/app/src/dyn.ts') =>
  findDynamicImports(parseModule(code, file), code).map((d) => `${d.source} | ${d.written} | ${code.slice(d.node.start!, d.node.end!)}`)

describe('findDynamicImports', () => {
  test.each([
    ['import()', "await import('./a')", ["./a | import('./a') | import('./a')"]],
    ['import() with a template', 'await import(`./a`)', ["./a | import('./a') | import(`./a`)"]],
    ['import() with options', "await import('./a', { with: { type: 'json' } })", ["./a | import('./a') | import('./a', { with: { type: 'json' } })"]],
    ['import () with a space', "await import ('./a')", ["./a | import('./a') | import ('./a')"]],
    ['require()', "require('./a')", ["./a | require('./a') | require('./a')"]],
    ['require() with a template', 'require(`./a`)', ["./a | require('./a') | require(`./a`)"]],
    ['import x = require()', "import x = require('./a')", ["./a | import x = require('./a') | import x = require('./a')"]],
    ['several', "require('./a')\nawait import('./b')", ["./a | require('./a') | require('./a')", "./b | import('./b') | import('./b')"]],
    ['inside a function', "export function f() { return import('./a') }", ["./a | import('./a') | import('./a')"]],
    ['an escaped require', "\\u0072equire('./a')", ["./a | require('./a') | \\u0072equire('./a')"]],
  ])('%s', (_, code, expected) => {
    expect(found(code)).toEqual(expected)
  })

  test.each([
    ['a computed specifier', 'await import(specifier)'],
    ['a template with an expression', 'await import(`./${name}`)'],
    ['require of a name', 'require(name)'],
    ['require without arguments', 'require()'],
    ['a method called require', "loader.require('./a')"],
    ['a method called import', "loader.import('./a')"],
    ['a static import', "import './a'\nimport x from './b'"],
    ['an import-equals of a namespace', "import * as N from './n'\nimport x = N.a"],
    ['the word in a string', "const s = 'require(\"./a\")'"],
    ['a name that contains the word', "requireAuth('./a')\nreimport('./b')"],
  ])('not %s', (_, code) => {
    expect(found(code)).toEqual([])
  })
})

describe('literal', () => {
  const valueOf = (expression: string) => {
    const statement = parseModule(`x = ${expression}\n`, '/app/src/l.ts').program.body[0]!
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') throw new Error('not an assignment')
    return literal(statement.expression.right)
  }
  test.each([
    ["'a'", 'a'],
    ['`a`', 'a'],
    ['`\\u0061`', 'a'],
    ['``', ''],
    ['`a${b}`', null],
    ['a', null],
    ['1', null],
  ])('%s is %j', (expression, expected) => {
    expect(valueOf(expression)).toBe(expected)
  })

  test('no node, no literal', () => {
    expect(literal(null)).toBe(null)
    expect(literal(undefined)).toBe(null)
  })
})
