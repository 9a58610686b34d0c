#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { defaultDist, loadBuild, ProbeSetupError } from './probe/build.ts'
import { formatJson, formatTable } from './probe/format.ts'
import { failed, probe } from './probe/probe.ts'

const USAGE = `Usage: serverfn-auth probe [dist] [options]

Loads the built server (<dist>/server/server.js) and its inventory, and calls every protected
endpoint anonymously, in-process. Exit code 1 when any check fails, 2 on a setup error.

Options:
  --cookie <cookie>   also call protected endpoints with this Cookie header; they must answer
  --include-public    also call public endpoints anonymously; they must answer
  --json              print JSON instead of a table
  --timeout <ms>      time limit of each call (default 10000)
  -h, --help          show this help
`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cookie: { type: 'string' },
      'include-public': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '10000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, distArgument, ...rest] = positionals
  if (values.help || command === undefined) {
    process.stdout.write(USAGE)
    return command === undefined && !values.help ? 2 : 0
  }
  if (command !== 'probe' || rest.length) {
    process.stderr.write(`Unknown command: ${[command, ...rest].join(' ')}\n\n${USAGE}`)
    return 2
  }
  const timeoutMs = Number(values.timeout)
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    process.stderr.write(`--timeout must be a positive number of milliseconds, got ${values.timeout}\n`)
    return 2
  }

  const build = await loadBuild(distArgument ?? defaultDist(process.cwd()))
  const progress = process.stderr.isTTY && !values.json
  const rows = await probe(build.fetch, build.endpoints, {
    ...(values.cookie ? { cookie: values.cookie } : {}),
    includePublic: values['include-public'],
    timeoutMs,
    onProgress: progress ? (done, total, row) => process.stderr.write(`\r\x1b[Kprobing ${done}/${total} ${row.name}`) : undefined,
  })
  if (progress) process.stderr.write('\r\x1b[K')
  process.stdout.write(values.json ? formatJson(rows) : `${formatTable(rows, !!process.stdout.isTTY && !process.env.CI)}\n`)
  return failed(rows).length ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`serverfn-auth: ${error instanceof ProbeSetupError ? error.message : (error as Error).stack}\n`)
    process.exitCode = 2
  },
)
