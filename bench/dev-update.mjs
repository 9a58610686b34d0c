// Benchmark (not a test): what serverFnAuth() adds to one update of a server-function module under
// `vite dev`. Run with `npm run bench:dev` after `npm run bench:build` has written the app
// (bench/.app). Four dev servers, with and without the plugin alternated, each in a process of its
// own (bench/dev-update-once.mjs); prints each one's median time to transform the module again.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const repo = new URL('..', import.meta.url).pathname
const root = join(repo, 'bench/.app')
if (!existsSync(join(root, 'src/server/fns/m7.ts'))) throw new Error('No benchmark app: run `npm run bench:build` first (it writes bench/.app).')
for (const plugin of [true, false, true, false]) {
  const output = execFileSync(process.execPath, [join(repo, 'bench/dev-update-once.mjs'), root], { env: { ...process.env, SERVERFN_AUTH_BENCH: plugin ? 'on' : 'off' }, encoding: 'utf8' })
  const { median, min, max } = JSON.parse(output.trim().split('\n').at(-1))
  console.log(`${plugin ? 'with   ' : 'without'} the plugin: median ${median.toFixed(1)} ms (min ${min.toFixed(1)}, max ${max.toFixed(1)}) to transform one server-function module again after an edit`)
}
