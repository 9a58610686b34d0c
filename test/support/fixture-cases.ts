import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join, posix } from 'node:path'
import { cleanModuleId, type AccessDecision, type ImportKind, type SessionIdentity, type SessionPartRole, type TransformOptions } from '../../src/core/index.ts'

/**
 * The fixture corpus (`test/fixtures/cases`): each case, the options its sibling
 * `<case>.options.json` gives the analysis, and the diagnostics its `expect-error:` comments
 * announce. Shared by the fixture suite and the ESLint plugin's tests.
 */

export const casesDir = join(import.meta.dirname, '../fixtures/cases')

/** The session module of the fixtures' app, and what it exports the middleware as. */
export const SESSION_MODULE = '/app/src/server/session.ts'
export const SESSION_EXPORT = 'requireSession'

/** The roles and the optional session the fixtures' app configures. */
export const ACCESS = { roles: ['admin', 'billing', 'posts:write'], optional: true }

/** What a `<case>.options.json` may hold. */
export interface FixtureOptions {
  /** The roles and whether an optional-session middleware is configured; default `ACCESS`. */
  access?: { roles: string[]; optional: boolean }
  /** Module id, query included (`?tss-serverfn-split`). Default `/app/src/<case file name>`. */
  file?: string
  /** The session middleware; `null` for a project that names none. */
  session?: { module: string; exportName: string } | null
  /** The names of the module that are parts of the session middleware, with their role (see `session-parts.ts`). */
  sessionParts?: Record<string, SessionPartRole>
  /**
   * Answers for the module's imports, by `source#imported` (`imported` is a name, `default` or
   * `*`). An import that is not listed is unanswered: the core fails closed.
   */
  imports?: Record<string, ImportKind>
  /** The module belongs to a package; `rule: null` when the app has no rule for it (SFA401). */
  dependency?: {
    package: string
    rule: { access: AccessDecision; exports?: Record<string, AccessDecision> } | null
  }
}

export const LINE_TERMINATOR = /\r\n|[\n\r\u2028\u2029]/

export const cases = readdirSync(casesDir)
  .filter((name) => /\.[cm]?[jt]sx?$/.test(name))
  .sort()

/**
 * Resolves an import specifier of `importer` the way the fixtures' app would: relative and
 * absolute paths, with a TypeScript extension or an index file added when it has none. Bare
 * specifiers (packages, aliases) resolve to nothing here.
 */
function resolveSpecifier(specifier: string, importer: string): string[] {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return []
  const path = posix.resolve(posix.dirname(importer), specifier)
  if (/\.[cm]?[jt]sx?$/.test(path)) return [path]
  return [`${path}.ts`, `${path}.tsx`, `${path}/index.ts`]
}

function sessionIdentity(file: string, module: string, exportName: string): SessionIdentity {
  return { exportName, isModule: (specifier) => resolveSpecifier(specifier, file).includes(module) }
}

const FIXTURE_OPTION_KEYS = new Set(['file', 'session', 'sessionParts', 'imports', 'dependency', 'access'])

export function readFixtureOptions(name: string): FixtureOptions {
  const path = join(casesDir, `${basename(name, extname(name))}.options.json`)
  if (!existsSync(path)) return {}
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as FixtureOptions
  // A misspelt key would silently leave the default in place.
  const unknown = Object.keys(fixture).filter((key) => !FIXTURE_OPTION_KEYS.has(key))
  if (unknown.length) throw new Error(`${path}: unknown option ${unknown.join(', ')}`)
  return fixture
}

export function optionsFor(name: string): TransformOptions {
  const fixture = readFixtureOptions(name)
  const file = fixture.file ?? `/app/src/${name}`
  const access = fixture.access ?? ACCESS
  const options: TransformOptions = { file, access: { roles: new Set(access.roles), optional: access.optional } }
  const session = fixture.session === undefined ? { module: SESSION_MODULE, exportName: SESSION_EXPORT } : fixture.session
  if (session) {
    options.session = sessionIdentity(cleanModuleId(file), session.module, session.exportName)
    if (fixture.sessionParts) options.session.parts = new Map(Object.entries(fixture.sessionParts))
  }
  if (fixture.imports) {
    const answers = new Map(Object.entries(fixture.imports))
    options.imports = (source, imported) => answers.get(`${source}#${imported}`)
  }
  if (fixture.dependency) {
    const { rule } = fixture.dependency
    options.dependency = {
      package: fixture.dependency.package,
      rule: rule ? { access: rule.access, exports: new Map(Object.entries(rule.exports ?? {})) } : null,
    }
  }
  return options
}

/** `SFAnnn@line` for every `expect-error: SFAnnn` of the fixture, lines counted as the parser does. */
export function expectedDiagnostics(code: string): string[] {
  return code
    .split(LINE_TERMINATOR)
    .flatMap((line, index) => [...line.matchAll(/expect-error: (SFA\d{3})/g)].map((m) => `${m[1]}@${index + 1}`))
    .sort()
}
