import { dirname, isAbsolute, join } from 'node:path'
import type { ResolvedConfig } from 'vite'
import { comparableModulePath as normalize } from '../core/index.ts'

/**
 * Tells, synchronously, whether an import specifier refers to the session module: the file
 * itself, a relative path, a root path (`/src/server/session`) or one of the project's
 * `resolve.alias` entries (`~/server/session`). A miss is harmless: the middleware is then
 * injected even though the chain lists it, and TanStack Start runs it once.
 */
export function createSourceMatcher(config: Pick<ResolvedConfig, 'root' | 'resolve'>, sessionFile: string) {
  const target = normalize(sessionFile)
  const aliases = config.resolve.alias ?? []
  return (specifier: string, importer: string): boolean => {
    let path = specifier
    for (const alias of aliases) {
      const { find, replacement } = alias
      if (typeof find === 'string' ? path === find || path.startsWith(`${find}/`) : find.test(path)) {
        path = typeof find === 'string' ? replacement + path.slice(find.length) : path.replace(find, replacement)
        break
      }
    }
    const candidates: string[] = []
    if (path.startsWith('./') || path.startsWith('../')) candidates.push(join(dirname(importer), path))
    else if (path.startsWith('/')) candidates.push(join(config.root, path), path)
    else if (isAbsolute(path)) candidates.push(path)
    return candidates.some((candidate) => normalize(candidate) === target)
  }
}
