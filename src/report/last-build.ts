/**
 * Where the last successful build wrote its inventory, recorded under the app's node_modules as
 * Vite and nitro record their own state there. The probe reads it when it is not told where the
 * build is, so that it finds builds outside `dist/` (nitro puts the server under
 * `node_modules/.nitro/vite/services/ssr/`). A failed build removes it.
 */

export const LAST_BUILD_RECORD = 'node_modules/.serverfn-auth/last-build.json'

export interface LastBuild {
  version: 1
  /** The inventory's path, relative to the app's root, with `/` separators. */
  inventory: string
}

export function serializeLastBuild(inventory: string): string {
  const record: LastBuild = { version: 1, inventory }
  return `${JSON.stringify(record, null, 2)}\n`
}

/** The inventory path of a record, or null when the text is not one. */
export function parseLastBuild(text: string): string | null {
  try {
    const record = JSON.parse(text) as Partial<LastBuild>
    return record.version === 1 && typeof record.inventory === 'string' && record.inventory ? record.inventory : null
  } catch {
    return null
  }
}
