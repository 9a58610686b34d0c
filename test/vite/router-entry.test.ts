import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PluginState } from '../../src/vite/plugin-state.ts'
import { resolveOptions } from '../../src/vite/options.ts'
import { redirectRouterEntry, routerEntryPlugin } from '../../src/vite/router-entry.ts'

/**
 * The router line's hook: Start's request handler imports the app's router entry from the
 * wrapper that protects the tree of every router it returns. Checked on the handler the installed
 * TanStack Start ships, and on a handler that imports it some other way (the build says so).
 */

const installedHandler = join(import.meta.dirname, '../../node_modules/@tanstack/start-server-core/dist/esm/createStartHandler.js')

describe('the router entry', () => {
  test("the installed Start's request handler imports the router entry from the wrapper", () => {
    const code = readFileSync(installedHandler, 'utf8')
    const output = redirectRouterEntry(code)
    expect(output).not.toBeNull()
    expect(output).toContain('import("serverfn-auth/router-entry")')
    expect(output).not.toMatch(/import\(\s*["']#tanstack-router-entry["']\s*\)/)
  })

  test('either quote, and nothing else', () => {
    expect(redirectRouterEntry(`const a = import('#tanstack-router-entry'), b = import( "#tanstack-router-entry" )`)).toBe('const a = import("serverfn-auth/router-entry"), b = import("serverfn-auth/router-entry")')
    expect(redirectRouterEntry(`const a = import('#tanstack-start-entry')`)).toBeNull()
  })

  test('a handler that imports its router entry otherwise: the build warns, and the code is left as it is', () => {
    const plugin = routerEntryPlugin(new PluginState(resolveOptions({ middleware: { from: '/src/server/session.ts', export: 'requireSession' } })), 'serverfn-auth:router-entry')
    const transform = plugin.transform as { handler: (this: unknown, code: string, id: string) => unknown }
    const warnings: string[] = []
    const context = (consumer: string) => ({ environment: { config: { consumer } }, warn: (message: string) => warnings.push(message) })
    const id = installedHandler
    expect(transform.handler.call(context('server'), `const entry = await import(ROUTER_ENTRY) // '#tanstack-router-entry'`, id)).toBeNull()
    expect(warnings).toEqual([expect.stringContaining('a route tree built by hand in the router entry is protected only where the analysis wrapped its routes')])
    expect(transform.handler.call(context('server'), `await import('#tanstack-router-entry')`, id)).toEqual({ code: 'await import("serverfn-auth/router-entry")', map: null })
    // The client bundle is left alone.
    expect(transform.handler.call(context('client'), `await import('#tanstack-router-entry')`, id)).toBeNull()
    expect(warnings).toHaveLength(1)
  })
})
