import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { describeRelease, installedVersion, OLDEST_SUPPORTED, startFrameworkOf, startReleaseOf, unsupportedRelease } from '../../src/vite/start-framework.ts'

/** Which Start an app builds with, and whether serverfn-auth supports that release (SFA505). */

const work = mkdtempSync(join(tmpdir(), 'serverfn-auth-start-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** An app directory whose node_modules holds the given packages at the given versions. */
function appWith(name: string, packages: Record<string, string | null>): string {
  const root = join(work, name)
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'package.json'), '{"name":"app","private":true}')
  for (const [pkg, version] of Object.entries(packages)) {
    const dir = join(root, 'node_modules', pkg)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify(version === null ? { name: pkg } : { name: pkg, version, exports: { './package.json': './package.json' } }))
  }
  return root
}

const PLUGINS = (framework: string) => ['serverfn-auth', `tanstack-${framework}-start:config`, 'tanstack-start-core:config', 'tanstack-start-core::server-fn:ssr']

describe('the framework, from the config plugins', () => {
  test.each(['react', 'solid', 'vue'] as const)('%s Start', (framework) => {
    expect(startFrameworkOf(PLUGINS(framework))).toBe(framework)
  })

  test.each([
    [['tanstack-start-core:config', 'tanstack-start-core::server-fn:ssr']],
    [['tanstack-preact-start:config']],
    [['tanstack-react-start:configure']],
    [['my-tanstack-react-start:config']],
  ])('none of the three: %j', (names) => {
    expect(startFrameworkOf(names)).toBeNull()
  })
})

describe('the installed release', () => {
  test('read where the app resolves the package, from a parent directory too', () => {
    const root = appWith('parent', { '@tanstack/solid-start': '1.168.55' })
    const nested = join(root, 'apps/web')
    mkdirSync(nested, { recursive: true })
    expect(installedVersion('@tanstack/solid-start', root)).toBe('1.168.55')
    expect(installedVersion('@tanstack/solid-start', nested)).toBe('1.168.55')
  })

  test('the app\'s framework decides which package is read, not the first one installed', () => {
    const root = appWith('both', { '@tanstack/react-start': '1.169.5', '@tanstack/solid-start': '1.168.55' })
    expect(startReleaseOf(PLUGINS('solid'), root)).toEqual({ framework: 'solid', package: '@tanstack/solid-start', version: '1.168.55' })
    expect(describeRelease(startReleaseOf(PLUGINS('react'), root) as never)).toBe('React Start 1.169.5 (@tanstack/react-start)')
  })

  test('a package that is missing, or names no version, is null', () => {
    const root = appWith('empty', { '@tanstack/vue-start': null })
    expect(installedVersion('@tanstack/react-start', root)).toBeNull()
    expect(installedVersion('@tanstack/vue-start', root)).toBeNull()
  })
})

describe('SFA505: releases serverfn-auth refuses', () => {
  const release = (framework: 'react' | 'solid' | 'vue', version: string) => ({ framework, package: `@tanstack/${framework}-start`, version })

  test.each(['react', 'solid', 'vue'] as const)('%s: the oldest supported release and later 1.x ones pass', (framework) => {
    const oldest = OLDEST_SUPPORTED[framework]
    const [major, minor, patch] = oldest.split('.').map(Number) as [number, number, number]
    for (const version of [oldest, `${major}.${minor}.${patch + 1}`, `${major}.${minor + 1}.0`, '1.999.0', `${oldest}-beta.1`]) expect(unsupportedRelease(release(framework, version)), version).toBeNull()
  })

  test.each(['react', 'solid', 'vue'] as const)('%s: an older release is refused, naming the oldest', (framework) => {
    const oldest = OLDEST_SUPPORTED[framework]
    const [major, minor] = oldest.split('.').map(Number) as [number, number]
    const older = `${major}.${minor - 1}.99`
    expect(unsupportedRelease(release(framework, older))).toBe(
      `@tanstack/${framework}-start ${older} is older than ${oldest}, the oldest release serverfn-auth was tested with: its server function compiler may emit what serverfn-auth cannot verify.`,
    )
  })

  test('another major, or a version that is no release number, is refused', () => {
    expect(unsupportedRelease(release('react', '2.0.0'))).toMatch(/^@tanstack\/react-start 2\.0\.0 is a major release serverfn-auth was not tested with/)
    expect(unsupportedRelease(release('react', '0.9.0'))).toMatch(/is a major release/)
    expect(unsupportedRelease(release('solid', 'latest'))).toBe('@tanstack/solid-start reports the version "latest", which is not a release number serverfn-auth can compare.')
  })

  test('a config with no known Start, a Start that is not installed, an old one: each says why', () => {
    const root = appWith('old', { '@tanstack/react-start': '1.100.0' })
    expect(startReleaseOf(['tanstack-preact-start:config'], root)).toEqual({
      problem: 'serverfn-auth supports TanStack Start for React, Solid and Vue; the Start plugin in this config (tanstack-preact-start:config) is none of them.',
    })
    expect(startReleaseOf(PLUGINS('vue'), root)).toEqual({
      problem: `The config uses Vue Start, but @tanstack/vue-start cannot be found from ${root}, so neither its release nor the module the runtime imports \`createMiddleware\` from can be known.`,
    })
    expect(startReleaseOf(PLUGINS('react'), root)).toEqual({ problem: expect.stringMatching(/^@tanstack\/react-start 1\.100\.0 is older than /) })
  })
})
