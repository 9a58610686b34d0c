import type { ServerRouteEntry } from '../../../src/report/inventory.ts'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The endpoints TanStack Start registered in a built server, read independently of
 * serverfn-auth: its resolver manifest in `dist/server/server.js` maps every function id to
 * `<name>_createServerFn_handler` and the chunk that provides it.
 */
export function builtManifest(root: string): Array<{ id: string; name: string }> {
  const server = readFileSync(join(root, 'dist/server/server.js'), 'utf8')
  const entries = [...server.matchAll(/"([^"]+)":\s*\{\s*functionName:\s*"([\w$]+)_createServerFn_handler"/g)]
  if (entries.length === 0) throw new Error('no server function manifest in dist/server/server.js')
  return entries.map((m) => ({ id: m[1]!, name: m[2]! })).sort((a, b) => a.id.localeCompare(b.id))
}

export interface InventoryFile {
  version: number
  endpoints: Array<{ id: string; file: string; name: string; method: string; access: string; roles: string[]; reason: string | null; line: number; package: string | null }>
  serverRoutes?: ServerRouteEntry[]
}

export function readInventory(root: string, name = 'serverfn-auth.json'): InventoryFile {
  return JSON.parse(readFileSync(join(root, 'dist/server', name), 'utf8')) as InventoryFile
}
