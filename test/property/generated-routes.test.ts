import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyzeRoutesOf, parseModule, writeRouteWraps, type DiagnosticCode } from '../../src/core/index.ts'
import { loadRouteRuntime, serveRoute } from '../support/route-runtime.ts'

/**
 * Property-based tests of server routes: fast-check generates route modules, and the generator's
 * own model says, independently of the analysis, which diagnostics must appear and which methods
 * are public. The modules mix the ways of reaching the factory, of writing `handlers` (a literal,
 * the function form with an expression or a block body, a spread, a value built elsewhere),
 * directives on the route and on each method (valid, without a reason, misspelled, detached by a
 * blank line, written twice), every line terminator, and apps with and without `routes.middleware`.
 * Each module is then wrapped as the transform writes it and run with TanStack Router's real
 * `createFileRoute`, TanStack's real `createMiddleware` and serverfn-auth's route runtime; every
 * method is served anonymously and with the session: a method the model calls protected answers
 * 401 anonymously (whether or not the build would fail), a public one answers anyone.
 * `FC_RUNS` sets the number of modules.
 */

const RUNS = Number(process.env.FC_RUNS ?? 500)
const FILE = '/app/src/routes/api/generated.ts'
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'ANY'] as const

type Method = (typeof METHODS)[number]
type Factory = 'plain' | 'alias' | 'namespace' | 'asAny'
type HandlersForm = 'literal' | 'createHandlers' | 'createHandlersBlock' | 'spreadWithOwn' | 'variable'
type Directive = 'none' | 'public' | 'publicNoReason' | 'typo' | 'detached' | 'twice'
type Terminator = '\n' | '\r' | '\r\n' | '\u2028' | '\u2029'

interface Spec {
  factory: Factory
  form: HandlersForm
  methods: Array<{ name: Method; directive: Directive }>
  routeDirective: Directive
  terminator: Terminator
  routeMiddleware: boolean
}

const directive = fc.constantFrom<Directive>('none', 'none', 'none', 'public', 'public', 'publicNoReason', 'typo', 'detached', 'twice')

const spec: fc.Arbitrary<Spec> = fc.record({
  factory: fc.constantFrom<Factory>('plain', 'alias', 'namespace', 'asAny'),
  form: fc.constantFrom<HandlersForm>('literal', 'literal', 'createHandlers', 'createHandlersBlock', 'spreadWithOwn', 'variable'),
  methods: fc.uniqueArray(fc.record({ name: fc.constantFrom(...METHODS), directive }), { minLength: 1, maxLength: 4, selector: (method) => method.name }),
  routeDirective: fc.constantFrom<Directive>('none', 'none', 'none', 'public', 'publicNoReason', 'typo', 'detached', 'twice'),
  terminator: fc.constantFrom<Terminator>('\n', '\r', '\r\n', '\u2028', '\u2029'),
  routeMiddleware: fc.boolean(),
})

/** The comment lines a directive writes (empty for none), each followed by a terminator. */
function directiveLines(kind: Directive, indent: string, nl: string): string {
  switch (kind) {
    case 'none':
      return ''
    case 'public':
      return `${indent}// @auth public: open to anyone${nl}`
    case 'publicNoReason':
      return `${indent}// @auth public${nl}`
    case 'typo':
      return `${indent}// @auth pubilc: open${nl}`
    case 'detached':
      return `${indent}// @auth public: open${nl}${nl}`
    case 'twice':
      return `${indent}// @auth public: one${nl}${indent}// @auth public: two${nl}`
  }
}

function render(s: Spec): string {
  const nl = s.terminator
  const factory = {
    plain: `createFileRoute('/api/generated')`,
    alias: `makeRoute('/api/generated')`,
    namespace: `Router.createFileRoute('/api/generated')`,
    asAny: `(createFileRoute('/api/generated') as any)`,
  }[s.factory]
  const imports = {
    plain: `import { createFileRoute } from '@tanstack/react-router'`,
    alias: `import { createFileRoute as makeRoute } from '@tanstack/react-router'`,
    namespace: `import * as Router from '@tanstack/react-router'`,
    asAny: `import { createFileRoute } from '@tanstack/react-router'`,
  }[s.factory]
  const entries = s.methods.map((method) => `${directiveLines(s.form === 'variable' ? 'none' : method.directive, '      ', nl)}      ${method.name}: () => new Response('${method.name} answered'),${nl}`).join('')
  const object = `{${nl}${entries}    }`
  const handlers = {
    literal: object,
    createHandlers: `({ createHandlers }) => createHandlers(${object})`,
    createHandlersBlock: `({ createHandlers }) => {${nl}      return createHandlers(${object})${nl}    }`,
    spreadWithOwn: `{ ...extra,${nl}${entries}    }`,
    variable: 'built',
  }[s.form]
  const before = s.form === 'spreadWithOwn' ? `const extra = {}${nl}` : s.form === 'variable' ? `const built = ${object}${nl}` : ''
  return `${imports}${nl}${before}${directiveLines(s.routeDirective, '', nl)}export const Route = ${factory}({${nl}  server: {${nl}    handlers: ${handlers},${nl}  },${nl}})${nl}`
}

interface Expected {
  /** Codes that must be reported. */
  required: Set<DiagnosticCode>
  /** Codes that may be reported besides (a broken directive in handlers that cannot be listed may also be SFA703). */
  allowed: Set<DiagnosticCode>
  /** The methods that answer anyone. */
  open: Set<Method>
}

const SYNTAX_ERROR: Record<Directive, DiagnosticCode | null> = {
  none: null,
  public: null,
  publicNoReason: 'SFA201',
  typo: 'SFA202',
  detached: 'SFA207',
  twice: 'SFA203',
}

/** The model: what the rules of README's "Server routes" section say of the module. */
function expected(s: Spec): Expected {
  const required = new Set<DiagnosticCode>()
  const allowed = new Set<DiagnosticCode>()
  const open = new Set<Method>()
  const routeError = SYNTAX_ERROR[s.routeDirective]
  if (routeError) required.add(routeError)
  const routePublic = s.routeDirective === 'public'
  // Method directives are read in a literal object of `handlers` (or of createHandlers) whose keys are all written out.
  const listable = s.form !== 'variable'
  const static_ = s.form === 'literal' || s.form === 'createHandlers' || s.form === 'createHandlersBlock'
  for (const method of s.methods) {
    if (!listable || method.directive === 'none') continue
    const error = SYNTAX_ERROR[method.directive]
    if (error) required.add(error)
    // An attached directive in handlers with a spread cannot be proved to lead that method.
    if (!static_ && method.directive !== 'detached') (method.directive === 'public' ? required : allowed).add('SFA703')
    if (static_ && method.directive === 'public') open.add(method.name)
  }
  if (routePublic) for (const method of s.methods) open.add(method.name)
  const anyProtected = s.methods.some((method) => !open.has(method.name))
  if (anyProtected && !s.routeMiddleware) required.add('SFA701')
  return { required, allowed, open }
}

describe('generated server route modules', () => {
  test('the generator covers every form, directive and terminator', () => {
    const samples = fc.sample(spec, { numRuns: 2000, seed: 1 })
    for (const key of ['factory', 'form', 'routeDirective', 'terminator'] as const) {
      expect(new Set(samples.map((sample) => sample[key])).size, key).toBeGreaterThanOrEqual(4)
    }
    expect(new Set(samples.flatMap((sample) => sample.methods.map((method) => method.directive))).size).toBe(6)
    // Every program parses.
    for (const sample of samples.slice(0, 200)) expect(() => parseModule(render(sample), FILE)).not.toThrow()
  })

  test('the analysis reports what the model says, and the runtime serves each method as its access says', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const code = render(s)
        const analysis = analyzeRoutesOf(code, FILE, { routeMiddleware: s.routeMiddleware, withServerFns: false })
        const model = expected(s)
        const codes = new Set(analysis.diagnostics.map((d) => d.code))
        for (const code_ of model.required) expect(codes, `${code_} in\n${code}`).toContain(code_)
        for (const code_ of codes) expect(model.required.has(code_) || model.allowed.has(code_), `unexpected ${code_} in\n${code}`).toBe(true)

        // The inventory's access per method.
        const [route] = analysis.routes
        expect(analysis.routes.length).toBe(1)
        if (route!.methods) {
          const listedOpen = route!.methods.filter((method) => method.access.kind === 'public').map((method) => method.method)
          expect(new Set(listedOpen), `public methods of\n${code}`).toEqual(model.open)
        } else {
          expect(model.open.size === s.methods.length || model.open.size === 0, 'unlisted handlers are all public or all protected').toBe(true)
          expect(route!.access.kind === 'public').toBe(model.open.size > 0)
        }

        // Run: wrapped as the transform writes it (in an app with routes.middleware: without it
        // the build fails, SFA701, and a protected route refuses to load at run time).
        if (!s.routeMiddleware) return
        const output = writeRouteWraps(code, analysis.ast!, analysis.wraps, 'serverfn-auth/runtime')
        const id = `/app/src/routes/api/generated-${Math.random().toString(36).slice(2)}.ts`
        const runtime = await loadRouteRuntime({ configured: true, modules: { [id]: output ? output.toString() : code } })
        const { Route } = (await runtime.loader.load(id)) as { Route: unknown }
        for (const method of s.methods) {
          const served = method.name === 'ANY' ? 'PATCH' : method.name
          const [status, body] = await serveRoute(Route, served)
          if (model.open.has(method.name)) expect([status, body], `${method.name} is public`).toEqual([200, `${method.name} answered`])
          else expect([status, body], `${method.name} anonymously in\n${code}`).toEqual([401, 'no session'])
          expect(await serveRoute(Route, served, 'ok'), `${method.name} with the session`).toEqual([200, `${method.name} answered`])
        }
      }),
      { numRuns: RUNS },
    )
  }, 300_000)
})
