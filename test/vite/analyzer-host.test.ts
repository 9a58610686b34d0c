import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { createAnalyzerHost } from '../../src/vite/analyzer-host.ts'
import { ModuleSources } from '../../src/vite/module-sources.ts'
import { resolveOptions } from '../../src/vite/options.ts'

const root = mkdtempSync(join(tmpdir(), 'serverfn-auth-host-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function pkg(name: string, manifest: object | null): string {
  const dir = join(root, 'node_modules', name)
  mkdirSync(join(dir, 'dist'), { recursive: true })
  if (manifest) writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, ...manifest }))
  writeFileSync(join(dir, 'dist/index.js'), 'export const x = 1\n')
  return join(dir, 'dist/index.js')
}

const options = resolveOptions({
  middleware: { from: '/src/session.ts', export: 'requireSession' },
  dependencies: { 'auth-kit': { access: 'protected', exports: { getSignInUrl: { access: 'public', reason: 'sign-in link' } } } },
})

function host(resolved: Record<string, { id: string; external?: boolean } | null> = {}) {
  return createAnalyzerHost({ resolve: () => async (source) => resolved[source] ?? null, sources: new ModuleSources(), dependencies: options.dependencies })
}

describe('the analyzer host over Vite', () => {
  test('a package that does not depend on TanStack Start exports nothing to follow; one that does is read', async () => {
    const plain = pkg('zod-like', { dependencies: { tslib: '*' } })
    const start = pkg('auth-kit', { peerDependencies: { '@tanstack/react-start': '*' } })
    const scoped = pkg('@scope/lib', { dependencies: { '@tanstack/start-client-core': '*' } })
    const unknown = pkg('no-manifest', null)
    const h = host()
    expect(await h.exportsNothing!(plain)).toBe(true)
    expect(await h.exportsNothing!(start)).toBe(false)
    expect(await h.exportsNothing!(scoped)).toBe(false)
    // No manifest proves nothing: read it.
    expect(await h.exportsNothing!(unknown)).toBe(false)
    expect(await h.exportsNothing!(join(root, 'src/app.ts'))).toBe(false)
  })

  test('resolution: a module id without query, external, virtual or unresolved', async () => {
    const h = host({ './a': { id: '/app/src/a.ts?v=1' }, react: { id: 'react', external: true }, 'virtual:x': { id: '\0virtual:x' } })
    expect(await h.resolve('./a', '/app/src/b.ts')).toBe('/app/src/a.ts')
    expect(await h.resolve('react', '/app/src/b.ts')).toBe('external')
    expect(await h.resolve('virtual:x', '/app/src/b.ts')).toBe('\0virtual:x')
    expect(await h.read('\0virtual:x')).toBeNull()
    expect(await h.resolve('./missing', '/app/src/b.ts')).toBeNull()
  })

  test('the rule of a package, by the names it exports; none for the app', () => {
    const h = host()
    expect(h.dependency!(join(root, 'node_modules/auth-kit/dist/index.js'))).toEqual({
      package: 'auth-kit',
      rule: { access: { kind: 'protected' }, exports: new Map([['getSignInUrl', { kind: 'public', reason: 'sign-in link' }]]) },
    })
    expect(h.dependency!(join(root, 'node_modules/other/index.js'))).toEqual({ package: 'other', rule: null })
    expect(h.dependency!('/app/src/fns.ts')).toBeNull()
  })
})
