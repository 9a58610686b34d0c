import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { analyzeModule, transformModule, type AnalyzeOptions } from '../../src/core/index.ts'
import { runModule, SESSION } from '../support/oracle.ts'
import { corpus, type EvasionCase } from './corpus.ts'

const session = { source: '/app/src/server/session.ts', exportName: 'requireSession' }
const docsFile = join(import.meta.dirname, '../../docs/evasion.md')

function options(index: number, entry: EvasionCase): AnalyzeOptions {
  return { file: `/app/src/evasion/case-${index}${entry.ext ?? '.tsx'}`, session }
}

describe('evasion corpus', () => {
  test('has at least 60 shapes, and none is expected to be unprotected', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60)
    expect(new Set(corpus.map((entry) => entry.shape)).size).toBe(corpus.length)
    for (const entry of corpus) expect(['protected', 'public', 'error']).toContain(entry.expect)
  })

  test.each(corpus.map((entry, index) => [entry.shape, entry, index] as const))('%s', async (_, entry, index) => {
    const opts = options(index, entry)
    const analysis = transformModule(entry.source, opts)?.analysis ?? analyzeModule(entry.source, opts)
    const codes = analysis.diagnostics.map((d) => d.code)
    if (entry.expect === 'error') {
      expect(codes).toContain(entry.code)
      return
    }
    expect(codes).toEqual([])
    // The oracle runs the transformed module: every builder and endpoint must carry the session
    // middleware first, except those the analysis made public on purpose.
    const output = transformModule(entry.source, opts)?.output?.code ?? entry.source
    const chains = await runModule(output, opts.file, {
      sessionSource: session.source,
      sessionExport: session.exportName,
      startLike: (source) => source === '~/lib/start',
    })
    expect(chains.size).toBeGreaterThan(0)
    const publicNames = new Set(analysis.declarations.filter((d) => d.access.kind === 'public').map((d) => d.name))
    for (const [name, chain] of chains) {
      if (publicNames.has(name)) expect(chain.middleware[0], name).not.toBe(SESSION)
      else expect(chain.middleware[0], `${name} carries the session middleware first`).toBe(SESSION)
    }
    if (entry.expect === 'public') expect(publicNames.size).toBeGreaterThan(0)
    else expect(publicNames.size).toBe(0)
  })

  test('the oracle can fail: an untransformed module does not carry the session middleware', async () => {
    const entry = corpus.find((candidate) => candidate.expect === 'protected')!
    const chains = await runModule(entry.source, '/app/src/evasion/raw.tsx', { sessionSource: session.source, sessionExport: session.exportName })
    expect([...chains.values()].every((chain) => chain.middleware[0] !== SESSION)).toBe(true)
  })

  test('docs/evasion.md lists every shape with its outcome', () => {
    const rendered = renderTable()
    if (process.env.UPDATE_EVASION_DOCS === '1') writeFileSync(docsFile, rendered)
    expect(readFileSync(docsFile, 'utf8')).toBe(rendered)
  })
})

function renderTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|')
  const outcome = (entry: EvasionCase) => (entry.expect === 'error' ? `build error ${entry.code}` : entry.expect)
  const rows = corpus.map((entry) => `| ${cell(entry.shape)} | ${outcome(entry)} | ${cell(entry.why)} |`)
  return `# Evasion corpus

Every source shape serverfn-auth is tested against (\`test/evasion/corpus.ts\`), with its outcome.
\`protected\`: when the transformed module runs, every builder and endpoint carries the session
middleware first (checked by running it with recording stubs). \`public\`: annotated, with a reason;
everything else protected. \`build error\`: the build fails with that diagnostic. No shape is left
unprotected. This file is generated from the corpus (\`UPDATE_EVASION_DOCS=1 npm test\`) and a test
keeps it in sync.

| Shape | Outcome | Why |
| --- | --- | --- |
${rows.join('\n')}
`
}
