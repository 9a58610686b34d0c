// One `vite build` of the benchmark app, in a process of its own (see build.mjs): prints its wall
// time and the CPU time of the whole process (every thread: Rolldown's workers included), in ms.
import { resolve } from 'node:path'
import { createBuilder } from 'vite'

const root = resolve(process.argv[2])
process.chdir(root)
const start = performance.now()
const builder = await createBuilder({ root, logLevel: 'silent' })
await builder.buildApp()
const wall = performance.now() - start
const cpu = process.cpuUsage()
process.stdout.write(`${JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 })}\n`)
