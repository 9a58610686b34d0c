import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join, resolve as resolvePath } from 'node:path'
import type { Plugin, Rollup } from 'vite'
import type { Diagnostic } from '../core/index.ts'
import { count } from '../report/count.ts'
import { formatDiagnostics, formatProblem } from '../report/format-diagnostics.ts'
import { registeredIds } from '../report/registered-ids.ts'
import { endpointRows, serverRouteRows } from '../report/summary.ts'
import { reportApp } from './app-report.ts'
import { buildProblems } from './build-problems.ts'
import { crossCheck } from './cross-check.ts'
import { checkRouteTrees } from './route-tree-check.ts'
import { IGNORE_ENV, type PluginState } from './plugin-state.ts'
import { removeReports, serverOutDir, writeReports } from './reports.ts'
import { routerBasepathOf, serverFnBaseOf } from './server-fn-base.ts'
import { sweepModuleGraph } from './sweep.ts'

/**
 * The end of each environment's build. Every problem found in it (analysis, the verification of
 * what TanStack emitted, the sweep, the cross-check, the guard) fails the build once, with all of
 * them. A server environment that passes leaves its endpoints and its output in the state; the
 * build's one report is made when every environment is built (app-report.ts).
 */
export function buildReportHooks(state: PluginState): Pick<Plugin, 'buildEnd' | 'writeBundle'> {
  return {
    async buildEnd(error) {
      const environment = this.environment
      if (environment.mode === 'dev') return
      const env = state.existing(environment.name)
      if (!env) return
      const { build } = env
      const server = environment.config.consumer === 'server'
      if (!error) await sweepModuleGraph(this, state, env)
      if (!error && server) checkRouteTrees(this, build, state.config.root)
      const rows = endpointRows(build.modules.values())
      const check = crossCheck(server ? rows : [], server ? [...build.compiled.values()].flat() : [], state.config.root)
      const diagnostics: Diagnostic[] = [...build.problems(), ...(server ? await buildProblems(check, state.config.root, build.sources) : [])]
      const buildLevel: string[] = []
      if (server && state.options.guard === 'required' && !state.guarded.has(environment.name)) {
        buildLevel.push(formatProblem('SFA604', "The runtime guard is required (`guard: 'required'`), but `serverfn-auth/guard` is not part of the server build."))
      }
      const ignored = build.ignoredCount()
      if (ignored) {
        state.config.logger.warn(`serverfn-auth: ${count(ignored, 'problem')} with the codes ${[...state.ignored].join(', ')} were NOT reported, because ${IGNORE_ENV} is set. This switch is for serverfn-auth's own tests; never set it for an app.`)
      }
      if (diagnostics.length || buildLevel.length) {
        // Nothing is emitted when the build fails, so the machine-readable reports are written
        // here, next to where the server build goes (the client build may fail first).
        const outDir = serverOutDir(state)
        await writeReports(state, outDir, { diagnostics, endpoints: check.inventory, serverFnBase: serverFnBaseOf(environment.config) }, { ...state.options, inventory: null })
        // The inventory of an earlier build would look current to the probe: a failed build leaves none.
        await removeReports(state, outDir)
        const report = [diagnostics.length ? formatDiagnostics(diagnostics, build.sources, { root: state.config.root, colors: state.colors }) : '', ...buildLevel]
          .filter(Boolean)
          .join('\n\n')
        // Another plugin already failed the build: still show every problem found so far.
        if (error) state.config.logger.error(report)
        else this.error(report)
        return
      }
      if (error) return removeReports(state, serverOutDir(state))
      if (!server) return
      state.finished.set(environment.name, check.inventory)
      // A build that writes nothing is a scan (the RSC plugin analyses references first): it is
      // checked like any build, and reported by the build that follows it.
      if (environment.config.build.write === false) return
      state.results.set(environment.name, {
        rows,
        // A route module's one route is where the generated tree serves it.
        routes: serverRouteRows(build.routes).map((row) => (build.routes.get(row.file)?.length === 1 && build.routePaths.has(row.file) ? { ...row, path: build.routePaths.get(row.file)! } : row)),
        endpoints: check.inventory.map((entry) => ({ ...entry, environment: environment.name })),
        guarded: state.guarded.has(environment.name),
        serverFnBase: serverFnBaseOf(environment.config),
        routerBasepath: routerBasepathOf(environment.config),
        output: null,
      })
    },

    // Vite drops assets emitted by SSR builds (`build.ssrEmitAssets`), so the files are written
    // once the bundles are on disk; here each server environment records what it wrote.
    async writeBundle(_output, bundle) {
      const result = state.results.get(this.environment.name)
      if (!result) return
      const outDir = resolvePath(state.config.root, this.environment.config.build.outDir)
      result.output = { outDir, entry: await serverEntryOf(outDir, bundle), manifests: await manifestsOf(outDir, bundle) }
      // No build of the whole app ends in watch mode: each server bundle written is reported. With
      // one server environment, that bundle is the whole app's server, so its manifest is checked.
      if (this.environment.config.build.watch) {
        const servers = [...state.startEnvironments].filter((name) => state.config.environments[name]?.consumer === 'server')
        await reportApp(state, { wholeApp: servers.length === 1 })
      }
    },
  }
}

const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * The server bundle's entry as written to disk, with a digest of its bytes, so that the probe loads
 * the entry this inventory belongs to and refuses another build's. TanStack names it `server.js`;
 * a bundle with one entry chunk under another name (nitro's `index.js`) is taken as it is.
 */
async function serverEntryOf(outDir: string, bundle: Rollup.OutputBundle): Promise<{ file: string; sha256: string } | null> {
  const entries = Object.values(bundle).filter((output): output is Rollup.OutputChunk => output.type === 'chunk' && output.isEntry)
  const entry = entries.find((chunk) => chunk.fileName === 'server.js') ?? (entries.length === 1 ? entries[0] : undefined)
  if (!entry) return null
  const bytes = await readFile(join(outDir, entry.fileName)).catch(() => null)
  return bytes ? { file: join(outDir, entry.fileName), sha256: digest(bytes) } : null
}

/** The chunks that hold TanStack's manifest of registered functions, as written to disk. */
async function manifestsOf(outDir: string, bundle: Rollup.OutputBundle): Promise<{ file: string; sha256: string }[]> {
  const chunks = Object.values(bundle).filter((output): output is Rollup.OutputChunk => output.type === 'chunk' && registeredIds(output.code).size > 0)
  const files = await Promise.all(
    chunks.map(async (chunk) => {
      const file = join(outDir, chunk.fileName)
      const bytes = await readFile(file).catch(() => null)
      return bytes ? { file, sha256: digest(bytes) } : null
    }),
  )
  return files.filter((file) => file !== null)
}
