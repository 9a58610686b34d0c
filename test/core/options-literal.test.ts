import { describe, expect, test } from 'vitest'
import { analyzeModule, parseModule, type ImportKind } from '../../src/core/index.ts'
import { checkOptionsLiteral } from '../../src/core/options-literal.ts'
import type { CallExpression } from '@babel/types'

/**
 * The options of a builder call may carry `middleware` that replaces the session middleware or
 * runs before it, so the only options proved harmless are an object literal whose keys are all
 * `method` or `strict`, with plain values. Everything else is SFA111, at the offending node.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const prelude = `${imp}const opts: any = {}\nconst key = 'middleware'\n`

/** SFA111 reports as the text they point at, and the declarations' methods. */
function check(declaration: string, imports?: (source: string, imported: string) => ImportKind | undefined) {
  const code = `${prelude}${declaration}\n`
  const analysis = analyzeModule(code, { file: '/app/src/fns.ts', ...(imports ? { imports } : {}) })
  return {
    refused: analysis.diagnostics.filter((d) => d.code === 'SFA111').map((d) => code.slice(d.loc.start, d.loc.end)),
    others: analysis.diagnostics.filter((d) => d.code !== 'SFA111').map((d) => d.code),
    methods: analysis.declarations.map((d) => [d.name, d.method]),
  }
}

describe('refused options of `createServerFn(…)`', () => {
  test.each([
    ['a spread', 'createServerFn({ method: "POST", ...opts })', '...opts'],
    ['a variable', 'createServerFn(opts)', 'opts'],
    ['a cast variable', 'createServerFn(opts as any)', 'opts as any'],
    ['a call', 'createServerFn(Object.assign({}, opts))', 'Object.assign({}, opts)'],
    ['a string', '(createServerFn as any)("GET")', '"GET"'],
    ['undefined', 'createServerFn(undefined)', 'undefined'],
    ['a spread argument', 'createServerFn(...[opts])', '...[opts]'],
    ['a getter', 'createServerFn({ get method() { return "POST" as const } })', 'get method() { return "POST" as const }'],
    ['a method', 'createServerFn({ method() {} } as any)', 'method() {}'],
    ['a computed key', 'createServerFn({ [key]: [] } as any)', '[key]: []'],
    ['a computed key that spells a known one', 'createServerFn({ ["method"]: "POST" })', '["method"]: "POST"'],
    ['`__proto__`', 'createServerFn({ __proto__: opts })', '__proto__: opts'],
    ["`'__proto__'`", "createServerFn({ '__proto__': opts })", "'__proto__': opts"],
    ['`middleware`', 'createServerFn({ middleware: [] } as any)', 'middleware: []'],
    ["`'middleware'`", "createServerFn({ 'middleware': [] } as any)", "'middleware': []"],
    ['an unknown key', 'createServerFn({ method: "POST", extractedFn: null } as any)', 'extractedFn: null'],
    ['a numeric key', 'createServerFn({ 1: "x" } as any)', '1: "x"'],
    ['a second argument', 'createServerFn({ method: "GET" }, opts)', 'opts'],
    ['a second argument after undefined', 'createServerFn(undefined, { middleware: [] } as any)', '{ middleware: [] } as any'],
  ])('%s', (_, call, refused) => {
    const result = check(`export const f = ${call}.handler(() => 1)`)
    expect(result.refused).toEqual([refused])
    // Still a declaration, and still protected: the refusal fails the build, nothing is opened.
    expect(result.methods.map(([name]) => name)).toEqual(['f'])
  })

  test('the first problem of an object is the one reported', () => {
    expect(check('export const f = createServerFn({ middleware: [], ...opts } as any).handler(() => 1)').refused).toEqual(['middleware: []'])
  })
})

describe('accepted options', () => {
  test.each([
    ['no options', 'createServerFn()', 'GET'],
    ['an empty object', 'createServerFn({})', 'GET'],
    ['`{ method }` shorthand', 'createServerFn({ method })', 'unknown'],
    ["`{ method: 'POST' }`", "createServerFn({ method: 'POST' })", 'POST'],
    ["`{ method: 'POST' } as const`", "createServerFn({ method: 'POST' } as const)", 'POST'],
    ["`{ method: 'POST' } satisfies object`", "createServerFn({ method: 'POST' } satisfies object)", 'POST'],
    ["a parenthesised literal", "createServerFn(({ method: 'POST' }))", 'POST'],
    ['`{ strict: false }`', 'createServerFn({ strict: false })', 'GET'],
    ["`{ 'method': `GET`, strict: false }`", "createServerFn({ 'method': `GET`, strict: false })", 'GET'],
    ["a method that is not GET or POST", "createServerFn({ method: 'PUT' } as any)", 'unknown'],
  ])('%s', (_, call, method) => {
    const body = `const method = 'GET' as const\nexport const f = ${call}.handler(() => 1)`
    expect(check(body)).toEqual({ refused: [], others: [], methods: [['f', method]] })
  })
})

describe('the same rule on every builder call', () => {
  const builder: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: { file: '/app/src/b.ts', name: 'authed' }, package: null }
  const answers = (_: string, imported: string): ImportKind | undefined => (imported === '*' ? { kind: 'namespace', module: null } : imported === 'authed' ? builder : undefined)

  test('a local builder called with options', () => {
    expect(check('const base = createServerFn()\nexport const f = base({ middleware: [] } as any).handler(() => 1)').refused).toEqual(['middleware: []'])
    expect(check('const base = createServerFn()\nexport const f = base(opts).handler(() => 1)').refused).toEqual(['opts'])
    expect(check("const base = createServerFn()\nexport const f = base({ method: 'POST' }, opts).handler(() => 1)").refused).toEqual(['opts'])
  })

  test('a call of the chain so far', () => {
    expect(check('export const f = createServerFn()({ middleware: [] } as any).handler(() => 1)').refused).toEqual(['middleware: []'])
  })

  test('a derived builder declaration', () => {
    expect(check('const base = createServerFn()\nconst open = base({ middleware: [] } as any)\nexport const f = open.handler(() => 1)').refused).toEqual(['middleware: []'])
  })

  test('a namespace root', () => {
    const code = "import * as Start from '@tanstack/react-start'\nexport const f = Start.createServerFn({ middleware: [] } as any).handler(() => 1)\n"
    const [diagnostic] = analyzeModule(code, { file: '/app/src/fns.ts' }).diagnostics
    expect([diagnostic?.code, code.slice(diagnostic!.loc.start, diagnostic!.loc.end)]).toEqual(['SFA111', 'middleware: []'])
  })

  test('an imported builder and a namespace builder', () => {
    const imported = "import { authed } from './b'\nexport const f = authed({ middleware: [] } as any).handler(() => 1)\n"
    const namespaced = "import * as B from './b'\nexport const f = B.authed(opts).handler(() => 1)\nconst opts: any = {}\n"
    for (const code of [imported, namespaced]) {
      const diagnostics = analyzeModule(code, { file: '/app/src/fns.ts', imports: answers }).diagnostics
      expect(diagnostics.map((d) => [d.code, code.slice(d.loc.start, d.loc.end)])).toEqual([['SFA111', code.includes('opts)') ? 'opts' : 'middleware: []']])
    }
  })

  test('accepted options of builder calls set the method; a call without options keeps it', () => {
    const code = [
      "export const a = createServerFn()({ method: 'POST' }).handler(() => 1)",
      "const base = createServerFn({ method: 'POST' })",
      'export const b = base().handler(() => 2)',
      "export const c = base({ method: 'GET' })({}).handler(() => 3)",
    ].join('\n')
    expect(check(code)).toEqual({
      refused: [],
      others: [],
      methods: [
        ['a', 'POST'],
        ['base', 'POST'],
        ['b', 'POST'],
        ['c', 'GET'],
      ],
    })
  })
})

describe('checkOptionsLiteral', () => {
  const callOf = (expression: string): CallExpression => {
    const ast = parseModule(`x = ${expression}`, '/app/src/x.ts')
    const statement = ast.program.body[0]!
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') throw new Error('not an assignment')
    const call = statement.expression.right
    if (call.type !== 'CallExpression') throw new Error('not a call')
    return call
  }

  test('returns the node and a message that names the call as written', () => {
    const problem = checkOptionsLiteral(callOf('make({ middleware: [] })'), 'make')
    expect(problem?.node.type).toBe('ObjectProperty')
    expect(problem?.message).toContain('`make(…)`')
  })

  test('null for proved options', () => {
    expect(checkOptionsLiteral(callOf("make({ method: 'POST', strict: true })"), 'make')).toBeNull()
    expect(checkOptionsLiteral(callOf('make()'), 'make')).toBeNull()
    expect(checkOptionsLiteral(callOf('make(o)'), 'make')?.node.type).toBe('Identifier')
  })
})
