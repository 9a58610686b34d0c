import type { Node } from '@babel/types'
import { describe, expect, test } from 'vitest'
import { isLineTerminator, LineIndex } from '../../src/core/line-index.ts'
import { parseModule } from '../../src/core/parse.ts'
import { isTypeOnly, spansAnyOffset, walk } from '../../src/core/walk.ts'

/** The walk the analysis is built on, its text filter, and the line index every position comes from. */

const identifiers = (code: string, mayMatter?: (node: Node) => boolean, skip?: string) => {
  const seen: string[] = []
  walk(
    parseModule(code, '/app/src/x.ts').program,
    (node, ancestors) => {
      if (node.type === 'Identifier') seen.push(`${node.name}<${ancestors.map((a) => a.type).at(-1)}`)
      if (skip && node.type === skip) return 'skip'
    },
    mayMatter,
  )
  return seen
}

describe('walk', () => {
  test('visits every value node depth first, in source order, with its ancestors', () => {
    expect(identifiers('const a = [b, , c]; f(d)')).toEqual(['a<VariableDeclarator', 'b<ArrayExpression', 'c<ArrayExpression', 'f<CallExpression', 'd<CallExpression'])
  })

  test('does not descend into a node the visitor skips, and visits its siblings', () => {
    expect(identifiers('f(() => inner); g(outer)', undefined, 'ArrowFunctionExpression')).toEqual(['f<CallExpression', 'g<CallExpression', 'outer<CallExpression'])
  })

  test('never visits types: annotations, type declarations, type-only imports and exports', () => {
    const code = "import type { T } from './t'\nexport type { U } from './u'\ntype A = typeof hidden\ninterface I { x: typeof hidden }\nconst v: Array<typeof hidden> = value as unknown as typeof hidden"
    expect(identifiers(code)).toEqual(['v<VariableDeclarator', 'value<TSAsExpression'])
  })

  test('a filter that says no skips the node and its whole subtree', () => {
    expect(identifiers('f(a); g(b)', (node) => node.type !== 'CallExpression' || (node as { callee: { name: string } }).callee.name === 'g')).toEqual(['g<CallExpression', 'b<CallExpression'])
  })

  test('isTypeOnly tells type-only statements from value ones', () => {
    const [typeImport, valueImport, typeExport, valueExport] = parseModule("import type { A } from 'a'\nimport { B } from 'b'\nexport type { C }\nexport { D }\nconst C = 1, D = 2", '/x.ts').program.body
    expect([typeImport, valueImport, typeExport, valueExport].map((node) => isTypeOnly(node!))).toEqual([true, false, true, false])
  })
})

describe('spansAnyOffset', () => {
  const node = (start: number, end: number) => ({ start, end }) as Node
  test('is true when an offset lies in [start, end)', () => {
    const spans = spansAnyOffset([5, 20])
    expect([node(0, 5), node(0, 6), node(5, 6), node(6, 20), node(20, 21), node(21, 30)].map(spans)).toEqual([false, true, true, false, true, false])
  })
  test('is false for every node without offsets', () => {
    expect(spansAnyOffset([])(node(0, 100))).toBe(false)
  })
  test('finds an offset among many by binary search', () => {
    const offsets = Array.from({ length: 100 }, (_, i) => i * 10)
    const spans = spansAnyOffset(offsets)
    expect(spans(node(501, 510))).toBe(false)
    expect(spans(node(501, 511))).toBe(true)
    expect(spans(node(990, 991))).toBe(true)
    expect(spans(node(991, 1000))).toBe(false)
  })
})

describe('LineIndex', () => {
  test('counts every ECMAScript line terminator, CRLF as one', () => {
    const code = 'a\nb\rc\r\nd\u2028e\u2029f'
    const lines = new LineIndex(code)
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => lines.locate(code.indexOf(letter)).line)).toEqual([1, 2, 3, 4, 5, 6])
    expect(lines.locate(code.indexOf('d'))).toEqual({ line: 4, column: 0, start: code.indexOf('d'), end: code.indexOf('d') })
  })

  test('gives columns and the start of the line that holds an offset', () => {
    const code = 'first\n  second'
    const lines = new LineIndex(code)
    expect(lines.locate(code.indexOf('second'), code.length)).toEqual({ line: 2, column: 2, start: 8, end: 14 })
    expect(lines.lineStart(code.indexOf('cond'))).toBe(6)
    expect(lines.lineStart(3)).toBe(0)
    expect(lines.locate(0).line).toBe(1)
  })

  test('isLineTerminator knows exactly the four code points', () => {
    expect([10, 13, 0x2028, 0x2029, 32, 9, 0x85].map(isLineTerminator)).toEqual([true, true, true, true, false, false, false])
  })
})
