import { describe, expect, test } from 'vitest'
import { parseModule, readCompiledEndpoints } from '../../src/core/index.ts'
import type { EndpointRow } from '../../src/report/summary.ts'
import { crossCheck } from '../../src/vite/cross-check.ts'

const row = (name: string, access: EndpointRow['access'] = 'protected'): EndpointRow => ({
  file: '/app/src/server/fns.ts',
  line: 3,
  name,
  method: 'GET',
  access,
  roles: [],
  reason: access === 'public' ? 'why' : null,
  package: null,
})

describe('readCompiledEndpoints', () => {
  test('reads what TanStack registered in a provider module', () => {
    const provider = `import { createServerRpc } from '@tanstack/react-start/server-rpc'
const getProfile_createServerFn_handler = createServerRpc({ id: "abc123", name: "getProfile", filename: "src/server/fns.ts" }, (opts) => getProfile.__executeServer(opts))
const other = createServerRpc(meta, fn)
export { getProfile_createServerFn_handler }
`
    expect(readCompiledEndpoints(parseModule(provider, '/app/src/server/fns.ts'))).toEqual([
      { id: 'abc123', name: 'getProfile', filename: 'src/server/fns.ts' },
    ])
  })
})

describe('crossCheck', () => {
  const compiled = [
    { id: 'id-a', name: 'a', filename: 'src/server/fns.ts' },
    { id: 'id-b', name: 'b', filename: 'src/server/fns.ts' },
    { id: 'id-x', name: 'sneaky', filename: 'src/server/fns.ts' },
  ]

  test('every compiled endpoint must be classified; the rest is the inventory', () => {
    const check = crossCheck([row('a'), row('b', 'public'), row('treeShaken', 'public')], compiled, '/app')
    expect(check.escaped.map((e) => e.name)).toEqual(['sneaky'])
    expect(check.notEmitted.map((r) => r.name)).toEqual(['treeShaken'])
    expect(check.inventory).toEqual([
      { id: 'id-a', file: 'src/server/fns.ts', name: 'a', method: 'GET', access: 'protected', roles: [], reason: null, line: 3, package: null },
      { id: 'id-b', file: 'src/server/fns.ts', name: 'b', method: 'GET', access: 'public', roles: [], reason: 'why', line: 3, package: null },
    ])
  })

  test('an endpoint of another file with the same name is not the one classified', () => {
    const check = crossCheck([row('a')], [{ id: 'id-a', name: 'a', filename: 'src/server/other.ts' }], '/app')
    expect(check.escaped.map((e) => e.filename)).toEqual(['src/server/other.ts'])
    expect(check.notEmitted.map((r) => r.name)).toEqual(['a'])
  })
})
