import { describe, expect, test } from 'vitest'
import { createDiagnostic } from '../../src/core/index.ts'
import { DevProblems, type OverlayError } from '../../src/vite/dev-problems.ts'

/** What the dev server announces, and when: each change once, across environments. */

const code = "import { createServerFn } from '@tanstack/react-start'\n// @auth public\nexport const a = createServerFn().handler(() => 1)\n"
const at = (line: number, start: number) => ({ line, column: 3, start, end: start + 5 })
const noReason = createDiagnostic('SFA201', '/app/src/a.ts', at(2, 58), '`@auth public` has no reason.')
const unknown = createDiagnostic('SFA202', '/app/src/a.ts', at(2, 58), 'Unknown directive `@auth publik`.')
const other = createDiagnostic('SFA201', '/app/src/b.ts', at(2, 58), '`@auth public` has no reason.')

function session() {
  const events: string[] = []
  const overlays: (OverlayError | null)[] = []
  const problems = new DevProblems('/app', {
    problems: (text) => void events.push(`problems ${text.split('\n')[0]}`),
    fixed: (file, remaining) => void events.push(`fixed ${file} ${remaining}`),
    notify: (overlay) => void overlays.push(overlay),
  })
  return { problems, events, overlays }
}

describe('DevProblems', () => {
  test('announces a file once, however often environments report the same problems', () => {
    const { problems, events, overlays } = session()
    problems.update('ssr', '/app/src/a.ts', [noReason], code)
    problems.update('ssr', '/app/src/a.ts', [noReason], code)
    problems.update('rsc', '/app/src/a.ts', [noReason], code)
    expect(events).toEqual(['problems serverfn-auth found 1 problem in 1 file:'])
    expect(overlays).toHaveLength(1)
    expect(overlays[0]).toMatchObject({ id: '/app/src/a.ts', loc: { file: '/app/src/a.ts', line: 2, column: 4 }, plugin: 'serverfn-auth', stack: '' })
    expect(overlays[0]!.message).toContain('src/a.ts:2:4  SFA201 public-without-reason')
    expect(overlays[0]!.message).toContain('> 2 | // @auth public')
  })

  test('a changed problem is announced again; a file is fixed only when every environment says so', () => {
    const { problems, events, overlays } = session()
    problems.update('ssr', '/app/src/a.ts', [noReason], code)
    problems.update('rsc', '/app/src/a.ts', [noReason], code)
    problems.update('ssr', '/app/src/a.ts', [unknown], code)
    expect(events.at(-1)).toBe('problems serverfn-auth found 2 problems in 1 file:')
    problems.update('ssr', '/app/src/a.ts', [], code)
    expect(events.at(-1)).toBe('problems serverfn-auth found 1 problem in 1 file:')
    problems.update('rsc', '/app/src/a.ts', [], code)
    expect(events.at(-1)).toBe('fixed src/a.ts 0')
    expect(overlays.at(-1)).toBeNull()
    expect(problems.count()).toBe(0)
  })

  test('fixing one of two files says how many problems are left, and the overlay keeps the rest', () => {
    const { problems, events, overlays } = session()
    problems.update('ssr', '/app/src/a.ts', [noReason], code)
    problems.update('ssr', '/app/src/b.ts', [other], code)
    expect(problems.overlay()!.message).toContain('serverfn-auth found 2 problems in 2 files')
    problems.update('ssr', '/app/src/a.ts', [], code)
    expect(events.at(-1)).toBe('fixed src/a.ts 1')
    expect(overlays.at(-1)!.message).toContain('src/b.ts:2:4')
    expect(overlays.at(-1)!.message).not.toContain('src/a.ts')
  })

  test('a deleted file takes its problems with it; forgetting a clean file announces nothing', () => {
    const { problems, events } = session()
    problems.forget('/app/src/a.ts')
    expect(events).toEqual([])
    problems.update('ssr', '/app/src/a.ts', [noReason], code)
    problems.forget('/app/src/a.ts')
    expect(events.at(-1)).toBe('fixed src/a.ts 0')
    expect(problems.overlay()).toBeNull()
  })
})
