import { describe, expect, test } from 'vitest'
import { ProjectAnalyzer } from '../../src/core/index.ts'
import { BuildState } from '../../src/vite/build-state.ts'
import type { EnvironmentState, PluginState } from '../../src/vite/plugin-state.ts'
import { sweepModuleGraph } from '../../src/vite/sweep.ts'
import { memoryHost } from '../support/start-harness.ts'

/**
 * The end-of-build sweep over the module graph Rolldown reports: which modules it analyses again,
 * and SFA607 for a server function in a module the transform never saw.
 */

const files: Record<string, string> = {
  '/app/src/builders.ts': "import { createServerFn } from '@tanstack/react-start'\nexport const authed = createServerFn()\n",
  '/app/src/launder.ts': "import { authed } from './builders'\nexport default { authed }\n",
  '/app/src/fns.ts': "import { authed } from './builders'\nexport const f = authed.handler(() => 1)\n",
  '/app/src/unrelated.ts': 'export const x = 1\n',
  '/app/src/page.mdx': '# not JavaScript\n',
}
const graph: Record<string, string[]> = {
  '/app/src/builders.ts': [],
  '/app/src/launder.ts': ['/app/src/builders.ts'],
  '/app/src/fns.ts': ['/app/src/builders.ts'],
  '/app/src/unrelated.ts': [],
  '/app/src/page.mdx': ['/app/src/builders.ts'],
  '\0virtual:x': ['/app/src/builders.ts'],
}

async function sweep(transformed: string[]) {
  const build = new BuildState()
  const analyzer = new ProjectAnalyzer({ host: memoryHost(files), onAnalysis: (analysis, code) => build.record(code, analysis, null) })
  for (const file of transformed) {
    build.transformed.add(file)
    await analyzer.analyze(file, files[file]!)
  }
  const read: string[] = []
  const state = { sources: { read: async (file: string) => (read.push(file), files[file] ?? null) } } as unknown as PluginState
  const env = { build, analyzer, resolve: async () => null } as unknown as EnvironmentState
  const context = { getModuleIds: () => Object.keys(graph)[Symbol.iterator](), getModuleInfo: (id: string) => ({ importedIds: graph[id] ?? [], dynamicallyImportedIds: [] }) }
  await sweepModuleGraph(context as never, state, env)
  return { problems: build.problems(), read }
}

describe('sweepModuleGraph', () => {
  test('analyses every script importer of a builder module with all its imports answered', async () => {
    const { problems, read } = await sweep(['/app/src/builders.ts', '/app/src/fns.ts'])
    expect(problems.map((p) => `${p.code} ${p.file}:${p.loc.line}`)).toEqual(['SFA109 /app/src/launder.ts:2'])
    expect(read.sort()).toEqual(['/app/src/fns.ts', '/app/src/launder.ts'])
  })

  test('a server function in a module the transform never saw is SFA607', async () => {
    const { problems } = await sweep(['/app/src/builders.ts'])
    expect(problems.map((p) => `${p.code} ${p.file}:${p.loc.line}`)).toEqual(['SFA607 /app/src/fns.ts:2', 'SFA109 /app/src/launder.ts:2'])
  })
})
