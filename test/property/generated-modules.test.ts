import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parseModule, transformModule } from '../../src/core/index.ts'
import { runModule, SESSION } from '../support/oracle.ts'

/**
 * Property-based tests: fast-check generates module programs (imports with aliases and
 * namespaces, builders, chains of `.middleware` / `.validator` / `.handler`, annotations valid
 * and broken, nesting in functions). For each, the generator's own model says which diagnostics
 * must appear and which declarations are public; the transformed module is then run with
 * recording stubs, and every builder and endpoint must carry the session middleware first unless
 * it is public. `FC_RUNS` raises the number of programs (`npm run test:property`).
 */

const RUNS = Number(process.env.FC_RUNS ?? 1000)
const session = { source: '/app/src/server/session.ts', exportName: 'requireSession' }
const FILE = '/app/src/generated.ts'

type RootForm = 'plain' | 'alias' | 'namespace' | 'asAny' | 'nonNull'
type Annotation = 'none' | 'public' | 'publicNoReason' | 'typo' | 'detached'
type Link = 'audit' | 'session' | 'validator'

interface DeclarationSpec {
  head: { kind: 'root'; form: RootForm } | { kind: 'builder'; pick: number; call: boolean }
  method: 'none' | 'GET' | 'POST'
  links: Link[]
  handler: boolean
  annotation: Annotation
  exported: boolean
  nested: boolean
}

const declarationSpec: fc.Arbitrary<DeclarationSpec> = fc.record({
  head: fc.oneof(
    fc.record({ kind: fc.constant('root' as const), form: fc.constantFrom<RootForm>('plain', 'alias', 'namespace', 'asAny', 'nonNull') }),
    fc.record({ kind: fc.constant('builder' as const), pick: fc.nat(), call: fc.boolean() }),
  ),
  method: fc.constantFrom('none' as const, 'GET' as const, 'POST' as const),
  links: fc.array(fc.constantFrom<Link>('audit', 'session', 'validator'), { maxLength: 3 }),
  handler: fc.boolean(),
  annotation: fc.constantFrom<Annotation>('none', 'none', 'public', 'publicNoReason', 'typo', 'detached'),
  exported: fc.boolean(),
  nested: fc.boolean(),
})

interface Model {
  source: string
  /** Expected diagnostic codes, sorted. */
  codes: string[]
  /** Declared names, whether they must be public, and whether their chain lists the session first by hand. */
  declarations: Map<string, { public: boolean; sessionByHand: boolean }>
}

const HEADS: Record<RootForm, string> = {
  plain: 'createServerFn',
  alias: 'csf',
  namespace: 'Start.createServerFn',
  asAny: '(createServerFn as any)',
  nonNull: 'createServerFn!',
}

/** Renders a program and predicts, independently of the analysis, what it must find. */
function render(specs: DeclarationSpec[]): Model {
  const lines = [
    "import { createServerFn } from '@tanstack/react-start'",
    "import { createServerFn as csf } from '@tanstack/react-start'",
    "import * as Start from '@tanstack/react-start'",
    "import { requireSession } from '/app/src/server/session.ts'",
    "import { audit } from './audit'",
    '',
  ]
  const codes: string[] = []
  const declarations = new Map<string, { public: boolean; sessionByHand: boolean }>()
  /** Top-level builders declared so far. */
  const builders: Array<{ name: string; public: boolean; sessionByHand: boolean; hasMiddleware: boolean }> = []

  specs.forEach((spec, index) => {
    const name = `d${index}`
    const options = spec.method === 'none' ? '' : `{ method: '${spec.method}' }`
    let head: string
    let derivedFrom: (typeof builders)[number] | null = null
    if (spec.head.kind === 'builder' && builders.length > 0 && !spec.nested) {
      derivedFrom = builders[spec.head.pick % builders.length]!
      head = spec.head.call ? `${derivedFrom.name}(${options})` : derivedFrom.name
    } else {
      const form = spec.head.kind === 'root' ? spec.head.form : 'plain'
      head = `${HEADS[form]}(${options})`
    }
    const chain = [
      head,
      ...spec.links.map((link) => (link === 'audit' ? '.middleware([audit])' : link === 'session' ? '.middleware([requireSession])' : '.validator((v: unknown) => v)')),
      ...(spec.handler ? [`.handler(() => ${index})`] : []),
    ].join('')

    const comment = {
      none: '',
      public: `// @auth public: reason ${index}\n`,
      publicNoReason: '// @auth public\n',
      typo: `// @auth pubic: reason ${index}\n`,
      detached: `// @auth public: detached ${index}\n\n`,
    }[spec.annotation]

    if (spec.nested) {
      lines.push(`${comment}export function wrap${index}() {\n  return ${chain}\n}`)
      codes.push('SFA101')
      // A directive on a function declaration applies to no server function.
      if (spec.annotation === 'public') codes.push('SFA204')
      if (spec.annotation === 'publicNoReason') codes.push('SFA201', 'SFA204')
      if (spec.annotation === 'typo') codes.push('SFA202', 'SFA204')
      if (spec.annotation === 'detached') codes.push('SFA207')
      return
    }
    lines.push(`${comment}${spec.exported ? 'export ' : ''}const ${name} = ${chain}`)

    const annotated = spec.annotation !== 'none' && spec.annotation !== 'detached'
    if (spec.annotation === 'publicNoReason') codes.push('SFA201')
    if (spec.annotation === 'typo') codes.push('SFA202')
    if (spec.annotation === 'detached') codes.push('SFA207')
    // The first middleware the chain lists by hand (validators add none).
    const firstMiddleware = spec.links.find((link) => link !== 'validator')
    let isPublic: boolean
    let sessionByHand: boolean
    if (derivedFrom) {
      if (annotated) codes.push('SFA205')
      isPublic = derivedFrom.public
      sessionByHand = derivedFrom.sessionByHand || (!derivedFrom.hasMiddleware && firstMiddleware === 'session')
    } else {
      isPublic = spec.annotation === 'public'
      if (isPublic && spec.links.includes('session')) codes.push('SFA206')
      sessionByHand = firstMiddleware === 'session'
    }
    declarations.set(name, { public: isPublic, sessionByHand })
    const hasMiddleware = (derivedFrom?.hasMiddleware ?? false) || firstMiddleware !== undefined
    if (!spec.handler) builders.push({ name, public: isPublic, sessionByHand, hasMiddleware })
  })
  return { source: `${lines.join('\n')}\n`, codes: codes.sort(), declarations }
}

const program = fc.array(declarationSpec, { minLength: 1, maxLength: 6 }).map(render)

describe('generated module programs', () => {
  test(`${RUNS} programs: output parses, is idempotent, and the model, the analysis and the run agree`, async () => {
    await fc.assert(
      fc.asyncProperty(program, async (model) => {
        const result = transformModule(model.source, { file: FILE, session })!
        const { analysis } = result
        expect(analysis.diagnostics.map((d) => d.code).sort()).toEqual(model.codes)
        const output = result.output?.code ?? model.source
        expect(() => parseModule(output, FILE)).not.toThrow()
        expect(transformModule(output, { file: FILE, session })?.output ?? null).toBeNull()

        const declared = new Map(analysis.declarations.map((d) => [d.name, d]))
        const chains = await runModule(output, FILE, { sessionSource: session.source, sessionExport: session.exportName })
        for (const [name, expected] of model.declarations) {
          expect(declared.get(name)?.access.kind === 'public', `${name} public in the analysis`).toBe(expected.public)
          const chain = chains.get(name)
          expect(chain, `${name} holds a builder or an endpoint when the module runs`).toBeDefined()
          if (!expected.public || expected.sessionByHand) expect(chain!.middleware[0], `${name} carries the session middleware first`).toBe(SESSION)
          else expect(chain!.middleware[0], `${name} is public`).not.toBe(SESSION)
        }
      }),
      { numRuns: RUNS },
    )
  }, 600_000)
})
