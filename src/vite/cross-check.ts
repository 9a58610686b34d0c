import { resolve } from 'node:path'
import type { CompiledEndpoint } from '../core/index.ts'
import type { InventoryEntry } from '../report/inventory.ts'
import type { EndpointRow } from '../report/summary.ts'

/**
 * Matches what TanStack compiled against what serverfn-auth classified. Every compiled endpoint
 * must have been classified: one that was not escaped the analysis. A classified endpoint that
 * TanStack compiled in its caller module (the verification saw its RPC stub) but registered in
 * no provider module is not reachable over HTTP (nothing in the client calls it): worth a line,
 * not an error. One TanStack did not compile at all is SFA606, reported by the verification.
 */
export interface CrossCheck {
  inventory: InventoryEntry[]
  /** Compiled by TanStack, never classified. */
  escaped: CompiledEndpoint[]
  /** Classified, not compiled. */
  notEmitted: EndpointRow[]
}

export function crossCheck(rows: readonly EndpointRow[], compiled: readonly CompiledEndpoint[], root: string): CrossCheck {
  const key = (file: string, name: string) => `${file}#${name}`
  const classified = new Map(rows.map((row) => [key(row.file, row.name), row]))
  const result: CrossCheck = { inventory: [], escaped: [], notEmitted: [] }
  const seen = new Set<string>()
  for (const endpoint of compiled) {
    const file = resolve(root, endpoint.filename)
    const row = classified.get(key(file, endpoint.name))
    if (!row) {
      result.escaped.push(endpoint)
      continue
    }
    seen.add(key(row.file, row.name))
    result.inventory.push({
      id: endpoint.id,
      file: endpoint.filename.replace(/\\/g, '/'),
      name: row.name,
      method: row.method as InventoryEntry['method'],
      access: row.access,
      roles: [...row.roles],
      reason: row.reason,
      line: row.line,
      package: row.package,
    })
  }
  result.notEmitted = rows.filter((row) => !seen.has(key(row.file, row.name)))
  return result
}
