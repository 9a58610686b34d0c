import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cleanModuleId, parseModule, readModuleExports } from '../core/index.ts'

/** Where the session middleware lives, as the plugin resolved it. */
export interface ResolvedSessionModule {
  /** Absolute file path, without query. */
  file: string
  exportName: string
}

export type ResolveFn = (source: string, importer: string) => Promise<{ id: string; external?: boolean | string } | null>

export class SessionModuleError extends Error {
  constructor(
    readonly code: 'SFA501' | 'SFA502',
    message: string,
  ) {
    super(message)
    this.name = 'SessionModuleError'
  }
}

/**
 * Resolves `middleware.from` (or `routes.middleware`, a role's, `optional`) the way Vite resolves an import written in a module at the project
 * root, then checks that the module exports `middleware.export` (following `export *`).
 */
export async function resolveSessionModule(
  from: string,
  exportName: string,
  root: string,
  resolve: ResolveFn,
  /** The option that names it, for the messages: `middleware` or `routes.middleware`. */
  option = 'middleware',
): Promise<ResolvedSessionModule> {
  const importer = join(root, 'vite.config.ts')
  const resolved = await resolve(from, importer)
  if (!resolved || resolved.external || resolved.id.startsWith('\0')) {
    throw new SessionModuleError(
      'SFA501',
      `\`${option}.from\` is ${JSON.stringify(from)}, which does not resolve to a module from the project root ${root}.`,
    )
  }
  const file = cleanModuleId(resolved.id)
  const found = await findExport(file, exportName, resolve, new Set(), option)
  if (!found.ok) {
    const available = found.names.length ? `It exports: ${found.names.map((n) => `\`${n}\``).join(', ')}.` : 'It has no exports.'
    throw new SessionModuleError('SFA502', `${file} (\`${option}.from\`: ${JSON.stringify(from)}) does not export \`${exportName}\`. ${available}`)
  }
  return { file, exportName }
}

async function findExport(
  file: string,
  name: string,
  resolve: ResolveFn,
  seen: Set<string>,
  option: string,
): Promise<{ ok: true } | { ok: false; names: string[] }> {
  seen.add(file)
  let code: string
  try {
    code = await readFile(file, 'utf8')
  } catch {
    throw new SessionModuleError('SFA501', `The module ${file} (\`${option}.from\`) cannot be read.`)
  }
  let exports
  try {
    exports = readModuleExports(parseModule(code, file))
  } catch (error) {
    throw new SessionModuleError('SFA501', `The module ${file} (\`${option}.from\`) cannot be parsed: ${(error as Error).message}.`)
  }
  if (exports.names.has(name)) return { ok: true }
  const names = [...exports.names]
  for (const source of exports.starSources) {
    const target = await resolve(source, file)
    if (!target || target.external || seen.has(cleanModuleId(target.id))) continue
    const nested = await findExport(cleanModuleId(target.id), name, resolve, seen, option)
    if (nested.ok) return nested
    names.push(...nested.names)
  }
  return { ok: false, names: names.filter((n) => n !== 'default') }
}
