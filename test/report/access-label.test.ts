import { describe, expect, test } from 'vitest'
import { accessCounts, accessLabel } from '../../src/report/access-label.ts'

describe('accessLabel', () => {
  test('protected, with its roles in the annotation order, optional and public with their reasons', () => {
    expect(accessLabel({ access: 'protected', roles: [], reason: null })).toBe('protected')
    expect(accessLabel({ access: 'protected', roles: ['admin', 'billing'], reason: null })).toBe('protected (admin, billing)')
    expect(accessLabel({ access: 'optional', roles: [], reason: 'the header shows the user when signed in' })).toBe('optional: the header shows the user when signed in')
    expect(accessLabel({ access: 'public', roles: [], reason: 'health probe' })).toBe('public: health probe')
  })

  test('the app text is left as it is: each format escapes it', () => {
    expect(accessLabel({ access: 'public', roles: [], reason: 'a | b\n<c>' })).toBe('public: a | b\n<c>')
  })
})

describe('accessCounts', () => {
  const of = (access: 'protected' | 'optional' | 'public', roles: string[] = []) => ({ access, roles, reason: access === 'protected' ? null : 'r' })

  test('counts roles among the protected, and the optional ones', () => {
    const endpoints = [of('protected'), of('protected', ['admin']), of('protected', ['admin', 'billing']), of('optional'), of('public'), of('public')]
    expect(accessCounts(endpoints)).toBe('3 protected (2 with roles), 1 optional, 2 public')
  })

  test('without roles or optional endpoints it reads as before', () => {
    expect(accessCounts([of('protected'), of('public')])).toBe('1 protected, 1 public')
    expect(accessCounts([])).toBe('0 protected, 0 public')
    expect(accessCounts([of('optional')])).toBe('0 protected, 1 optional, 0 public')
  })
})
