import type { ResolvedConfig } from 'vite'
import { DEFAULT_SERVER_FN_BASE } from '../report/inventory.ts'

/**
 * The path under which the built server answers server function calls. TanStack Start computes it
 * from Vite's `base`, the router's basepath and `serverFns.base`, and defines it for its runtime as
 * `process.env.TSS_SERVER_FN_BASE`; the inventory records it so that the probe calls the same path.
 */
export function serverFnBaseOf(config: Pick<ResolvedConfig, 'define'>): string {
  const defined = config.define?.['process.env.TSS_SERVER_FN_BASE']
  if (typeof defined === 'string') {
    try {
      const value: unknown = JSON.parse(defined)
      if (typeof value === 'string' && value.startsWith('/')) return value.endsWith('/') ? value : `${value}/`
    } catch {
      // Not a JSON string literal: fall back to TanStack's default.
    }
  }
  return DEFAULT_SERVER_FN_BASE
}

/** The router's basepath (`/`, or under Vite's `base`), which TanStack defines as `process.env.TSS_ROUTER_BASEPATH`: where the pages are. */
export function routerBasepathOf(config: Pick<ResolvedConfig, 'define'>): string {
  const defined = config.define?.['process.env.TSS_ROUTER_BASEPATH']
  if (typeof defined === 'string') {
    try {
      const value: unknown = JSON.parse(defined)
      if (typeof value === 'string') return value.startsWith('/') ? value : `/${value}`
    } catch {
      // Not a JSON string literal: the pages are at the root.
    }
  }
  return '/'
}
