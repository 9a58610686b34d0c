import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createParseCache, ModuleParseError } from '../../src/core/index.ts'
import { createPackageFilter } from '../../src/vite/analyzer-host.ts'
import { wantsSourceMap } from '../../src/vite/transform-hook.ts'

/** What the build skips without reading it, what it parses once for every environment, and when it writes source maps. */

describe('modules that can declare none of the app’s server functions', () => {
  const root = mkdtempSync(join(tmpdir(), 'serverfn-auth-packages-'))
  const manifest = (name: string, fields: Record<string, unknown>) => {
    mkdirSync(join(root, 'node_modules', name), { recursive: true })
    writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, ...fields }))
  }
  manifest('react-dom', { dependencies: { scheduler: '*' } })
  manifest('auth-kit', { peerDependencies: { '@tanstack/react-start': '*' } })
  manifest('@scope/widgets', { dependencies: { react: '*' } })
  mkdirSync(join(root, 'node_modules/no-manifest'), { recursive: true })

  test.each([
    ['node_modules/react-dom/cjs/react-dom-client.production.js', true],
    ['node_modules/@scope/widgets/dist/index.js', true],
    ['node_modules/@tanstack/react-start/dist/esm/index.js', true],
    ['node_modules/@tanstack/start-server-core/dist/esm/createStartHandler.js', true],
    ['node_modules/@tanstack/start-client-core/dist/esm/createServerFn.js', true],
    // A package that depends on TanStack Start may ship endpoints: read.
    ['node_modules/auth-kit/dist/server.js', false],
    // Without a manifest nothing proves a package harmless: read.
    ['node_modules/no-manifest/index.js', false],
    // TanStack's router is not Start: decided by its manifest (absent here: read).
    ['node_modules/@tanstack/react-router/dist/esm/index.js', false],
    ['src/server/fns.ts', false],
  ])('%s: skipped %s', (file, skipped) => {
    expect(createPackageFilter()(join(root, file))).toBe(skipped)
  })
})

describe('the parse cache', () => {
  test('one parse of a file’s text, whoever asks; a new text is parsed again', () => {
    const parse = createParseCache()
    const first = parse('export const a = 1', '/app/src/a.ts')
    expect(parse('export const a = 1', '/app/src/a.ts?tss-serverfn-split')).toBe(first)
    const changed = parse('export const a = 2', '/app/src/a.ts')
    expect(changed).not.toBe(first)
    expect(parse('export const a = 1', '/app/src/b.ts')).not.toBe(first)
  })

  test('a text that does not parse fails each time it is asked for', () => {
    const parse = createParseCache()
    expect(() => parse('export const = 1', '/app/src/a.ts')).toThrow(ModuleParseError)
    expect(() => parse('export const = 1', '/app/src/a.ts')).toThrow(ModuleParseError)
  })
})

describe('source maps only where something reads them', () => {
  const environment = (mode: 'dev' | 'build', sourcemap: boolean | 'inline' | 'hidden') => ({ mode, config: { build: { sourcemap } } }) as never
  test.each([
    ['dev', false, true],
    ['build', false, false],
    ['build', true, true],
    ['build', 'hidden', true],
    ['build', 'inline', true],
  ] as const)('%s with build.sourcemap %s: %s', (mode, sourcemap, wanted) => {
    expect(wantsSourceMap(environment(mode, sourcemap))).toBe(wanted)
  })
})
