import type { Node, VariableDeclaration } from '@babel/types'
import { describe, expect, test } from 'vitest'
import { parseModule } from '../../src/core/index.ts'
import { readChain } from '../../src/core/chain.ts'
import { accessLayers, hasChecksLast, hasEntryFirst, hasGuardedHandler, isRuntimeList, runtimeNamespaces, sealedAfter } from '../../src/core/runtime-references.ts'

const SESSION = accessLayers({ kind: 'protected' })!

/**
 * The transform recognises its own output by these readers (to stay idempotent), and the
 * verification of what TanStack emitted relies on them: a reader that accepts a look-alike would
 * let a chain without the session middleware pass as protected.
 */

const PRELUDE = `import * as R from 'serverfn-auth/runtime'\nimport * as X from './elsewhere'\n`

/** The runtime namespaces and the initialiser of the module's last `const`. */
function parsed(code: string): { runtime: Set<string>; value: Node; ast: ReturnType<typeof parseModule> } {
  const ast = parseModule(PRELUDE + code, '/app/src/fns.ts')
  const declaration = ast.program.body.filter((statement): statement is VariableDeclaration => statement.type === 'VariableDeclaration').at(-1)
  return { runtime: runtimeNamespaces(ast), value: declaration?.declarations[0]!.init as Node, ast }
}

describe('runtime references', () => {
  test('the runtime namespaces: namespace imports of the runtime module only', () => {
    const ast = parseModule(`import * as R from 'serverfn-auth/runtime'\nimport * as S from 'serverfn-auth/runtime'\nimport { session } from 'serverfn-auth/runtime'\nimport * as X from 'serverfn-auth/runtime-extra'`, '/app/x.ts')
    expect([...runtimeNamespaces(ast)]).toEqual(['R', 'S'])
    expect([...runtimeNamespaces(ast, '/@id/virtual-runtime')]).toEqual([])
  })

  test('a runtime list: exactly these members of a runtime namespace, in this order', () => {
    const list = (code: string, members: string[]) => {
      const { runtime, value } = parsed(`const list = ${code}`)
      return isRuntimeList(value, runtime, members)
    }
    expect(list('[R.session]', ['session'])).toBe(true)
    expect(list('([R.session] as const)', ['session'])).toBe(true)
    expect(list('[(R.session as any)]', ['session'])).toBe(true)
    expect(list('[R.session, R.check]', ['session', 'check'])).toBe(true)
    expect(list('[R.check, R.session]', ['session', 'check'])).toBe(false)
    expect(list('[R.session, X.check]', ['session', 'check'])).toBe(false)
    expect(list('[R.session, R.check]', ['session'])).toBe(false)
    expect(list('[, R.session]', ['session', 'session'])).toBe(false)
    expect(list("[R['session']]", ['session'])).toBe(false)
    expect(list('[X.session]', ['session'])).toBe(false)
    expect(list('[R.other]', ['session'])).toBe(false)
    expect(list('[R.inner.session]', ['session'])).toBe(false)
    expect(list('[...R.session]', ['session'])).toBe(false)
    expect(list('R.session', ['session'])).toBe(false)
    expect(isRuntimeList(undefined, new Set(['R']), ['session'])).toBe(false)
  })

  test('the session first and the check last, as the transform writes them', () => {
    const chain = (code: string) => {
      const { runtime, value } = parsed(`const fn = ${code}`)
      const read = readChain(value)
      return { session: hasEntryFirst(read, runtime, SESSION), check: hasChecksLast(read, runtime, SESSION), guard: hasGuardedHandler(read, runtime, SESSION) }
    }
    expect(chain('createServerFn().middleware([R.session]).middleware([R.check]).handler(R.guard(fn))')).toEqual({ session: true, check: true, guard: true })
    expect(chain('createServerFn().validator(v).middleware([R.session]).middleware([R.check]).handler(fn)')).toEqual({ session: false, check: true, guard: false })
    expect(chain('createServerFn().middleware([R.session]).middleware([R.check]).validator(v).handler(fn)')).toEqual({ session: true, check: false, guard: false })
    expect(chain('createServerFn().middleware([R.check]).middleware([R.session])')).toEqual({ session: false, check: false, guard: false })
    expect(chain('createServerFn().handler(R.guard(fn))')).toEqual({ session: false, check: false, guard: true })
    expect(chain('createServerFn()')).toEqual({ session: false, check: false, guard: false })
  })

  test('the guard: the runtime guard called with the app function, last argument of the handler', () => {
    const guarded = (handler: string) => {
      const { runtime, value } = parsed(`const fn = createServerFn().handler(${handler})`)
      return hasGuardedHandler(readChain(value), runtime, SESSION)
    }
    expect(guarded('R.guard(fn)')).toBe(true)
    expect(guarded('extracted, R.guard(fn)')).toBe(true)
    expect(guarded('R.guard(fn), extracted')).toBe(false)
    expect(guarded('R.guard(fn, other)')).toBe(false)
    expect(guarded('R.guard()')).toBe(false)
    expect(guarded('R.guard')).toBe(false)
    expect(guarded("R['guard'](fn)")).toBe(false)
    expect(guarded('X.guard(fn)')).toBe(false)
    expect(guarded('R.other(fn)')).toBe(false)
    expect(guarded('R.inner.guard(fn)')).toBe(false)
    expect(guarded('guard(fn)')).toBe(false)
    expect(guarded('')).toBe(false)
  })

  test('seals: only the runtime seal statements that directly follow the statement', () => {
    const sealed = (after: string) => {
      const { runtime, ast } = parsed(`const a = 1\n${after}`)
      const statement = ast.program.body.find((item) => item.type === 'VariableDeclaration')!
      return [...sealedAfter(ast, statement, runtime)]
    }
    expect(sealed('R.seal(a);;R.sealMiddleware(b)\nR.seal(c)\nuse()\nR.seal(d)')).toEqual(['a', 'b', 'c'])
    for (const stop of ['R.seal(x.y)', "R['seal'](a)", 'X.seal(a)', 'R.other(a)', 'R.seal()', 'seal(a)', 'R.seal', 'if (x) R.seal(a)', 'R.inner.seal(a)']) {
      expect(sealed(`${stop}\nR.seal(z)`), stop).toEqual([])
    }
    // A statement that is not one of the module's own: nothing follows it.
    const { runtime, ast, value } = parsed(`const a = 1\nR.seal(a)`)
    expect([...sealedAfter(ast, value, runtime)]).toEqual([])
  })
})
