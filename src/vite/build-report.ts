import { createHash } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path'
import type { Plugin, Rollup } from 'vite'
import type { Diagnostic } from '../core/index.ts'
import { count } from '../report/count.ts'
import { formatDiagnostics, formatProblem } from '../report/format-diagnostics.ts'
import { serializeInventory, type InventoryEntry, type ServerEntry } from '../report/inventory.ts'
import { toMarkdown } from '../report/markdown.ts'
import { toSarif } from '../report/sarif.ts'
import { endpointRows, formatSummary } from '../report/summary.ts'
import { buildProblems } from './build-problems.ts'
import { checkBaseline } from './check-baseline.ts'
import { crossCheck } from './cross-check.ts'
import { IGNORE_ENV, type PluginState } from './plugin-state.ts'
import { serverFnBaseOf } from './server-fn-base.ts'
import { sweepModuleGraph } from './sweep.ts'
import { TOOL_VERSION } from './tool-version.ts'

/**
 * The end of a build. Every problem found in the environment (analysis, the verification of what
 * TanStack emitted, the sweep, the cross-check, the guard, the baseline) fails it once, with all
 * of them. A server build that passes prints the endpoint table and writes the inventory.
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
      const rows = endpointRows(build.modules.values())
      const check = crossCheck(server ? rows : [], server ? [...build.compiled.values()].flat() : [], state.config.root)
      const diagnostics: Diagnostic[] = [...build.problems(), ...(server ? await buildProblems(check, state.config.root, build.sources) : [])]
      const buildLevel: string[] = []
      if (server && state.options.guard === 'required' && !state.guarded.has(environment.name)) {
        buildLevel.push(formatProblem('SFA604', "The runtime guard is required (`guard: 'required'`), but `serverfn-auth/guard` is not part of the server build."))
      }
      if (server && state.options.baseline && diagnostics.length === 0 && !error) {
        const mismatch = await checkBaseline(state.options.baseline, state.config.root, check.inventory, state.config.logger)
        if (mismatch) buildLevel.push(mismatch)
      }
      const ignored = build.ignoredCount()
      if (ignored) {
        state.config.logger.warn(`serverfn-auth: ${count(ignored, 'problem')} with the codes ${[...state.ignored].join(', ')} were NOT reported, because ${IGNORE_ENV} is set. This switch is for serverfn-auth's own tests; never set it for an app.`)
      }
      if (diagnostics.length || buildLevel.length) {
        // Nothing is emitted when the build fails, so the machine-readable reports are written
        // here, next to where the server build goes (the client build may fail first).
        const outDir = serverOutDir(state)
        await writeReports(outDir, { diagnostics, endpoints: check.inventory, serverFnBase: serverFnBaseOf(environment.config) }, { ...state.options, inventory: null }, state.config.root)
        // The inventory of an earlier build would look current to the probe: a failed build leaves none.
        if (state.options.inventory) await rm(resolvePath(outDir, state.options.inventory), { force: true })
        const report = [diagnostics.length ? formatDiagnostics(diagnostics, build.sources, { root: state.config.root, colors: state.colors }) : '', ...buildLevel]
          .filter(Boolean)
          .join('\n\n')
        // Another plugin already failed the build: still show every problem found so far.
        if (error) state.config.logger.error(report)
        else this.error(report)
        return
      }
      if (!server) return
      state.finished.set(environment.name, check.inventory)
      if (!state.options.quiet && !error) {
        const notEmitted = check.notEmitted.length
          ? `\n  ${count(check.notEmitted.length, 'endpoint')} compiled but registered by no provider module (not reachable over HTTP): ${check.notEmitted.map((row) => row.name).join(', ')}`
          : ''
        const guard = state.guarded.has(environment.name)
          ? '\n  runtime guard: registered (serverfn-auth/guard is in the server build)'
          : '\n  runtime guard: not registered (see serverfn-auth/guard)'
        state.config.logger.info(formatSummary(rows, { root: state.config.root, colors: state.colors }) + notEmitted + guard)
      }
    },

    // Vite drops assets emitted by SSR builds (`build.ssrEmitAssets`), so the files are written
    // next to the server bundle once it is on disk.
    async writeBundle(_output, bundle) {
      const inventory = state.finished.get(this.environment.name)
      if (!inventory) return
      state.finished.delete(this.environment.name)
      const outDir = resolvePath(state.config.root, this.environment.config.build.outDir)
      const server = await serverEntryOf(outDir, bundle)
      await writeReports(outDir, { diagnostics: [], endpoints: inventory, serverFnBase: serverFnBaseOf(this.environment.config), server }, state.options, state.config.root)
    },
  }
}

/** The server environment's output folder (`dist/server`), where every report goes. */
function serverOutDir(state: PluginState): string {
  const environments = Object.values(state.config.environments ?? {})
  const server = environments.find((environment) => environment.consumer === 'server') ?? environments[0]
  return resolvePath(state.config.root, server?.build.outDir ?? state.config.build.outDir)
}

async function writeReports(
  outDir: string,
  input: { diagnostics: Diagnostic[]; endpoints: InventoryEntry[]; serverFnBase: string; server?: ServerEntry | null },
  files: { inventory: string | null; markdown: string | null; sarif: string | null },
  root: string,
): Promise<void> {
  const write = async (name: string, content: string) => {
    const path = isAbsolute(name) ? name : join(outDir, name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
  }
  if (files.inventory) {
    // The entry's path is recorded from the inventory's own folder, wherever the option puts it.
    const inventoryPath = isAbsolute(files.inventory) ? files.inventory : join(outDir, files.inventory)
    const server = input.server ? { ...input.server, entry: relative(dirname(inventoryPath), join(outDir, input.server.entry)).split(sep).join('/') } : null
    await write(files.inventory, serializeInventory(input.endpoints, input.serverFnBase, server))
  }
  if (files.markdown) await write(files.markdown, toMarkdown({ ...input, root }))
  if (files.sarif) await write(files.sarif, `${JSON.stringify(toSarif({ ...input, root, toolVersion: TOOL_VERSION }), null, 2)}\n`)
}

/**
 * The server bundle's entry as written to disk, with a digest of its bytes, so that the probe loads
 * the entry this inventory belongs to and refuses another build's. TanStack names it `server.js`;
 * a bundle with one entry chunk under another name is taken as it is.
 */
async function serverEntryOf(outDir: string, bundle: Rollup.OutputBundle): Promise<ServerEntry | null> {
  const entries = Object.values(bundle).filter((output): output is Rollup.OutputChunk => output.type === 'chunk' && output.isEntry)
  const entry = entries.find((chunk) => chunk.fileName === 'server.js') ?? (entries.length === 1 ? entries[0] : undefined)
  if (!entry) return null
  const bytes = await readFile(join(outDir, entry.fileName)).catch(() => null)
  return bytes ? { entry: entry.fileName, sha256: createHash('sha256').update(bytes).digest('hex') } : null
}
