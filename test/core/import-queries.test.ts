import { describe, expect, test } from 'vitest'
import { importQueries, parseModule, queryKey, readModuleBindings } from '../../src/core/index.ts'

/**
 * Which imports the analysis asks the host about: only those that reach a position where a server
 * function value matters, so that a build does not read the whole app. `all` asks about every
 * value import (the sweep).
 */

function queries(code: string, all = false): string[] {
  const ast = parseModule(code, '/app/src/mod.tsx')
  return importQueries(ast, code, readModuleBindings(ast), all)
    .map((query) => `${query.source}#${query.imported}`)
    .sort()
}

describe('always asked', () => {
  test('createServerFn imports, under their own name or as a default import named so', () => {
    expect(queries("import { createServerFn as make } from 'lib'\nimport createServerFn from 'other'\nimport { helper } from 'third'\n")).toEqual([
      'lib#createServerFn',
      'other#default',
    ])
  })

  test('every namespace import, read or not, and every member read of one', () => {
    expect(queries("import * as N from './n'\nimport * as M from './m'\nM.x\nuse(M.y, M['z'])\n")).toEqual(['./m#*', './m#x', './m#y', './n#*'])
  })

  test('a default import under another name is not the factory', () => {
    expect(queries("import make from 'lib'\n")).toEqual([])
  })
})

describe('heads of chains with a builder link', () => {
  test.each([
    ['.handler at the top level', "import { authed } from './b'\nexport const f = authed.handler(() => 1)"],
    ['.middleware inside a function', "import { authed } from './b'\nfunction g() { return authed.middleware([]) }"],
    ['.validator in an expression statement', "import { authed } from './b'\nauthed.validator(v)"],
    ['.inputValidator', "import { authed } from './b'\nuse(authed.inputValidator(v))"],
    ['a computed `["handler"]`', "import { authed } from './b'\nexport const f = authed['handler'](() => 1)"],
    ['optional chaining', "import { authed } from './b'\nexport const f = authed?.handler(() => 1)"],
    ['a call of the builder first', "import { authed } from './b'\nexport const f = authed({ method: 'POST' }).handler(() => 1)"],
    ['a wrapper around the head', "import { authed } from './b'\nexport const f = (authed as any).handler(() => 1)"],
  ])('%s', (_, code) => {
    expect(queries(code)).toEqual(['./b#authed'])
  })

  test('a namespace member head asks for the member as well as the namespace', () => {
    expect(queries("import * as B from './b'\nexport const f = B.authed.handler(() => 1)")).toEqual(['./b#*', './b#authed'])
  })

  test('a namespace call head asks for the member as well as the namespace', () => {
    expect(queries("import * as B from './b'\nexport const f = B.pub({ method: 'POST' }).handler(() => 1)")).toEqual(['./b#*', './b#pub'])
  })

  test('a method that is not a builder link asks nothing', () => {
    expect(queries("import { db } from './db'\nfunction g() { return db.query() }")).toEqual([])
    expect(queries("import { db } from './db'\nfunction g() { return db.query() }\nfunction h() { return db.handler() }")).toEqual(['./db#db'])
  })

  test('`import type` and type-only specifiers are never asked', () => {
    expect(queries("import type { T } from './t'\nimport { type U, v } from './u'\nexport const f = v.handler(() => 1)\nT.handler()")).toEqual(['./u#v'])
  })
})

describe('heads of module-level initializers', () => {
  test('whatever heads the initializer of a module-level declaration', () => {
    expect(queries("import { db } from './db'\nimport Button from './Button'\nexport const x = db.query()\n")).toEqual(['./db#db'])
    expect(queries("import { data } from './fs'\nexport const y = data\n")).toEqual(['./fs#data'])
  })

  test('through the declarations those heads name, what their initializers mention', () => {
    expect(queries("import { authed } from './b'\nimport { wrap } from './w'\nconst w = wrap(authed)\nexport const f = w.handler(() => 1)")).toEqual(['./b#authed', './w#wrap'])
  })

  test('through functions and classes that heads name', () => {
    expect(queries("import { a } from './a'\nfunction mk() { return a }\nexport const f = mk().handler(() => 1)")).toEqual(['./a#a'])
    expect(queries("import { a } from './a'\nclass K { static b = a }\nexport const f = K.b.handler(() => 1)")).toEqual(['./a#a'])
  })

  test('imports that reach no such position are not asked', () => {
    const code = "import { db } from './db'\nimport Button from './Button'\nimport { authed } from './b'\nexport function View() { return <Button onClick={() => db.run(authed)} /> }\n"
    expect(queries(code)).toEqual([])
  })

  test('a laundering position no query covers is left to the sweep', () => {
    expect(queries("import { authed } from './b'\nexport default { authed }")).toEqual([])
    expect(queries("import { authed } from './b'\nstrip(authed)")).toEqual([])
  })
})

describe('`all`', () => {
  test('asks about every value import, by the name it imports', () => {
    const code = "import { db } from './db'\nimport Button from './Button'\nimport * as N from './n'\nimport { authed as a } from './b'\nimport type { T } from './t'\nstrip(a)\n"
    expect(queries(code)).toEqual(['./n#*'])
    expect(queries(code, true)).toEqual(['./Button#default', './b#authed', './db#db', './n#*'])
  })

  test('asks nothing twice', () => {
    const code = "import { a, b as c } from './x'\nexport const f = a.handler(() => 1)\nexport const g = a.handler(() => 2)\n"
    const ast = parseModule(code, '/app/x.ts')
    const found = importQueries(ast, code, readModuleBindings(ast), true)
    expect(found).toHaveLength(2)
    expect(new Set(found.map((q) => queryKey(q.source, q.imported))).size).toBe(2)
  })
})

test('queryKey separates source and name', () => {
  expect(queryKey('./x', 'y')).toBe(queryKey('./x', 'y'))
  expect(queryKey('./x', 'y')).not.toBe(queryKey('./x', 'z'))
})

describe('namespace member paths', () => {
  test.each([
    ['a nested member', "import * as B from './b'\nuse(B.auth.authed)", ['./b#*', './b#auth', './b#auth.authed']],
    ['a path is followed four members deep, no deeper', "import * as B from './b'\nuse(B.a.b.c.d.e)", ['./b#*', './b#a', './b#a.b', './b#a.b.c', './b#a.b.c.d']],
    ['a builder method ends the path', "import * as B from './b'\nexport const f = B.authed.handler(() => 1)", ['./b#*', './b#authed']],
    ['a builder method as the first member is a member', "import * as B from './b'\nuse(B.handler)", ['./b#*', './b#handler']],
    ['through a wrapper', "import * as B from './b'\nuse((B as any).authed, B!.other)", ['./b#*', './b#authed', './b#other']],
    ['optional chaining', "import * as B from './b'\nuse(B?.authed)", ['./b#*', './b#authed']],
    ['`import x = B.member`', "import * as B from './b'\nimport a = B.authed\nimport c = B.auth.nested", ['./b#*', './b#auth', './b#auth.nested', './b#authed']],
    ['a computed member is not a path', "import * as B from './b'\nuse(B[key].x)", ['./b#*']],
    ['a namespace spelled with a dollar sign', "import * as $B from './b'\nuse($B.x)", ['./b#*', './b#x']],
    ['another name that ends like the namespace is not it', "import * as B from './b'\nuse(AB.x, B_.y)", ['./b#*']],
    ['an escaped namespace name', "import * as B from './b'\nuse(\\u0042.x)", ['./b#*', './b#x']],
    ['two namespaces', "import * as B from './b'\nimport * as C from './c'\nuse(B.x, C.y)", ['./b#*', './b#x', './c#*', './c#y']],
  ])('%s', (_, code, expected) => {
    expect(queries(code)).toEqual(expected)
  })
})

describe('modules loaded at run time', () => {
  test('what a module loaded at run time exposes is asked, except Start itself', () => {
    expect(queries("const b = await import('./builders')\nconst s = await import('@tanstack/react-start')\n")).toEqual(['./builders#*dynamic'])
  })
})

describe('chains and declarations followed', () => {
  const chainOf = (depth: number) => {
    // Functions, whose bodies are not initializers the module-level pass visits on its own.
    const lines = ["import { a } from './a'", 'function w1() { return a }']
    for (let i = 2; i <= depth; i++) lines.push(`function w${i}() { return w${i - 1}() }`)
    lines.push(`export const f = w${depth}().handler(() => 1)`)
    return lines.join('\n')
  }

  test('declarations are followed eight deep, no deeper', () => {
    expect(queries(chainOf(8))).toEqual(['./a#a'])
    expect(queries(chainOf(9)).filter((query) => query === './a#a')).toEqual([])
  })

  test('declarations that name each other end', () => {
    expect(queries("import { a } from './a'\nconst x = y || a\nconst y = x\nfunction g() { return y.handler(() => 1) }")).toEqual(['./a#a'])
  })

  test('every declaration of a name is followed', () => {
    expect(queries("import { a } from './a'\nimport { b } from './b'\nvar w = a\nvar w = b\nfunction g() { return w.handler(() => 1) }")).toEqual(['./a#a', './b#b'])
  })

  test('a declaration without an initializer adds nothing', () => {
    expect(queries("import { a } from './a'\nlet w\nfunction g() { return w.handler(() => 1) }")).toEqual([])
  })

  test('a namespace member read through a declaration', () => {
    expect(queries("import * as B from './b'\nconst w = B.authed\nfunction g() { return w.handler(() => 1) }")).toEqual(['./b#*', './b#authed'])
  })

  test('a module-level destructuring initializer, exported or not', () => {
    expect(queries("import { a } from './a'\nimport { b } from './b'\nconst { x } = a\nexport const [y] = b")).toEqual(['./a#a', './b#b'])
  })

  test('names that are not read are not followed', () => {
    expect(queries("import { a } from './a'\nfunction g() { return ({ a: 1 }).handler(() => 1) }")).toEqual([])
    expect(queries("import { a } from './a'\nfunction g() { return x.a.handler(() => 1) }")).toEqual([])
  })

  test('an optional call of a link, and a computed link name', () => {
    expect(queries("import { a } from './a'\nfunction g() { return a.handler?.(() => 1) }")).toEqual(['./a#a'])
    expect(queries("import { a } from './a'\nfunction g() { return a['middleware']([]) }")).toEqual(['./a#a'])
    expect(queries("import { a } from './a'\nfunction g() { return a[name]([]) }")).toEqual([])
  })

  test('a link in a module with an escaped identifier', () => {
    expect(queries("import { a } from './a'\nfunction g() { return \\u0061.handler(() => 1) }")).toEqual(['./a#a'])
  })

  test('a call of a call at the head', () => {
    expect(queries("import { make } from './m'\nfunction g() { return make()().handler(() => 1) }")).toEqual(['./m#make'])
  })
})
