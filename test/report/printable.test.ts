import { describe, expect, test } from 'vitest'
import { formatBaselineDiff } from '../../src/report/baseline.ts'
import { printable } from '../../src/report/printable.ts'
import { formatServerRoutes, formatSummary } from '../../src/report/summary.ts'

describe('text of the app printed to a terminal', () => {
  test('control, invisible and bidirectional characters are escaped; the rest is left as it is', () => {
    expect(printable('health \u001b[2K\u001b[1G  dumpUsers  GET  protected')).toBe('health \\u{1b}[2K\\u{1b}[1G  dumpUsers  GET  protected')
    expect(printable('a\u202eb\u200bc\u2066d\r\ne\u0085')).toBe('a\\u{202e}b\\u{200b}c\\u{2066}d\\u{d}\\u{a}e\\u{85}')
    expect(printable('le proxy de l’équipe — ok 🚀')).toBe('le proxy de l’équipe — ok 🚀')
  })

  test('a reason cannot rewrite the row it stands on, in the tables and the baseline difference', () => {
    const reason = 'health\u001b[2K\u001b[1G  src/fns.ts:3  dumpUsers  GET      protected'
    const table = formatSummary([{ file: '/app/src/fns.ts', line: 3, name: 'dumpUsers', method: 'GET', access: 'public', roles: [], reason, package: null, id: 'x' } as never], { root: '/app' })
    expect(table).not.toContain('\u001b')
    expect(table).toContain('public: health\\u{1b}[2K')
    const routes = formatServerRoutes([{ file: '/app/src/routes/api/x.ts', line: 2, path: '/api/x\u001b[1A', method: 'GET', handlers: 'declared', access: 'public', reason }], { root: '/app' })
    expect(routes).not.toContain('\u001b')
    const diff = formatBaselineDiff({ added: [{ file: 'src/fns.ts', name: 'dumpUsers', access: 'public', reason }], stale: [], changed: [] })
    expect(diff).not.toContain('\u001b')
  })
})
