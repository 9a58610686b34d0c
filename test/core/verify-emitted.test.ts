import { describe, expect, test } from 'vitest'
import { parseModule, readCompiledEndpoints, RUNTIME_SPECIFIER, transformModule, verifyCallerModule, verifyProviderModule } from '../../src/core/index.ts'

/**
 * The check of what TanStack Start's compiler emitted. The modules below have the shape its
 * compiler (start-plugin-core 1.171) gives them: in the provider module each endpoint is
 * registered with `createServerRpc({ id, name, filename }, …)` and its declaration keeps the chain;
 * in caller modules the handler is replaced by `createClientRpc(id)` or `createSsrRpc(id)`.
 */

const RUNTIME = `import * as R from '${RUNTIME_SPECIFIER}';`
const PROTECTED = '.middleware([R.session]).middleware([audit]).middleware([R.check])'

/**
 * A compiled provider module with one registered endpoint per chain, by name. In a chain,
 * `HANDLER` is TanStack's two handler arguments, `GUARDED` the same with the app's function in
 * serverfn-auth's guard.
 */
function provider(chains: Record<string, string>, header = RUNTIME): string {
  const parts = [
    "import { createServerRpc } from '@tanstack/react-start/server-rpc';",
    "import { createServerFn } from '@tanstack/react-start';",
    "import { audit } from './audit';",
    header,
  ]
  for (const [name, chain] of Object.entries(chains)) {
    parts.push(
      `const ${name}_createServerFn_handler = createServerRpc({`,
      `  id: "id-${name}",`,
      `  name: "${name}",`,
      '  filename: "src/fns.ts"',
      `}, opts => ${name}.__executeServer(opts));`,
      `const ${name} = ${chain.replace('GUARDED', `${name}_createServerFn_handler, R.guard(() => 1)`).replace('HANDLER', `${name}_createServerFn_handler, () => 1`)};`,
    )
  }
  parts.push(`export { ${Object.keys(chains).map((name) => `${name}_createServerFn_handler`).join(', ')} };`)
  return parts.join('\n')
}

const verifyProvider = (code: string, publicNames: string[] = [], runtimeSource = RUNTIME_SPECIFIER) =>
  verifyProviderModule(parseModule(code, '/app/src/fns.ts'), { runtimeSource, accessOf: (name) => (publicNames.includes(name) ? { kind: 'public', reason: 'test' } : null) })

describe('verifyProviderModule', () => {
  test('an endpoint with the session first and the check last passes', () => {
    expect(verifyProvider(provider({ f: `createServerFn({ method: 'POST' })${PROTECTED}.handler(GUARDED)` }))).toEqual([])
  })

  test('an endpoint derived from a builder passes when its own chain carries both', () => {
    const code = provider({ f: 'base.middleware([R.session]).middleware([R.check]).handler(GUARDED)' }).replace(
      RUNTIME,
      `${RUNTIME}\nconst base = createServerFn().middleware([R.session]);`,
    )
    expect(verifyProvider(code)).toEqual([])
  })

  test.each([
    ['without the session middleware', 'createServerFn().middleware([audit]).middleware([R.check]).handler(HANDLER)', 'first middleware'],
    ['with another middleware before the session', 'createServerFn().middleware([audit]).middleware([R.session]).middleware([R.check]).handler(HANDLER)', 'first middleware'],
    ['with a validator before the session', 'createServerFn().validator(v => v).middleware([R.session]).middleware([R.check]).handler(HANDLER)', 'first middleware'],
    ['with the session among other middleware', 'createServerFn().middleware([R.session, audit]).middleware([R.check]).handler(HANDLER)', 'first middleware'],
    ['without the check', 'createServerFn().middleware([R.session]).middleware([audit]).handler(HANDLER)', 'last middleware'],
    ['with a validator after the check', 'createServerFn().middleware([R.session]).middleware([R.check]).validator(v => v).handler(HANDLER)', 'last middleware'],
    ['without any middleware', 'createServerFn().handler(HANDLER)', 'first middleware'],
    ['without the guard around its handler', 'createServerFn().middleware([R.session]).middleware([R.check]).handler(HANDLER)', 'guard'],
    ['not ending in .handler', 'createServerFn().middleware([R.session]).middleware([R.check])', 'does not end in'],
  ])('an endpoint %s is a problem', (_, chain, what) => {
    const problems = verifyProvider(provider({ f: chain, ok: `createServerFn()${PROTECTED}.handler(GUARDED)` }))
    expect(problems.map((problem) => problem.name)).toEqual(['f'])
    expect(problems[0]!.message).toContain(what)
  })

  test('a public endpoint is not checked; a protected one beside it is', () => {
    const code = provider({ health: 'createServerFn().handler(HANDLER)', f: 'createServerFn().handler(HANDLER)' })
    expect(verifyProvider(code, ['health']).map((problem) => problem.name)).toEqual(['f'])
    expect(verifyProvider(code, ['health', 'f'])).toEqual([])
  })

  test('an endpoint with roles must carry each role in its first list, its checks and its guard, in the order decided', () => {
    const admin = { kind: 'protected', roles: ['admin', 'billing'] } as const
    const verify = (chain: string) =>
      verifyProviderModule(parseModule(provider({ f: chain }), '/app/src/fns.ts'), { runtimeSource: RUNTIME_SPECIFIER, accessOf: () => admin }).map((problem) => problem.message)
    const entry = '.middleware([R.session, R.role("admin"), R.role("billing")])'
    const checks = '.middleware([R.check, R.checkRole("admin"), R.checkRole("billing")])'
    const guarded = 'f_createServerFn_handler, R.guard(() => 1, "admin", "billing")'
    expect(verify(`createServerFn()${entry}.middleware([audit])${checks}.handler(${guarded})`)).toEqual([])
    // The session alone, as for an endpoint without roles: the roles were lost on the way.
    expect(verify(`createServerFn()${PROTECTED}.handler(GUARDED)`)).toEqual([expect.stringContaining("first middleware is not serverfn-auth's session and role middleware")])
    expect(verify(`createServerFn().middleware([R.session, R.role("admin")])${checks}.handler(${guarded})`)).toEqual([expect.stringContaining('first middleware')])
    expect(verify(`createServerFn().middleware([R.session, R.role("billing"), R.role("admin")])${checks}.handler(${guarded})`)).toEqual([expect.stringContaining('first middleware')])
    expect(verify(`createServerFn()${entry}.middleware([R.check, R.checkRole("admin")]).handler(${guarded})`)).toEqual([expect.stringContaining('last middleware')])
    expect(verify(`createServerFn()${entry}${checks}.handler(f_createServerFn_handler, R.guard(() => 1, "admin"))`)).toEqual([expect.stringContaining('guard')])
    expect(verify(`createServerFn()${entry}${checks}.handler(f_createServerFn_handler, R.guard(() => 1, "admin", other))`)).toEqual([expect.stringContaining('guard')])
    expect(verify(`createServerFn()${entry}${checks}.handler(GUARDED)`)).toEqual([expect.stringContaining('guard')])
  })

  test('an optional endpoint must carry the optional-session middleware, its check and its guard, not the session', () => {
    const verify = (chain: string) =>
      verifyProviderModule(parseModule(provider({ f: chain }), '/app/src/fns.ts'), { runtimeSource: RUNTIME_SPECIFIER, accessOf: () => ({ kind: 'optional', reason: 'who' }) }).map((problem) => problem.message)
    expect(verify('createServerFn().middleware([R.optional]).middleware([R.checkOptional]).handler(f_createServerFn_handler, R.guardOptional(() => 1))')).toEqual([])
    expect(verify('createServerFn().handler(HANDLER)')).toEqual([expect.stringContaining('optional-session middleware')])
    expect(verify('createServerFn().middleware([R.optional]).middleware([R.checkOptional]).handler(GUARDED)')).toEqual([expect.stringContaining('guard of the optional-session middleware')])
  })

  test('the middleware must come from the runtime module, not from a look-alike', () => {
    const chains = { f: `createServerFn()${PROTECTED}.handler(GUARDED)` }
    expect(verifyProvider(provider(chains, "import * as R from './fake-runtime';")).map((problem) => problem.name)).toEqual(['f'])
    expect(verifyProvider(provider(chains, "import { session, check } from 'serverfn-auth/runtime'; const R = { session, check };"))).toHaveLength(1)
    expect(verifyProvider(provider(chains), [], 'virtual:other-runtime')).toHaveLength(1)
  })

  test('a registered endpoint whose declaration is not at the top level is a problem', () => {
    const code = provider({ f: `createServerFn()${PROTECTED}.handler(GUARDED)` }).replace(/^const f = (.*);$/m, 'function make() { const f = $1; return f }')
    expect(code).toContain('function make()')
    expect(verifyProvider(code).map((problem) => [problem.name, problem.message.includes('top level')])).toEqual([['f', true]])
  })

  test('only registered endpoints are checked', () => {
    const code = `${provider({ f: `createServerFn()${PROTECTED}.handler(GUARDED)` })}\nconst unregistered = createServerFn().handler(() => 2);`
    expect(verifyProvider(code)).toEqual([])
  })

  test("serverfn-auth's own output, compiled, passes", () => {
    const source = "import { createServerFn } from '@tanstack/react-start'\nconst base = createServerFn()\nexport const f = base.handler(() => 1)\n"
    const written = transformModule(source, { file: '/app/src/fns.ts?tss-serverfn-split' })!.output!.code
    // What TanStack's compiler makes of it: the registration, and the handler given the stub first.
    const compiled = `import { createServerRpc } from '@tanstack/react-start/server-rpc';\n${written
      .replace('export const f = ', 'const f_createServerFn_handler = createServerRpc({ id: "1", name: "f", filename: "src/fns.ts" }, opts => f.__executeServer(opts));\nconst f = ')
      .replace('.handler(() => 1)', '.handler(f_createServerFn_handler, () => 1)')}`
    expect(readCompiledEndpoints(parseModule(compiled, '/app/src/fns.ts')).map((endpoint) => endpoint.name)).toEqual(['f'])
    expect(verifyProvider(compiled)).toEqual([])
    expect(verifyProvider(compiled.replace('.middleware([__serverFnAuth.check])', ''))).toHaveLength(1)
  })
})

describe('verifyCallerModule', () => {
  const caller = (stub: string) =>
    [
      "import { createClientRpc } from '@tanstack/react-start/client-rpc';",
      "import { createServerFn } from '@tanstack/react-start';",
      `export const f = createServerFn().handler(${stub}("id-f"));`,
      'export const g = createServerFn().handler(() => "secret");',
      'export const h = createServerFn()',
    ].join('\n')
  const verify = (code: string, endpoints: string[], environment: 'client' | 'ssr') => verifyCallerModule(parseModule(code, '/app/src/fns.ts'), { endpoints, environment })

  test('a handler replaced by the RPC stub of the environment passes', () => {
    expect(verify(caller('createClientRpc'), ['f'], 'client')).toEqual([])
    expect(verify(caller('createSsrRpc'), ['f'], 'ssr')).toEqual([])
  })

  test('a handler left as written is a problem, named after the endpoint', () => {
    const problems = verify(caller('createClientRpc'), ['f', 'g'], 'client')
    expect(problems.map((problem) => problem.name)).toEqual(['g'])
    expect(problems[0]!.message).toContain('browser')
    expect(verify(caller('createSsrRpc'), ['g'], 'ssr')[0]!.message).toContain('server bundle')
  })

  test("the other environment's stub is not this one's", () => {
    expect(verify(caller('createSsrRpc'), ['f'], 'client').map((problem) => problem.name)).toEqual(['f'])
    expect(verify(caller('createClientRpc'), ['f'], 'ssr').map((problem) => problem.name)).toEqual(['f'])
  })

  test('a declaration whose chain no longer ends in .handler is a problem', () => {
    expect(verify(caller('createClientRpc'), ['h'], 'client').map((problem) => problem.name)).toEqual(['h'])
  })

  test('anything TanStack left beside the stub is a problem: it ships with the stub', () => {
    const code = 'export const f = createServerFn().handler(createClientRpc("id-f"), () => "second");\nexport const g = createServerFn().handler(createClientRpc("id-g"));'
    expect(verify(code, ['f', 'g'], 'client').map((problem) => problem.name)).toEqual(['f'])
    expect(verify('export const f = createServerFn().handler(other("id-f"));', ['f'], 'client').map((problem) => problem.name)).toEqual(['f'])
    expect(verify('export const f = createServerFn().handler(ns.createClientRpc("id-f"));', ['f'], 'client').map((problem) => problem.name)).toEqual(['f'])
  })

  test('only the endpoints the analysis found are checked; one the module no longer declares is skipped', () => {
    expect(verify(caller('createClientRpc'), [], 'client')).toEqual([])
    expect(verify(caller('createClientRpc'), ['gone'], 'client')).toEqual([])
  })
})

describe('readCompiledEndpoints', () => {
  test('reads id, name and filename of every registration', () => {
    const code = provider({ a: `createServerFn()${PROTECTED}.handler(GUARDED)`, b: 'createServerFn().handler(HANDLER)' })
    expect(readCompiledEndpoints(parseModule(code, '/app/src/fns.ts'))).toEqual([
      { id: 'id-a', name: 'a', filename: 'src/fns.ts' },
      { id: 'id-b', name: 'b', filename: 'src/fns.ts' },
    ])
  })

  test('registrations without a literal id, name and filename are not endpoints', () => {
    const code = [
      'createServerRpc({ id: "1", name: "a" }, fn)',
      'createServerRpc({ id: x, name: "b", filename: "f" }, fn)',
      'createServerRpc(meta, fn)',
      'other({ id: "1", name: "c", filename: "f" }, fn)',
      'createServerRpc({ "id": "2", "name": "d", "filename": "f" }, fn)',
    ].join('\n')
    expect(readCompiledEndpoints(parseModule(code, '/app/x.js')).map((endpoint) => endpoint.name)).toEqual(['d'])
  })
})

describe('readCompiledEndpoints', () => {
  const read = (code: string) => readCompiledEndpoints(parseModule(code, '/app/src/fns.ts'))
  test('reads id, name and filename of every `createServerRpc({ … })`, in order, keys quoted or not', () => {
    const code = [
      'const a = createServerRpc({ id: "1", name: "a", filename: "src/fns.ts" }, (o) => o)',
      "const b = createServerRpc({ 'id': '2', 'name': 'b', 'filename': 'src/fns.ts', extra: 1 }, (o) => o)",
      'function nested() { return createServerRpc({ id: "3", name: "c", filename: "src/other.ts" }) }',
    ].join('\n')
    expect(read(code)).toEqual([
      { id: '1', name: 'a', filename: 'src/fns.ts' },
      { id: '2', name: 'b', filename: 'src/fns.ts' },
      { id: '3', name: 'c', filename: 'src/other.ts' },
    ])
  })
  test('skips what is not a registration with all three string fields', () => {
    const code = [
      'createServerRpc({ id: "1", name: "a" })',
      'createServerRpc({ id: "1", name: "a", filename: file })',
      'createServerRpc({ [id]: "1", name: "a", filename: "f" })',
      'createServerRpc(meta)',
      'createServerRpc()',
      'other({ id: "1", name: "a", filename: "f" })',
      'x.createServerRpc({ id: "1", name: "a", filename: "f" })',
      'createServerRpc({ ...meta, id: "1", name: "a" })',
    ].join('\n')
    expect(read(code)).toEqual([])
  })
})
