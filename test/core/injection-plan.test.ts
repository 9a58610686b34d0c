import { beforeEach, describe, expect, test } from 'vitest'
import { analyzeModule, parseModule, planInjection, RUNTIME_SPECIFIER, transformModule, writeInjection, type InjectionPlan } from '../../src/core/index.ts'
import { readAuthDirectives } from '../../src/core/annotations.ts'
import { readModuleBindings } from '../../src/core/bindings.ts'
import { findDeclarations, NO_ACCESS_CONFIG } from '../../src/core/declarations.ts'
import { LineIndex } from '../../src/core/line-index.ts'
import { ScopeResolver } from '../../src/core/scope.ts'

/**
 * What the transform writes, and where: the runtime import, `.middleware([R.session])`
 * right after the head, `middleware([R.check]).` right before `handler`, `R.seal(name)` after the
 * declaring statement. What is already there is not written twice.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"
const R = '__serverFnAuth'
const SESSION = `.middleware([${R}.session])`
const CHECK = `middleware([${R}.check]).`
const IMPORT = `import * as ${R} from "serverfn-auth/runtime";`

const planOf = (code: string, file = '/app/src/fns.ts') => analyzeModule(code, { file }).plan
const write = (code: string, plan: InjectionPlan | null, provider = false) => writeInjection(code, plan, { runtimeSource: RUNTIME_SPECIFIER, provider })?.toString() ?? null

describe('positions', () => {
  const code = [
    imp.trimEnd(),
    "const base = createServerFn({ method: 'POST' })",
    'export const a = base.middleware([audit]).handler(() => 1)',
    'export const b = (base as any).handler(() => 2);',
    "export const c = createServerFn().validator((v: unknown) => v).handler(() => 3)",
    "import { audit } from './audit'",
    '',
  ].join('\n')
  // Analysed in each test, never while the tests are collected: Stryker attributes what runs
  // outside a test to every test ("static" mutants, which cost a run of the whole suite each).
  let plan: InjectionPlan
  beforeEach(() => {
    plan = planOf(code)!
  })

  test('the session after each head, the check at each `handler`, a seal after each statement', () => {
    expect(plan.entry.map(({ at }) => code.slice(code.lastIndexOf('=', at) + 2, at))).toEqual([
      "createServerFn({ method: 'POST' })",
      'base',
      '(base',
      'createServerFn()',
    ])
    expect(plan.check.map(({ at }) => code.slice(at - 1, at + 8))).toEqual(['.handler(', '.handler(', '.handler('])
    expect(plan.check.map(({ at }) => code.slice(0, at).split('\n').length)).toEqual([3, 4, 5])
    expect(plan.seal).toEqual([
      { at: code.indexOf('\nexport const a'), name: 'base', kind: 'builder' },
      { at: code.indexOf('\nexport const b'), name: 'a', kind: 'endpoint' },
      { at: code.indexOf('\nexport const c'), name: 'b', kind: 'endpoint' },
      { at: code.indexOf("\nimport { audit }"), name: 'c', kind: 'endpoint' },
    ])
  })

  test('the runtime import goes after the last import, wherever it is', () => {
    expect(plan.importAt).toEqual({ at: code.indexOf("'./audit'") + "'./audit'".length, side: 'after' })
    expect([plan.runtimeName, plan.runtimeImported]).toEqual([R, false])
  })

  test('what is written there', () => {
    expect(write(code, plan, true)!.split('\n')).toEqual([
      imp.trimEnd(),
      `const base = createServerFn({ method: 'POST' })${SESSION};${R}.seal(base);`,
      `export const a = base${SESSION}.middleware([audit]).${CHECK}handler(${R}.guard(() => 1));${R}.seal(a);`,
      `export const b = (base${SESSION} as any).${CHECK}handler(${R}.guard(() => 2));${R}.seal(b);`,
      `export const c = createServerFn()${SESSION}.validator((v: unknown) => v).${CHECK}handler(${R}.guard(() => 3));${R}.seal(c);`,
      `import { audit } from './audit';${IMPORT}`,
      '',
    ])
  })

  test('a namespace call head: the session goes after the whole call', () => {
    const source = "import * as Start from '@tanstack/react-start'\nexport const f = Start.createServerFn({ method: 'GET' }).handler(() => 1)\n"
    expect(write(source, planOf(source))).toContain(`Start.createServerFn({ method: 'GET' })${SESSION}.${CHECK}handler(${R}.guard(() => 1))`)
  })

  test('a builder called with options: the session goes right after the builder', () => {
    const source = `${imp}const base = createServerFn()\nexport const f = base({ method: 'POST' }).handler(() => 1)\n`
    expect(write(source, planOf(source))).toContain(`export const f = base${SESSION}({ method: 'POST' }).${CHECK}handler(${R}.guard(() => 1))`)
  })

  test('several declarators: each is protected, and all seals go after the statement', () => {
    const source = `${imp}export const a = createServerFn(), b = a.handler(() => 1)\n`
    const output = write(source, planOf(source), true)!
    expect(output).toContain(`export const a = createServerFn()${SESSION}, b = a${SESSION}.${CHECK}handler(${R}.guard(() => 1));${R}.seal(a);`)
    // Each seal brings its own separator; an empty statement between them changes nothing.
    expect(output).toMatch(new RegExp(`${R}\\.seal\\(a\\);;?${R}\\.seal\\(b\\);\n$`))
    expect(analyzeModule(output, { file: '/app/src/fns.ts?tss-serverfn-split' }).plan).toMatchObject({ entry: [], check: [], seal: [] })
  })
})

describe('access', () => {
  const code = `${imp}// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n// @auth public: marketing\nconst pub = createServerFn()\nexport const pricing = pub.handler(() => 1)\n`

  test('public declarations get no session and no check, only seals', () => {
    const plan = planOf(code)!
    expect([plan.entry, plan.check]).toEqual([[], []])
    expect(plan.seal.map((seal) => [seal.name, seal.kind])).toEqual([
      ['health', 'endpoint'],
      ['pub', 'builder'],
      ['pricing', 'endpoint'],
    ])
  })

  test('builders are sealed in every module; endpoints only in the provider module', () => {
    const plan = planOf(code)
    expect(write(code, plan, false)).toBe(
      `${imp.trimEnd()};${IMPORT}\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n// @auth public: marketing\nconst pub = createServerFn();${R}.seal(pub);\nexport const pricing = pub.handler(() => 1)\n`,
    )
    expect(write(code, plan, true)).toContain(`export const health = createServerFn().handler(() => 'ok');${R}.seal(health);`)
    expect(write(code, plan, true)).toContain(`export const pricing = pub.handler(() => 1);${R}.seal(pricing);`)
  })

  test('a module of public endpoints only writes nothing outside the provider module', () => {
    const source = `${imp}// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok')\n`
    expect(write(source, planOf(source), false)).toBeNull()
    expect(write(source, planOf(source), true)).toBe(`${imp.trimEnd()};${IMPORT}\n// @auth public: probe\nexport const health = createServerFn().handler(() => 'ok');${R}.seal(health);\n`)
  })

  test('no declaration, no plan', () => {
    expect(planOf('export const x = 1 // createServerFn\n')).toBeNull()
    expect(write('export const x = 1\n', null)).toBeNull()
  })
})

describe('idempotence', () => {
  const code = `${imp}import { audit } from './audit'\nconst base = createServerFn()\nexport const a = base.middleware([audit]).handler(() => 1)\nexport const b = createServerFn({ method: 'POST' }).handler(() => 2)\n`

  test.each([
    ['the provider module', '/app/src/fns.ts?tss-serverfn-split'],
    ['a caller module', '/app/src/fns.ts'],
  ])('its own output, in %s, plans nothing more', (_, file) => {
    const first = transformModule(code, { file })!.output!.code
    const again = analyzeModule(first, { file })
    expect(again.diagnostics).toEqual([])
    expect(again.plan).toMatchObject({ entry: [], check: [], runtimeImported: true, runtimeName: R })
    expect(transformModule(first, { file })!.output).toBeNull()
    // The output of a caller module, read as a provider module, only lacks the endpoint seals.
    if (!file.includes('?')) expect(again.plan!.seal.map((seal) => [seal.name, seal.kind])).toEqual([['a', 'endpoint'], ['b', 'endpoint']])
  })

  test('an existing runtime import is reused under its own name', () => {
    const source = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().handler(() => 1)\n`
    const plan = planOf(source)!
    expect([plan.runtimeImported, plan.runtimeName]).toEqual([true, 'R'])
    expect(write(source, plan)).toBe(`${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().middleware([R.session]).middleware([R.check]).handler(R.guard(() => 1))\n`)
  })

  test('a default import of the runtime is not a namespace: a new one is added', () => {
    const source = `${imp}import R from 'serverfn-auth/runtime'\nexport const f = createServerFn().handler(() => 1)\n`
    expect(planOf(source)).toMatchObject({ runtimeImported: false, runtimeName: R })
  })

  test('what is there is kept, what is missing is added', () => {
    const sessionOnly = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().middleware([R.session]).handler(() => 1)\n`
    expect(write(sessionOnly, planOf(sessionOnly))).toContain('createServerFn().middleware([R.session]).middleware([R.check]).handler(R.guard(() => 1))')
    const checkOnly = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().middleware([R.check]).handler(R.guard(() => 1))\n`
    expect(write(checkOnly, planOf(checkOnly))).toContain('createServerFn().middleware([R.session]).middleware([R.check]).handler(R.guard(() => 1))')
  })

  test('the session counts only as the first builder link, the check only right before `.handler`', () => {
    const late = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().validator((v: unknown) => v).middleware([R.session]).middleware([R.check]).handler(R.guard(() => 1))\n`
    expect(planOf(late)!.entry).toHaveLength(1)
    expect(planOf(late)!.check).toHaveLength(0)
    const early = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().middleware([R.session]).middleware([R.check]).validator((v: unknown) => v).handler(() => 1)\n`
    expect(planOf(early)!.entry).toHaveLength(0)
    expect(planOf(early)!.check).toHaveLength(1)
    const reordered = `${imp}import * as R from 'serverfn-auth/runtime'\nexport const f = createServerFn().middleware([R.mark, R.session]).handler(() => 1)\n`
    expect(planOf(reordered)!.entry).toHaveLength(1)
  })

  test('a seal counts only right after the declaring statement', () => {
    const sealed = `${imp}import * as R from 'serverfn-auth/runtime'\nconst base = createServerFn().middleware([R.session])\nR.seal(base)\n`
    expect(planOf(sealed)!.seal).toEqual([])
    const late = `${imp}import * as R from 'serverfn-auth/runtime'\nconst base = createServerFn().middleware([R.session])\nconsole.log(1)\nR.seal(base)\n`
    expect(planOf(late)!.seal.map((seal) => seal.name)).toEqual(['base'])
  })

  test('with another runtime specifier, its own output is recognised under that specifier', () => {
    const code = `${imp}const base = createServerFn()\nexport const f = base.handler(() => 1)\n`
    const options = { file: '/app/src/fns.ts', runtimeSource: 'virtual:sfa-runtime' }
    const first = transformModule(code, options)!.output!.code
    expect(first).toContain(`import * as ${R} from "virtual:sfa-runtime";`)
    const again = transformModule(first, options)!
    expect(again.analysis.diagnostics).toEqual([])
    expect(again.output).toBeNull()
    // Under the default specifier the same text is not serverfn-auth's: written again.
    expect(transformModule(first, { file: '/app/src/fns.ts' })!.output).not.toBeNull()
  })

  test('the runtime name is one the module does not use', () => {
    const source = `${imp}const ${R} = 1\nconst ${R}1 = 2\nexport const f = createServerFn().handler(() => ${R} + ${R}1)\n`
    const plan = planOf(source)!
    expect(plan.runtimeName).toBe(`${R}2`)
    expect(write(source, plan)).toContain(`.middleware([${R}2.session]).middleware([${R}2.check]).handler(${R}2.guard(`)
  })
})

describe('the runtime import and the prologue', () => {
  test("after the last import, below a hashbang and a 'use server' prologue", () => {
    const source = `#!/usr/bin/env node\n'use server'\n${imp}export const f = createServerFn().handler(() => 1)\n`
    const output = write(source, planOf(source))!
    expect(output.split('\n').slice(0, 3)).toEqual(['#!/usr/bin/env node', "'use server'", `${imp.trimEnd()};${IMPORT}`])
    // The prologue is still a prologue.
    expect(parseModule(output, '/app/src/fns.ts').program.directives.map((d) => d.value.value)).toEqual(['use server'])
  })

  /** A plan for `code` whose import statements are then taken out of the program, as if there were none. */
  function planWithoutImports(code: string) {
    const ast = parseModule(code, '/app/src/fns.ts')
    const lines = new LineIndex(code)
    const context = { file: '/app/src/fns.ts', code, ast, lines, bindings: readModuleBindings(ast), scope: new ScopeResolver(), answers: () => undefined, runtimeSource: RUNTIME_SPECIFIER, diagnostics: [] }
    const scan = findDeclarations(context, { directives: readAuthDirectives(ast, code, context.file, lines), dependency: null, access: NO_ACCESS_CONFIG, isSessionItem: () => false })
    expect(scan.all.length).toBeGreaterThan(0)
    ast.program.body = ast.program.body.filter((statement) => statement.type !== 'ImportDeclaration')
    return planInjection(ast, code, scan.all)!
  }

  test("without imports: after the 'use server' prologue, on its line", () => {
    const source = `'use server'\nexport const f = createServerFn().handler(() => 1)\n${imp}`
    const plan = planWithoutImports(source)
    expect(plan.importAt).toEqual({ at: "'use server'".length, side: 'after' })
    expect(write(source, plan)!.split('\n')[0]).toBe(`'use server';${IMPORT}`)
  })

  test('without imports or prologue: in front of the first statement, never inside the hashbang line', () => {
    const source = `#!/usr/bin/env node\nexport const f = createServerFn().handler(() => 1)\n${imp}`
    const plan = planWithoutImports(source)
    expect(plan.importAt).toEqual({ at: '#!/usr/bin/env node\n'.length, side: 'before' })
    const lines = write(source, plan)!.split('\n')
    expect(lines[0]).toBe('#!/usr/bin/env node')
    expect(lines[1]!.startsWith(IMPORT)).toBe(true)
    expect(lines.length).toBe(source.split('\n').length)
  })

  test('without anything before the first statement: at the start, on the first line', () => {
    const source = `export const f = createServerFn().handler(() => 1)\n${imp}`
    const plan = planWithoutImports(source)
    expect(plan.importAt).toEqual({ at: 0, side: 'before' })
    expect(write(source, plan)!.split('\n').length).toBe(source.split('\n').length)
  })
})

describe('line numbers are kept', () => {
  test.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('every output line is its input line with insertions only (%s)', (_, eol) => {
    const code = [
      "import { createServerFn } from '@tanstack/react-start'",
      "import { requireAdmin } from './admin'",
      '',
      'const base = createServerFn()',
      "export const listUsers = createServerFn({ method: 'POST' })",
      '  .middleware([requireAdmin])',
      '  .handler(async () => [])',
      'export const countUsers = base.handler(async () => 0);',
      '',
    ].join(eol)
    const output = transformModule(code, { file: '/app/src/fns.ts?tss-serverfn-split' })!.output!.code
    const before = code.split(eol)
    const after = output.split(eol)
    expect(after).toHaveLength(before.length)
    after.forEach((line, index) => {
      let cursor = 0
      for (const char of before[index]!) {
        cursor = line.indexOf(char, cursor)
        expect(cursor, `line ${index + 1}`).toBeGreaterThanOrEqual(0)
        cursor++
      }
    })
    expect(output).not.toBe(code)
    // Nothing inserted holds a line terminator.
    expect(output.replace(/\r\n/g, '\n').split('\n')).toHaveLength(before.length)
  })
})
