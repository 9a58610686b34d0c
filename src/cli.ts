#!/usr/bin/env node
import { cac } from 'cac'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { loadBuild, ProbeSetupError, type LoadedBuild } from './probe/build.ts'
import { failedPages, probePages } from './probe/pages.ts'
import { declaresServerHandlers, RouteTreeError, routeEntries } from './probe/route-tree.ts'
import { formatJson, formatTable } from './probe/format.ts'
import { failed, probe, sessionOf } from './probe/probe.ts'
import { probeRoutes } from './probe/routes.ts'
import { TOOL_VERSION } from './vite/tool-version.ts'

/**
 * The `serverfn-auth` command. Exit codes: 0 when every check passed, 1 when one failed, 2 on a
 * usage or setup error (one line and the usage, never a stack trace for a mistake of the caller).
 */

class UsageError extends Error {}

interface ProbeFlags {
  cookie?: string
  cookieFor?: string | string[]
  includePublic: boolean
  only?: string | string[]
  skip?: string | string[]
  json: boolean
  timeout: string | number
  pages: boolean
  page?: string | string[]
  routes?: string
}

const cli = cac('serverfn-auth')

cli
  .command('probe [dist]', 'Call every protected endpoint of a built app anonymously and prove it refuses')
  .usage(
    `probe [dist] [options]

Finds the build's inventory (in <dist>/server, or where the app's last build recorded it, so
that nitro and RSC builds are found from the app's root), loads the server entry it belongs to,
and calls every protected endpoint anonymously, in-process. A refusal is 401, 403 or a redirect.
Anonymous calls come first, then the calls that run handlers: reads (GET) before writes (POST).`,
  )
  .option('--cookie <cookie>', 'Also call protected endpoints with this Cookie header; they must answer (runs every handler: use a test account on a disposable build)')
  .option('--cookie-for <roles=cookie>', 'The role matrix: a Cookie header of a session that holds these roles (`admin`, `admin+billing`; a label such as `member` holds none). Role endpoints must answer the sessions that hold their roles and refuse the others with 403 (repeat for each session)')
  .option('--include-public', 'Also call public endpoints anonymously; they must answer', { default: false })
  .option('--only <name>', 'Call only these endpoints, by function name or id (repeat, or separate with commas)')
  .option('--skip <name>', 'Never call these endpoints, by function name or id (repeat, or separate with commas)')
  .option('--pages', "Also render every page of the route tree anonymously and name the protected server functions that refuse during a render", { default: false })
  .option('--page <path>', 'Also render this page anonymously (repeat; a route with parameters needs one: --page /posts/1)')
  .option('--routes <file>', 'The route tree to read the pages from (default: src/routeTree.gen.ts of the app)')
  .option('--json', 'Print JSON instead of a table', { default: false })
  .option('--timeout <ms>', 'Time limit of each call, in milliseconds', { default: 10_000 })
  .example('serverfn-auth probe dist --cookie "session=…" --skip deleteAccount')
  .example('serverfn-auth probe dist --cookie-for admin="session=…" --cookie-for member="session=…"')
  .action(runProbe)

cli
  .command('audit [root]', 'Without building: every endpoint of an app and what serverfn-auth would make of it')
  .usage(
    `audit [root] [options]

Resolves the app's Vite config (a dev server in middleware mode: no build, no port) and analyses
every module that may declare a server function or a server route, with the same core as the
build and, when the config has serverFnAuth(), its options. Lists every endpoint with whether it
lists middleware today and its access under serverfn-auth (the open ones first), the server
routes, and every problem that would fail the build. Exit 1 when the build would fail.`,
  )
  .option('--json', 'Print JSON instead of a report', { default: false })
  .example('serverfn-auth audit')
  .example('serverfn-auth audit apps/web --json')
  .action(runAudit)

cli.help()
cli.version(TOOL_VERSION)

async function runAudit(root: string | undefined, flags: { json: boolean }): Promise<number> {
  const directory = resolve(root ?? '.')
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new UsageError(`${directory} is not a directory`)
  const { auditApp } = await import('./audit/audit.ts')
  const { formatAudit, formatAuditJson, wouldFail } = await import('./audit/format.ts')
  const report = await auditApp(directory)
  process.stdout.write(flags.json ? formatAuditJson(report) : `${formatAudit(report, !!process.stdout.isTTY && !process.env.CI)}\n`)
  return wouldFail(report) ? 1 : 0
}

async function runProbe(dist: string | undefined, flags: ProbeFlags): Promise<number> {
  const timeoutMs = Number(flags.timeout)
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout must be a positive number of milliseconds, got ${flags.timeout}`)
  if (flags.cookie !== undefined && typeof flags.cookie !== 'string') throw new UsageError('--cookie takes one Cookie header')
  const sessions = [flags.cookieFor ?? []].flat().map((value) => {
    const text = String(value)
    const at = text.indexOf('=')
    const label = text.slice(0, at).trim()
    // A Cookie header is name=value: without a second \`=\`, the roles were left out.
    if (at <= 0 || label === '' || !text.slice(at + 1).includes('=')) throw new UsageError(`--cookie-for takes <roles>=<cookie> (--cookie-for admin="session=…"), got ${JSON.stringify(text)}`)
    return sessionOf(label, text.slice(at + 1))
  })
  const build = await loadBuild(dist)
  const progress = process.stderr.isTTY && !flags.json
  const unknown = names(flags.only).filter((name) => !build.endpoints.some((endpoint) => endpoint.name === name || endpoint.id === name))
  if (unknown.length) throw new UsageError(`--only names no endpoint of this build: ${unknown.join(', ')}`)
  // --only and --skip name server functions; server routes are probed when no --only is given.
  const routes = names(flags.only).length ? [] : build.serverRoutes
  const routeOptions = { ...(flags.cookie ? { cookie: flags.cookie } : {}), includePublic: flags.includePublic, timeoutMs, routerBasepath: build.routerBasepath }
  const routeReads = await probeRoutes(build.fetch, routes, { ...routeOptions, phase: 'refusals and reads' })
  const functionRows = await probe(build.fetch, build.endpoints, {
    ...(flags.cookie ? { cookie: flags.cookie } : {}),
    sessions,
    includePublic: flags.includePublic,
    only: names(flags.only),
    skip: names(flags.skip),
    timeoutMs,
    serverFnBase: build.serverFnBase,
    onProgress: progress ? (done, total, row) => process.stderr.write(`\r\x1b[Kprobing ${done}/${total} ${row.name}`) : undefined,
  })
  const rows = [...routeReads, ...functionRows, ...(await probeRoutes(build.fetch, routes, { ...routeOptions, phase: 'writes' }))]
  if (progress) process.stderr.write('\r\x1b[K')
  const extra = names(flags.page)
  const tree = flags.pages ? routesOf(build, flags.routes) : { paths: [], serverRoutes: new Set<string>() }
  const pages =
    flags.pages || extra.length
      ? await probePages(build.fetch, [...new Set([...tree.paths, ...extra])], { endpoints: build.endpoints, routerBasepath: build.routerBasepath, timeoutMs, serverRoutes: tree.serverRoutes })
      : undefined
  // Pages never stand in for the endpoint checks: a run that calls no endpoint fails.
  if (!rows.length) process.stderr.write('serverfn-auth probe: no endpoint to call (check --only and --skip)\n')
  process.stdout.write(flags.json ? formatJson(rows, pages) : `${formatTable(rows, !!process.stdout.isTTY && !process.env.CI, pages)}\n`)
  return failed(rows).length || failedPages(pages ?? []).length || !rows.length ? 1 : 0
}

/** The pages of the app's route tree, and which of its routes are server routes. */
function routesOf(build: LoadedBuild, routes: string | undefined): { paths: string[]; serverRoutes: Set<string> } {
  const file = resolve(routes ?? join(build.root ?? process.cwd(), 'src/routeTree.gen.ts'))
  if (!existsSync(file)) throw new ProbeSetupError(`No route tree at ${file} for --pages: run the probe from the app's root, or pass it with --routes path/to/routeTree.gen.ts.`)
  try {
    const entries = routeEntries(readFileSync(file, 'utf8'), file)
    const serverRoutes = new Set(entries.filter((entry) => isServerRoute(entry.module, dirname(file))).map((entry) => entry.path))
    return { paths: entries.map((entry) => entry.path), serverRoutes }
  } catch (error) {
    if (error instanceof RouteTreeError) throw new ProbeSetupError(error.message)
    throw error
  }
}

/** A route module that declares `server.handlers`; one that cannot be found is rendered as a page. */
function isServerRoute(module: string | null, from: string): boolean {
  if (!module?.startsWith('.')) return false
  const base = resolve(from, module)
  const file = [base, ...['.tsx', '.ts', '.jsx', '.js', '/index.tsx', '/index.ts'].map((extension) => `${base}${extension}`)].find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
  return file ? declaresServerHandlers(readFileSync(file, 'utf8'), file) : false
}

/** `--only a --only b,c` → `['a', 'b', 'c']`. */
function names(value: string | string[] | undefined): string[] {
  return [value ?? []]
    .flat()
    .flatMap((item) => String(item).split(','))
    .map((name) => name.trim())
    .filter(Boolean)
}

async function main(argv: string[]): Promise<number> {
  cli.parse(argv, { run: false })
  if (cli.options.help || cli.options.version) return 0
  if (!cli.matchedCommand) {
    if (cli.args.length) throw new UsageError(`Unknown command: ${cli.args.join(' ')}`)
    cli.outputHelp()
    return 2
  }
  return (await cli.runMatchedCommand()) as number
}

main(process.argv).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ProbeSetupError || (error as Error).name === 'CACError'
    process.stderr.write(`serverfn-auth: ${known ? (error as Error).message : (error as Error).stack}\n`)
    if (error instanceof UsageError || (error as Error).name === 'CACError') {
      process.stderr.write('\n')
      cli.outputHelp()
    }
    process.exitCode = 2
  },
)
