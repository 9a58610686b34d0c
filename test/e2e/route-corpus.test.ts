import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import type { DiagnosticCode } from '../../src/core/index.ts'
import type { ServerRouteEntry } from '../../src/report/inventory.ts'
import { routeCorpus, type RouteCase } from '../evasion/routes/index.ts'
import { buildApp, writeFixtureApp } from './support/fixture-app.ts'
import { readInventory } from './support/manifest.ts'
import { ROUTE_SESSION } from './support/route-session.ts'

/**
 * The server route corpus (test/evasion/routes), built for real: every shape is a route module of
 * one TanStack Start app, built with serverfn-auth and Vite, and each of its methods is called on
 * the built server, anonymously and with the session cookie.
 *
 * - The shapes expected to build share one app, which must build without a problem.
 * - The shapes expected to fail share another: its build must fail naming each of them with its
 *   code; built again with those codes switched off (`SERVERFN_AUTH_DANGEROUSLY_IGNORE`), its
 *   routes are called too, to measure the run-time line on its own.
 * - A shape that makes its module throw while loading is built alone (it takes the whole route
 *   tree down with it, which would hide what the other shapes do).
 */

const pluginOptions =
  "{ middleware: { from: '/src/server/session.ts', export: 'requireSession' }, routes: { middleware: { from: '/src/server/route-session.ts', export: 'requireSessionRequest' } }, quiet: true, markdown: true }"
// A public route every app has: proof that the app loads and answers at all.
const control = `import { createFileRoute } from '@tanstack/react-router'
// @auth public: proves the app answers
export const Route = createFileRoute('/api/control')({ server: { handlers: { GET: () => new Response('control') } } })
`

type Server = { fetch: (request: Request) => Promise<Response> }
interface Answer {
  status: number
  /** The secret of the case is in the body or a header. */
  leaked: boolean
}
interface CaseRun {
  slug: string
  entry: RouteCase
  anonymous: Map<string, Answer>
  authenticated: Map<string, Answer>
  /** With the build error switched off, for `error` cases. */
  forced?: Map<string, Answer>
  routes: ServerRouteEntry[]
}

const docsFile = join(import.meta.dirname, '../../docs/evasion-routes.md')
const slugOf = (index: number) => `r${String(index).padStart(3, '0')}`
const indexed = routeCorpus.map((entry, index) => ({ entry, slug: slugOf(index) }))
const fill = (text: string, slug: string) => text.replaceAll('$PATH', `/api/${slug}`).replaceAll('$SLUG', slug)
const routeFile = (slug: string, entry: RouteCase) => `src/routes/api/${slug}${entry.ext ?? '.ts'}`
const methodsOf = (entry: RouteCase) => entry.methods ?? ['GET']
const isAlone = (entry: RouteCase) => entry.alone === true

function filesOf(group: Array<{ entry: RouteCase; slug: string }>): Record<string, string> {
  const files: Record<string, string> = { 'src/server/route-session.ts': ROUTE_SESSION, 'src/routes/api/control.ts': control }
  for (const { entry, slug } of group) {
    files[routeFile(slug, entry)] = fill(entry.route, slug)
    for (const [path, text] of Object.entries(entry.files ?? {})) files[fill(path, slug)] = fill(text, slug)
  }
  return files
}

async function build(name: string, group: Array<{ entry: RouteCase; slug: string }>, ignore?: string): Promise<{ root: string; failure: string | null }> {
  const root = writeFixtureApp({ name, serverModules: {}, pluginOptions, files: filesOf(group) })
  if (ignore) process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE = ignore
  try {
    return { root, failure: await buildApp(root).then(() => null, (error: Error) => error.message) }
  } finally {
    delete process.env.SERVERFN_AUTH_DANGEROUSLY_IGNORE
  }
}

async function serverOf(root: string): Promise<Server> {
  return ((await import(pathToFileURL(join(root, 'dist/server/server.js')).href)) as { default: Server }).default
}

async function call(server: Server, slug: string, method: string, session: boolean, path = `/api/${slug}`, extra: Record<string, string> = {}): Promise<Answer> {
  const headers = new Headers({ ...extra, ...(session ? { cookie: 'session=valid' } : {}) })
  const response = await server.fetch(new Request(`http://localhost${path}`, { method, headers }))
  const text = method === 'HEAD' ? '' : await response.text()
  const secret = `secret-${slug}`
  return { status: response.status, leaked: text.includes(secret) || [...response.headers.values()].some((value) => value.includes(secret)) }
}

async function callAll(server: Server, group: Array<{ entry: RouteCase; slug: string }>, session: boolean): Promise<Map<string, Map<string, Answer>>> {
  const answers = new Map<string, Map<string, Answer>>()
  for (const { entry, slug } of group) {
    const byMethod = new Map<string, Answer>()
    const path = entry.callPath && fill(entry.callPath, slug)
    if (!session && entry.warmWithSession) for (const method of methodsOf(entry)) await call(server, slug, method, true, path, entry.headers)
    // A method listed twice is called twice (a lazy route loads its lazy part on the first call); the last answer counts.
    for (const method of methodsOf(entry)) byMethod.set(method, await call(server, slug, method, session, path, entry.headers))
    answers.set(slug, byMethod)
  }
  return answers
}

const runs = new Map<string, CaseRun>()
const failures = new Map<string, string>()

describe('server route corpus, built for real', () => {
  const passing = indexed.filter(({ entry }) => entry.expect !== 'error' && !isAlone(entry))
  const failing = indexed.filter(({ entry }) => entry.expect === 'error')
  const alone = indexed.filter(({ entry }) => isAlone(entry))

  beforeAll(async () => {
    // The shapes that must build, in one app.
    const accepted = await build('route-corpus-accepted', passing)
    failures.set('accepted', accepted.failure ?? '')
    if (!accepted.failure) {
      const server = await serverOf(accepted.root)
      const anonymous = await callAll(server, passing, false)
      const authenticated = await callAll(server, passing, true)
      const routes = readInventory(accepted.root).serverRoutes ?? []
      for (const { entry, slug } of passing) {
        runs.set(entry.shape, { slug, entry, anonymous: anonymous.get(slug)!, authenticated: authenticated.get(slug)!, routes: routes.filter((route) => route.file === routeFile(slug, entry) || (!route.file.startsWith('src/routes/') && route.file.includes(slug))) })
      }
      failures.set('control', JSON.stringify(await call(server, 'control', 'GET', false)))
    }
    // The shapes that must fail, in one app: once as they are, once forced through.
    const refused = await build('route-corpus-refused', failing)
    failures.set('refused', refused.failure ?? '')
    const codes = [...new Set(failing.map(({ entry }) => entry.code!))].join(',')
    const forced = await build('route-corpus-forced', failing, codes)
    failures.set('forced', forced.failure ?? '')
    if (!forced.failure) {
      const server = await serverOf(forced.root)
      const anonymous = await callAll(server, failing, false)
      for (const { entry, slug } of failing) runs.set(entry.shape, { slug, entry, anonymous: new Map(), authenticated: new Map(), forced: anonymous.get(slug)!, routes: [] })
    }
    for (const { entry, slug } of alone) {
      const single = await build(`route-corpus-${slug}`, [{ entry, slug }])
      if (single.failure) throw new Error(`${entry.shape}: ${single.failure}`)
      const server = await serverOf(single.root)
      runs.set(entry.shape, { slug, entry, anonymous: (await callAll(server, [{ entry, slug }], false)).get(slug)!, authenticated: (await callAll(server, [{ entry, slug }], true)).get(slug)!, routes: [] })
    }
  }, 600_000)

  test('has every class several times, and shapes of each outcome', () => {
    expect(new Set(routeCorpus.map((entry) => entry.shape)).size).toBe(routeCorpus.length)
    const perClass = new Map<string, number>()
    for (const entry of routeCorpus) perClass.set(entry.class, (perClass.get(entry.class) ?? 0) + 1)
    for (const [name, count] of perClass) expect(count, name).toBeGreaterThanOrEqual(4)
    expect(new Set(routeCorpus.map((entry) => entry.expect))).toEqual(new Set(['protected', 'public', 'error', 'runtime-refused', 'no-route']))
  })

  test('the shapes that must build do, with no problem, and the app answers', () => {
    expect(failures.get('accepted')).toBe('')
    expect(failures.get('control')).toBe(JSON.stringify({ status: 200, leaked: false }))
  })

  test.each([...passing, ...alone].map(({ entry }) => [entry.shape, entry] as const))('%s', (_, entry) => {
    const run = runs.get(entry.shape)!
    const open = new Set(entry.publicMethods ?? [])
    for (const method of new Set(methodsOf(entry))) {
      const anonymous = run.anonymous.get(method)!
      const authenticated = run.authenticated.get(method)!
      if (entry.expect === 'runtime-refused') {
        expect(anonymous.leaked, `${method} anonymously`).toBe(false)
      } else if (entry.expect === 'no-route') {
        expect(anonymous.leaked, `${method} anonymously`).toBe(false)
      } else if (open.has(method)) {
        expect(anonymous, `${method} is public`).toEqual({ status: 200, leaked: true })
      } else {
        expect(anonymous, `${method} anonymously`).toEqual({ status: 401, leaked: false })
        expect(authenticated, `${method} with the session`).toEqual({ status: 200, leaked: true })
      }
    }
    // The report tells the truth: what answers anyone is listed public, nothing else is.
    const listedPublic = run.routes.filter((route) => route.access === 'public').map((route) => route.method ?? 'ANY')
    if (entry.expect === 'no-route') expect(run.routes).toEqual([])
    else if (entry.expect !== 'runtime-refused') {
      expect(run.routes.length, 'listed').toBeGreaterThan(0)
      expect(listedPublic.sort(), 'listed public').toEqual([...open].sort())
    }
  })

  test.each(failing.map(({ entry, slug }) => [entry.shape, entry, slug] as const))('%s', (_, entry, slug) => {
    const message = failures.get('refused')!
    const files = [routeFile(slug, entry), ...Object.keys(entry.files ?? {}).map((path) => fill(path, slug))]
    const at = files.some((file) => new RegExp(`${escape(file)}:\\d+:\\d+\\s+${entry.code}\\b`).test(message))
    expect(at, `${entry.code} at ${files.join(' or ')}`).toBe(true)
    expect(failures.get('forced'), 'the forced build passes').toBe('')
    if (entry.staticOnly) return
    for (const [method, answer] of runs.get(entry.shape)!.forced!) expect(answer.leaked, `${method} anonymously, the error switched off`).toBe(false)
  })

  test('docs/evasion-routes.md lists every shape with its outcome', () => {
    expect(runs.size, 'every case ran').toBe(routeCorpus.length)
    const rendered = renderTable()
    if (process.env.UPDATE_EVASION_DOCS === '1') writeFileSync(docsFile, rendered)
    expect(readFileSync(docsFile, 'utf8')).toBe(rendered)
    const quoted = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ').match(/(\d+) server route shapes in (\d+) classes/)
    expect(quoted?.slice(1).map(Number), 'the README quotes the size').toEqual([routeCorpus.length, new Set(routeCorpus.map((entry) => entry.class)).size])
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What an anonymous caller got from the route's non-public methods, in words. */
function runtimeOutcome(run: CaseRun): string {
  const answers = run.forced ?? run.anonymous
  const open = new Set(run.entry.publicMethods ?? [])
  const guarded = [...answers].filter(([method]) => !open.has(method)).map(([, answer]) => answer)
  if (run.entry.expect === 'no-route') return 'no endpoint'
  if (guarded.length === 0) return 'only public methods, answered'
  if (guarded.some((answer) => answer.leaked)) return run.entry.staticOnly ? `answered: only the build error holds (${run.entry.staticOnly})` : 'ANSWERED'
  const statuses = [...new Set(guarded.map((answer) => answer.status))].sort()
  const words: Record<number, string> = { 401: '401', 500: '500 (the module refused to load)', 404: '404 (no handler)', 200: '200 without the secret (no handler ran)' }
  return `refused: ${statuses.map((status) => words[status] ?? String(status)).join(', ')}`
}

function renderTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const outcome = (entry: RouteCase) => (entry.expect === 'error' ? `build error ${entry.code as DiagnosticCode}` : entry.expect)
  const classes = [...new Set(routeCorpus.map((entry) => entry.class))]
  const sections = classes.map((name) => {
    const rows = routeCorpus
      .filter((entry) => entry.class === name)
      .map((entry) => `| ${cell(entry.shape)} | ${outcome(entry)} | ${runtimeOutcome(runs.get(entry.shape)!)} | ${cell(entry.why)} |`)
    return `## ${name}\n\n| Shape | Build | Anonymous call of a protected method | Why |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`
  })
  return `# Server route corpus

Every server route shape serverfn-auth is tested against (\`test/evasion/routes/*.ts\`, ${routeCorpus.length} shapes),
with its outcome. Each is a route module of a real TanStack Start app built with Vite and
serverfn-auth (\`test/e2e/route-corpus.test.ts\`); each of its methods is called on the built server
anonymously and with the session cookie, and every handler answers with a secret of its own.

- **Build**: \`protected\` (the build passes; every method answers 401 anonymously and runs with the
  session; the inventory lists none of it as public), \`public\` (the same, with the annotated methods
  answering anyone and listed public), \`build error\` with its code, \`runtime-refused\` (no static
  rule can tell, and the run-time line holds), \`no-route\` (not an endpoint, and no false alarm).
- **Anonymous call of a protected method**: what an anonymous caller got, also for the shapes that
  fail the build, built again with their code switched off: the run-time line on its own.

This file is generated from the corpus (\`UPDATE_EVASION_DOCS=1 npm test\`) and a test keeps it in sync.

${sections.join('\n')}`
}
