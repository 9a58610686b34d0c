import type { InventoryEntry, ServerRouteEntry } from './inventory.ts'
import { printable } from './printable.ts'

/**
 * The baseline of public endpoints: a file the team commits, like a lockfile, so that every new
 * public endpoint, every removed one and every changed reason shows up in review.
 *
 * ```json
 * { "version": 1, "public": [
 *   { "file": "src/server/auth.ts", "name": "login", "reason": "..." },
 *   { "file": "src/routes/api/health.ts", "route": "/api/health", "method": "GET", "reason": "..." }
 * ] }
 * ```
 *
 * A public server route method is keyed by its file, path and method (`ANY` for handlers the
 * analysis cannot list, where the whole route is public).
 *
 * Endpoints of packages are keyed by package name, not path: the path differs between npm and
 * pnpm installs, the package does not.
 */

export const BASELINE_VERSION = 1
export const UPDATE_BASELINE_ENV = 'SERVERFN_AUTH_UPDATE_BASELINE'

export type BaselineEntry =
  | (({ file: string; package?: never } | { package: string; file?: never }) & { name: string; route?: never; method?: never; reason: string })
  | { file: string; package?: never; name?: never; route: string; method: string; reason: string }

export interface BaselineDiff {
  added: BaselineEntry[]
  stale: BaselineEntry[]
  changed: Array<{ entry: BaselineEntry; from: string }>
}

const keyOf = (entry: BaselineEntry) =>
  entry.route !== undefined ? `${entry.file} route ${entry.route} ${entry.method}` : `${entry.package ? `package:${entry.package}` : entry.file}#${entry.name}`
const labelOf = (entry: BaselineEntry) => (entry.route !== undefined ? `${entry.file} ${entry.method} ${entry.route}` : `${entry.package ?? entry.file} ${entry.name}`)

export function baselineEntries(endpoints: readonly InventoryEntry[], serverRoutes: readonly ServerRouteEntry[] = []): BaselineEntry[] {
  const entries: BaselineEntry[] = endpoints
    .filter((endpoint) => endpoint.access === 'public')
    .map((endpoint): BaselineEntry =>
      endpoint.package
        ? { package: endpoint.package, name: endpoint.name, reason: endpoint.reason ?? '' }
        : { file: endpoint.file, name: endpoint.name, reason: endpoint.reason ?? '' },
    )
  for (const route of serverRoutes) {
    if (route.access !== 'public') continue
    // A route whose path is not a literal is known by its line.
    entries.push({ file: route.file, route: route.path ?? `line ${route.line}`, method: route.method ?? 'ANY', reason: route.reason ?? '' })
  }
  const unique = new Map(entries.map((entry) => [keyOf(entry), entry]))
  return [...unique.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  return `${JSON.stringify({ version: BASELINE_VERSION, public: entries }, null, 2)}\n`
}

export class BaselineFormatError extends Error {}

export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineFormatError(`it is not JSON (${(error as Error).message})`)
  }
  const record = data as { version?: unknown; public?: unknown }
  if (record?.version !== BASELINE_VERSION || !Array.isArray(record.public)) {
    throw new BaselineFormatError(`expected { "version": ${BASELINE_VERSION}, "public": [...] }`)
  }
  return record.public.map((item, index) => {
    const entry = item as Partial<Record<'file' | 'package' | 'name' | 'route' | 'method' | 'reason', unknown>>
    if (entry.route !== undefined) {
      if (typeof entry.file !== 'string' || typeof entry.route !== 'string' || typeof entry.method !== 'string' || typeof entry.reason !== 'string') {
        throw new BaselineFormatError(`entry ${index + 1}, a server route, needs "file", "route", "method" and "reason"`)
      }
      return { file: entry.file, route: entry.route, method: entry.method, reason: entry.reason }
    }
    const where = typeof entry.file === 'string' ? entry.file : typeof entry.package === 'string' ? entry.package : null
    if (!where || typeof entry.name !== 'string' || typeof entry.reason !== 'string') {
      throw new BaselineFormatError(`entry ${index + 1} needs "file" (or "package"), "name" and "reason"`)
    }
    return typeof entry.file === 'string'
      ? { file: entry.file, name: entry.name, reason: entry.reason }
      : { package: where, name: entry.name, reason: entry.reason }
  })
}

export function compareBaseline(baseline: readonly BaselineEntry[], current: readonly BaselineEntry[]): BaselineDiff {
  const before = new Map(baseline.map((entry) => [keyOf(entry), entry]))
  const now = new Map(current.map((entry) => [keyOf(entry), entry]))
  const diff: BaselineDiff = { added: [], stale: [], changed: [] }
  for (const [key, entry] of now) {
    const previous = before.get(key)
    if (!previous) diff.added.push(entry)
    else if (previous.reason !== entry.reason) diff.changed.push({ entry, from: previous.reason })
  }
  for (const [key, entry] of before) if (!now.has(key)) diff.stale.push(entry)
  return diff
}

export function isEmptyDiff(diff: BaselineDiff): boolean {
  return diff.added.length + diff.stale.length + diff.changed.length === 0
}

/** The difference as lines: `+` new public endpoint, `-` stale entry, `~` changed reason. */
export function formatBaselineDiff(diff: BaselineDiff): string {
  // Each line as a terminal may print it: a reason or a path is the app's text.
  return [
    ...diff.added.map((entry) => `  + ${labelOf(entry)}: public: ${entry.reason}  (new public ${entry.route !== undefined ? 'server route method' : 'endpoint'}, not in the baseline)`),
    ...diff.stale.map((entry) => `  - ${labelOf(entry)}  (in the baseline, but no such public endpoint any more)`),
    ...diff.changed.map(({ entry, from }) => `  ~ ${labelOf(entry)}: reason changed from "${from}" to "${entry.reason}"`),
  ]
    .map(printable)
    .join('\n')
}
