import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { mayContainServerFn } from '../core/index.ts'

const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?|vue)$/i
/** Never the app's source, at any depth. */
const NEVER = new Set(['node_modules', '.git'])
/** Build outputs and caches: skipped at the root (a `src/build/` folder is source). */
const ROOT_OUTPUTS = new Set(['dist', 'build', 'coverage', '.output', '.vinxi', '.tanstack', '.nitro', '.vercel', '.netlify'])
/** Tests are never part of the app's build: a server function made inside a test is no endpoint. */
const TEST_FILE = /\.(?:test|spec)\.[^.]+$/i

/**
 * The project's modules that may declare server functions (`matches`; every one when null), found by walking the root:
 * script modules and Vue components, in any case of extension, but no tests, dependencies or
 * build outputs. The dev server transforms modules only when something requests them; warming
 * these up lets the endpoint table print at start-up. `serverfn-auth audit` reads them all.
 */
export async function findCandidateModules(root: string, limit = 2000, matches: ((code: string) => boolean) | null = mayContainServerFn): Promise<string[]> {
  const found: string[] = []
  const visit = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => [])
    for (const entry of entries) {
      if (found.length >= limit) return
      if (entry.isDirectory()) {
        if (NEVER.has(entry.name) || entry.name === '__tests__') continue
        if (directory === root && (ROOT_OUTPUTS.has(entry.name) || entry.name.startsWith('.'))) continue
        await visit(join(directory, entry.name))
      } else if (entry.isFile() && SCRIPT_FILE.test(entry.name) && !/\.d\.[cm]?ts$/i.test(entry.name) && !TEST_FILE.test(entry.name)) {
        const path = join(directory, entry.name)
        if (!matches || matches(await readFile(path, 'utf8').catch(() => ''))) found.push(path)
      }
    }
  }
  await visit(root)
  return found.sort()
}
