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

  test('custom ids as a minifier writes them: Unicode identifiers, numbers, escapes; and Unicode function names', () => {
    const minified = 'var it={égetSecret:{functionName:`getSecret_createServerFn_handler`},29017:{functionName:"health_createServerFn_handler"},名前:{functionName:"a_createServerFn_handler"}}'
    expect([...registeredIds(minified)]).toEqual(['égetSecret', '29017', '名前'])
    // Not the tail of a longer word: `xégetSecret` is one key.
    expect([...registeredIds('var m={xégetSecret:{functionName:"a_createServerFn_handler"}}')]).toEqual(['xégetSecret'])
    expect([...registeredIds('var m={"\\u00e9get":{functionName:"a_createServerFn_handler"},\\u00e9x:{functionName:"b_createServerFn_handler"},\'\\x41\':{functionName:"c_createServerFn_handler"}}')]).toEqual(['éget', 'éx', 'A'])
    expect([...registeredIds('const m = { "9f": { functionName: "holeÜbersicht_createServerFn_handler" } }')]).toEqual(['9f'])
    expect([...registeredIds('const m = { "a b/c#d": { functionName: "x_createServerFn_handler" } }')]).toEqual(['a b/c#d'])
  })
})

