import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { count } from '../report/count.ts'
import { formatProblem } from '../report/format-diagnostics.ts'
import type { InventoryEntry } from '../report/inventory.ts'
import { registeredIds } from '../report/registered-ids.ts'
import { formatServerRoutes, formatSummary, type EndpointRow, type ServerRouteRow } from '../report/summary.ts'
import { checkBaseline } from './check-baseline.ts'
import type { EnvironmentResult, PluginState } from './plugin-state.ts'
import { HTTP_ENVIRONMENT, removeReports, routeEntries, serverOutDir, writeReports } from './reports.ts'
import { describeRelease } from './start-framework.ts'

/**
 * The build's one report, once every environment is built: one table, one inventory. A build can
 * have several server environments (`ssr` and `rsc` with React Server Components, where `ssr`
 * only forwards calls to `rsc`) and build one twice (the RSC plugin's scans): each endpoint is
 * listed once, with the environment whose server registers it. One that no environment registers
 * is not reachable over HTTP. The inventory goes next to the server that answers HTTP requests.
 */
export function appReportHook(state: PluginState): Pick<Plugin, 'buildApp'> {
  return {
    buildApp: {
      order: 'post',
      async handler(builder) {
        // `vite build --watch` reports after each server bundle instead (reportApp from writeBundle).
        if (Object.values(builder.environments).some((environment) => environment.config.build.watch)) return
        await reportApp(state, { wholeApp: true })
        state.results.clear()
      },
    },
  }
}

/**
 * The report of every server environment built so far. `wholeApp`: every environment is built,
 * so the functions their servers register can be matched against what the build classified.
 */
export async function reportApp(state: PluginState, options: { wholeApp?: boolean } = {}): Promise<void> {
  const results = new Map(state.results)
  if (!results.size) return
  const all = [...results.values()]
  const endpoints = new Map<string, InventoryEntry>()
  for (const entry of all.flatMap((result) => result.endpoints)) if (!endpoints.has(entry.id)) endpoints.set(entry.id, entry)
  const inventory = [...endpoints.values()]

  const key = (file: string, name: string) => `${file}#${name}`
  const registeredIn = new Map(inventory.map((entry) => [key(resolve(state.config.root, entry.file), entry.name), entry.environment]))
  const rows = new Map<string, EndpointRow>()
  for (const row of all.flatMap((result) => result.rows)) {
    if (!rows.has(key(row.file, row.name))) rows.set(key(row.file, row.name), { ...row, environment: registeredIn.get(key(row.file, row.name)) })
  }
  const table = [...rows.values()]
  // Each route module is compiled in every server environment: listed once.
  const routes = new Map<string, ServerRouteRow>()
  for (const route of all.flatMap((result) => result.routes)) routes.set(`${route.file}:${route.line}:${route.method}`, route)
  const serverRoutes = [...routes.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)

  const http = results.get(HTTP_ENVIRONMENT) ?? all.find((result) => result.output?.entry)
  const outDir = http?.output?.outDir ?? serverOutDir(state)
  if (options.wholeApp) {
    const unclassified = await unclassifiedRegistrations(all, endpoints)
    if (unclassified.length) {
      await removeReports(state, outDir)
      throw new Error(
        formatProblem(
          'SFA601',
          `The built server registers ${count(unclassified.length, 'server function')} that serverfn-auth never classified (${unclassified.join(', ')}): TanStack Start compiled ${unclassified.length === 1 ? 'it' : 'them'} where the verification of its output did not look.`,
        ),
      )
    }
  }
  if (state.options.baseline) {
    const mismatch = await checkBaseline(state.options.baseline, state.config.root, inventory, routeEntries(serverRoutes, state.config.root), state.config.logger)
    if (mismatch) {
      await removeReports(state, outDir)
      throw new Error(mismatch)
    }
  }
  const server = http?.output ? { entry: http.output.entry, manifests: all.flatMap((result) => result.output?.manifests ?? []) } : null
  await writeReports(state, outDir, { diagnostics: [], endpoints: inventory, serverFnBase: (http ?? all[0]!).serverFnBase, routerBasepath: (http ?? all[0]!).routerBasepath, server, serverRoutes }, state.options)
  if (!state.options.quiet) state.config.logger.info(summary(state, table, all))
  if (!state.options.quiet && serverRoutes.length) state.config.logger.info(formatServerRoutes(serverRoutes, { root: state.config.root, colors: state.colors }))
}

function summary(state: PluginState, table: EndpointRow[], results: EnvironmentResult[]): string {
  const unreachable = table.filter((row) => !row.environment)
  const notReachable = unreachable.length
    ? `\n  ${count(unreachable.length, 'endpoint')} compiled but registered by no provider module (not reachable over HTTP): ${unreachable.map((row) => row.name).join(', ')}`
    : ''
  // The guard must run where the functions do: in every environment that registers endpoints.
  const providers = results.filter((result) => result.endpoints.length)
  const guarded = (providers.length ? providers : results).every((result) => result.guarded)
  const guard = guarded ? '\n  runtime guard: registered (serverfn-auth/guard is in the server build)' : '\n  runtime guard: not registered (see serverfn-auth/guard)'
  return formatSummary(table, { root: state.config.root, colors: state.colors, environments: results.length > 1 }) + notReachable + guard + `\n  framework: ${describeRelease(state.start)}`
}

/**
 * The ids the built server registers (TanStack's manifest of functions, in the chunks each
 * environment recorded) that no inventory entry has. The verification of TanStack's provider
 * modules found none; this reads what was written, so that a compiler whose provider modules
 * the verification does not recognise (an unsupported release, a future one) fails the build
 * instead of leaving an empty inventory behind a server that answers.
 */
async function unclassifiedRegistrations(results: readonly EnvironmentResult[], endpoints: ReadonlyMap<string, InventoryEntry>): Promise<string[]> {
  const files = new Set(results.flatMap((result) => result.output?.manifests.map((manifest) => manifest.file) ?? []))
  const registered = new Set<string>()
  for (const file of files) for (const id of registeredIds(await readFile(file, 'utf8'))) registered.add(id)
  return [...registered].filter((id) => !endpoints.has(id)).sort()
}
