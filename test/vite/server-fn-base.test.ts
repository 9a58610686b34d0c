import { expect, test } from 'vitest'
import { serverFnBaseOf } from '../../src/vite/server-fn-base.ts'

test("the server function path is TanStack's define, or its default", () => {
  expect(serverFnBaseOf({ define: { 'process.env.TSS_SERVER_FN_BASE': '"/test/_serverFn/"' } })).toBe('/test/_serverFn/')
  expect(serverFnBaseOf({ define: { 'process.env.TSS_SERVER_FN_BASE': '"/api/fns"' } })).toBe('/api/fns/')
  expect(serverFnBaseOf({ define: {} })).toBe('/_serverFn/')
  expect(serverFnBaseOf({})).toBe('/_serverFn/')
  expect(serverFnBaseOf({ define: { 'process.env.TSS_SERVER_FN_BASE': 'process.env.BASE' } })).toBe('/_serverFn/')
  expect(serverFnBaseOf({ define: { 'process.env.TSS_SERVER_FN_BASE': '"relative/"' } })).toBe('/_serverFn/')
})
