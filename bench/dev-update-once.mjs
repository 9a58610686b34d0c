// One `vite dev` server on the benchmark app (see dev-update.mjs), in a process of its own: the
// time to transform one server-function module again (plain and `?tss-serverfn-split`, as the
// server environment asks for both) after each of 15 edits. Prints the median, min and max in ms.
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createServer } from 'vite'

const root = resolve(process.argv[2])
process.chdir(root)
const server = await createServer({ root, logLevel: 'silent', server: { middlewareMode: true, hmr: false } })
const ssr = server.environments.ssr
const file = join(root, 'src/server/fns/m7.ts')
const ids = [file, `${file}?tss-serverfn-split`]
for (const id of ids) await ssr.transformRequest(id)
const original = readFileSync(file, 'utf8')
const times = []
try {
  for (let edit = 1; edit <= 15; edit++) {
    writeFileSync(file, original.replace('module: 7', `module: ${7 + edit}`))
    for (const module of ssr.moduleGraph.getModulesByFile(file) ?? []) ssr.moduleGraph.invalidateModule(module)
    // What the dev server's watcher does on a change: the plugin's watchChange hook runs.
    server.watcher.emit('change', file)
    const start = performance.now()
    for (const id of ids) await ssr.transformRequest(id)
    times.push(performance.now() - start)
  }
} finally {
  writeFileSync(file, original)
  await server.close()
}
times.sort((a, b) => a - b)
process.stdout.write(`${JSON.stringify({ median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1) })}\n`)
