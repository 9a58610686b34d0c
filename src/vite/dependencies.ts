import type { AccessRule } from '../core/index.ts'
import type { ResolvedDependencyRule } from './options.ts'

/**
 * The package a module belongs to: the last `node_modules/<name>/` segment of its path, so npm's
 * flat layout and pnpm's `node_modules/.pnpm/<name>@<version>/node_modules/<name>/` agree.
 * Null for the project's own modules.
 */
export function packageNameOf(file: string): string | null {
  const normalized = file.replace(/\\/g, '/')
  const marker = '/node_modules/'
  const index = normalized.lastIndexOf(marker)
  if (index < 0) return null
  const rest = normalized.slice(index + marker.length).split('/')
  if (rest[0]?.startsWith('@')) return rest.length > 2 ? `${rest[0]}/${rest[1]}` : null
  return rest.length > 1 ? rest[0]! : null
}

/** Decides a dependency's roots from its rule: an export override first, then the package's. */
export function decideByRule(rule: ResolvedDependencyRule) {
  return (root: { name: string; exportedAs: string[] }): AccessRule => {
    for (const name of [...root.exportedAs, root.name]) {
      const override = rule.exports.get(name)
      if (override) return override
    }
    return rule.access
  }
}
