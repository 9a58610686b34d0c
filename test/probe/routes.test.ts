import { describe, expect, test } from 'vitest'
import type { ServerRouteEntry } from '../../src/report/inventory.ts'
import { concretePath, PLACEHOLDER, planRoutes, probeRoutes } from '../../src/probe/routes.ts'

const route = (path: string | null, method: string | null, access: 'protected' | 'public' = 'protected'): ServerRouteEntry => ({
  file: 'src/routes/api/x.ts',
  line: 3,
  path,
  method,
  access,
  reason: access === 'public' ? 'open' : null,
  handlers: 'declared',
})

describe('the server route probe', () => {
  test('a route path becomes a URL path: parameters filled, optional ones and pathless segments left out, under the basepath', () => {
    expect(concretePath('/api/users')).toBe('/api/users')
    expect(concretePath('/api/users/$id')).toBe(`/api/users/${PLACEHOLDER}`)
    expect(concretePath('/files/$')).toBe(`/files/${PLACEHOLDER}`)
    expect(concretePath('/{-$lang}/api/x')).toBe('/api/x')
    expect(concretePath('/api/file{$id}.json')).toBe(`/api/file${PLACEHOLDER}.json`)
    expect(concretePath('/_layout/api/x')).toBe('/api/x')
    expect(concretePath('/api/x', '/app/')).toBe('/app/api/x')
  })

  test('anonymous calls first, then reads, then writes in a phase of their own; public ones only when asked; no path, no call', () => {
    const routes = [route('/a', 'POST'), route('/b', 'GET'), route('/c', 'GET', 'public'), route(null, null)]
    const plan = (options: Parameters<typeof planRoutes>[1]) => planRoutes(routes, options).map((call) => `${call.route.path} ${call.caller}`)
    expect(plan({})).toEqual(['/a anonymous', '/b anonymous'])
    expect(plan({ cookie: 's=1', includePublic: true })).toEqual(['/a anonymous', '/b anonymous', '/b authenticated', '/c anonymous', '/a authenticated'])
    expect(plan({ cookie: 's=1', phase: 'refusals and reads' })).toEqual(['/a anonymous', '/b anonymous', '/b authenticated'])
    expect(plan({ cookie: 's=1', phase: 'writes' })).toEqual(['/a authenticated'])
  })

  test('an open protected route fails, a refusal or a redirect passes, and ANY is called with GET', async () => {
    const seen: string[] = []
    const fetch = async (request: Request) => {
      seen.push(`${request.method} ${new URL(request.url).pathname}`)
      if (request.url.endsWith('/open')) return new Response('secret')
      if (request.url.endsWith('/login')) return new Response(null, { status: 307, headers: { location: '/login' } })
      return new Response('no', { status: request.headers.get('cookie') ? 200 : 401 })
    }
    const rows = await probeRoutes(fetch, [route('/open', 'GET'), route('/to/login', 'GET'), route('/closed', 'ANY')], { cookie: 's=1' })
    expect(rows.map((row) => [row.id, row.caller, row.verdict])).toEqual([
      ['GET /open', 'anonymous', 'accepted'],
      ['GET /to/login', 'anonymous', 'pass'],
      ['GET /closed', 'anonymous', 'pass'],
      ['GET /open', 'authenticated', 'pass'],
      ['GET /to/login', 'authenticated', 'rejected'],
      ['GET /closed', 'authenticated', 'pass'],
    ])
    expect(seen).toContain('GET /closed')
  })
})
