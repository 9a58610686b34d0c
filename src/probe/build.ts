import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { count } from '../report/count.ts'
import { DEFAULT_SERVER_FN_BASE, type Inventory, type InventoryEntry } from '../report/inventory.ts'
import type { FetchHandler } from './http.ts'

/** A built TanStack Start app and its serverfn-auth inventory, checked against each other. */
export interface LoadedBuild {
  fetch: FetchHandler
  endpoints: InventoryEntry[]
  /** Where the server answers server function calls, as the build recorded it. */
  serverFnBase: string
}

export class ProbeSetupError extends Error {}

export async function loadBuild(dist: string, inventoryName = 'serverfn-auth.json'): Promise<LoadedBuild> {
  const defaultEntry = resolve(dist, 'server/server.js')
  const inventoryFile = resolve(dist, 'server', inventoryName)
  const noServer = (entry: string) =>
    new ProbeSetupError(`No server build at ${entry}. Build the app first (\`vite build\`), or pass its output folder: \`serverfn-auth probe path/to/dist\`.`)
  if (!existsSync(inventoryFile)) {
    if (!existsSync(defaultEntry)) throw noServer(defaultEntry)
    throw new ProbeSetupError(`No inventory at ${inventoryFile}. Build with the serverFnAuth() plugin in vite.config (and its \`inventory\` option not false).`)
  }
  let inventory: Omit<Inventory, 'serverFnBase' | 'server'> & { serverFnBase?: unknown; server?: Inventory['server'] }
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
  const recorded = inventory.server
  if (recorded !== undefined && recorded !== null && (typeof recorded.entry !== 'string' || typeof recorded.sha256 !== 'string')) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} has an invalid server entry (${JSON.stringify(recorded)}).`)
  }
  // The build recorded which entry the inventory belongs to, with a digest of its bytes.
  const serverEntry = inventory.server ? resolve(dirname(inventoryFile), inventory.server.entry) : defaultEntry
  if (!existsSync(serverEntry)) throw noServer(serverEntry)
  if (inventory.server && createHash('sha256').update(readFileSync(serverEntry)).digest('hex') !== inventory.server.sha256) {
    throw new ProbeSetupError(`The inventory ${inventoryFile} belongs to another build: ${serverEntry} changed after it was written. Rebuild the app with the serverFnAuth() plugin.`)
  }
  const registered = registeredIds(readFileSync(serverEntry, 'utf8'))
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
  return { fetch: (request) => fetch.call(module.default, request), endpoints: inventory.endpoints, serverFnBase }
}

/** The function ids TanStack Start's resolver manifest in the server entry registers. */
export function registeredIds(serverEntrySource: string): Set<string> {
  return new Set([...serverEntrySource.matchAll(/"([^"]+)":\s*\{\s*functionName:\s*"[\w$]+_createServerFn_handler"/g)].map((m) => m[1]!))
}

export function defaultDist(cwd: string): string {
  return join(cwd, 'dist')
}
