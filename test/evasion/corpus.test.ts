import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DIAGNOSTIC_CATALOG, type AccessDecision } from '../../src/core/index.ts'
import { runApp, type HarnessResult } from '../support/start-harness.ts'
import { caseFiles, type EvasionCase } from './case.ts'
import { corpus } from './corpus.ts'

/**
 * Every shape of the corpus, through serverfn-auth, TanStack's real compiler and its real runtime
 * (see `test/support/start-harness.ts`). Besides the expected outcome, each case records which of
 * the lines held on its own, for docs/evasion.md: the static rule, and at run time the endpoints
 * TanStack registered (the transform writes into a module even when the build would fail, so that
 * the runtime check can be measured on every shape).
 */

const docsFile = join(import.meta.dirname, '../../docs/evasion.md')
const results = new Map<string, HarnessResult>()

const endpointsOf = (result: HarnessResult) =>
  new Set([...result.analyses.values()].flatMap((analysis) => analysis.declarations.filter((d) => d.kind === 'endpoint').map((d) => `${analysis.file}#${d.name}`)))

describe('evasion corpus', () => {
  test('has at least 150 shapes, each class several, and none is expected to be unprotected', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150)
    expect(new Set(corpus.map((entry) => entry.shape)).size).toBe(corpus.length)
    const perClass = new Map<string, number>()
    for (const entry of corpus) perClass.set(entry.class, (perClass.get(entry.class) ?? 0) + 1)
    for (const [name, count] of perClass) if (/^\d/.test(name)) expect(count, name).toBeGreaterThanOrEqual(5)
  })

  test.each(corpus.map((entry) => [entry.shape, entry] as const))('%s', async (_, entry) => {
    const result = await runApp(caseFiles(entry))
    results.set(entry.shape, result)
    const codes = result.diagnostics.map((d) => d.code)
    const classified = endpointsOf(result)
    // The cases assert codes; the snapshot pins each diagnostic's position and message too, so that
    // a change in what the analysis says about a shape is a reviewed diff.
    expect(result.diagnostics.map((d) => `${d.code} ${d.file}:${d.loc.line}:${d.loc.column} ${d.message}${d.hint === DIAGNOSTIC_CATALOG[d.code].hint ? '' : ` [hint: ${d.hint}]`}`)).toMatchSnapshot()
    if (entry.expect === 'error') {
      expect(codes, 'the build fails with the expected code').toContain(entry.code)
      // Even so, no endpoint the analysis classified answers an anonymous caller at run time.
      if (entry.staticOnly) return
      for (const call of result.calls) {
        if (classified.has(`${call.file}#${call.name}`) && publicOf(result).has(`${call.file}#${call.name}`) === false) {
          expect(call.anonymous, `${call.name} at run time`).not.toBe('answered')
        }
      }
      return
    }
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`), 'no problem').toEqual([])
    if (entry.expect === 'not-server-fn') {
      expect([...classified], 'nothing classified').toEqual([])
      expect([...result.registered], 'nothing registered').toEqual([])
      return
    }
    // TanStack registered exactly what serverfn-auth classified, and compiled every handler in the client.
    expect([...result.registered].sort(), 'registered = classified').toEqual([...classified].sort())
    expect(result.registered.size, 'the case has endpoints').toBeGreaterThan(0)
    for (const endpoint of classified) expect(result.clientCompiled, `${endpoint} compiled in the client`).toContain(endpoint)
    expect(Object.fromEntries(result.clientHandlerBodies), 'no handler left in the client bundle').toEqual({})
    const publicNames = new Set(entry.publicNames ?? [])
    const optionalNames = new Set(entry.optionalNames ?? [])
    const roles = entry.roles ?? {}
    for (const call of result.calls) {
      if (entry.expect === 'runtime-refused') {
        expect(call.anonymous, `${call.name} anonymously`).not.toBe('answered')
      } else if (publicNames.has(call.name)) {
        expect(call.anonymous, `${call.name} is public`).toBe('answered')
      } else if (optionalNames.has(call.name)) {
        expect([call.anonymous, call.member, call.authenticated], `${call.name} is optional`).toEqual(['answered', 'answered', 'answered'])
      } else {
        expect(call.anonymous, `${call.name} anonymously`).toBe('rejected')
        expect(call.authenticated, `${call.name} with a session`).toBe('answered')
        // (An endpoint without roles may still check one by hand: a member's answer is the app's.)
        if (roles[call.name]?.length) expect(call.member, `${call.name} with a session without its roles`).toBe('rejected')
      }
    }
    expect([...publicOf(result)].map((key) => key.split('#')[1]).sort(), 'public endpoints').toEqual([...publicNames].sort())
    expect([...accessOf(result, 'optional').keys()].map((key) => key.split('#')[1]).sort(), 'optional endpoints').toEqual([...optionalNames].sort())
    const required = [...accessOf(result, 'protected')].flatMap(([key, access]) => (access.kind === 'protected' && access.roles?.length ? [[key.split('#')[1], access.roles]] : []))
    expect(Object.fromEntries(required), 'roles of each endpoint').toEqual(roles)
  })

  test('docs/evasion.md lists every shape with its outcome and the lines that held', () => {
    expect(results.size, 'every case ran').toBe(corpus.length)
    const rendered = renderTable()
    if (process.env.UPDATE_EVASION_DOCS === '1') writeFileSync(docsFile, rendered)
    expect(readFileSync(docsFile, 'utf8')).toBe(rendered)
    // The README quotes the corpus's size.
    const quoted = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ').match(/(\d+) source shapes in (\d+) classes/)
    expect(quoted?.slice(1).map(Number), 'the README quotes the size').toEqual([corpus.length, new Set(corpus.map((entry) => entry.class)).size])
  })
})

function publicOf(result: HarnessResult): Set<string> {
  return new Set(accessOf(result, 'public').keys())
}

/** The endpoints of one kind of access, by `file#name`. */
function accessOf(result: HarnessResult, kind: AccessDecision['kind']): Map<string, AccessDecision> {
  return new Map(
    [...result.analyses.values()].flatMap((analysis) => analysis.declarations.filter((d) => d.kind === 'endpoint' && d.access.kind === kind).map((d) => [`${analysis.file}#${d.name}`, d.access] as const)),
  )
}

/** What the runtime did for the case's protected endpoints, in a word. */
function runtimeOutcome(entry: EvasionCase, result: HarnessResult): string {
  const open = new Set([...publicOf(result), ...accessOf(result, 'optional').keys()])
  const guarded = result.calls.filter((call) => !open.has(`${call.file}#${call.name}`))
  if (guarded.length === 0) {
    if (result.calls.length) return 'only public endpoints, answered'
    return result.clientHandlerBodies.size ? 'not compiled: handler left in the client' : 'no endpoint'
  }
  if (entry.staticOnly && guarded.some((call) => call.anonymous === 'answered')) return `answered: only the build error holds (${entry.staticOnly})`
  if (guarded.some((call) => call.anonymous === 'answered')) {
    // TanStack compiled an endpoint the analysis refused: the build error, the cross-check (SFA601)
    // and the runtime guard stop it in a real build.
    return entry.expect === 'error' ? 'not classified: stopped by the build error, SFA601 and the guard' : 'ANSWERED'
  }
  if (guarded.every((call) => call.anonymous === 'load-error')) return 'module refused to load'
  if (guarded.some((call) => call.anonymousError?.includes('still loading'))) return 'refused (503) while the session module loaded'
  return guarded.some((call) => call.anonymousError?.startsWith('Unauthenticated: the session middleware did not')) ? 'rejected by the check' : 'rejected by the session middleware'
}

function renderTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const outcome = (entry: EvasionCase) => (entry.expect === 'error' ? `build error ${entry.code}` : entry.expect)
  const classes = [...new Set(corpus.map((entry) => entry.class))]
  const sections = classes.map((name) => {
    const rows = corpus
      .filter((entry) => entry.class === name)
      .map((entry) => `| ${cell(entry.shape)} | ${outcome(entry)} | ${runtimeOutcome(entry, results.get(entry.shape)!)} | ${cell(entry.why)} |`)
    return `## ${name}\n\n| Shape | Build | Anonymous call at run time | Why |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`
  })
  return `# Evasion corpus

Every source shape serverfn-auth is tested against (\`test/evasion/classes/*.ts\`, ${corpus.length} shapes),
with its outcome. Each is run through serverfn-auth, TanStack Start's real compiler and its real
runtime (\`test/support/start-harness.ts\`); every endpoint TanStack registers is called anonymously,
with a forged context, and with a session.

- **Build**: \`protected\` (the build passes; every endpoint rejects anonymous calls and answers a
  session; TanStack compiled exactly the endpoints serverfn-auth classified), \`public\` (the same,
  with the annotated ones answering anonymously), \`build error\` with its code, \`not-server-fn\`
  (nothing to protect, and no false alarm), \`runtime-refused\` (no static rule can tell, and the
  runtime lines hold).
- **Anonymous call at run time**: what happened to the protected endpoints TanStack registered,
  also for shapes that fail the build (the transform writes into them anyway): rejected by the
  session middleware, rejected by the check (the chain lost the session middleware), the module
  refused to load (the seal), or not compiled at all.

This file is generated from the corpus (\`UPDATE_EVASION_DOCS=1 npm test\`) and a test keeps it in sync.

${sections.join('\n')}`
}
