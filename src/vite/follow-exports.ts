import { cleanModuleId, readModuleBindings, readModuleExports } from '../core/index.ts'
import type { ModuleSources } from './module-sources.ts'
import type { ResolveFn } from './session-module.ts'

/**
 * Finds the module that declares an export, through barrels: `export { authed } from './builders'`,
 * `export * from './builders'`, `import { authed } from './builders'; export { authed }`.
 * Used to link an endpoint to the builder whose root decides its access.
 */
export async function findDeclaringModule(
  file: string,
  name: string,
  resolve: ResolveFn,
  sources: ModuleSources,
  seen: Set<string> = new Set(),
): Promise<{ file: string; name: string } | null> {
  const key = `${file}#${name}`
  if (seen.has(key) || seen.size > 20) return null
  seen.add(key)
  const ast = (await sources.read(file))?.ast
  if (!ast) return null
  const follow = async (source: string, imported: string) => {
    const target = await resolve(source, file)
    if (!target || target.external) return null
    return findDeclaringModule(cleanModuleId(target.id), imported, resolve, sources, seen)
  }
  const exports = readModuleExports(ast)
  const reexport = exports.reexports.get(name)
  if (reexport) return follow(reexport.source, reexport.imported)
  const bindings = readModuleBindings(ast)
  for (const [local, exportedAs] of bindings.exportsByLocal) {
    if (!exportedAs.includes(name)) continue
    const imported = bindings.imports.get(local)
    return imported ? follow(imported.source, imported.imported) : { file, name }
  }
  for (const source of exports.starSources) {
    const found = await follow(source, name)
    if (found) return found
  }
  return null
}
