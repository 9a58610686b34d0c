import type { Node } from '@babel/types'
import { describe, expect, test } from 'vitest'
import { analyzeModule, parseModule, transformModule, type ImportKind } from '../../src/core/index.ts'
import { headEnd, methodFromOptions, readChain, withNamespaceCallHead, type Chain } from '../../src/core/chain.ts'
import { isTransparentWrapper, unwrapExpression } from '../../src/core/tanstack-model.ts'

/**
 * Reading builder chains as TanStack's compiler reads them: from the outermost call to the head,
 * through plain member calls and calls of the chain so far, looking through `as`, `satisfies`,
 * `<T>x`, `x!` and parentheses but not through `createServerFn<T>` without a call.
 */

/** The right-hand side of `x = <expression>` in a `.ts` module, with its source. */
function expressionOf(expression: string): { node: Node; code: string } {
  const code = `x = ${expression}`
  const statement = parseModule(code, '/app/src/chain.ts').program.body[0]!
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') throw new Error('not an assignment')
  return { node: statement.expression.right, code }
}

function describeHead(chain: Chain, code: string): string {
  const head = chain.head
  switch (head.kind) {
    case 'call':
      return `call ${head.callee.name}`
    case 'namespace-call':
      return `namespace-call ${head.member.object.name}.${head.member.property.name}`
    case 'identifier':
      return `identifier ${head.identifier.name}`
    case 'member':
      return `member ${head.member.object.name}.${head.member.property.name}`
    case 'other':
      return `other ${head.node.type} ${code.slice(head.node.start!, head.node.end!)}`
  }
}

function read(expression: string) {
  const { node, code } = expressionOf(expression)
  const chain = readChain(node)
  return { head: describeHead(chain, code), links: chain.links.map((link) => link.method), chain, code }
}

describe('readChain', () => {
  test.each([
    ['createServerFn().handler(fn)', 'call createServerFn', ['handler']],
    ["createServerFn({ method: 'POST' }).middleware([a]).validator(v).inputValidator(w).handler(fn)", 'call createServerFn', ['middleware', 'validator', 'inputValidator', 'handler']],
    ['createServerFn()', 'call createServerFn', []],
    ['base.handler(fn)', 'identifier base', ['handler']],
    ['base', 'identifier base', []],
    ["base({ method: 'POST' }).handler(fn)", 'call base', ['handler']],
    ['base()()', 'call base', ['()']],
    ['f()().handler(fn)', 'call f', ['()', 'handler']],
    ['B.authed.handler(fn)', 'member B.authed', ['handler']],
    // A namespace call reads as a link on the namespace; `withNamespaceCallHead` makes it the head.
    ['B.authed({}).handler(fn)', 'identifier B', ['authed', 'handler']],
    ['Start.createServerFn().handler(fn)', 'identifier Start', ['createServerFn', 'handler']],
  ])('%s', (expression, head, links) => {
    const result = read(expression)
    expect([result.head, result.links]).toEqual([head, links])
  })

  describe('wrappers TanStack looks through', () => {
    test.each([
      ['(createServerFn() as any).handler(fn)', 'call createServerFn'],
      ['(createServerFn() satisfies object).handler(fn)', 'call createServerFn'],
      ['(<any>createServerFn()).handler(fn)', 'call createServerFn'],
      ['createServerFn()!.handler(fn)', 'call createServerFn'],
      ['(createServerFn as any)().handler(fn)', 'call createServerFn'],
      ['createServerFn!().handler(fn)', 'call createServerFn'],
      ['((createServerFn()) as any)!.handler(fn)', 'call createServerFn'],
      ['(base as any).handler(fn)', 'identifier base'],
      ['createServerFn().handler(fn) as any', 'call createServerFn'],
      ['(B as any).authed.handler(fn)', 'member B.authed'],
    ])('%s', (expression, head) => {
      const result = read(expression)
      expect([result.head, result.links.at(-1)]).toEqual([head, 'handler'])
    })
  })

  describe('heads that end the chain as `other`', () => {
    test.each([
      ["(createServerFn<'GET'>)().handler(fn)", "other TSInstantiationExpression createServerFn<'GET'>"],
      ['(cond ? a : b).handler(fn)', 'other ConditionalExpression cond ? a : b'],
      ['B["authed"].handler(fn)', 'other MemberExpression B["authed"]'],
      ['a.b.c.handler(fn)', 'other MemberExpression a.b.c'],
      ['base?.handler(fn)', 'other OptionalCallExpression base?.handler(fn)'],
      ['(0, createServerFn)().handler(fn)', 'other SequenceExpression 0, createServerFn'],
    ])('%s', (expression, head) => {
      expect(read(expression).head).toBe(head)
    })

    test('a computed call is not a link', () => {
      const result = read('base["handler"](fn)')
      expect([result.head, result.links]).toEqual(['other MemberExpression base["handler"]', []])
    })
  })

  test('type arguments on the call are not a wrapper', () => {
    expect(read("createServerFn<'GET'>().handler(fn)").head).toBe('call createServerFn')
  })

  test('links keep their calls and receivers as written', () => {
    const { chain, code } = read('(base as any).middleware([a]).handler(fn)')
    expect(chain.links.map((link) => [code.slice(link.call.start!, link.call.end!), code.slice(link.receiver.start!, link.receiver.end!)])).toEqual([
      // Babel keeps no node for parentheses: the receiver is the wrapper inside them.
      ['(base as any).middleware([a])', 'base as any'],
      ['(base as any).middleware([a]).handler(fn)', '(base as any).middleware([a])'],
    ])
  })
})

describe('withNamespaceCallHead', () => {
  test('turns the first link into a namespace call head', () => {
    const { chain, code } = read("B.authed({ method: 'POST' }).handler(fn)")
    const converted = withNamespaceCallHead(chain)!
    expect(describeHead(converted, code)).toBe('namespace-call B.authed')
    expect(converted.links.map((link) => link.method)).toEqual(['handler'])
    expect(code.slice(0, headEnd(converted.head as Exclude<Chain['head'], { kind: 'other' }>))).toBe("x = B.authed({ method: 'POST' })")
  })

  test('looks through a wrapped namespace', () => {
    const { chain, code } = read('(Start as any).createServerFn().handler(fn)')
    expect(describeHead(withNamespaceCallHead(chain)!, code)).toBe('namespace-call Start.createServerFn')
  })

  test.each([
    ['a call head', 'createServerFn().handler(fn)'],
    ['a call of the chain first', 'base()()'],
    ['a member head', 'B.authed.handler(fn)'],
    ['no links', 'base'],
  ])('null for %s', (_, expression) => {
    expect(withNamespaceCallHead(read(expression).chain)).toBeNull()
  })
})

describe('headEnd', () => {
  test.each([
    ['createServerFn({ a: 1 }).handler(fn)', 'createServerFn({ a: 1 })'],
    ['(createServerFn() as any).handler(fn)', '(createServerFn()'],
    ['base.handler(fn)', 'base'],
    ['(base as any).handler(fn)', '(base'],
    ['B.authed.handler(fn)', 'B.authed'],
  ])('%s ends after %j', (expression, head) => {
    const { chain, code } = read(expression)
    if (chain.head.kind === 'other') throw new Error('no head')
    expect(code.slice(4, headEnd(chain.head))).toBe(head)
  })
})

describe('methodFromOptions', () => {
  test.each([
    ["make({ method: 'POST' })", 'POST'],
    ["make({ 'method': 'GET' })", 'GET'],
    ['make({ method: `POST` })', 'POST'],
    ["make({ method: 'POST' as const })", 'POST'],
    ["make({ method: 'PUT' })", 'unknown'],
    ['make({ method: `${m}` })', 'unknown'],
    ['make({ method: m })', 'unknown'],
    ['make(options)', 'unknown'],
    ["make({ method: 'GET', method: 'POST' })", 'POST'],
    ['make({ strict: true })', null],
    ["make({ ['method']: 'POST' })", null],
    ['make()', null],
  ])('%s: %s', (expression, method) => {
    const { node } = expressionOf(expression)
    if (node.type !== 'CallExpression') throw new Error('not a call')
    expect(methodFromOptions(node)).toBe(method)
  })
})

describe('transparent wrappers', () => {
  test('are exactly the ones TanStack unwraps', () => {
    const { node } = expressionOf("((<any>(x as any)!) satisfies unknown)")
    const seen: string[] = []
    let current = node
    while (isTransparentWrapper(current)) {
      seen.push(current.type)
      current = current.expression
    }
    expect(seen).toEqual(['TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression', 'TSAsExpression'])
    expect(unwrapExpression(node)).toBe(current)
    expect(current.type).toBe('Identifier')
    expect(isTransparentWrapper(expressionOf('createServerFn<T>').node)).toBe(false)
  })
})

describe('chains in the analysis', () => {
  const imp = "import { createServerFn } from '@tanstack/react-start'\n"
  const analyse = (body: string) => {
    const code = `${imp}${body}\n`
    const analysis = analyzeModule(code, { file: '/app/src/fns.ts' })
    return {
      declarations: analysis.declarations.map((d) => `${d.name}:${d.kind}`),
      diagnostics: analysis.diagnostics.map((d) => [d.code, code.slice(d.loc.start, d.loc.end)]),
    }
  }

  test.each([
    'export const f = (createServerFn as any)().handler(() => 1)',
    'export const f = createServerFn!().handler(() => 1)',
    'export const f = (createServerFn satisfies unknown)().handler(() => 1)',
    'export const f = (<any>createServerFn)().handler(() => 1)',
    'export const f = (createServerFn() as any).handler(() => 1)',
    "export const f = createServerFn<'x'>().handler(() => 1)",
    'export const f = createServerFn().handler(() => 1) as any',
  ])('accepted: %s', (body) => {
    expect(analyse(body)).toEqual({ declarations: ['f:endpoint'], diagnostics: [] })
  })

  test.each([
    ["export const f = (createServerFn<'GET'>)().handler(() => 1)", "createServerFn<'GET'>"],
    ["const make = createServerFn<'GET'>\nexport const f = make().handler(() => 1)", "createServerFn<'GET'>"],
    ['export const f = (0, createServerFn)().handler(() => 1)', '(0, createServerFn)()'],
    ['export const f = createServerFn.call(null).handler(() => 1)', 'createServerFn.call'],
    ['export const f = new createServerFn().handler(() => 1)', 'new createServerFn()'],
    ['export const f = createServerFn?.().handler(() => 1)', 'createServerFn?.()'],
  ])('an instantiation expression or indirect call is SFA104: %s', (body, at) => {
    expect(analyse(body)).toEqual({ declarations: [], diagnostics: [['SFA104', at]] })
  })

  test.each([
    ['const base = createServerFn()\nexport const f = base.handler!(() => 1)', 'base.handler'],
    ['const base = createServerFn()\nexport const f = (base.handler as any)(() => 1)', 'base.handler'],
    ['const base = createServerFn()\nexport const f = base?.handler(() => 1)', 'base?.handler'],
    ["const base = createServerFn()\nexport const f = base['handler'](() => 1)", "base['handler']"],
    ['export const f = createServerFn().other().handler(() => 1)', 'createServerFn().other()'],
  ])('a link TanStack does not follow is SFA107: %s', (body, at) => {
    expect(analyse(body).diagnostics).toEqual([['SFA107', at]])
  })

  test('a namespace root and a namespace builder call head their chains', () => {
    const builder: ImportKind = { kind: 'builder', access: { kind: 'public', reason: 'pricing' }, method: 'POST', declaredIn: { file: '/app/src/b.ts', name: 'pub' }, package: null }
    const code = "import * as Start from '@tanstack/react-start'\nimport * as B from './b'\nexport const a = Start.createServerFn().handler(() => 1)\nexport const b = B.pub({}).handler(() => 2)\n"
    const result = transformModule(code, {
      file: '/app/src/fns.ts',
      imports: (source, imported) => (source === './b' ? (imported === '*' ? { kind: 'namespace', module: source } : imported === 'pub' ? builder : { kind: 'none' }) : undefined),
    })!
    expect(result.analysis.diagnostics).toEqual([])
    expect(result.analysis.declarations.map((d) => [d.name, d.origin.kind, d.access.kind, d.method, d.chain])).toEqual([
      ['a', 'root', 'protected', 'GET', ['handler']],
      ['b', 'import', 'public', 'POST', ['handler']],
    ])
    // The session middleware goes after the whole namespace call.
    expect(result.output!.code).toContain('Start.createServerFn().middleware([__serverFnAuth.session]).middleware([__serverFnAuth.check]).handler(__serverFnAuth.guard(() => 1))')
    expect(result.output!.code).toContain('export const b = B.pub({}).handler(() => 2)')
  })

  test('a namespace member that is not called heads no chain TanStack follows: SFA112', () => {
    const builder: ImportKind = { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: null, package: null }
    const code = "import * as B from './b'\nexport const f = B.authed.handler(() => 1)\n"
    const analysis = analyzeModule(code, { file: '/app/src/fns.ts', imports: (_, imported) => (imported === '*' ? { kind: 'namespace', module: null } : builder) })
    expect(analysis.diagnostics.map((d) => [d.code, code.slice(d.loc.start, d.loc.end)])).toEqual([['SFA112', 'f']])
  })
})
