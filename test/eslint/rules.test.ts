import tsParser from '@typescript-eslint/parser'
import { Linter, RuleTester } from 'eslint'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, test } from 'vitest'
import { analyzeModule, parseModule, START_PACKAGE_PATTERN, type Diagnostic } from '../../src/core/index.ts'
import plugin, { provenDiagnostics } from '../../src/eslint/index.ts'
import { ACCESS, cases, casesDir, optionsFor, readFixtureOptions } from '../support/fixture-cases.ts'

/**
 * The ESLint plugin on the fixture corpus, through ESLint's own RuleTester and Linter with
 * typescript-eslint's parser. The rule runs the build's analysis: on every fixture whose
 * findings the file decides alone, it reports exactly what the build reports (code, message,
 * hint, line and column); on the others, never anything the build does not.
 */

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only

const languageOptions = { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } } as const
const rule = plugin.rules['server-functions']

const message = (finding: Diagnostic) => `${finding.code} ${finding.name}: ${finding.message} Hint: ${finding.hint}`
const key = (finding: Diagnostic) => `${finding.code}@${finding.loc.line}:${finding.loc.column}`

/** The build's findings for a fixture: its own import answers, session and access. */
function buildFindings(name: string, code: string): Diagnostic[] {
  return analyzeModule(code, optionsFor(name)).diagnostics
}

/** Every module the fixture imports from is TanStack Start's: no answer from another file can matter. */
function importsOnlyStart(name: string, code: string): boolean {
  let ast
  try {
    ast = parseModule(code, name)
  } catch {
    return false
  }
  if (/\bimport\s*\(|\brequire\s*\(/.test(code)) return false
  return ast.program.body.every((statement) => {
    if (statement.type !== 'ImportDeclaration' && statement.type !== 'ExportAllDeclaration' && statement.type !== 'ExportNamedDeclaration') return true
    return !statement.source || START_PACKAGE_PATTERN.test(statement.source.value)
  })
}

/**
 * Whether the fixture's findings depend on nothing but its text: it imports only from TanStack
 * Start, has no options of its own (answers, a module id, a package) and no finding about the
 * session middleware (which module that is, is the config's).
 */
function decidedByTheFile(name: string, code: string): boolean {
  const fixture = readFixtureOptions(name)
  if (fixture.imports || fixture.dependency || fixture.sessionParts || fixture.file) return false
  if (!importsOnlyStart(name, code)) return false
  const { session: _session, ...withoutSession } = optionsFor(name)
  return analyzeModule(code, withoutSession).diagnostics.map(key).join() === buildFindings(name, code).map(key).join()
}

function ruleOptions(name: string) {
  const access = readFixtureOptions(name).access ?? ACCESS
  return { roles: access.roles, optional: access.optional }
}

/** The corpus today: 50 fixtures decided by their file, 23 of them with findings. */
const DECIDED_AT_LEAST = 45
const WITH_FINDINGS_AT_LEAST = 20
const corpus = cases.map((name) => ({ name, code: readFileSync(join(casesDir, name), 'utf8') }))
// A module that does not parse is ESLint's parser's to report (SFA001 is the build's).
const parsable = corpus.filter(({ name, code }) => !buildFindings(name, code).some((finding) => finding.code === 'SFA001'))
const decided = parsable.filter(({ name, code }) => decidedByTheFile(name, code))
const undecided = parsable.filter((fixture) => !decided.includes(fixture))

test('most of the corpus is decided by the file alone, and it has findings to report', () => {
  expect(decided.length).toBeGreaterThanOrEqual(DECIDED_AT_LEAST)
  expect(decided.filter(({ name, code }) => buildFindings(name, code).length).length).toBeGreaterThanOrEqual(WITH_FINDINGS_AT_LEAST)
})

new RuleTester({ languageOptions }).run('serverfn-auth/server-functions', rule, {
  valid: decided
    .filter(({ name, code }) => buildFindings(name, code).length === 0)
    .map(({ name, code }) => ({ name, code, filename: join(casesDir, name), options: [ruleOptions(name)] })),
  invalid: decided
    .filter(({ name, code }) => buildFindings(name, code).length > 0)
    .map(({ name, code }) => ({
      name,
      code,
      filename: join(casesDir, name),
      options: [ruleOptions(name)],
      errors: buildFindings(name, code).map((finding) => ({ message: message(finding), line: finding.loc.line, column: finding.loc.column + 1 })),
    })),
})

describe('fixtures whose findings depend on other modules or the session', () => {
  const linter = new Linter({ configType: 'flat', cwd: casesDir })
  test.each(undecided.map(({ name }) => name))('%s: nothing the build does not report', (name) => {
    const code = readFileSync(join(casesDir, name), 'utf8')
    const reported = linter.verify(code, [{ files: ['**/*.*'], languageOptions, plugins: { 'serverfn-auth': plugin }, rules: { 'serverfn-auth/server-functions': ['error', ruleOptions(name)] } }], join(casesDir, name))
    expect(reported.filter((problem) => problem.fatal)).toEqual([])
    const build = new Set(buildFindings(name, code).map((finding) => `${message(finding)}@${finding.loc.line}:${finding.loc.column + 1}`))
    for (const problem of reported) expect(build, `${name}: ${problem.message}`).toContain(`${problem.message}@${problem.line}:${problem.column}`)
  })
})

describe('what one file cannot decide is not reported', () => {
  const importedBuilder = "import { authed } from './builders'\n\nexport let report = authed.handler(() => 'r')\n"

  test('a shape that is wrong only if an import is a builder', () => {
    // The build reports SFA108 when `authed` is a builder; a file that does not show it says nothing.
    expect(analyzeModule(importedBuilder, { file: '/app/src/fns.ts' }).diagnostics.map((d) => d.code)).toEqual(['SFA108'])
    expect(provenDiagnostics(importedBuilder, '/app/src/fns.ts')).toEqual([])
  })

  test('the same shape on a builder the file declares is reported', () => {
    const local = "import { createServerFn } from '@tanstack/react-start'\n\nconst authed = createServerFn()\nexport let report = authed.handler(() => 'r')\n"
    expect(provenDiagnostics(local, '/app/src/fns.ts').map((d) => `${d.code}@${d.loc.line}`)).toEqual(['SFA108@4'])
  })

  test('role names and the optional session are the config\'s: checked only when the rule is told them', () => {
    const code = "import { createServerFn } from '@tanstack/react-start'\n\n// @auth role: auditor\nexport const audit = createServerFn().handler(() => 'a')\n// @auth optional: anyone may ask\nexport const who = createServerFn().handler(() => 'w')\n"
    expect(provenDiagnostics(code, '/app/src/fns.ts').map((d) => d.code)).toEqual([])
    expect(provenDiagnostics(code, '/app/src/fns.ts', { roles: ['admin'], optional: false }).map((d) => d.code).sort()).toEqual(['SFA209', 'SFA212'])
    expect(provenDiagnostics(code, '/app/src/fns.ts', { roles: ['auditor'], optional: true })).toEqual([])
  })

  test('a code that depends on what an import is, is not reported under either name', () => {
    // `authed` a builder: SFA205 (public on a derived declaration); a plain value: SFA204. The build
    // reports one of them, the file cannot say which.
    const code = "import { authed } from './builders'\n\n// @auth public: the sign-in form posts here\nexport const publicPost = authed({ method: 'POST' })\n"
    expect(analyzeModule(code, { file: '/app/src/fns.ts', imports: (source) => (source === './builders' ? { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: null, package: null } : undefined) }).diagnostics.map((d) => d.code)).toEqual(['SFA205'])
    expect(provenDiagnostics(code, '/app/src/fns.ts')).toEqual([])
  })

  test('a module Babel cannot parse is left to ESLint\'s parser (no SFA001)', () => {
    const commonJs = "const { process } = require('./proc')\nif (!process) return\nexports.handler = async (event) => process(event)\n"
    expect(analyzeModule(commonJs, { file: '/app/lambda.cjs' }).diagnostics.map((d) => d.code)).toEqual(['SFA001'])
    expect(provenDiagnostics(commonJs, '/app/lambda.cjs')).toEqual([])
  })

  test('a Vue component (with vue-eslint-parser) gets the build\'s SFA116; one that only says handler, nothing', () => {
    const component = "<script setup lang=\"ts\">\nimport { createServerFn } from '@tanstack/vue-start'\nconst count = createServerFn().handler(() => 3)\n</script>\n"
    expect(provenDiagnostics(component, '/app/src/components/Count.vue').map((d) => `${d.code}@${d.loc.line}:${d.loc.column}`)).toEqual(['SFA116@3:14'])
    const clean = readFileSync(join(import.meta.dirname, '../../frameworks/vue/src/components/NoteCount.vue'), 'utf8')
    expect(provenDiagnostics(clean, '/app/src/components/NoteCount.vue')).toEqual([])
  })

  test('the recommended config leaves tests out: a server function made inside a test is no endpoint', () => {
    expect(plugin.configs.recommended.ignores).toEqual(['**/*.{test,spec}.*', '**/__tests__/**'])
  })
})

