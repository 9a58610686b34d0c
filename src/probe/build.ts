import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { count } from '../report/count.ts'
import { DEFAULT_SERVER_FN_BASE, type Inventory, type InventoryEntry, type ServerFile, type ServerRouteEntry } from '../report/inventory.ts'
import { LAST_BUILD_RECORD, parseLastBuild } from '../report/last-build.ts'
import { registeredIds } from '../report/registered-ids.ts'
import type { FetchHandler } from './http.ts'

/** A built TanStack Start app and its serverfn-auth inventory, checked against each other. */
export interface LoadedBuild {
  fetch: FetchHandler
  endpoints: InventoryEntry[]
  /** The methods of the server routes, with their access. */
  serverRoutes: ServerRouteEntry[]
  /** Where the server answers server function calls, as the build recorded it. */
  serverFnBase: string
  /** The router's basepath, under which the pages are. */
  routerBasepath: string
  /** The inventory read, and the server entry loaded. */
  inventoryFile: string
  serverEntry: string
  /** The app's root, when the build was found from it (its last-build record); else null. */
  root: string | null
}

export class ProbeSetupError extends Error {}

const INVENTORY_NAME = 'serverfn-auth.json'

/**
 * Where the inventory is: `target` may be the inventory itself, a build folder (`dist`, with
 * `server/serverfn-auth.json`), or an app's root, where the last build recorded where it wrote it
 * (nitro builds the server under node_modules/.nitro), or with `dist/server/`. With no target:
 * the app in `cwd`.
 */
export function findInventory(target: string | undefined, cwd: string): { file: string; looked: string[]; root?: string } {
  const base = resolve(cwd, target ?? '.')
  if (target && existsSync(base) && statSync(base).isFile()) return { file: base, looked: [base] }
  const looked: string[] = []
  const record = join(base, LAST_BUILD_RECORD)
  if (existsSync(record)) {
    const path = parseLastBuild(readFileSync(record, 'utf8'))
    if (path === null) throw new ProbeSetupError(`The record of the last build, ${record}, cannot be read. Rebuild the app with the serverFnAuth() plugin.`)
    return { file: resolve(base, path), looked: [record], root: base }
  }
  const candidates = [...(target ? [join(base, 'server', INVENTORY_NAME), join(base, INVENTORY_NAME)] : []), join(base, 'dist/server', INVENTORY_NAME)]
  for (const candidate of candidates) {
    looked.push(candidate)
    if (existsSync(candidate)) return { file: candidate, looked }
  }
  return { file: candidates[0]!, looked: [...looked, record] }
}

export async function loadBuild(target: string | undefined, cwd = process.cwd()): Promise<LoadedBuild> {
  const { file: inventoryFile, looked, root } = findInventory(target, cwd)
  const base = resolve(cwd, target ?? '.')
  const defaultEntry = resolve(dirname(inventoryFile), 'server.js')
  const noServer = (entry: string) =>
    new ProbeSetupError(`No server build at ${entry}. Build the app first (\`vite build\`), or pass its output folder or its root: \`serverfn-auth probe path/to/dist\`.`)
  if (!existsSync(inventoryFile)) {
    if (!existsSync(base) || !existsSync(defaultEntry)) throw noServer(existsSync(base) ? defaultEntry : base)
    throw new ProbeSetupError(`No inventory at ${inventoryFile} (looked at ${looked.join(', ')}). Build with the serverFnAuth() plugin in vite.config (and its \`inventory\` option not false).`)
  }
  let inventory: Omit<Inventory, 'serverFnBase' | 'server' | 'routerBasepath'> & { serverFnBase?: unknown; routerBasepath?: unknown; server?: Inventory['server'] }
  try {
    inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory
  } catch (error) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} cannot be read: ${(error as Error).message}`)
  }
  if (inventory.version !== 1 || !Array.isArray(inventory.endpoints)) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} has an unknown format (version ${JSON.stringify(inventory.version)}).`)
  }
  // Inventories written before the path was recorded are of apps on the default path.
  const serverFnBase = inventory.serverFnBase ?? DEFAULT_SERVER_FN_BASE
  if (typeof serverFnBase !== 'string' || !serverFnBase.startsWith('/')) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} has an invalid serverFnBase (${JSON.stringify(serverFnBase)}).`)
  }
  const routerBasepath = inventory.routerBasepath ?? '/'
  if (typeof routerBasepath !== 'string' || !routerBasepath.startsWith('/')) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} has an invalid routerBasepath (${JSON.stringify(routerBasepath)}).`)
  }
  const recorded = inventory.server
  if (recorded !== undefined && recorded !== null && (typeof recorded.entry !== 'string' || typeof recorded.sha256 !== 'string' || !validFiles(recorded.manifests))) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} has an invalid server entry (${JSON.stringify(recorded)}).`)
  }
  // The build recorded which entry the inventory belongs to, and which files hold TanStack's
  // manifest, with digests of their bytes: another build's files are refused.
  const at = (file: string) => resolve(dirname(inventoryFile), file)
  const serverEntry = recorded ? at(recorded.entry) : defaultEntry
  if (!existsSync(serverEntry)) throw noServer(serverEntry)
  const files: ServerFile[] = recorded ? [{ file: recorded.entry, sha256: recorded.sha256 }, ...(recorded.manifests ?? [])] : []
  for (const file of files) {
    const path = at(file.file)
    if (!existsSync(path) || createHash('sha256').update(readFileSync(path)).digest('hex') !== file.sha256) {
      throw new ProbeSetupError(`The inventory ${inventoryFile} belongs to another build: ${path} changed after it was written. Rebuild the app with the serverFnAuth() plugin.`)
    }
  }
  // Builds recorded before manifests were: the manifest is in the entry.
  const manifests = recorded?.manifests ? recorded.manifests.map((manifest) => at(manifest.file)) : [serverEntry]
  const registered = new Set(manifests.flatMap((file) => [...registeredIds(readFileSync(file, 'utf8'))]))
  const listed = new Set(inventory.endpoints.map((endpoint) => endpoint.id))
  const missing = [...registered].filter((id) => !listed.has(id))
  const extra = [...listed].filter((id) => !registered.has(id))
  if (missing.length || extra.length || statSync(inventoryFile).mtimeMs + 60_000 < statSync(serverEntry).mtimeMs) {
    throw new ProbeSetupError(
      `The inventory ${inventoryFile} does not match the built server (${count(missing.length, 'registered endpoint')} not in the inventory, ${count(extra.length, 'endpoint')} listed but not registered). Rebuild the app with the serverFnAuth() plugin.`,
    )
  }
  const module = (await import(pathToFileURL(serverEntry).href)) as { default?: { fetch?: FetchHandler } }
  const fetch = module.default?.fetch
  if (typeof fetch !== 'function') throw new ProbeSetupError(`${serverEntry} does not export a default { fetch } handler.`)
  return { fetch: (request) => fetch.call(module.default, request), endpoints: inventory.endpoints, serverRoutes: Array.isArray(inventory.serverRoutes) ? inventory.serverRoutes : [], serverFnBase, routerBasepath, inventoryFile, serverEntry, root: root ?? null }
}

function validFiles(files: unknown): boolean {
  return files === undefined || (Array.isArray(files) && files.every((file: Partial<ServerFile>) => typeof file?.file === 'string' && typeof file.sha256 === 'string'))
}
