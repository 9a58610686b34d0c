/**
 * The function ids a built server registers, read from TanStack Start's resolver manifest
 * (`"<id>": { functionName: "<name>_createServerFn_handler", ... }`). The manifest is in the
 * server entry, in a chunk of its own, or in another environment's output (RSC): the plugin
 * records which files hold it, and the probe reads them.
 */
export function registeredIds(source: string): Set<string> {
  return new Set([...source.matchAll(/"([^"]+)":\s*\{\s*functionName:\s*"[\w$]+_createServerFn_handler"/g)].map((m) => m[1]!))
}
