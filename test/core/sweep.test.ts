import { describe, expect, test } from 'vitest'
import { exposesServerFns, ProjectAnalyzer, sweepImporters, type ModuleAnalysis, type ProjectHost } from '../../src/core/index.ts'

/**
 * The sweep: after the module graph is known, every module that imports a module exposing
 * builders is analysed again with every import answered, so that a builder laundered through a
 * position no import query covers (`export default { builder }`, `strip(builder)`) meets the rules.
 */

const imp = "import { createServerFn } from '@tanstack/react-start'\n"

const files: Record<string, string> = {
  '/app/src/builders.ts': `${imp}export const authed = createServerFn()\n`,
  '/app/src/barrel.ts': "export * from './builders'\n",
  '/app/src/launder.ts': "import { authed } from './builders'\nexport default { authed }\n",
  '/app/src/tamper.ts': 'export function strip(builder: any) { builder.options.middleware = [] }\n',
  '/app/src/strip.ts': "import { authed } from './barrel'\nimport { strip } from './tamper'\nstrip(authed)\n",
  '/app/src/fns.ts': "import { authed } from './builders'\nexport const f = authed.handler(() => 1)\n",
  '/app/src/unrelated.ts': "import { strip } from './tamper'\nstrip({})\n",
}
const graph = new Map<string, string[]>([
  ['/app/src/builders.ts', []],
  ['/app/src/barrel.ts', ['/app/src/builders.ts']],
  ['/app/src/launder.ts', ['/app/src/builders.ts']],
  ['/app/src/tamper.ts', []],
  ['/app/src/strip.ts', ['/app/src/barrel.ts', '/app/src/tamper.ts']],
  ['/app/src/fns.ts', ['/app/src/builders.ts']],
  ['/app/src/unrelated.ts', ['/app/src/tamper.ts']],
])

const host: ProjectHost = {
  async resolve(specifier) {
    const file = `/app/src/${specifier.replace(/^\.\//, '')}.ts`
    return file in files ? file : null
  },
  async read(file) {
    return files[file] ?? null
  },
}

const codesOf = (analysis: ModuleAnalysis | undefined) => analysis?.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column])

/** The build so far: every module analysed as the transform would, with its import queries only. */
async function build() {
  const analyzer = new ProjectAnalyzer({ host })
  const analyses = new Map<string, ModuleAnalysis>()
  for (const file of graph.keys()) analyses.set(file, await analyzer.analyze(file, files[file]!))
  return { analyzer, analyses }
}

describe('sweepImporters', () => {
  test('the transform alone misses builders laundered out of query positions', async () => {
    const { analyses } = await build()
    expect(codesOf(analyses.get('/app/src/launder.ts'))).toEqual([])
    expect(codesOf(analyses.get('/app/src/strip.ts'))).toEqual([])
  })

  test('the sweep catches `export default { builder }` and `strip(builder)`, at the builder', async () => {
    const { analyzer, analyses } = await build()
    const reads: string[] = []
    const swept = await sweepImporters({ analyzer, graph, analyses, read: async (file) => (reads.push(file), files[file] ?? null) })
    const byFile = new Map(swept.map((analysis) => [analysis.file, analysis]))
    expect(codesOf(byFile.get('/app/src/launder.ts'))).toEqual([['SFA109', 2, 17]])
    // `strip.ts` imports the builder through a barrel: found in the round after the barrel.
    expect(codesOf(byFile.get('/app/src/strip.ts'))).toEqual([['SFA109', 3, 6]])
    expect(codesOf(byFile.get('/app/src/fns.ts'))).toEqual([])
    // Only importers of modules that expose server functions, each once.
    expect(new Set(byFile.keys())).toEqual(new Set(['/app/src/barrel.ts', '/app/src/launder.ts', '/app/src/strip.ts', '/app/src/fns.ts']))
    expect(reads.sort()).toEqual([...byFile.keys()].sort())
    // The sweep's analyses replace the earlier ones.
    expect(analyses.get('/app/src/launder.ts')).toBe(byFile.get('/app/src/launder.ts'))
    expect(analyses.has('/app/src/barrel.ts')).toBe(true)
  })

  test('modules that cannot be read are left out', async () => {
    const { analyzer, analyses } = await build()
    const swept = await sweepImporters({ analyzer, graph, analyses, read: async (file) => (file === '/app/src/launder.ts' ? null : (files[file] ?? null)) })
    expect(swept.map((analysis) => analysis.file)).not.toContain('/app/src/launder.ts')
    expect(swept.map((analysis) => analysis.file)).toContain('/app/src/strip.ts')
  })

  test('nothing to sweep when no module exposes a server function', async () => {
    const analyzer = new ProjectAnalyzer({ host })
    const analyses = new Map([['/app/src/tamper.ts', await analyzer.analyze('/app/src/tamper.ts', files['/app/src/tamper.ts']!)]])
    expect(await sweepImporters({ analyzer, graph, analyses, read: async (file) => files[file] ?? null })).toEqual([])
  })
})

// BUG (src/core/import-queries.ts): members of a namespace import are asked about only where they
// head a chain as `N.member.method(…)`; `all` adds `(source, '*')` and nothing more. So
// `strip(N.authed)` is never answered, `N.authed` stays "unanswered" and is not checked: the SFA109
// that `strip(authed)` gets is missed by the transform and by the sweep. (At run time the builder's
// seal still refuses the write.) Flip to `test` when fixed.
async function sweepNamespaceLaundering() {
  const laundered: Record<string, string> = { ...files, '/app/src/strip-ns.ts': "import * as N from './builders'\nimport { strip } from './tamper'\nstrip(N.authed)\n" }
  const nsHost: ProjectHost = { read: async (file) => laundered[file] ?? null, resolve: async (specifier) => `/app/src/${specifier.replace(/^\.\//, '')}.ts` }
  const analyzer = new ProjectAnalyzer({ host: nsHost })
  const analyses = new Map<string, ModuleAnalysis>()
  for (const file of ['/app/src/builders.ts', '/app/src/tamper.ts', '/app/src/strip-ns.ts']) analyses.set(file, await analyzer.analyze(file, laundered[file]!))
  const nsGraph = new Map([['/app/src/builders.ts', []], ['/app/src/tamper.ts', []], ['/app/src/strip-ns.ts', ['/app/src/builders.ts', '/app/src/tamper.ts']]])
  const swept = await sweepImporters({ analyzer, graph: nsGraph, analyses, read: async (file) => laundered[file] ?? null })
  return swept.find((analysis) => analysis.file === '/app/src/strip-ns.ts')
}

test('a namespace importer of a builder module is swept', async () => {
  expect((await sweepNamespaceLaundering())?.file).toBe('/app/src/strip-ns.ts')
})

test('the sweep catches a builder read through a namespace import and passed to a helper', async () => {
  expect(codesOf(await sweepNamespaceLaundering())).toEqual([['SFA109', 3, 6]])
})

describe('exposesServerFns', () => {
  const analyze = (file: string, code: string) => new ProjectAnalyzer({ host }).analyze(file, code)

  test.each([
    ['a builder export', `${imp}export const authed = createServerFn()\n`, true],
    ['a star re-export', "export * from './anything'\n", true],
    ['a named re-export', "export { x } from './anything'\n", true],
    ['an import exported again', "import { x } from './anything'\nexport { x }\n", true],
    ['only endpoints', `${imp}export const f = createServerFn().handler(() => 1)\n`, false],
    ['a builder that is not exported', `${imp}const authed = createServerFn()\nexport const f = authed.handler(() => 1)\n`, false],
    ['plain exports', 'export const x = 1\n', false],
  ])('%s: %s', async (_, code, expected) => {
    expect(exposesServerFns(await analyze('/app/src/m.ts', code))).toBe(expected)
  })
})
