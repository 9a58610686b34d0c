// Benchmark (not a test): analysis + transform against a bare @babel/parser parse of the same
// modules, in the same run. Run with `npm run bench` (it builds `dist/` first).
//
// Corpus: the fixture modules that declare server functions, plus generated route-sized modules
// (server functions beside components, loaders and types) of a few sizes. Modules that never
// name createServerFn are measured separately: the transform should cost a substring check.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@babel/parser'
import { transformModule } from '../dist/core/index.js'

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
  // Components that import nothing from TanStack Start and call no `.handler(`.
  code: generatedModule(5).replaceAll('createServerFn', 'createClientThing').replaceAll('@tanstack/react-start', 'client-lib').replaceAll('.handler(', '.run('),
}))

/** Per-round time of `work` over all modules, for at least `minMs`. */
function measure(modules, work, minMs) {
  let rounds = 0
  const started = performance.now()
  while (performance.now() - started < minMs) {
    for (const m of modules) work(m)
    rounds++
  }
  return (performance.now() - started) / rounds
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

function compare(name, modules) {
  const bytes = modules.reduce((sum, m) => sum + m.code.length, 0)
  const contenders = {
    parse: (m) => parse(m.code, parseOptions(m.file)),
    transform: (m) => transformModule(m.code, { file: m.file }),
  }
  // Warm both up before measuring either, then interleave short rounds and keep the median:
  // both run the parser, so JIT state and machine noise affect them alike.
  for (const work of Object.values(contenders)) measure(modules, work, 1000)
  const samples = { parse: [], transform: [] }
  for (let round = 0; round < 7; round++) {
    for (const [key, work] of Object.entries(contenders)) samples[key].push(measure(modules, work, 400))
  }
  const parseMs = median(samples.parse)
  const transformMs = median(samples.transform)
  console.log(
    `${name.padEnd(27)} ${String(modules.length).padStart(3)} modules ${String(Math.round(bytes / 1024)).padStart(4)} KiB | ` +
      `bare parse ${parseMs.toFixed(2).padStart(6)} ms | analysis + transform ${transformMs.toFixed(2).padStart(6)} ms | ` +
      `ratio ${(transformMs / parseMs).toFixed(2)}x`,
  )
}

console.log(`node ${process.version}, ${new Date().toISOString()}`)
compare('fixtures (server fns)', fixtures)
compare('generated route modules', generated)
compare('all server-fn modules', [...fixtures, ...generated])
compare('modules without server fns', plain)
