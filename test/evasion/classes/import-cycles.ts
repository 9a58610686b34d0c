import { imp, type EvasionCase } from '../case.ts'

/**
 * Class 6: import cycles through the session module. The runtime module reaches the session
 * middleware when a request needs it, so no cycle can leave it uninitialised.
 */
const c = '6 import cycles'
const session = (extra: string, body = '') => `import { createMiddleware } from '@tanstack/react-start'
import { getRequest } from '@tanstack/react-start/server'
${extra}
export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  ${body}
  const user = getRequest().headers.get('x-user')
  if (!user) throw new Error('Unauthenticated')
  return next({ context: { user } })
})
`
export const cases: EvasionCase[] = [
  { class: c, shape: 'the session module imports a helper from a module with server functions', expect: 'protected', why: 'The injected reference is resolved at request time.', files: { 'server/session.ts': session("import { audit } from '../fns'", 'audit()'), 'fns.ts': `${imp}export function audit() {}\nexport const f = createServerFn().handler(() => 'secret')` } },
  { class: c, shape: 'the session module uses that helper at its top level', expect: 'protected', why: 'No load-time edge from a server function module to the session module.', files: { 'server/session.ts': session("import { level } from '../fns'\nconst configured = level()"), 'fns.ts': `${imp}export function level() { return 1 }\nexport const f = createServerFn().handler(() => 'secret')` } },
  { class: c, shape: 'the session module declares server functions after the middleware', expect: 'public', publicNames: ['whoAmI'], why: 'It uses the runtime module like any other.', files: { 'server/session.ts': `${session('')}import { createServerFn } from '@tanstack/react-start'\n// @auth public: the route guard asks before there is a session\nexport const whoAmI = createServerFn().handler(() => 'nobody')\nexport const logout = createServerFn().handler(() => 'secret')` } },
  { class: c, shape: 'the session module declares server functions before the middleware', expect: 'protected', why: 'Where the middleware is declared no longer matters (SFA301 is retired).', files: { 'server/session.ts': `import { createServerFn } from '@tanstack/react-start'\nexport const logout = createServerFn().handler(() => 'secret')\n${session('')}` } },
  { class: c, shape: 'the session module re-exports the middleware', expect: 'protected', why: 'The runtime reads the export, wherever it is declared (SFA302 is retired).', files: { 'server/session.ts': "export { requireSession } from './session-impl'", 'server/session-impl.ts': session(''), 'fns.ts': `${imp}export const f = createServerFn().handler(() => 'secret')` } },
  { class: c, shape: 'a builder module and the session module import each other', expect: 'protected', why: 'Same.', files: { 'server/session.ts': session("import { authed } from '../builders'\nexport const builderName = () => typeof authed"), 'builders.ts': `${imp}export const authed = createServerFn()`, 'fns.ts': "import { authed } from './builders'\nexport const f = authed.handler(() => 'secret')" } },
  { class: c, shape: 'a module that imports itself as a namespace', expect: 'error', code: 'SFA603', why: 'A cycle nobody can order: the member is treated as a protected builder and reported.', source: `${imp}import * as self from './fns'\nexport const base = createServerFn()\nexport const f = self.base({ method: 'POST' }).handler(() => 'secret')` },
]
