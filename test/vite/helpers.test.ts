import { describe, expect, test } from 'vitest'
import { packageNameOf } from '../../src/vite/dependencies.ts'
import { checkPluginOrder, startEnvironments } from '../../src/vite/plugin-order.ts'

describe('packageNameOf', () => {
  test.each([
    ['/app/node_modules/@workos/authkit-tanstack-react-start/dist/server/actions.js', '@workos/authkit-tanstack-react-start'],
    ['/app/node_modules/.pnpm/@workos+authkit-tanstack-react-start@0.11.1_abc/node_modules/@workos/authkit-tanstack-react-start/dist/x.js', '@workos/authkit-tanstack-react-start'],
    ['/app/node_modules/lib/node_modules/nested-lib/index.js', 'nested-lib'],
    ['/app/node_modules/plain-lib/index.js', 'plain-lib'],
    ['C:\\app\\node_modules\\win-lib\\index.js', 'win-lib'],
    ['/app/src/server/fns.ts', null],
    ['/app/node_modules/@scope', null],
  ])('%s -> %s', (file, expected) => {
    expect(packageNameOf(file)).toBe(expected)
  })
})

describe('checkPluginOrder', () => {
  const start = ['tanstack-start-core:config', 'tanstack-start-core::server-fn:client', 'tanstack-start-core::server-fn:ssr']

  test('serverfn-auth before the compiler is fine', () => {
    expect(checkPluginOrder(['vite:pre', 'serverfn-auth', ...start, 'vite:react'], 'serverfn-auth')).toBeNull()
  })

  test('after the compiler is SFA503', () => {
    expect(checkPluginOrder(['vite:pre', ...start, 'serverfn-auth'], 'serverfn-auth')?.code).toBe('SFA503')
  })

  test('without the compiler is SFA504', () => {
    expect(checkPluginOrder(['serverfn-auth', 'vite:react'], 'serverfn-auth')?.code).toBe('SFA504')
    expect(checkPluginOrder(['serverfn-auth', 'tanstack-start-core:config'], 'serverfn-auth')?.message).toContain('found `tanstack-start-core:config` only')
  })
})

describe('startEnvironments', () => {
  test("the environments TanStack's compiler runs in, from its plugins' names; nitro's is not one", () => {
    const names = ['serverfn-auth', 'tanstack-start-core:config', 'tanstack-start-core::server-fn:client', 'tanstack-start-core::server-fn:ssr', 'tanstack-start-core::server-fn:rsc', 'tanstack-start-core:capture-server-fn-module-lookup', 'nitro:main']
    expect([...startEnvironments(names)]).toEqual(['client', 'ssr', 'rsc'])
    expect(startEnvironments(['serverfn-auth', 'vite:react']).size).toBe(0)
  })
})
