import { describe, expect, test } from 'vitest'
import { cleanModuleId, ModuleParseError, parseModule } from '../../src/core/parse.ts'
import { FACTORY_MODULE_PATTERN, mayContainServerFn, SERVER_FN_CANDIDATE_PATTERN, START_PACKAGE_PATTERN } from '../../src/core/start-packages.ts'

/** The table of what serverfn-auth looks for, and the parser settings by extension. */

describe('TanStack Start packages', () => {
  test.each([
    ['@tanstack/react-start', true, true],
    ['@tanstack/solid-start', true, true],
    ['@tanstack/vue-start', true, true],
    ['@tanstack/start-client-core', true, true],
    ['@tanstack/react-start/server', true, false],
    ['@tanstack/react-start-client', true, false],
    ['@tanstack/start', true, false],
    ['@tanstack/start/server', true, false],
    ['@tanstack/react-router', false, false],
    ['@tanstack/react-start-x', false, false],
    ['x@tanstack/react-start', false, false],
    ['@tanstack/react-startle', false, false],
  ] as const)('%s: a Start package %s, exports createServerFn %s', (source, start, factory) => {
    expect(START_PACKAGE_PATTERN.test(source)).toBe(start)
    expect(FACTORY_MODULE_PATTERN.test(source)).toBe(factory)
  })
})

describe('the candidate filter', () => {
  test.each([
    ['createServerFn', true],
    ['create\\u0053erverFn', true],
    ['x.handler(fn)', true],
    ['const handler = 1', true],
    ["import x from '@tanstack/react-start/server'", true],
    ["import x from '@tanstack/start-client-core'", true],
    ['// @auth role: billing\nexport const billingFn = adminFn.middleware([])', true],
    ['// @Auth role: admin', true],
    ['/* ＠auth role: admin */', true],
    ['// @auth: role admin', true],
    ["import { Auth } from '@auth/core'", false],
    ['@authority @auth-js', false],
    ['handlers', false],
    ['onHandler()', false],
    ["import x from '@tanstack/react-router'", false],
    ['export const plain = 1', false],
  ] as const)('%s → %s', (code, candidate) => {
    expect(mayContainServerFn(code)).toBe(candidate)
    expect(SERVER_FN_CANDIDATE_PATTERN.test(code)).toBe(candidate)
  })
})

describe('a Start package named only by a module augmentation', () => {
  const tree = "import { Route as R1 } from './routes/r1'\nexport const routeTree = root._addFileChildren({ R1 })\n"
  const augmentation = "import type { createStart } from '@tanstack/react-start'\ndeclare module '@tanstack/react-start' {\n  interface Register { ssr: true }\n}\n"

  test('the generated route tree is no candidate: the augmentation emits no code', () => {
    // The bundler's filter lets it through; the hook decides again.
    expect(SERVER_FN_CANDIDATE_PATTERN.test(tree + augmentation)).toBe(true)
    expect(mayContainServerFn(tree + augmentation)).toBe(false)
    expect(mayContainServerFn(`${tree}declare   module "@tanstack/solid-start" {}\ndeclare module '@tanstack/vue-start' {}`)).toBe(false)
    expect(mayContainServerFn(`${tree}import type * as S from '@tanstack/react-start'\nimport type Start from "@tanstack/start-client-core"`)).toBe(false)
  })

  test.each([
    ['a value import of the package', "import { createMiddleware } from '@tanstack/react-start'\n"],
    ['a namespace import', "import * as S from '@tanstack/react-start'\n"],
    ['a handler', 'export const x = authed.handler(fn)\n'],
    ['an @auth directive', '// @auth public: why\nexport const x = y\n'],
    ['the package twice, once as a value', "const m = import('@tanstack/react-start')\n"],
    ['a type import and a value import', "import type { A } from '@tanstack/react-start'\nimport { B } from '@tanstack/react-start'\n"],
    ['a default import named type', "import type from '@tanstack/react-start'\n"],
    ['a type and a value in one import', "import type, { createMiddleware as m } from '@tanstack/react-start'\n"],
    ['a subpath augmented, the package read', "declare module '@tanstack/react-start/server' {}\nimport('@tanstack/react-start/server')\n"],
  ])('still a candidate beside it: %s', (_, code) => {
    expect(mayContainServerFn(tree + augmentation + code)).toBe(true)
    expect(mayContainServerFn(code + augmentation)).toBe(true)
  })

  test('the same verdict however often it is asked (no state kept between calls)', () => {
    const code = tree + augmentation
    expect([1, 2, 3].map(() => mayContainServerFn(code))).toEqual([false, false, false])
    expect([1, 2].map(() => mayContainServerFn(augmentation + 'x.handler()'))).toEqual([true, true])
  })
})

describe('parseModule', () => {
  test('a `.ts` module has no JSX: `<T>x` is a type assertion', () => {
    expect(parseModule('const a = <string>b', '/x.ts').program.body[0]!.type).toBe('VariableDeclaration')
    expect(() => parseModule('const a = <div />', '/x.ts')).toThrow(ModuleParseError)
  })

  test('`.tsx`, `.jsx` and `.js` have JSX; `.js` has no types', () => {
    for (const file of ['/x.tsx', '/x.jsx', '/x.js', '/x.mjs']) expect(parseModule('const a = <div />', file).program.body).toHaveLength(1)
    expect(() => parseModule('const a: string = b', '/x.js')).toThrow(ModuleParseError)
    expect(parseModule('const a: string = b', '/x.mts').program.body).toHaveLength(1)
  })

  test('TypeScript\'s experimentalDecorators syntax parses too: parameter decorators', () => {
    const code = "class Service {\n  constructor(@Inject('x') private handler: unknown) {}\n  @Get() list(@Query() q: string) { return q }\n}\nexport const service = new Service(1)\n"
    expect(parseModule(code, '/x.ts').program.body).toHaveLength(2)
    // An error that has nothing to do with decorators is still one.
    expect(() => parseModule('const = 1', '/x.ts')).toThrow(ModuleParseError)
    expect(() => parseModule("class A { constructor(@Inject('x') a) {} }\nconst = 1", '/x.ts')).toThrow(ModuleParseError)
  })

  test('decorators, resource management and both import attribute forms parse', () => {
    const code = "import a from './a.json' with { type: 'json' }\nimport b from './b.json' assert { type: 'json' }\n@dec class C { accessor x = 1 }\n{ using r = res() }"
    expect(parseModule(code, '/x.ts').program.body).toHaveLength(4)
    // Without TypeScript's own support for them: a plain `.js` module.
    expect(parseModule(code, '/x.js').program.body).toHaveLength(4)
  })

  test('the extension is the last one, after the query is gone', () => {
    // `.ts.js` is JavaScript (no types, JSX); `.js.ts` is TypeScript (types, no JSX).
    expect(() => parseModule('const a: string = b', '/x.ts.js')).toThrow(ModuleParseError)
    expect(parseModule('const a = <div />', '/x.ts.js').program.body).toHaveLength(1)
    expect(parseModule('const a = <string>b', '/x.tsx.ts').program.body).toHaveLength(1)
    expect(parseModule('const a = <string>b', '/x.ts?tss-serverfn-split').program.body).toHaveLength(1)
    expect(() => parseModule('const a = <div />', '/x.ts?v=.tsx')).toThrow(ModuleParseError)
    expect(parseModule('const a: string = <div />', '/x.TSX').program.body).toHaveLength(1)
  })

  test('a parse error has the message without its position, and the offset apart', () => {
    try {
      parseModule('const = 1', '/x.ts')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ModuleParseError)
      expect((error as ModuleParseError).message).not.toMatch(/\(\d+:\d+\)$/)
      expect((error as ModuleParseError).pos).toBe(6)
      expect((error as ModuleParseError).name).toBe('ModuleParseError')
    }
    // Positions of several digits are stripped too.
    const late = `${'\n'.repeat(11)}const value = 1;           const = 2`
    expect(() => parseModule(late, '/x.ts')).toThrow(expect.objectContaining({ message: expect.not.stringMatching(/\(\d+:\d+\)/) }))
  })

  test('cleanModuleId strips the query and the hash', () => {
    expect(cleanModuleId('/a/b.ts?tss-serverfn-split')).toBe('/a/b.ts')
    expect(cleanModuleId('/a/b.ts#x?y')).toBe('/a/b.ts')
    expect(cleanModuleId('/a/b.ts')).toBe('/a/b.ts')
  })
})
