// Benchmark (not a test): what serverFnAuth() adds to a whole `vite build`. Run with
// `npm run bench:build` (it builds `dist/` first); flags: --routes 300 --fn-modules 150
// --fns-per-module 2 --builders 20 --components 530 --pairs 4 --seed 1 --no-profile.
//
// It generates a TanStack Start app from the seed (bench/build-app.mjs), builds it with and
// without the plugin in alternated pairs (on/off, then off/on: a warm cache or a busy neighbour
// favours neither side), each build in a fresh process, and prints per pair the wall and CPU
// ratios (with / without) and their medians. Then it builds once more with the plugin under V8's
// CPU profiler and prints the plugin's share: the time of the samples whose stack holds a frame
// of this package's code (inclusive), against all samples of the main thread.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { writeBenchApp } from './build-app.mjs'

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '300' },
    'fn-modules': { type: 'string', default: '150' },
    'fns-per-module': { type: 'string', default: '2' },
    builders: { type: 'string', default: '20' },
    components: { type: 'string', default: '530' },
    pairs: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    'no-profile': { type: 'boolean', default: false },
  },
})
const number = (name) => {
  const value = Number(values[name])
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${values[name]}`)
  return value
}
const sizes = { routes: number('routes'), fnModules: number('fn-modules'), fnsPerModule: number('fns-per-module'), builders: number('builders'), components: number('components') }
const repo = new URL('..', import.meta.url).pathname
const root = join(repo, 'bench/.app')
const modules = writeBenchApp(root, sizes, number('seed'))
console.log(`bench:build: ${modules} modules (${sizes.routes} routes, ${sizes.fnModules} server-function modules with ${sizes.fnModules * sizes.fnsPerModule} endpoints, ${sizes.builders} builder modules, ${sizes.components} components), seed ${values.seed}`)

function build(plugin, extraNodeFlags = []) {
  const output = execFileSync(process.execPath, [...extraNodeFlags, join(repo, 'bench/build-once.mjs'), root], {
    env: { ...process.env, SERVERFN_AUTH_BENCH: plugin ? 'on' : 'off' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return JSON.parse(output.trim().split('\n').at(-1))
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const fixed = (value, digits = 3) => value.toFixed(digits)

// A first build of each kind generates the route tree and warms the file cache; it is not counted.
build(true)
build(false)
const rows = []
for (let pair = 0; pair < number('pairs'); pair++) {
  const order = pair % 2 === 0 ? [true, false] : [false, true]
  const runs = Object.fromEntries(order.map((plugin) => [plugin ? 'with' : 'without', build(plugin)]))
  rows.push({ pair: pair + 1, order: order[0] ? 'with first' : 'without first', ...runs, wall: runs.with.wall / runs.without.wall, cpu: runs.with.cpu / runs.without.cpu })
}
console.log('\npair  order          wall with / without (ms)   wall A/B   cpu with / without (ms)   cpu A/B')
for (const row of rows) {
  console.log(
    `${String(row.pair).padEnd(5)} ${row.order.padEnd(14)} ${`${row.with.wall.toFixed(0)} / ${row.without.wall.toFixed(0)}`.padEnd(26)} ${fixed(row.wall).padEnd(10)} ${`${row.with.cpu.toFixed(0)} / ${row.without.cpu.toFixed(0)}`.padEnd(25)} ${fixed(row.cpu)}`,
  )
}
console.log(`median wall A/B ${fixed(median(rows.map((row) => row.wall)))}, median CPU A/B ${fixed(median(rows.map((row) => row.cpu)))}`)

if (!values['no-profile']) {
  const dir = mkdtempSync(join(tmpdir(), 'serverfn-auth-prof-'))
  build(true, ['--cpu-prof', `--cpu-prof-dir=${dir}`])
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  const ours = join(repo, 'dist/')
  const parent = new Map()
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const inPackage = new Map()
  const isOurs = (id) => {
    if (inPackage.has(id)) return inPackage.get(id)
    const node = byId.get(id)
    const url = node.callFrame.url.replace(/^file:\/\//, '')
    const result = url.startsWith(ours) || (parent.has(id) && isOurs(parent.get(id)))
    inPackage.set(id, result)
    return result
  }
  let total = 0
  let plugin = 0
  const self = new Map()
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0
    total += delta
    if (isOurs(id)) plugin += delta
    const frame = byId.get(id).callFrame
    if (frame.url.replace(/^file:\/\//, '').startsWith(ours)) {
      const key = `${frame.functionName || '(anonymous)'} ${frame.url.slice(frame.url.indexOf('/dist/') + 1)}:${frame.lineNumber + 1}`
      self.set(key, (self.get(key) ?? 0) + delta)
    }
  })
  console.log(`\nCPU profile of one build with the plugin (main thread): ${(total / 1000).toFixed(0)} ms sampled, the plugin's code ${(plugin / 1000).toFixed(0)} ms inclusive (${((plugin / total) * 100).toFixed(2)}%)`)
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 8)
  for (const [name, time] of top) console.log(`  ${(time / 1000).toFixed(1).padStart(8)} ms self  ${name}`)
}
