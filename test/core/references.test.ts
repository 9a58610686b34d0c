import { describe, expect, test } from 'vitest'
import { parseModule } from '../../src/core/index.ts'
import { findReferences } from '../../src/core/references.ts'
import { ScopeResolver } from '../../src/core/scope.ts'

/**
 * `findReferences` decides which uses of a server function binding the rules see at all: a use it
 * misses is a use no rule can refuse. Each case names the source, the names searched for and the
 * text of every reference found (in source order), so a reference that appears or disappears, or
 * moves to another node, fails the case.
 */

const referencesIn = (code: string, names: string[], file = '/app/src/refs.tsx') => {
  const ast = parseModule(code, file)
  return findReferences(ast.program, code, new Set(names), new ScopeResolver()).map((r) => `${r.name}@${code.slice(r.node.start!, r.node.end!)}:${r.node.start}`)
}
/** `name@name:offset` for every occurrence of `needle` in `code` whose first `name.length` characters are the reference. */
const at = (code: string, name: string, ...needles: string[]) => needles.map((needle) => {
  const offset = code.indexOf(needle)
  if (offset < 0) throw new Error(`no ${needle} in ${code}`)
  return `${name}@${name}:${offset + needle.indexOf(name)}`
})

describe('specifiers and declarations are not references', () => {
  test.each([
    ['an export specifier', "import { f } from './a'\nexport { f }\n"],
    ['a renaming export specifier', "import { f } from './a'\nexport { f as g }\n"],
    ['a namespace re-export', "export * as f from './a'\n"],
    ['an import specifier', "import { f } from './a'\n"],
    ['a default import', "import f from './a'\n"],
    ['a destructured key', "import { o } from './a'\nconst { f: x } = o\n"],
    ['a declaration', 'const f = 1\n'],
    ['a parameter', 'function g(f) {}\n'],
    ['a property key', 'const o = { f: 1 }\n'],
    ['a member name', 'o.f\n'],
    ['a class method name', 'class C { f() {} }\n'],
    ['a label', 'f: for (;;) break f\n'],
  ])('%s', (_, code) => {
    expect(referencesIn(code, ['f'])).toEqual([])
  })

  test('TypeScript import-equals: the alias and the member name are not references, the namespace is', () => {
    const code = "import * as B from './b'\nimport a = B.f\n"
    expect(referencesIn(code, ['f'], '/app/src/refs.ts')).toEqual([])
    expect(referencesIn(code, ['a'], '/app/src/refs.ts')).toEqual([])
    expect(referencesIn(code, ['B'], '/app/src/refs.ts')).toEqual(at(code, 'B', 'B.f'))
  })

  test('a destructured local that shadows nothing is a declaration, its source a read', () => {
    const code = "import { f } from './a'\nconst { a: g } = f\n"
    expect(referencesIn(code, ['f'])).toEqual(at(code, 'f', '= f'))
    expect(referencesIn(code, ['g'])).toEqual([])
  })
})

describe('JSX', () => {
  test('an element name that is a binding is a reference, in its opening and closing tags', () => {
    const code = "import { F } from './a'\nconst e = <F></F>\n"
    expect(referencesIn(code, ['F'])).toEqual(at(code, 'F', '<F>', '</F>'))
  })

  test.each([
    ['an underscore name', '_F'],
    ['a dollar name', '$F'],
  ])('%s is a binding too', (_, name) => {
    const code = `const e = <${name} />\n`
    expect(referencesIn(code, [name])).toEqual([`${name}@${name}:${code.indexOf(name)}`])
  })

  test('a lower-case element name is an intrinsic element, not a binding', () => {
    expect(referencesIn('const e = <f />\n', ['f'])).toEqual([])
  })

  test('the object of a member element is a reference; its property is not', () => {
    const code = 'const e = <F.x />\nconst g = <a.F />\n'
    expect(referencesIn(code, ['F'])).toEqual(at(code, 'F', '<F.x'))
    expect(referencesIn(code, ['a'])).toEqual(at(code, 'a', '<a.F'))
    expect(referencesIn(code, ['x'])).toEqual([])
  })

  test('an attribute name is not a reference; its value is', () => {
    const code = 'const e = <div F={F} />\n'
    expect(referencesIn(code, ['F'])).toEqual([`F@F:${code.indexOf('{F}') + 1}`])
  })
})

describe('writes are references', () => {
  test.each([
    ['an assignment', 'f = 1'],
    ['a compound assignment', 'f += 1'],
    ['an increment', 'f++'],
    ['a prefix decrement', '--f'],
    ['an array pattern', '[f] = a'],
    ['an array pattern with a default', '[f = 1] = a'],
    ['an array rest', '[...f] = a'],
    ['a renaming object pattern', '({ a: f } = o)'],
    ['a shorthand object pattern', '({ f } = o)'],
    ['a shorthand object pattern with a default', '({ f = 1 } = o)'],
    ['an object rest', '({ ...f } = o)'],
    ['a nested pattern', '({ a: [f] } = o)'],
    ['for-of', 'for (f of xs);'],
    ['for-in', 'for (f in o);'],
    ['a parenthesised target', '(f) = 1'],
    ['an `as` cast target', '(f as any) = 1'],
    ['a `satisfies` target', '(f satisfies any) = 1'],
    ['a non-null target', 'f! = 1'],
  ])('%s: `%s`', (_, statement) => {
    const code = `let f: any\n${statement}\n`
    const offset = code.indexOf('\n') + statement.search(/(?<![\w$])f(?![\w$])/) + 1
    expect(referencesIn(code, ['f'], '/app/src/refs.ts')).toEqual([`f@f:${offset}`])
  })

  test('an angle-bracket assertion target (.ts)', () => {
    const code = 'let f: any\n(<any>f) = 1\n'
    expect(referencesIn(code, ['f'], '/app/src/refs.ts')).toEqual([`f@f:${code.lastIndexOf('f')}`])
  })

  test.each([
    ['the key of a renaming pattern', 'let x\n({ f: x } = o)\n'],
    ['the default of a pattern', 'let x\n({ x = f } = o)\n'],
    ['the right-hand side of a for-of', 'let x\nfor (x of f);\n'],
    ['the object of a for-in', 'let x\nfor (x in f);\n'],
    ['the right-hand side of an assignment', 'let x\nx = f\n'],
  ])('%s is a read, not a write', (_, code) => {
    // A read is a reference as well, but only at the read position and only once.
    const found = referencesIn(code, ['f'], '/app/src/refs.ts')
    expect(found).toEqual(code.includes('{ f:') ? [] : [`f@f:${code.lastIndexOf('f')}`])
  })

  test('a declaration in a for-of head is not a write of the outer name', () => {
    const code = 'let f\nfor (const f of xs);\nfor (let f in o);\n'
    expect(referencesIn(code, ['f'])).toEqual([])
  })

  test('a default value in a parameter pattern reads the outer name', () => {
    const code = 'let f\nfunction g({ a = f }) {}\n'
    expect(referencesIn(code, ['f'])).toEqual([`f@f:${code.lastIndexOf('f')}`])
  })

  test('a write inside a call argument is still a write', () => {
    const code = 'let f\nuse((f = 2))\n'
    expect(referencesIn(code, ['f'])).toEqual([`f@f:${code.lastIndexOf('f')}`])
  })
})

describe('the text prefilter never hides a reference', () => {
  test('several names are all found', () => {
    const code = 'use(a)\nuse(b)\n'
    expect(referencesIn(code, ['a', 'b'])).toEqual([...at(code, 'a', 'use(a)'), ...at(code, 'b', 'use(b)')])
  })

  test('names whose joined spelling collides do not share a filter', () => {
    const code = 'use(ab)\nuse(a)\nuse(b)\n'
    // First {a, b}, then {ab}: a filter cached under a joined key must not serve the other set.
    expect(referencesIn(code, ['a', 'b'])).toEqual([...at(code, 'a', 'use(a)'), ...at(code, 'b', 'use(b)')])
    expect(referencesIn(code, ['ab'])).toEqual(at(code, 'ab', 'use(ab)'))
    expect(referencesIn(code, ['b', 'a'])).toEqual([...at(code, 'a', 'use(a)'), ...at(code, 'b', 'use(b)')])
  })

  test('a name is matched whole, not as part of a longer name', () => {
    const code = 'use(fa)\nuse(af)\nuse($f)\nuse(f$)\nuse(f)\n'
    expect(referencesIn(code, ['f'])).toEqual(at(code, 'f', 'use(f)'))
  })

  test('a name with a dollar sign is matched literally', () => {
    const code = 'use($f)\nuse(xf)\nuse(f)\n'
    expect(referencesIn(code, ['$f'])).toEqual(at(code, '$f', 'use($f)'))
  })

  test('a name followed by punctuation is found', () => {
    const code = 'use(f.x, f[0], f(), `${f}`)\n'
    expect(referencesIn(code, ['f'])).toHaveLength(4)
  })

  test('an escaped identifier is found wherever it stands', () => {
    const code = 'let f\nuse(\\u0066)\n\\u0066 = 2\n'
    expect(referencesIn(code, ['f'])).toEqual([
      `f@\\u0066:${code.indexOf('\\u0066')}`,
      `f@\\u0066:${code.lastIndexOf('\\u0066')}`,
    ])
  })

  test('no names, no walk', () => {
    expect(referencesIn('use(a)\n', [])).toEqual([])
  })
})

describe('shadowing', () => {
  test('a local of the same name hides the module binding; the module binding is found elsewhere', () => {
    const code = "import { f } from './a'\nfunction g() { const f = 1; use(f) }\nuse(f)\n"
    expect(referencesIn(code, ['f'])).toEqual([`f@f:${code.lastIndexOf('f')}`])
  })

  test('each reference carries its ancestors, outermost first', () => {
    const code = 'function g() { use(f) }\n'
    const ast = parseModule(code, '/app/src/refs.ts')
    const [reference] = findReferences(ast.program, code, new Set(['f']))
    expect(reference!.ancestors.map((node) => node.type)).toEqual([
      'Program', 'FunctionDeclaration', 'BlockStatement', 'ExpressionStatement', 'CallExpression',
    ])
  })
})
