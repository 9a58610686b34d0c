import { describe, expect, test } from 'vitest'
import { defaultMatchesSource, transformModule } from '../../src/core/index.ts'

describe('default session source matching', () => {
  const matches = defaultMatchesSource({ source: '/app/src/server/session.ts', exportName: 'requireSession' })

  test.each([
    ['/app/src/server/session.ts', '/app/src/routes/index.tsx', true],
    ['../server/session', '/app/src/routes/index.tsx', true],
    ['../server/session.ts', '/app/src/routes/index.tsx', true],
    ['./server/session.js', '/app/src/fns.ts', true],
    ['./session', '/app/src/server/other.ts', true],
    ['../session', '/app/src/routes/index.tsx', false],
    ['./server/session-helpers', '/app/src/fns.ts', false],
    ['~/server/session', '/app/src/fns.ts', false],
    ['session', '/app/src/fns.ts', false],
  ])('%s imported from %s: %s', (specifier, importer, expected) => {
    expect(matches(specifier, importer)).toBe(expected)
  })
})

test('Windows paths are compared with forward slashes', () => {
  const matches = defaultMatchesSource({ source: 'C:\\app\\src\\server\\session.ts', exportName: 'requireSession' })
  expect(matches('./server/session', 'C:\\app\\src\\fns.ts')).toBe(true)
  expect(matches('./other/session', 'C:\\app\\src\\fns.ts')).toBe(false)
})

describe('session references', () => {
  const code = `import { createServerFn } from '@tanstack/react-start'
import { requireSession } from '~/server/session'
export const fn = createServerFn().middleware([requireSession]).handler(() => 1)
`

  test('an alias the default matcher cannot resolve is injected again: safe, deduplicated at run time', () => {
    const result = transformModule(code, {
      file: '/app/src/fns.ts',
      session: { source: '/app/src/server/session.ts', exportName: 'requireSession' },
    })
    expect(result?.analysis.declarations[0]?.access).toEqual({ kind: 'protected', via: 'injected' })
  })

  test('a host matcher that knows the alias recognises the explicit middleware', () => {
    const result = transformModule(code, {
      file: '/app/src/fns.ts',
      session: {
        source: '/app/src/server/session.ts',
        exportName: 'requireSession',
        matchesSource: (specifier) => specifier === '~/server/session',
      },
    })
    expect(result?.analysis.declarations[0]?.access).toEqual({ kind: 'protected', via: 'explicit' })
    expect(result?.output).toBeNull()
  })

  test('the session module is recognised by its file, also behind a query', () => {
    const sessionModule = `import { createMiddleware, createServerFn } from '@tanstack/react-start'
export const requireSession = createMiddleware().server(({ next }) => next())
export const me = createServerFn().handler(() => 1)
`
    const result = transformModule(sessionModule, {
      file: '/app/src/server/session.ts?tss-serverfn-split',
      session: { source: '/app/src/server/session.ts', exportName: 'requireSession' },
    })
    expect(result?.analysis.session).toEqual({ kind: 'local', name: 'requireSession' })
    expect(result?.output?.code).not.toContain('import { requireSession')
  })
})
