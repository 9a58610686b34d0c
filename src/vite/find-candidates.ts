import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { mayContainServerFn } from '../core/index.ts'

const SCRIPT_FILE = /\.[cm]?[jt]sx?$/
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage', '.output', '.vinxi', '.tanstack', '.git'])

/**
 * The project's modules that may declare server functions, found by walking the root. The dev
 * server transforms modules only when something requests them; warming these up lets the
 * endpoint table print at start-up.
 */
export async function findCandidateModules(root: string, limit = 2000, matches: (code: string) => boolean = mayContainServerFn): Promise<string[]> {
  const found: string[] = []
  const visit = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      if (found.length >= limit) return
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) await visit(join(directory, entry.name))
      } else if (entry.isFile() && SCRIPT_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const path = join(directory, entry.name)
        const code = await readFile(path, 'utf8').catch(() => '')
        if (matches(code)) found.push(path)
      }
    }
  }
  await visit(root)
  return found.sort()
}
