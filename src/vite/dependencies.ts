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
