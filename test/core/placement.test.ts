import type { Node } from '@babel/types'
import { describe, expect, test } from 'vitest'
import { parseModule } from '../../src/core/index.ts'
import { describeNesting, describeUse } from '../../src/core/placement.ts'
import { walk } from '../../src/core/walk.ts'

/**
 * The words the diagnostics use for where a chain stands and how a value is used: each form gets
 * its own, so that a message says what the developer wrote.
 */

/** The ancestors and parent of the identifier `target` in the code. */
function locate(code: string, file = '/app/src/p.tsx'): { node: Node; ancestors: Node[] } {
  let found: { node: Node; ancestors: Node[] } | null = null
  walk(parseModule(code, file).program, (node, ancestors) => {
    if (!found && (node.type === 'Identifier' || node.type === 'JSXIdentifier') && node.name === 'target') found = { node, ancestors: [...ancestors] }
  })
  if (!found) throw new Error(`no target in ${code}`)
  return found
}

describe('describeNesting', () => {
  test.each([
    ['the top level', 'target()', null],
    ['a function declaration', 'function load() { target() }', 'inside the function `load`'],
    ['a function expression with a name', 'const x = function load() { target() }', 'inside the function `load`'],
    ['an arrow assigned to a name', 'const load = () => target()', 'inside the function `load`'],
    ['an arrow passed on', 'use(() => target())', 'inside a function'],
    ['an arrow destructured into', 'const [load] = [() => target()]', 'inside a function'],
    ['an object method', 'const o = { load() { target() } }', 'inside the function `load`'],
    ['a class method', 'class C { load() { target() } }', 'inside the function `load`'],
    ['a computed method key', "const o = { ['load']() { target() } }", 'inside a function'],
    ['a class field', 'class C { x = target() }', 'inside a class'],
    ['a class static block', 'class C { static { target() } }', 'inside a class static block'],
    ['a namespace', 'namespace N { target() }', 'inside a namespace'],
    ['a block', '{ target() }', 'inside a block'],
    ['an if', 'if (x) target()', 'inside a block'],
    ['a switch', 'switch (x) { case 1: target() }', 'inside a block'],
    ['a for', 'for (;;) target()', 'inside a block'],
    ['a for-in', 'for (const k in o) target()', 'inside a block'],
    ['a for-of', 'for (const k of o) target()', 'inside a block'],
    ['a while', 'while (x) target()', 'inside a block'],
    ['a do-while', 'do target(); while (x)', 'inside a block'],
    ['a label', 'l: target()', 'inside a block'],
    ['a try', 'try { target() } catch {}', 'inside a block'],
    ['a function inside a block', '{ function load() { target() } }', 'inside the function `load`'],
    ['a block inside a function', 'function load() { if (x) { target() } }', 'inside the function `load`'],
    ['a block inside a class', 'class C { static { if (x) target() } }', 'inside a class static block'],
    ['a function inside a class', 'class C { x = () => target() }', 'inside a function'],
  ])('%s', (_, code, expected) => {
    expect(describeNesting(locate(code).ancestors)).toBe(expected)
  })
})

describe('describeUse', () => {
  test.each([
    ['use(target)', 'passed as an argument'],
    ['new Use(target)', 'passed as an argument'],
    ['use?.(target)', 'passed as an argument'],
    ['const o = { a: target }', 'put in an object literal'],
    ['const a = [target]', 'put in an array'],
    ['export default target', 'exported as `export default`'],
    ['const a = x ? target : y', 'chosen in a conditional expression'],
    ['const a = x || target', 'chosen in a logical expression'],
    ['target = 1', 'assigned to'],
    ['x = target', 'assigned to another variable'],
    ['target', 'called as a bare statement'],
    ['const a = target', 'assigned to another name (`a`)'],
    ['const { a } = target', 'destructured'],
    ['const a = (x, target)', 'put in a comma expression'],
    ['target.x', 'read as an object'],
    ['target?.x', 'read as an object'],
    ['use(...target)', 'spread'],
    ['function f() { return target }', 'returned'],
    ['const f = () => target', 'returned'],
    ['async function f() { await target }', 'awaited'],
    ['const e = <target.X />', 'used as a JSX element'],
    ['const e = <div>{target}</div>', 'put in JSX'],
    ['const a = typeof target', 'used with `typeof`'],
    ['const a = !target', 'used with `!`'],
    ['const a = `${target}`', 'put in a template literal'],
    ['import a = target', 'aliased with `import … =`'],
    ['const a = target + 1', 'used in a BinaryExpression'],
  ])('`%s`: %s', (code, expected) => {
    const { node, ancestors } = locate(code)
    expect(describeUse(node, ancestors[ancestors.length - 1])).toBe(expected)
  })

  test('a JSX element name, opening and closing', () => {
    const code = 'const e = <target></target>'
    const program = parseModule(code, '/app/src/p.tsx').program
    const uses: string[] = []
    walk(program, (node, ancestors) => {
      if (node.type === 'JSXIdentifier' && node.name === 'target') uses.push(describeUse(node, ancestors[ancestors.length - 1]))
    })
    expect(uses).toEqual(['used as a JSX element', 'used as a JSX element'])
  })

  test('no parent', () => {
    expect(describeUse(locate('target').node, undefined)).toBe('used in an expression')
  })
})
