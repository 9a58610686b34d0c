/**
 * The function ids a built server registers, read from TanStack Start's resolver manifest
 * (`"<id>": { functionName: "<name>_createServerFn_handler", ... }`). The manifest is in the
 * server entry, in a chunk of its own, or in another environment's output (RSC): the plugin
 * records which files hold it, and the probe reads them.
 *
 * Keys are read as the bundler writes them (quoted) and as a minifier does: a bare identifier,
 * which may be any Unicode identifier (`égetSecret`), or a number (`29017`, from a custom
 * `generateFunctionId`). Escapes (`"\u00e9…"`) are decoded: the id is the key's value.
 */
const KEY = String.raw`"((?:[^"\\\n]|\\.)+)"|'((?:[^'\\\n]|\\.)+)'|` + '`((?:[^`\\\\\\n]|\\\\.)+)`' + String.raw`|(?<![\p{ID_Continue}$\u200c\u200d\\.])((?:[\p{ID_Start}$_]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})(?:[\p{ID_Continue}$\u200c\u200d]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})*|\d+)`
const ENTRY = new RegExp(String.raw`(?:${KEY})\s*:\s*\{\s*functionName\s*:\s*(["'\x60])[^"'\x60\n]+_createServerFn_handler\5`, 'gu')

export function registeredIds(source: string): Set<string> {
  return new Set([...source.matchAll(ENTRY)].map((m) => unescape((m[1] ?? m[2] ?? m[3] ?? m[4])!)))
}

/** A key's escapes, as JavaScript reads them: `\u00e9`, `\u{1F600}`, `\x41`, `\"`. */
function unescape(text: string): string {
  if (!text.includes('\\')) return text
  return text.replace(/\\(?:u\{([\da-fA-F]+)\}|u([\da-fA-F]{4})|x([\da-fA-F]{2})|(.))/gsu, (_, braced: string, four: string, two: string, other: string) =>
    braced || four || two ? String.fromCodePoint(parseInt(braced || four || two, 16)) : other,
  )
}
