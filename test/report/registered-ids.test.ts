import { describe, expect, test } from 'vitest'
import { registeredIds } from '../../src/report/registered-ids.ts'

describe('registeredIds', () => {
  test("the ids of TanStack's manifest, as the bundler writes it and as a minifier does", () => {
    const bundled = `const manifest = {\n  "9f2c41d0": { functionName: "getSecret_createServerFn_handler", importer: () => import("./fns.js") },\n  "0a1b": {\n    functionName: "health_createServerFn_handler" } }`
    expect([...registeredIds(bundled)]).toEqual(['9f2c41d0', '0a1b'])
    const minified = 'var m={ddb1e2:{functionName:`x_createServerFn_handler`,importer:()=>import(`./a.js`)},"1f":{functionName:"y_createServerFn_handler"}}'
    expect([...registeredIds(minified)]).toEqual(['ddb1e2', '1f'])
  })

  test('other objects, and a name that is not a server function handler, are not entries', () => {
    expect(registeredIds('const a = { "x": { functionName: "getSecret" } }; const b = { "y": { name: "z_createServerFn_handler" } }').size).toBe(0)
    // Quotes that do not match are not a string.
    expect(registeredIds(`"x": { functionName: "a_createServerFn_handler'`).size).toBe(0)
  })
})
