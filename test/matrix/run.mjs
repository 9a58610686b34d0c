// The version matrix (`npm run test:matrix`; `-- --ci` for the combinations CI runs, `-- --only
// solid` or `-- --only react@1.167.0` for some, `-- --keep` to keep the apps). Each combination of
// combinations.mjs is installed from the registry into an app of its own, with serverfn-auth
// packed as users get it, built with its own Vite, and called over HTTP (check.mjs). A release
// the plugin must refuse has to fail its build with SFA505.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { writeMatrixApp, writeStartFile } from './app.mjs'
import { COMBINATIONS } from './combinations.mjs'

const { values } = parseArgs({ options: { ci: { type: 'boolean', default: false }, only: { type: 'string' }, keep: { type: 'boolean', default: false } } })
const repo = join(import.meta.dirname, '../..')
const NAMES = { react: 'React', solid: 'Solid', vue: 'Vue' }

// The apps install on their own: nothing of this repository's npm run (its workspaces, its
// package) may leak into their npm.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(?:package_|config_(?:workspace|prefix|global))|^INIT_CWD$/i.test(key)))
Object.assign(env, { NO_COLOR: '1', CI: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' })

async function run(command, args, cwd) {
  const started = performance.now()
  const result = await promisify(execFile)(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error) => ({ code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? String(error) }),
  )
  return { ...result, seconds: (performance.now() - started) / 1000 }
}

const selected = COMBINATIONS.filter((combination) => {
  if (values.ci && !combination.ci) return false
  if (!values.only) return true
  return values.only.split(',').some((filter) => `${combination.framework}@${combination.start}/vite@${combination.vite}`.startsWith(filter))
})
if (!selected.length) throw new Error(`No combination matches ${values.only}`)

const work = mkdtempSync(join(tmpdir(), 'serverfn-auth-matrix-'))
const pack = await run('npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts'], repo)
if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`)
const tarball = join(work, JSON.parse(pack.stdout)[0].filename)

const rows = []
for (const combination of selected) {
  const label = `${NAMES[combination.framework]} Start ${combination.start}, Vite ${combination.vite}`
  const root = join(work, `${combination.framework}-${combination.start}-vite-${combination.vite}`)
  const row = { label, install: null, build: null, result: 'fail', detail: '' }
  rows.push(row)
  process.stdout.write(`${label}: `)
  try {
    writeMatrixApp(root, combination, tarball)
  } catch (error) {
    row.detail = `the app could not be written: ${error.message}`
    console.log(`fail\n${row.detail}`)
    continue
  }
  // A release the peer range excludes is installed the way a user forces it past npm's check.
  const force = combination.expect === 'refused' ? ['--legacy-peer-deps'] : []
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...force], root)
  row.install = install.seconds
  if (install.code !== 0) {
    row.detail = `npm install failed:\n${install.stderr.slice(-2000)}`
    console.log(row.detail)
    continue
  }
  writeStartFile(root, combination.framework)
  const build = await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], root)
  row.build = build.seconds
  const output = `${build.stdout}\n${build.stderr}`
  if (combination.expect === 'refused') {
    const refused = build.code !== 0 && output.includes('SFA505') && output.includes(`@tanstack/${combination.framework}-start ${combination.start}`)
    row.result = refused ? 'refused (SFA505)' : 'fail'
    row.detail = refused ? '' : `the build was not refused with SFA505:\n${output.slice(-3000)}`
  } else if (build.code !== 0) {
    row.detail = `vite build failed:\n${output.slice(-3000)}`
  } else if (!build.stdout.includes(`framework: ${NAMES[combination.framework]} Start ${combination.start} (@tanstack/${combination.framework}-start)`)) {
    row.detail = `the table does not say which Start built it:\n${build.stdout.slice(-2000)}`
  } else {
    const check = await run(process.execPath, [join(import.meta.dirname, 'check.mjs'), root], repo)
    const verdict = check.code === 0 ? JSON.parse(check.stdout.trim().split('\n').at(-1)) : { ok: false, failures: [check.stderr.slice(-2000)] }
    row.result = verdict.ok ? 'pass' : 'fail'
    row.detail = verdict.failures.join('\n')
  }
  console.log(`${row.result} (install ${row.install.toFixed(0)} s, build ${row.build.toFixed(1)} s)${row.detail ? `\n${row.detail}` : ''}`)
  if (!values.keep) rmSync(root, { recursive: true, force: true })
}

console.log('\n| Combination | Result | npm install | vite build |\n| --- | --- | --- | --- |')
for (const row of rows) console.log(`| ${row.label} | ${row.result} | ${row.install === null ? '–' : `${row.install.toFixed(0)} s`} | ${row.build === null ? '–' : `${row.build.toFixed(1)} s`} |`)
if (values.keep) console.log(`\nThe apps are in ${work}`)
else rmSync(work, { recursive: true, force: true })
const failed = rows.filter((row) => row.result === 'fail').length
console.log(failed ? `\nserverfn-auth matrix: ${failed} of ${rows.length} combinations failed` : `\nserverfn-auth matrix: all ${rows.length} combinations passed`)
process.exit(failed ? 1 : 0)
