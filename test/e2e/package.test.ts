import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { writeFixtureApp } from './support/fixture-app.ts'

/**
 * The package as a user gets it: `npm pack`, installed with production dependencies only into a
 * clean app outside this workspace (its own node_modules, nothing borrowed from ours), built with
 * the app's own Vite, and its command run. A runtime import of a devDependency fails here.
 * `npm test` built dist/ already; packing skips `prepack` so that no other test sees it rewritten.
 */

const repo = join(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'serverfn-auth-package-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  // No CI variable from the outside changes what npm prints; colors off for stable text.
  const env = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' }
  return promisify(execFile)(command, args, { cwd, env, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Run) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

/** The tarball, packed once for the tests that install it. */
let tarball: Promise<string> | undefined
function packed(): Promise<string> {
  tarball ??= run('npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts'], repo).then((pack) => {
    if (pack.code !== 0) throw new Error(`npm pack failed: ${pack.stderr}`)
    return join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename)
  })
  return tarball
}

/** The version this workspace installed, so that the app's install comes from npm's cache. */
const installed = (name: string) => (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

describe('the packed package', () => {
  test('holds what it needs and nothing that warns: the build, the docs, the licence; no source map comments, no install scripts', async () => {
    const packed = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], repo)
    expect(packed.code).toBe(0)
    const { files } = (JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!
    const paths = files.map((file) => file.path)
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/cli.js', 'dist/runtime.js', 'dist/guard.js']))
    expect(paths.filter((path) => !/^(dist\/.+\.(js|d\.ts)|LICENSE|README\.md|CHANGELOG\.md|package\.json)$/.test(path))).toEqual([])
    for (const path of paths.filter((path) => path.endsWith('.js'))) {
      expect(readFileSync(join(repo, path), 'utf8'), path).not.toContain('sourceMappingURL')
    }
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Record<string, Record<string, string>>
    // Every package the shipped code imports is one it declares (a devDependency is not installed).
    const declared = new Set([...Object.keys(manifest.dependencies!), ...Object.keys(manifest.peerDependencies!)])
    const imported = new Set<string>()
    for (const path of paths.filter((path) => path.endsWith('.js'))) {
      for (const [, specifier] of readFileSync(join(repo, path), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        // Module text the plugin generates (`import … from ${startPackage}`) is not an import of ours.
        if (specifier && !specifier.includes('${') && !specifier.startsWith('.') && !specifier.startsWith('node:')) imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!)
      }
    }
    expect(imported.size).toBeGreaterThan(3)
    expect([...imported].filter((name) => !declared.has(name))).toEqual([])
    expect(Object.keys(manifest.scripts!).filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual([])
    expect(manifest.peerDependencies!.vite).toMatch(/^\^8\./)
  }, 120_000)

  test('installed on its own (no app, no TanStack), its command runs', async () => {
    const file = await packed()
    const alone = join(work, 'alone')
    mkdirSync(alone)
    writeFileSync(join(alone, 'package.json'), JSON.stringify({ name: 'alone', private: true, dependencies: { 'serverfn-auth': `file:${file}` } }))
    const install = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], alone)
    expect(install.code, install.stderr).toBe(0)
    expect(existsSync(join(alone, 'node_modules/@tanstack'))).toBe(false)
    const help = await run(join(alone, 'node_modules/.bin/serverfn-auth'), ['--help'], alone)
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toContain('probe [dist]')
    expect(help.stdout).toContain('audit [root]')
    const unknown = await run(join(alone, 'node_modules/.bin/serverfn-auth'), ['frobnicate'], alone)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.split('\n')[0]).toBe('serverfn-auth: Unknown command: frobnicate')
    expect(unknown.stderr).not.toMatch(/\n\s+at /)
    // The ESLint plugin loads without ESLint (an optional peer): it imports only its types.
    const eslintPlugin = await run(process.execPath, ['--input-type=module', '-e', "const { default: plugin } = await import('serverfn-auth/eslint'); console.log(Object.keys(plugin.rules).join(), Object.keys(plugin.configs).join())"], alone)
    expect([eslintPlugin.code, eslintPlugin.stdout.trim()], eslintPlugin.stderr).toEqual([0, 'server-functions,server-routes recommended'])
  }, 300_000)

  test('installs into a clean app with production dependencies only, builds it, and its command runs', async () => {
    const file = await packed()

    const app = join(work, 'app')
    const dependencies = ['@tanstack/react-start', '@tanstack/react-router', 'react', 'react-dom', 'vite', '@vitejs/plugin-react']
    writeFixtureApp({
      name: 'packed',
      directory: app,
      versions: { ...Object.fromEntries(dependencies.map((name) => [name, installed(name)])), 'serverfn-auth': `file:${file}` },
      serverModules: {
        'fns.ts': `import { createServerFn } from '@tanstack/react-start'

// @auth public: health probe
export const health = createServerFn().handler(() => 'ok')
export const getReport = createServerFn().handler(() => 'report')
`,
      },
    })
    const install = await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app)
    expect(install.code, install.stderr).toBe(0)
    // TanStack Start asks for Node 22.12 (EBADENGINE on Node 20 is expected); nothing of ours warns.
    expect(install.stderr.split('\n').filter((line) => /warn/i.test(line) && !/EBADENGINE|^npm warn EBADENGINE|^npm warn\s+(package|required|current):/.test(line) && /serverfn-auth|install-scripts/.test(line))).toEqual([])

    const bin = join(app, 'node_modules/.bin')
    const help = await run(join(bin, 'serverfn-auth'), ['--help'], app)
    expect(help.code, help.stderr).toBe(0)
    expect(help.stdout).toContain('probe [dist]')
    const version = await run(join(bin, 'serverfn-auth'), ['--version'], app)
    expect(version.stdout).toContain(`serverfn-auth/${(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version}`)

    const build = await run(process.execPath, [join(app, 'node_modules/vite/bin/vite.js'), 'build'], app)
    expect(build.code, build.stderr).toBe(0)
    expect(build.stdout).toContain('serverfn-auth: 2 endpoints (1 protected, 1 public)')

    const probe = await run(join(bin, 'serverfn-auth'), ['probe', '--json'], app)
    expect(probe.code, probe.stderr).toBe(0)
    expect((JSON.parse(probe.stdout) as { rows: Array<{ name: string; status: number; verdict: string }> }).rows.map((row) => [row.name, row.status, row.verdict])).toEqual([['getReport', 401, 'pass']])
  }, 300_000)
})
