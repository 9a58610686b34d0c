import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseModule, transformModule } from '../../src/core/index.ts'
import { analyseApp, runApp } from '../support/start-harness.ts'

/**
 * Property-based tests: fast-check generates module programs, and the generator's own model says,
 * independently of the analysis, which diagnostics must appear and which endpoints are public.
 * The programs mix every way of heading a chain (roots in their spellings, local builders, builders
 * imported by name or through a namespace), options literal and not, builder links, annotations
 * valid and broken with every line terminator, let/var/const, several declarators in one
 * statement, chains misplaced in functions and objects, and writes to or uses of the declared
 * values. Each program then goes through the real pipeline (`test/support/start-harness.ts`):
 * when the model says it builds, TanStack registers exactly the classified endpoints and every one
 * of them answers as its access says; when it does not build, no protected endpoint that TanStack
 * registered answers an anonymous call all the same. `FC_RUNS` sets the number of programs.
 */

const RUNS = Number(process.env.FC_RUNS ?? 500)
const FILE = '/app/src/generated.ts'
const BUILDERS = `import { createServerFn } from '@tanstack/react-start'
// @auth public: marketing pages
export const pubB = createServerFn()
export const authB = createServerFn()
// @auth role: admin
export const adminB = createServerFn()
// @auth optional: pages greet a signed-in visitor
export const optB = createServerFn()
`

/** The roles and the optional session the harness configures (`admin`, `billing`). */
const ACCESS = { roles: new Set(['admin', 'billing']), optional: true }

const AUDIT = `import { createMiddleware } from '@tanstack/react-start'
export const audit = createMiddleware({ type: 'function' }).server(({ next }) => next())
export const use = (value: unknown) => value
`

type RootForm = 'plain' | 'alias' | 'namespace' | 'asAny' | 'nonNull' | 'instantiation'
type Head =
  | { kind: 'root'; form: RootForm }
  | { kind: 'local'; pick: number; call: boolean }
  | { kind: 'imported'; which: ImportedBuilder; via: 'named' | 'namedCall' | 'namespaceCall' | 'namespaceMember' }
type ImportedBuilder = 'authB' | 'pubB' | 'adminB' | 'optB'
type Options = 'none' | 'GET' | 'POST' | 'middlewareKey' | 'variable' | 'spread' | 'second'
type Link = 'audit' | 'session' | 'validator'
type Placement = 'const' | 'let' | 'var' | 'nested' | 'object'
type Annotation = 'none' | 'public' | 'publicNoReason' | 'typo' | 'detached' | 'optional' | 'roleAdmin' | 'roleBoth'
type Terminator = '\n' | '\r' | '\r\n' | '\u2028' | '\u2029'
type Tamper = 'none' | 'write' | 'use'

interface Spec {
  head: Head
  options: Options
  links: Link[]
  handler: boolean
  placement: Placement
  annotation: Annotation
  terminator: Terminator
  groupWithNext: boolean
  tamper: Tamper
}

const spec: fc.Arbitrary<Spec> = fc.record({
  head: fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('root' as const), form: fc.constantFrom<RootForm>('plain', 'plain', 'alias', 'namespace', 'asAny', 'nonNull', 'instantiation') }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('local' as const), pick: fc.nat(), call: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('imported' as const), which: fc.constantFrom<ImportedBuilder>('authB', 'pubB', 'adminB', 'optB'), via: fc.constantFrom<'named' | 'namedCall' | 'namespaceCall' | 'namespaceMember'>('named', 'named', 'namedCall', 'namespaceCall', 'namespaceMember') }) },
  ),
  options: fc.constantFrom<Options>('none', 'none', 'none', 'GET', 'POST', 'middlewareKey', 'variable', 'spread', 'second'),
  links: fc.array(fc.constantFrom<Link>('audit', 'session', 'validator'), { maxLength: 3 }),
  handler: fc.boolean(),
  placement: fc.constantFrom<Placement>('const', 'const', 'const', 'const', 'let', 'var', 'nested', 'object'),
  annotation: fc.constantFrom<Annotation>('none', 'none', 'none', 'public', 'public', 'publicNoReason', 'typo', 'detached', 'optional', 'roleAdmin', 'roleBoth'),
  terminator: fc.constantFrom<Terminator>('\n', '\n', '\r', '\r\n', '\u2028', '\u2029'),
  groupWithNext: fc.constantFrom(false, false, true),
  tamper: fc.constantFrom<Tamper>('none', 'none', 'none', 'write', 'use'),
})

interface Model {
  source: string
  codes: string[]
  /**
   * Endpoints that must exist and their access, when the program builds; `sessionByHand`: its
   * chain lists the session middleware itself, so even a public one rejects anonymous calls.
   */
  endpoints: Map<string, { access: Access; sessionByHand: boolean }>
}

/** What the model predicts: public, optional, or protected with these roles. */
type Access = { kind: 'public' | 'optional' } | { kind: 'protected'; roles: string[] }

const IMPORTED_ACCESS: Record<ImportedBuilder, Access> = {
  authB: { kind: 'protected', roles: [] },
  pubB: { kind: 'public' },
  adminB: { kind: 'protected', roles: ['admin'] },
  optB: { kind: 'optional' },
}

interface Declared {
  name: string
  builder: boolean
  access: Access
  /** TanStack's compiler can follow its head. */
  compiled: boolean
  top: boolean
  sessionByHand: boolean
}

const ROOTS: Record<Exclude<RootForm, 'instantiation'>, string> = {
  plain: 'createServerFn',
  alias: 'csf',
  namespace: 'Start.createServerFn',
  asAny: '(createServerFn as any)',
  nonNull: 'createServerFn!',
}

function optionsText(options: Options, allowSecond: boolean): { text: string; bad: boolean } {
  switch (options) {
    case 'none':
      return { text: '', bad: false }
    case 'GET':
    case 'POST':
      return { text: `{ method: '${options}' }`, bad: false }
    case 'middlewareKey':
      return { text: '{ middleware: [] } as any', bad: true }
    case 'variable':
      return { text: 'dropped', bad: true }
    case 'spread':
      return { text: '{ ...dropped }', bad: true }
    case 'second':
      return allowSecond ? { text: "{ method: 'GET' }, { middleware: [audit] } as any", bad: true } : { text: '', bad: false }
  }
}

/** Renders a program and predicts what the analysis must find. */
function render(specs: Spec[]): Model {
  const header = [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { createServerFn as csf } from '@tanstack/react-start'",
    "import * as Start from '@tanstack/react-start'",
    "import { requireSession } from '/app/src/server/session.ts'",
    "import { audit, use } from './audit'",
    "import { pubB, authB, adminB, optB } from './builders'",
    "import * as B from './builders'",
    'const dropped: any = { middleware: [] }',
  ].join('\n')
  const codes: string[] = []
  const declared: Declared[] = []
  const endpoints = new Map<string, { access: Access; sessionByHand: boolean }>()
  const statements: string[] = []

  // Statements: one declaration each, or two grouped (same `const`/`let`/`var`).
  const groups: number[][] = []
  for (let i = 0; i < specs.length; i++) {
    const current = specs[i]!
    const next = specs[i + 1]
    const groupable = (s: Spec) => s.placement === 'const' || s.placement === 'let' || s.placement === 'var'
    if (current.groupWithNext && next && groupable(current) && groupable(next) && current.placement === next.placement) {
      groups.push([i, i + 1])
      i++
    } else groups.push([i])
  }

  for (const group of groups) {
    const first = specs[group[0]!]!
    const grouped = group.length > 1
    const annotation = first.annotation
    const term = first.terminator
    const comment = {
      none: '',
      public: `// @auth public: reason ${group[0]}${term}`,
      publicNoReason: `// @auth public${term}`,
      typo: `// @auth pubic: reason ${group[0]}${term}`,
      detached: `// @auth public: detached ${group[0]}${term}${term}`,
      optional: `// @auth optional: reason ${group[0]}${term}`,
      roleAdmin: `// @auth role: admin${term}`,
      roleBoth: `/** @auth role: admin, billing */${term}`,
    }[annotation]
    if (annotation === 'publicNoReason') codes.push('SFA201')
    if (annotation === 'typo') codes.push('SFA202')
    if (annotation === 'detached') codes.push('SFA207')
    const attached = annotation !== 'none' && annotation !== 'detached'
    const roleOf: Partial<Record<Annotation, string[]>> = { roleAdmin: ['admin'], roleBoth: ['admin', 'billing'] }
    if (attached && grouped) codes.push('SFA208')
    // The directive applies when it is attached to a statement of one declarator.
    const directive = attached && !grouped ? annotation : 'none'

    const rendered: string[] = []
    let statementHasServerFn = false
    const tampers: string[] = []
    for (const index of group) {
      const s = specs[index]!
      const name = `d${index}`
      // The head, and what the model knows about it.
      let head: string
      let base: { kind: 'root' } | { kind: 'derived'; access: Access; compiled: boolean; local: boolean; sessionByHand: boolean } | null
      // Options are checked where the chain is an accepted declaration; a misplaced one is already refused.
      const top = s.placement === 'const' || s.placement === 'let' || s.placement === 'var'
      const badOptions = () => {
        if (top) codes.push('SFA111')
      }
      if (s.head.kind === 'root') {
        if (s.head.form === 'instantiation') {
          head = `(createServerFn<'GET'>)(${optionsText(s.options, true).text})`
          base = null
          codes.push('SFA104')
        } else {
          const options = optionsText(s.options, true)
          head = `${ROOTS[s.head.form]}(${options.text})`
          if (options.bad) badOptions()
          base = { kind: 'root' }
        }
      } else if (s.head.kind === 'local') {
        const builders = declared.filter((d) => d.builder && d.top)
        const picked = builders.length ? builders[s.head.pick % builders.length]! : null
        if (!picked) {
          head = `createServerFn()`
          base = { kind: 'root' }
        } else {
          const options = optionsText(s.options, false)
          head = s.head.call ? `${picked.name}(${options.text})` : picked.name
          if (s.head.call && options.bad) badOptions()
          base = { kind: 'derived', access: picked.access, compiled: picked.compiled, local: true, sessionByHand: picked.sessionByHand }
        }
      } else {
        const { which, via } = s.head
        const options = optionsText(s.options, false)
        head = via === 'named' ? which : via === 'namedCall' ? `${which}(${options.text})` : via === 'namespaceCall' ? `B.${which}(${options.text})` : `B.${which}`
        if ((via === 'namedCall' || via === 'namespaceCall') && options.bad) badOptions()
        base = { kind: 'derived', access: IMPORTED_ACCESS[which], compiled: via !== 'namespaceMember', local: false, sessionByHand: false }
      }
      const links = s.links.map((link) => (link === 'audit' ? '.middleware([audit])' : link === 'session' ? '.middleware([requireSession])' : '.validator((v: unknown) => v)'))
      const chain = `${head}${links.join('')}${s.handler ? `.handler(() => 'secret ${index}')` : ''}`

      if (s.placement === 'nested' || s.placement === 'object') {
        // Not a top-level declaration: TanStack compiles none of it.
        rendered.push(s.placement === 'nested' ? `export function w${index}() {\n  return ${chain}\n}` : `export const o${index} = { x: ${chain} }`)
        // A bare builder (no call, no link) is a value handed around; a chain is misplaced.
        const bare = base?.kind === 'derived' && links.length === 0 && !s.handler && !head.includes('(')
        if (base) codes.push(bare ? 'SFA109' : s.placement === 'nested' ? 'SFA101' : 'SFA102')
        continue
      }
      rendered.push(`${name} = ${chain}`)
      if (!base) continue
      statementHasServerFn = true
      if (s.placement !== 'const') codes.push('SFA108')
      let access: Access
      const roles = roleOf[directive]
      if (base.kind === 'root') {
        access = directive === 'public' || directive === 'optional' ? { kind: directive } : { kind: 'protected', roles: roles ?? [] }
        if (access.kind !== 'protected' && s.links.includes('session')) codes.push('SFA206')
      } else if (roles) {
        // A derived declaration may add roles; a public or optional builder runs no session for them.
        if (base.access.kind === 'protected') access = { kind: 'protected', roles: [...new Set([...base.access.roles, ...roles])] }
        else {
          access = base.access
          codes.push('SFA211')
        }
      } else {
        access = base.access
        if (directive !== 'none') codes.push('SFA205')
      }
      const compiled = base.kind === 'root' || base.compiled
      if (base.kind === 'derived' && !base.compiled) {
        // An endpoint TanStack cannot compile; a builder read straight from a namespace member.
        if (s.handler || !base.local) codes.push('SFA112')
      }
      const sessionByHand = s.links.includes('session') || (base.kind === 'derived' && base.sessionByHand)
      declared.push({ name, builder: !s.handler, access, compiled, top: true, sessionByHand })
      if (s.handler) endpoints.set(name, { access, sessionByHand })
      if (s.tamper === 'write') {
        tampers.push(s.handler ? `;(${name} as any).__executeServer = null` : `;(${name}.options as any).middleware = []`)
        codes.push('SFA110')
      } else if (s.tamper === 'use') {
        tampers.push(`use(${name})`)
        if (!s.handler) codes.push('SFA109')
      }
    }
    const declarations = rendered.filter((text) => !text.startsWith('export function') && !text.startsWith('export const o'))
    const others = rendered.filter((text) => !declarations.includes(text))
    if (attached && !grouped && !statementHasServerFn) codes.push('SFA204')
    let statement = ''
    if (declarations.length) statement = `export ${first.placement} ${declarations.join(', ')}`
    const body = [statement, ...others].filter(Boolean)
    // The comment leads the first statement of the group.
    statements.push(`${comment}${body.join('\n')}`, ...tampers)
  }
  return { source: `${header}\n${statements.join('\n')}\n`, codes: codes.sort(), endpoints }
}

/**
 * Shapes that mostly build (an annotation on a derived declaration may not): three programs in
 * five are made only of these, so that the full run (every endpoint registered, each answering as
 * its access says) is checked on many programs.
 */
const cleanSpec: fc.Arbitrary<Spec> = fc.record({
  head: fc.oneof(
    fc.record({ kind: fc.constant('root' as const), form: fc.constantFrom<RootForm>('plain', 'alias', 'namespace', 'asAny', 'nonNull') }),
    fc.record({ kind: fc.constant('local' as const), pick: fc.nat(), call: fc.boolean() }),
    fc.record({ kind: fc.constant('imported' as const), which: fc.constantFrom<ImportedBuilder>('authB', 'authB', 'pubB', 'adminB', 'adminB', 'optB'), via: fc.constantFrom<'named' | 'namedCall' | 'namespaceCall' | 'namespaceMember'>('named', 'namedCall', 'namespaceCall') }),
  ),
  options: fc.constantFrom<Options>('none', 'GET', 'POST'),
  links: fc.array(fc.constantFrom<Link>('audit', 'validator'), { maxLength: 3 }),
  handler: fc.boolean(),
  placement: fc.constant<Placement>('const'),
  annotation: fc.constantFrom<Annotation>('none', 'none', 'none', 'none', 'public', 'optional', 'roleAdmin', 'roleBoth'),
  terminator: fc.constantFrom<Terminator>('\n', '\r', '\r\n', '\u2028', '\u2029'),
  groupWithNext: fc.constantFrom(false, false, true),
  tamper: fc.constantFrom<Tamper>('none', 'none', 'use'),
})

const program = fc
  .oneof({ weight: 3, arbitrary: fc.array(cleanSpec, { minLength: 1, maxLength: 5 }) }, { weight: 2, arbitrary: fc.array(spec, { minLength: 1, maxLength: 5 }) })
  .map(render)

describe('the generator', () => {
  test('writes programs that build and programs that do not, with public and protected endpoints', () => {
    const samples = fc.sample(program, { numRuns: 2000, seed: 1 })
    const building = samples.filter((model) => model.codes.length === 0)
    const withEndpoints = building.filter((model) => model.endpoints.size > 0)
    expect(building.length / samples.length).toBeGreaterThan(0.2)
    for (const kind of ['public', 'optional', 'protected'] as const) {
      expect(withEndpoints.some((model) => [...model.endpoints.values()].some((e) => e.access.kind === kind)), kind).toBe(true)
    }
    expect(withEndpoints.some((model) => [...model.endpoints.values()].some((e) => e.access.kind === 'protected' && e.access.roles.length === 2)), 'two roles').toBe(true)
    // Every rule the model knows is exercised.
    const codes = new Set(samples.flatMap((model) => model.codes))
    expect([...codes].sort()).toEqual(['SFA101', 'SFA102', 'SFA104', 'SFA108', 'SFA109', 'SFA110', 'SFA111', 'SFA112', 'SFA201', 'SFA202', 'SFA204', 'SFA205', 'SFA206', 'SFA207', 'SFA208', 'SFA211'])
    console.log(`generator: ${building.length} of ${samples.length} sampled programs build, ${withEndpoints.length} of them with endpoints`)
  })
})

describe('generated module programs', () => {
  test(`${RUNS} programs: the model and the analysis agree, the output is valid and idempotent, and the run holds`, async () => {
    await fc.assert(
      fc.asyncProperty(program, async (model) => {
        const files = { [FILE]: model.source, '/app/src/builders.ts': BUILDERS, '/app/src/audit.ts': AUDIT }
        const analyses = await analyseApp(files)
        const analysis = analyses.get(FILE)!
        expect(analysis.diagnostics.map((d) => d.code).sort(), model.source).toEqual(model.codes)

        const written = transformModule(model.source, { file: `${FILE}?tss-serverfn-split`, access: ACCESS })
        const output = written?.output?.code ?? model.source
        expect(() => parseModule(output, FILE)).not.toThrow()
        expect(transformModule(output, { file: `${FILE}?tss-serverfn-split`, access: ACCESS })?.output ?? null, 'idempotent').toBeNull()

        const result = await runApp(files)
        const classified = new Map(analysis.declarations.filter((d) => d.kind === 'endpoint').map((d) => [d.name, d.access]))
        const calls = result.calls.filter((call) => call.file === FILE)
        if (model.codes.length === 0) {
          expect([...classified.keys()].sort(), 'classified').toEqual([...model.endpoints.keys()].sort())
          expect(calls.map((call) => call.name).sort(), 'registered by TanStack').toEqual([...model.endpoints.keys()].sort())
          for (const call of calls) {
            const expected = model.endpoints.get(call.name)!
            const decided = classified.get(call.name)!
            const roles = expected.access.kind === 'protected' ? expected.access.roles : []
            expect([decided.kind, decided.kind === 'protected' ? [...(decided.roles ?? [])].sort() : []], `${call.name} in the analysis`).toEqual([expected.access.kind, [...roles].sort()])
            if (expected.access.kind !== 'protected') {
              expect(call.anonymous, `${call.name} is ${expected.access.kind}`).toBe(expected.sessionByHand ? 'rejected' : 'answered')
              expect(call.member, `${call.name} with a session`).toBe('answered')
            } else {
              expect(call.anonymous, `${call.name} anonymously`).toBe('rejected')
              expect(call.authenticated, `${call.name} with a session that holds every role`).toBe('answered')
              expect(call.member, `${call.name} with a session without roles`).toBe(roles.length ? 'rejected' : 'answered')
            }
          }
        } else {
          // The build fails; still, no protected endpoint TanStack registered answers anonymously.
          for (const call of calls) if (classified.get(call.name)?.kind === 'protected') expect(call.anonymous, `${call.name} at run time`).not.toBe('answered')
        }
      }),
      { numRuns: RUNS },
    )
  }, 900_000)
})
