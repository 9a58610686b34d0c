// Benchmark (not a test): analysis + transform against a bare @babel/parser parse of the same
// modules, in the same run. Run with `npm run bench` (it builds `dist/` first).
//
// Corpus: the fixture modules that declare server functions, plus generated route-sized modules
// (server functions beside components, loaders and types) of a few sizes. Modules that never
// name createServerFn are measured separately: the transform should cost a substring check.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@babel/parser'
import { transformModule } from '../dist/index.js'

const session = { source: '/app/src/server/session.ts', exportName: 'requireSession' }
const casesDir = new URL('../test/fixtures/cases/', import.meta.url).pathname

function generatedModule(functions) {
  let code = `import { createServerFn } from '@tanstack/react-start'
import { createFileRoute } from '@tanstack/react-router'
import { z } from 'zod'
import { db, eq, users } from '~/server/db'
import { requireAdmin } from '~/server/admin'
`
  for (let i = 0; i < functions; i++) {
    code += `
/** Loads page ${i}. */
export const fn${i} = createServerFn({ method: '${i % 2 ? 'POST' : 'GET'}' })
  .middleware([requireAdmin])
  .validator(z.object({ id: z.string(), page: z.number().optional() }))
  .handler(async ({ data, context }) => {
    const rows = await db.select().from(users).where(eq(users.id, data.id))
    if (!rows.length) throw new Error('not found ${i}')
    return rows.map((row) => ({ ...row, name: row.name.toUpperCase(), by: context.user })) as Array<{ name: string }>
  })

type Props${i} = { rows: Array<{ id: string; name: string }>; onSelect?: (id: string) => void }
function Table${i}({ rows, onSelect }: Props${i}) {
  return (
    <table className="table">
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} onClick={() => onSelect?.(row.id)}>
            <td>{row.name}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
`
  }
  code += `
export const Route = createFileRoute('/generated')({
  loader: () => fn0({ data: { id: '1' } }),
  component: () => <Table0 rows={[]} />,
})
`
  return code
}

function parseOptions(file) {
  const ts = /\.[cm]?tsx?$/.test(file)
  const jsx = /\.(?:[cm]?jsx?|tsx)$/.test(file) || !ts
  // The same syntax plugins the core enables, so both sides parse the same language.
  const plugins = [...(ts ? ['typescript'] : []), ...(jsx ? ['jsx'] : [])]
  plugins.push('decorators', 'decoratorAutoAccessors', 'explicitResourceManagement', 'importAttributes')
  return { sourceType: 'module', plugins }
}

const fixtures = readdirSync(casesDir)
  .filter((name) => /\.[cm]?[jt]sx?$/.test(name) && !name.startsWith('error-parse'))
  .map((name) => ({ file: `/app/src/${name}`, code: readFileSync(join(casesDir, name), 'utf8') }))
  .filter(({ code }) => code.includes('createServerFn'))
const generated = [1, 5, 20, 80].map((n) => ({ file: `/app/src/routes/generated-${n}.tsx`, code: generatedModule(n) }))
const plain = Array.from({ length: 20 }, (_, i) => ({
  file: `/app/src/components/plain-${i}.tsx`,
  code: generatedModule(5).replaceAll('createServerFn', 'createClientThing'),
}))

function measure(label, modules, work, minMs = 1500) {
  for (let i = 0; i < 30; i++) for (const m of modules) work(m) // warm-up
  let rounds = 0
  const started = performance.now()
  while (performance.now() - started < minMs) {
    for (const m of modules) work(m)
    rounds++
  }
  const perRound = (performance.now() - started) / rounds
  return { label, perRoundMs: perRound, rounds }
}

function compare(name, modules) {
  const bytes = modules.reduce((sum, m) => sum + m.code.length, 0)
  // Interleave the two measurements twice to even out JIT and thermal drift.
  const parses = []
  const leanParses = []
  const transforms = []
  for (let i = 0; i < 2; i++) {
    parses.push(measure('parse', modules, (m) => parse(m.code, parseOptions(m.file))))
    // The core parses without Babel's comment attachment, which it does not use.
    leanParses.push(measure('parse', modules, (m) => parse(m.code, { ...parseOptions(m.file), attachComment: false })))
    transforms.push(measure('transform', modules, (m) => transformModule(m.code, { file: m.file, session })))
  }
  const best = (runs) => Math.min(...runs.map((r) => r.perRoundMs))
  const parseMs = best(parses)
  const leanMs = best(leanParses)
  const transformMs = best(transforms)
  console.log(
    `${name.padEnd(27)} ${String(modules.length).padStart(3)} modules ${String(Math.round(bytes / 1024)).padStart(4)} KiB | ` +
      `bare parse ${parseMs.toFixed(2).padStart(6)} ms (${leanMs.toFixed(2)} ms without comment attachment) | ` +
      `analysis + transform ${transformMs.toFixed(2).padStart(6)} ms | ` +
      `ratio ${(transformMs / parseMs).toFixed(2)}x (${(transformMs / leanMs).toFixed(2)}x)`,
  )
}

console.log(`node ${process.version}, ${new Date().toISOString()}`)
compare('fixtures (server fns)', fixtures)
compare('generated route modules', generated)
compare('all server-fn modules', [...fixtures, ...generated])
compare('modules without server fns', plain)
