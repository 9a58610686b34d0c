import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  analyzeModule,
  mayContainServerFn,
  parseModule,
  transformModule,
  type AnalyzeOptions,
  type Diagnostic,
  type ModuleAnalysis,
} from '../src/core/index.ts'

/**
 * Fixture suite. Every file in `fixtures/cases` is a module as a user would write it. For each:
 * - the transformed output and the analysis are compared with file snapshots in `__snapshots__`
 *   ("no change" is an explicit snapshot);
 * - the output parses, and transforming it again changes nothing (idempotence);
 * - every diagnostic is announced in the fixture by a trailing `expect-error: SFAnnn` comment on
 *   its line, and every announced one is reported: the code and the line are checked outside
 *   the snapshots, so that updating snapshots cannot hide a lost diagnostic.
 *
 * A sibling `<case>.options.json` may override the module id and the session middleware.
 */

const casesDir = join(import.meta.dirname, 'fixtures/cases')
const snapshotsDir = join(import.meta.dirname, 'fixtures/__snapshots__')

const defaultOptions = (name: string): AnalyzeOptions => ({
  file: `/app/src/${name}`,
  session: { source: '/app/src/server/session.ts', exportName: 'requireSession' },
})

const cases = readdirSync(casesDir)
  .filter((name) => /\.[cm]?[jt]sx?$/.test(name))
  .sort()

function optionsFor(name: string): AnalyzeOptions {
  const path = join(casesDir, `${basename(name, extname(name))}.options.json`)
  if (!existsSync(path)) return defaultOptions(name)
  const overrides = JSON.parse(readFileSync(path, 'utf8')) as Partial<AnalyzeOptions>
  return { ...defaultOptions(name), ...overrides }
}

function expectedDiagnostics(code: string): string[] {
  return code
    .split(/\r?\n/)
    .flatMap((line, index) => [...line.matchAll(/expect-error: (SFA\d{3})/g)].map((m) => `${m[1]}@${index + 1}`))
    .sort()
}

function describeDiagnostic(d: Diagnostic) {
  return { code: d.code, name: d.name, severity: d.severity, line: d.loc.line, column: d.loc.column, message: d.message }
}

function snapshotOf(analysis: ModuleAnalysis) {
  return {
    declarations: analysis.declarations.map(({ loc, ...rest }) => ({ ...rest, line: loc.line, column: loc.column })),
    diagnostics: analysis.diagnostics.map(describeDiagnostic),
  }
}

describe('fixtures', () => {
  test('there are enough fixtures to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  test.each(cases)('%s', async (name) => {
    const code = readFileSync(join(casesDir, name), 'utf8')
    const options = optionsFor(name)
    const result = transformModule(code, options)
    // A module that never names createServerFn is not even parsed by the transform; the
    // analysis still runs on it when asked (the Vite layer links such modules' endpoints).
    if (!mayContainServerFn(code)) expect(result).toBeNull()
    const analysis = result?.analysis ?? analyzeModule(code, options)
    const output = result?.output ?? null

    await expect(`${JSON.stringify(snapshotOf(analysis), null, 2)}\n`).toMatchFileSnapshot(
      join(snapshotsDir, `${name}.analysis.json`),
    )
    await expect(output ? output.code : '// no change\n').toMatchFileSnapshot(join(snapshotsDir, `${name}.output${extname(name)}`))

    const reported = analysis.diagnostics.map((d) => `${d.code}@${d.loc.line}`).sort()
    expect(reported).toEqual(expectedDiagnostics(code))

    if (output) {
      expect(() => parseModule(output.code, options.file)).not.toThrow()
      const again = transformModule(output.code, options)
      expect(again?.output, 'a second transform changes nothing').toBeNull()
      expect(again?.analysis.diagnostics.map((d) => d.code)).toEqual(analysis.diagnostics.map((d) => d.code))
    }
  })
})
