import { readdirSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { analyzeModule, DIAGNOSTIC_CATALOG, mayContainServerFn, parseModule, RETIRED_CODES, transformModule, type Diagnostic, type ModuleAnalysis } from '../src/core/index.ts'
import { cases, casesDir, expectedDiagnostics, LINE_TERMINATOR, optionsFor } from './support/fixture-cases.ts'

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
 * A sibling `<case>.options.json` (see `FixtureOptions` in support/fixture-cases.ts) may override the module id and the session
 * identity, give answers for the module's imports, or make the module a dependency's.
 */

const snapshotsDir = join(import.meta.dirname, 'fixtures/__snapshots__')

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
 * SFA116 (a server function in a Vue component) is found by the Vite adapter in a component's
 * text, which is no module the core reads: test/core/vue-sfc.test.ts and the Vue end-to-end tests.
 */
const ADAPTER_CODES = new Set(['SFA116'])

/**
 * Codes the core can report about one module: SFA0xx-SFA4xx and SFA603 (an import the host could
 * not follow). SFA5xx are the plugin's configuration, the other SFA6xx checks of the whole build.
 */
const MODULE_LEVEL_CODES = Object.keys(DIAGNOSTIC_CATALOG).filter((code) => (/^SFA[0-4]/.test(code) && !ADAPTER_CODES.has(code)) || code === 'SFA603')

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
