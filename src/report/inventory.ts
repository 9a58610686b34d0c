/**
 * The inventory: every endpoint of a server build, with TanStack's own function id, written as
 * JSON next to the server build so that tools (the probe, a security review) read the truth.
 */

export const INVENTORY_VERSION = 1

/** TanStack Start's server function path when nothing (Vite's `base`, `serverFns.base`) moves it. */
export const DEFAULT_SERVER_FN_BASE = '/_serverFn/'

export interface InventoryEntry {
  /** TanStack Start's function id, as its compiler registered it (`/_serverFn/<id>`). */
  id: string
  /** Module path relative to the project root, with `/` separators. */
  file: string
  /** The declared name of the server function. */
  name: string
  method: 'GET' | 'POST' | 'unknown'
  /** `optional`: answers anonymous callers, with the session read when there is one. */
  access: 'protected' | 'optional' | 'public'
  /** The roles a protected endpoint requires besides the session, all of them; empty otherwise. */
  roles: string[]
  /** Why it is public or optional; null when protected. */
  reason: string | null
  /** Line of the declaration. */
  line: number
  /** The package it comes from, when it lives in node_modules. */
  package: string | null
  /** The Vite environment whose server registers it (`ssr`, or `rsc` with React Server Components). */
  environment?: string
}

/** A file of the server build: its path from the inventory's folder, and a digest of its bytes. */
export interface ServerFile {
  file: string
  sha256: string
}

/**
 * The server bundle the inventory belongs to: the entry that answers HTTP requests, and the files
 * that hold TanStack's manifest of registered functions (the entry itself, a chunk, or another
 * environment's output), each with a digest.
 */
export interface ServerEntry {
  entry: string
  sha256: string
  manifests?: ServerFile[]
}

export interface Inventory {
  version: typeof INVENTORY_VERSION
  /** Null when the build had no single server entry (the probe then checks the ids only). */
  server: ServerEntry | null
  /** The path under which the server answers server function calls (`/_serverFn/`, or under Vite's `base`). */
  serverFnBase: string
  /** The router's basepath, under which the pages are (`/`, or under Vite's `base`). */
  routerBasepath?: string
  endpoints: InventoryEntry[]
  /** The methods of the server routes (routes with `server.handlers`) the build has, each with its access. */
  serverRoutes?: ServerRouteEntry[]
}

export interface ServerRouteEntry {
  /** Module path relative to the project root, with `/` separators. */
  file: string
  line: number
  /** The route's path when written as a literal; null otherwise. */
  path: string | null
  /** `GET`, `POST`, `ANY`…; null for every method of handlers that cannot be listed. */
  method: string | null
  /** `maybe` when the route's options cannot be read and may declare handlers. */
  handlers: 'declared' | 'maybe'
  access: 'protected' | 'public'
  reason: string | null
}

/** Stable order: by file, then line, then name. */
export function sortEntries<T extends Pick<InventoryEntry, 'file' | 'line' | 'name'>>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
}

export function serializeInventory(endpoints: InventoryEntry[], serverFnBase: string, server: ServerEntry | null, routerBasepath = '/', serverRoutes: ServerRouteEntry[] = []): string {
  const routes = [...serverRoutes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
  const inventory: Inventory = { version: INVENTORY_VERSION, server, serverFnBase, routerBasepath, endpoints: sortEntries(endpoints), serverRoutes: routes }
  return `${JSON.stringify(inventory, null, 2)}\n`
}
