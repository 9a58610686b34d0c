import { parse, type ParserPlugin } from '@babel/parser'
import type { File } from '@babel/types'

/** Extensions serverfn-auth reads, with the syntax each one allows. */
const TYPESCRIPT = /\.[cm]?tsx?$/i
const TSX = /\.tsx$/i

export const SUPPORTED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const

export class ModuleParseError extends Error {
  constructor(
    message: string,
    /** 0-based offset of the error. */
    readonly pos: number,
  ) {
    super(message)
    this.name = 'ModuleParseError'
  }
}

/** Strips the query and hash Vite adds to module ids (`file.ts?tss-serverfn-split`). */
export function cleanModuleId(id: string): string {
  return id.replace(/[?#].*/s, '')
}

function pluginsFor(filename: string, legacyDecorators = false): ParserPlugin[] {
  const file = cleanModuleId(filename)
  const plugins: ParserPlugin[] = []
  // `.ts` must not enable JSX: `<T>value` is a type assertion there, not an element.
  if (TYPESCRIPT.test(file)) plugins.push('typescript')
  if (!TYPESCRIPT.test(file) || TSX.test(file)) plugins.push('jsx')
  // `deprecatedImportAssert`: TanStack's compiler parses `import x from './x.json' assert { … }`,
  // so serverfn-auth must too.
  plugins.push(legacyDecorators ? 'decorators-legacy' : 'decorators', 'decoratorAutoAccessors', 'explicitResourceManagement', 'importAttributes', 'deprecatedImportAssert')
  return plugins
}

/** Babel's refusals that TypeScript's `experimentalDecorators` syntax (parameter decorators, say) earns under the standard proposal. */
const LEGACY_DECORATOR_SYNTAX = /decorat/i

/** Parses a module as ESM with the syntax its extension allows. Throws `ModuleParseError`. */
export function parseModule(code: string, filename: string): File {
  try {
    // Babel's defaults otherwise (no error recovery). Passing even default-valued options such as
    // `errorRecovery: false` or `attachComment: false` measured 15-25% slower on small modules.
    try {
      return parse(code, { sourceType: 'module', plugins: pluginsFor(filename) })
    } catch (error) {
      // Babel takes one decorator syntax at a time: a module written for `experimentalDecorators`
      // (`constructor(@Inject('x') private handler: unknown)`) is read with the legacy one.
      if (!LEGACY_DECORATOR_SYNTAX.test((error as Error).message)) throw error
      return parse(code, { sourceType: 'module', plugins: pluginsFor(filename, true) })
    }
  } catch (error) {
    const err = error as Error & { pos?: number }
    // Babel appends "(line:column)" to its messages; the position is reported separately.
    const message = err.message.replace(/\s*\(\d+:\d+\)$/, '')
    throw new ModuleParseError(message, typeof err.pos === 'number' ? err.pos : 0)
  }
}

/** Parses a module; `parseModule` or a cache of it (see `createParseCache`). */
export type ParseFn = (code: string, filename: string) => File

/**
 * `parseModule`, remembered by file: the same text of a file is parsed once, whichever
 * environment or hook asks (the client and the server environments analyse the same source). Only
 * the latest text of each file is kept. The analysis never writes into an AST, so one can be shared.
 */
export function createParseCache(): ParseFn {
  const entries = new Map<string, { code: string; ast: File | ModuleParseError }>()
  return (code, filename) => {
    const key = cleanModuleId(filename)
    let entry = entries.get(key)
    if (!entry || entry.code !== code) {
      let ast: File | ModuleParseError
      try {
        ast = parseModule(code, filename)
      } catch (error) {
        if (!(error instanceof ModuleParseError)) throw error
        ast = error
      }
      entries.set(key, (entry = { code, ast }))
    }
    if (entry.ast instanceof ModuleParseError) throw entry.ast
    return entry.ast
  }
}
