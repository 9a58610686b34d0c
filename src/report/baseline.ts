import { accessLabel, rolesLabel } from './access-label.ts'
import { count } from './count.ts'
import type { InventoryEntry, ServerRouteEntry } from './inventory.ts'
import { printable } from './printable.ts'

/**
 * The baseline of access: a file the team commits, like a lockfile, so that every endpoint that
 * answers anonymous callers (public, or with an optional session) and every endpoint that requires
 * roles shows up in review when it appears, goes, or changes its reason or roles.
 *
 * ```json
 * { "version": 2, "endpoints": [
 *   { "file": "src/server/auth.ts", "name": "login", "access": "public", "reason": "..." },
 *   { "file": "src/server/me.ts", "name": "getMe", "access": "optional", "reason": "..." },
 *   { "file": "src/server/billing.ts", "name": "refund", "roles": ["admin", "billing"] },
 *   { "file": "src/routes/api/health.ts", "route": "/api/health", "method": "GET", "access": "public", "reason": "..." }
 * ] }
 * ```
 *
 * An entry has either `access` (`public` or `optional`, with its `reason`) or `roles`: an endpoint
 * that requires roles is protected, and its roles (sorted, since all of them are required, in any
 * order) are what a review must see change. A protected endpoint without roles is not listed: that
 * is the default, and the file stays about what needs a second look.
 *
 * A public server route method is keyed by its file, path and method (`ANY` for handlers the
 * analysis cannot list, where the whole route is public). Server routes are public or protected
 * only: no roles, no optional session.
 *
 * Endpoints of packages are keyed by package name, not path: the path differs between npm and
 * pnpm installs, the package does not.
 *
 * Version 1 files (`{ "version": 1, "public": [{ "file", "name", "reason" }, ...] }`) are still
 * read: their entries are public ones. An app that has optional or role endpoints then sees them
 * as added until it rewrites the file, which writes version 2.
 */

export const BASELINE_VERSION = 2
export const UPDATE_BASELINE_ENV = 'SERVERFN_AUTH_UPDATE_BASELINE'

type Where = { file: string; package?: never } | { package: string; file?: never }

/** A server function that answers anonymous callers. */
export type AnonymousEntry = Where & { name: string; route?: never; method?: never; access: 'public' | 'optional'; reason: string; roles?: never }
/** A server function that requires roles besides the session. */
export type RolesEntry = Where & { name: string; route?: never; method?: never; access?: never; reason?: never; roles: string[] }
/** A public method of a server route. */
export interface RouteEntry {
  file: string
  package?: never
  name?: never
  route: string
  method: string
  access: 'public'
  reason: string
  roles?: never
}

export type BaselineEntry = AnonymousEntry | RolesEntry | RouteEntry

export interface BaselineDiff {
  added: BaselineEntry[]
  stale: BaselineEntry[]
  /** The same endpoint with another access, reason or roles; `from` is the baseline's entry. */
  changed: Array<{ entry: BaselineEntry; from: BaselineEntry }>
}

const keyOf = (entry: BaselineEntry) =>
  entry.route !== undefined ? `${entry.file} route ${entry.route} ${entry.method}` : `${entry.package ? `package:${entry.package}` : entry.file}#${entry.name}`
const labelOf = (entry: BaselineEntry) => (entry.route !== undefined ? `${entry.file} ${entry.method} ${entry.route}` : `${entry.package ?? entry.file} ${entry.name}`)

/** All the roles are required, so their order and repeats mean nothing. */
const normalRoles = (roles: readonly string[]) => [...new Set(roles)].sort(compareText)

/** What the entry says of its endpoint's access: two entries of one endpoint differ when this does. */
const stateOf = (entry: BaselineEntry) => (entry.roles ? `roles ${JSON.stringify(normalRoles(entry.roles))}` : `${entry.access} ${JSON.stringify(entry.reason)}`)

/** The entry's access as every report prints it: `public: …`, `optional: …`, `protected (admin)`. */
const accessOf = (entry: BaselineEntry) =>
  accessLabel(entry.roles ? { access: 'protected', roles: entry.roles, reason: null } : { access: entry.access, roles: [], reason: entry.reason })

export function baselineEntries(endpoints: readonly InventoryEntry[], serverRoutes: readonly ServerRouteEntry[] = []): BaselineEntry[] {
  const entries: BaselineEntry[] = []
  for (const endpoint of endpoints) {
    const where: Where = endpoint.package ? { package: endpoint.package } : { file: endpoint.file }
    if (endpoint.access !== 'protected') entries.push({ ...where, name: endpoint.name, access: endpoint.access, reason: endpoint.reason ?? '' })
    else if (endpoint.roles.length > 0) entries.push({ ...where, name: endpoint.name, roles: normalRoles(endpoint.roles) })
  }
  for (const route of serverRoutes) {
    if (route.access !== 'public') continue
    // A route whose path is not a literal is known by its line.
    entries.push({ file: route.file, route: route.path ?? `line ${route.line}`, method: route.method ?? 'ANY', access: 'public', reason: route.reason ?? '' })
  }
  const unique = new Map(entries.map((entry) => [keyOf(entry), entry]))
  return [...unique.values()].sort((a, b) => compareText(keyOf(a), keyOf(b)))
}

export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  return `${JSON.stringify({ version: BASELINE_VERSION, endpoints: entries }, null, 2)}\n`
}

/** `3 public endpoints, 1 optional endpoint and 2 endpoints with roles`: what a baseline lists. */
export function describeBaseline(entries: readonly BaselineEntry[]): string {
  const optional = entries.filter((entry) => entry.access === 'optional').length
  const withRoles = entries.filter((entry) => entry.roles).length
  const parts = [
    count(entries.length - optional - withRoles, 'public endpoint'),
    ...(optional ? [count(optional, 'optional endpoint')] : []),
    ...(withRoles ? [count(withRoles, 'endpoint with roles', 'endpoints with roles')] : []),
  ]
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!
}

export class BaselineFormatError extends Error {}

export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineFormatError(`it is not JSON (${(error as Error).message})`)
  }
  const record = data as { version?: unknown; public?: unknown; endpoints?: unknown } | null
  let entries: BaselineEntry[]
  if (record?.version === BASELINE_VERSION && Array.isArray(record.endpoints)) entries = record.endpoints.map(parseEntry)
  else if (record?.version === 1 && Array.isArray(record.public)) entries = record.public.map(parseVersion1Entry)
  else throw new BaselineFormatError(`expected { "version": ${BASELINE_VERSION}, "endpoints": [...] } (or a version 1 file, { "version": 1, "public": [...] })`)
  rejectRepeats(entries)
  return entries
}

type RawEntry = Partial<Record<'file' | 'package' | 'name' | 'route' | 'method' | 'access' | 'reason' | 'roles', unknown>>

function rawEntry(item: unknown, index: number): RawEntry {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new BaselineFormatError(`entry ${index + 1} is not an object`)
  return item as RawEntry
}

/** Where a server function entry is: its file, or its package. */
function whereOf(entry: RawEntry): Where | null {
  if (typeof entry.file === 'string' && entry.file) return { file: entry.file }
  if (typeof entry.package === 'string' && entry.package) return { package: entry.package }
  return null
}

/** A version 1 entry: every one is public. */
function parseVersion1Entry(item: unknown, index: number): BaselineEntry {
  const entry = rawEntry(item, index)
  if (entry.route !== undefined) {
    if (typeof entry.file !== 'string' || typeof entry.route !== 'string' || typeof entry.method !== 'string' || typeof entry.reason !== 'string') {
      throw new BaselineFormatError(`entry ${index + 1}, a server route, needs "file", "route", "method" and "reason"`)
    }
    return { file: entry.file, route: entry.route, method: entry.method, access: 'public', reason: entry.reason }
  }
  const where = whereOf(entry)
  if (!where || typeof entry.name !== 'string' || typeof entry.reason !== 'string') {
    throw new BaselineFormatError(`entry ${index + 1} needs "file" (or "package"), "name" and "reason"`)
  }
  return { ...where, name: entry.name, access: 'public', reason: entry.reason }
}

function parseEntry(item: unknown, index: number): BaselineEntry {
  const entry = rawEntry(item, index)
  const at = `entry ${index + 1}`
  if (entry.route !== undefined) {
    if (entry.roles !== undefined) throw new BaselineFormatError(`${at}, a server route, has "roles": a server route is public or protected, with no roles`)
    if (typeof entry.file !== 'string' || typeof entry.route !== 'string' || typeof entry.method !== 'string' || entry.access !== 'public' || typeof entry.reason !== 'string') {
      throw new BaselineFormatError(`${at}, a server route, needs "file", "route", "method", "access": "public" and "reason"`)
    }
    return { file: entry.file, route: entry.route, method: entry.method, access: 'public', reason: entry.reason }
  }
  const where = whereOf(entry)
  if (!where || typeof entry.name !== 'string') throw new BaselineFormatError(`${at} needs "file" (or "package") and "name"`)
  if (entry.roles !== undefined) {
    // An endpoint that requires roles is protected: nothing to say why it answers anonymous callers.
    if (entry.access !== undefined || entry.reason !== undefined) throw new BaselineFormatError(`${at} has "roles" and "access" or "reason": an endpoint that requires roles is protected, give one or the other`)
    if (!Array.isArray(entry.roles) || entry.roles.length === 0 || !entry.roles.every((role) => typeof role === 'string' && role !== '')) {
      throw new BaselineFormatError(`${at} needs "roles" as a non-empty list of role names`)
    }
    return { ...where, name: entry.name, roles: entry.roles as string[] }
  }
  if ((entry.access !== 'public' && entry.access !== 'optional') || typeof entry.reason !== 'string') {
    throw new BaselineFormatError(`${at} needs "access" ("public" or "optional") with "reason", or "roles"`)
  }
  return { ...where, name: entry.name, access: entry.access, reason: entry.reason }
}

/** Two entries of one endpoint would let one of them pass unseen. */
function rejectRepeats(entries: readonly BaselineEntry[]): void {
  const seen = new Map<string, number>()
  entries.forEach((entry, index) => {
    const first = seen.get(keyOf(entry))
    if (first !== undefined) throw new BaselineFormatError(`entry ${index + 1} repeats entry ${first + 1} (${labelOf(entry)})`)
    seen.set(keyOf(entry), index)
  })
}

export function compareBaseline(baseline: readonly BaselineEntry[], current: readonly BaselineEntry[]): BaselineDiff {
  const before = new Map(baseline.map((entry) => [keyOf(entry), entry]))
  const now = new Map(current.map((entry) => [keyOf(entry), entry]))
  const diff: BaselineDiff = { added: [], stale: [], changed: [] }
  for (const [key, entry] of now) {
    const previous = before.get(key)
    if (!previous) diff.added.push(entry)
    else if (stateOf(previous) !== stateOf(entry)) diff.changed.push({ entry, from: previous })
  }
  for (const [key, entry] of before) if (!now.has(key)) diff.stale.push(entry)
  return diff
}

export function isEmptyDiff(diff: BaselineDiff): boolean {
  return diff.added.length + diff.stale.length + diff.changed.length === 0
}

/** The difference as lines: `+` new entry, `-` stale entry, `~` changed access, reason or roles. */
export function formatBaselineDiff(diff: BaselineDiff): string {
  // Each line as a terminal may print it: a reason, a role or a path is the app's text.
  return [
    ...diff.added.map((entry) => `  + ${labelOf(entry)}: ${accessOf(entry)}  (new ${kindOf(entry)}, not in the baseline)`),
    ...diff.stale.map((entry) => `  - ${labelOf(entry)}  (in the baseline${entry.roles ? ` with roles "${rolesLabel(entry.roles)}"` : ''}, but no such ${kindOf(entry, true)} any more)`),
    ...diff.changed.map(({ entry, from }) => `  ~ ${labelOf(entry)}: ${change(from, entry)}`),
  ]
    .map(printable)
    .join('\n')
}

/** `public endpoint`, `optional endpoint`, `endpoint with roles`, `public server route method`. */
function kindOf(entry: BaselineEntry, stale = false): string {
  if (entry.roles) return 'endpoint with roles'
  // A stale route method is said as a stale function is: what is gone is a way in without a session.
  if (entry.route !== undefined && !stale) return 'public server route method'
  return `${entry.access} endpoint`
}

function change(from: BaselineEntry, to: BaselineEntry): string {
  if (from.roles && to.roles) return `roles changed from "${rolesLabel(normalRoles(from.roles))}" to "${rolesLabel(normalRoles(to.roles))}"`
  if (!from.roles && !to.roles && from.access === to.access) return `reason changed from "${from.reason}" to "${to.reason}"`
  return `access changed from "${accessOf(from)}" to "${accessOf(to)}"`
}

/** Code-unit order, not the locale's: the same file on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
