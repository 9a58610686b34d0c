import MagicString from 'magic-string'
import type { ModuleAnalysis } from './model.ts'

/**
 * Writes the session middleware into every protected root the analysis found.
 *
 * ```ts
 * // before
 * import { createServerFn } from '@tanstack/react-start'
 * export const getProfile = createServerFn().middleware([requireAdmin]).handler(...)
 *
 * // after
 * import { createServerFn } from '@tanstack/react-start';import { requireSession as __serverFnAuth_session } from "/app/src/session.ts";
 * export const getProfile = createServerFn().middleware([__serverFnAuth_session]).middleware([requireAdmin]).handler(...)
 * ```
 *
 * The import goes on the line of the last import so that every other line keeps its number.
 * The injected middleware comes first in the chain: TanStack Start runs middleware in order and
 * deduplicates by identity, so the session check runs before user middleware and the validator.
 * Returns null when there is nothing to write.
 */
export function injectSessionMiddleware(
  code: string,
  analysis: ModuleAnalysis,
  /** Where to inject; the host may add points from `analysis.importedBuilders`. */
  injectionPoints: readonly number[] = analysis.injectionPoints,
): MagicString | null {
  const { session } = analysis
  if (!session || injectionPoints.length === 0) return null
  const output = new MagicString(code)
  if (session.kind === 'new-import') {
    const at = session.insertAt
    const statement = `import { ${session.exportName} as ${session.name} } from ${JSON.stringify(session.source)};`
    if (at === 0) output.prependLeft(0, `${statement}\n`)
    else output.appendLeft(at, `${code[at - 1] === ';' ? '' : ';'}${statement}`)
  }
  for (const point of injectionPoints) {
    output.appendLeft(point, `.middleware([${session.name}])`)
  }
  return output
}
