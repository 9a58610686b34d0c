import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path'
import type { Diagnostic } from '../core/index.ts'
import type { ServerRouteRow } from '../report/summary.ts'
import { serializeInventory, type InventoryEntry, type ServerEntry, type ServerRouteEntry } from '../report/inventory.ts'
import { LAST_BUILD_RECORD, serializeLastBuild } from '../report/last-build.ts'
import { toMarkdown } from '../report/markdown.ts'
import { toSarif } from '../report/sarif.ts'
import type { PluginState } from './plugin-state.ts'
import { TOOL_VERSION } from './tool-version.ts'

/**
 * The build's files: the inventory, the Markdown and SARIF reports, next to the server build, and
 * a record of where the inventory is (`node_modules/.serverfn-auth/last-build.json`), so that the
 * probe finds it wherever the build put it (nitro builds the server under node_modules/.nitro).
 */

/** TanStack Start's server environment, which answers HTTP requests (and forwards to `rsc`). */
export const HTTP_ENVIRONMENT = 'ssr'

/** Absolute paths of the files written, for the inventory's entry and its manifests. */
export interface ServerOutput {
  entry: { file: string; sha256: string } | null
  manifests: { file: string; sha256: string }[]
}

/** The folder of the server build that answers HTTP requests (`dist/server`), where every report goes. */
export function serverOutDir(state: PluginState): string {
  const environments = state.config.environments ?? {}
  const server = environments[HTTP_ENVIRONMENT] ?? Object.values(environments).find((environment) => environment.consumer === 'server')
  return resolvePath(state.config.root, server?.build.outDir ?? state.config.build.outDir)
}

const inventoryPath = (outDir: string, name: string) => (isAbsolute(name) ? name : join(outDir, name))
const recordPath = (root: string) => join(root, LAST_BUILD_RECORD)

export async function writeReports(
  state: PluginState,
  outDir: string,
  input: { diagnostics: Diagnostic[]; endpoints: InventoryEntry[]; serverFnBase: string; routerBasepath?: string; server?: ServerOutput | null; serverRoutes?: ServerRouteRow[] },
  files: { inventory: string | null; markdown: string | null; sarif: string | null },
): Promise<void> {
  const root = state.config.root
  const write = async (path: string, content: string) => {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, content)
  }
  if (files.inventory) {
    // Paths are recorded from the inventory's own folder, wherever the option puts it.
    const path = inventoryPath(outDir, files.inventory)
    const from = (file: string) => relative(dirname(path), file).split(sep).join('/')
    const entry = input.server?.entry
    const server: ServerEntry | null = entry
      ? { entry: from(entry.file), sha256: entry.sha256, manifests: input.server!.manifests.map((manifest) => ({ file: from(manifest.file), sha256: manifest.sha256 })) }
      : null
    await write(path, serializeInventory(input.endpoints, input.serverFnBase, server, input.routerBasepath, routeEntries(input.serverRoutes ?? [], root)))
    await write(recordPath(root), serializeLastBuild(relative(root, path).split(sep).join('/')))
  }
  if (files.markdown) await write(inventoryPath(outDir, files.markdown), toMarkdown({ diagnostics: input.diagnostics, endpoints: input.endpoints, root, serverRoutes: input.serverRoutes }))
  if (files.sarif) await write(inventoryPath(outDir, files.sarif), `${JSON.stringify(toSarif({ diagnostics: input.diagnostics, endpoints: input.endpoints, root, toolVersion: TOOL_VERSION, serverRoutes: input.serverRoutes }), null, 2)}\n`)
}

/** After a failed build, nothing may look current to the probe: the inventory and the record go. */
export async function removeReports(state: PluginState, outDir: string): Promise<void> {
  if (state.options.inventory) await rm(inventoryPath(outDir, state.options.inventory), { force: true })
  await rm(recordPath(state.config.root), { force: true })
}

/** The report's server route rows as the inventory and the baseline record them: paths from the root. */
export function routeEntries(rows: readonly ServerRouteRow[], root: string): ServerRouteEntry[] {
  return rows.map((route) => ({ ...route, file: relative(root, route.file).split(sep).join('/') }))
}
