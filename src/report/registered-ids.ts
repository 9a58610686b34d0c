/**
 * The function ids a built server registers, read from TanStack Start's resolver manifest
 * (`"<id>": { functionName: "<name>_createServerFn_handler", ... }`). The manifest is in the
 * server entry, in a chunk of its own, or in another environment's output (RSC): the plugin
 * records which files hold it, and the probe reads them.
 */
export function registeredIds(source: string): Set<string> {
  // Quoted keys as the bundler writes them, or bare ones and any quotes as a minifier does.
  const entries = /(?:(["'`])([^"'`\s]+)\1|([A-Za-z_$][\w$]*))\s*:\s*\{\s*functionName\s*:\s*(["'`])[\w$]+_createServerFn_handler\4/g
  return new Set([...source.matchAll(entries)].map((m) => (m[2] ?? m[3])!))
}
