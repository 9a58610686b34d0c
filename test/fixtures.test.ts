import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join, posix } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  analyzeModule,
  cleanModuleId,
  DIAGNOSTIC_CATALOG,
  mayContainServerFn,
  parseModule,
  RETIRED_CODES,
  transformModule,
  type AccessDecision,
  type Diagnostic,
  type ImportKind,
  type ModuleAnalysis,
  type SessionIdentity,
  type SessionPartRole,
  type TransformOptions,
} from '../src/core/index.ts'

/**
 * Fixture suite. Every file in `fixtures/cases` is a module as a user would write it. For each:
 * - the transformed output and the analysis (declarations and diagnostics) are compared with file
 *   snapshots in `__snapshots__` ("no change" is an explicit snapshot);
 * - the output parses, keeps every line at its number, and transforming it again writes nothing
 *   (idempotence) and reports the same problems;
 * - every diagnostic is announced in the fixture by a trailing `expect-error: SFAnnn` comment on
 *   its line, and every announced one is reported: the code and the line are checked outside
 *   the snapshots, so that updating snapshots cannot hide a lost diagnostic.
 *
 * A sibling `<case>.options.json` (see `FixtureOptions`) may override the module id and the session
 * identity, give answers for the module's imports, or make the module a dependency's.
 */

const casesDir = join(import.meta.dirname, 'fixtures/cases')
const snapshotsDir = join(import.meta.dirname, 'fixtures/__snapshots__')

/** The session module of the fixtures' app, and what it exports the middleware as. */
const SESSION_MODULE = '/app/src/server/session.ts'
const SESSION_EXPORT = 'requireSession'

/** The roles and the optional session the fixtures' app configures. */
const ACCESS = { roles: ['admin', 'billing', 'posts:write'], optional: true }

/** What a `<case>.options.json` may hold. */
interface FixtureOptions {
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

const LINE_TERMINATOR = /\r\n|[\n\r\u2028\u2029]/

const cases = readdirSync(casesDir)
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

function readFixtureOptions(name: string): FixtureOptions {
  const path = join(casesDir, `${basename(name, extname(name))}.options.json`)
  if (!existsSync(path)) return {}
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as FixtureOptions
  // A misspelt key would silently leave the default in place.
  const unknown = Object.keys(fixture).filter((key) => !FIXTURE_OPTION_KEYS.has(key))
  if (unknown.length) throw new Error(`${path}: unknown option ${unknown.join(', ')}`)
  return fixture
}

function optionsFor(name: string): TransformOptions {
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
function expectedDiagnostics(code: string): string[] {
  return code
    .split(LINE_TERMINATOR)
    .flatMap((line, index) => [...line.matchAll(/expect-error: (SFA\d{3})/g)].map((m) => `${m[1]}@${index + 1}`))
    .sort()
}

function describeDiagnostic(d: Diagnostic) {
  // The hint is the catalog's, unless this case fills in its own names (then it is part of the snapshot).
  const hint = d.hint === DIAGNOSTIC_CATALOG[d.code].hint ? {} : { hint: d.hint }
  return { code: d.code, name: d.name, line: d.loc.line, column: d.loc.column, message: d.message, ...hint }
}

function snapshotOf(analysis: ModuleAnalysis) {
  return {
    declarations: analysis.declarations.map(({ loc, ...rest }) => ({ ...rest, line: loc.line, column: loc.column })),
    diagnostics: analysis.diagnostics.map(describeDiagnostic),
  }
}

function lineCount(code: string): number {
  return code.split(LINE_TERMINATOR).length
}

/**
 * Codes the core can report about one module: SFA0xx-SFA4xx and SFA603 (an import the host could
 * not follow). SFA5xx are the plugin's configuration, the other SFA6xx checks of the whole build.
 */
const MODULE_LEVEL_CODES = Object.keys(DIAGNOSTIC_CATALOG).filter((code) => /^SFA[0-4]/.test(code) || code === 'SFA603')

describe('fixtures', () => {
  test('there are enough fixtures to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60)
  })

  test('every options file belongs to a fixture', () => {
    const stems = new Set(cases.map((name) => basename(name, extname(name))))
    const orphans = readdirSync(casesDir)
      .filter((name) => name.endsWith('.options.json'))
      .filter((name) => !stems.has(name.slice(0, -'.options.json'.length)))
    expect(orphans).toEqual([])
  })

  test.each(cases)('%s', async (name) => {
    const code = readFileSync(join(casesDir, name), 'utf8')
    const options = optionsFor(name)
    const result = transformModule(code, options)
    // A module whose text cannot declare a server function is not even parsed by the transform;
    // the analysis still runs on it when asked (the Vite layer links such modules' endpoints).
    if (!mayContainServerFn(code)) expect(result).toBeNull()
    const analysis = result?.analysis ?? analyzeModule(code, options)
    const output = result?.output ?? null

    await expect(`${JSON.stringify(snapshotOf(analysis), null, 2)}\n`).toMatchFileSnapshot(join(snapshotsDir, `${name}.analysis.json`))
    await expect(output ? output.code : '// no change\n').toMatchFileSnapshot(join(snapshotsDir, `${name}.output${extname(name)}`))

    const reported = analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`).sort()
    expect(reported, 'diagnostics announced by expect-error comments').toEqual(expectedDiagnostics(code))
    for (const d of analysis.diagnostics) expect(RETIRED_CODES, 'retired codes are never emitted').not.toContain(d.code)

    if (output) {
      expect(() => parseModule(output.code, options.file)).not.toThrow()
      expect(lineCount(output.code), 'every line keeps its number').toBe(lineCount(code))
      const again = transformModule(output.code, options)
      expect(again?.output, 'a second transform writes nothing').toBeNull()
      expect(again?.analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`)).toEqual(analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`))
      expect(again?.analysis.declarations.map((d) => [d.name, d.kind, d.access.kind])).toEqual(
        analysis.declarations.map((d) => [d.name, d.kind, d.access.kind]),
      )
    }
  })

  // The markers are checked against what is reported, fixture by fixture: reading them is enough.
  test('every module-level diagnostic code is triggered by some fixture', () => {
    const announced = new Set(cases.flatMap((name) => expectedDiagnostics(readFileSync(join(casesDir, name), 'utf8')).map((d) => d.split('@')[0])))
    expect(MODULE_LEVEL_CODES.filter((code) => !announced.has(code))).toEqual([])
  })
})
