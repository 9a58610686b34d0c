import { imp, type EvasionCase } from '../case.ts'

/** Class 7: chains on a builder follow the placement rules of a root; TanStack compiles none of these. */
const c = '7 derived placement'
const base = `${imp}const base = createServerFn()\n`
const builders = `${imp}export const authed = createServerFn()`
export const cases: EvasionCase[] = [
  { class: c, shape: '`B.authed.handler(fn)` through a namespace import', expect: 'error', code: 'SFA112', why: 'TanStack does not follow a namespace member that is not called: the handler ships.', files: { 'builders.ts': builders, 'fns.ts': "import * as B from './builders'\nexport const f = B.authed.handler(() => 'secret')" } },
  { class: c, shape: '`B.authed.middleware([x]).handler(fn)`', expect: 'error', code: 'SFA112', why: 'Same with a link before the handler.', files: { 'builders.ts': builders, 'fns.ts': "import * as B from './builders'\nimport { x } from './x'\nexport const f = B.authed.middleware([x]).handler(() => 'secret')" } },
  { class: c, shape: 'an alias of a namespace member, then `.handler`', expect: 'error', code: 'SFA112', why: 'TanStack cannot follow the alias either.', files: { 'builders.ts': builders, 'fns.ts': "import * as B from './builders'\nconst a = B.authed\nexport const f = a.handler(() => 'secret')" } },
  { class: c, shape: 'a builder read from an object', expect: 'error', code: 'SFA109', why: 'TanStack does not follow object members: the handler ships.', source: `${base}const holder = { b: base }\nexport const f = holder.b.handler(() => 'secret')` },
  { class: c, shape: 'a builder read from an array', expect: 'error', code: 'SFA109', why: 'Same with arrays.', source: `${base}const list = [base]\nexport const f = list[0]!.handler(() => 'secret')` },
  { class: c, shape: 'an imported builder put in an object and exported', expect: 'error', code: 'SFA109', why: 'Laundered out of sight.', files: { 'builders.ts': builders, 'launder.ts': "import { authed } from './builders'\nexport default { authed }", 'fns.ts': "import L from './launder'\nexport const f = L.authed.handler(() => 'secret')" } },
  { class: c, shape: '`export default builder.handler(fn)`', expect: 'error', code: 'SFA102', why: 'Not assigned to a name.', source: `${base}export default base.handler(() => 'secret')` },
  { class: c, shape: 'a ternary between two `.handler(…)` calls', expect: 'error', code: 'SFA102', why: 'The handler call is not the initializer.', source: `${base}export const f = process.env.X ? base.handler(() => 'a') : base.handler(() => 'b')` },
  { class: c, shape: '`export const { a } = { a: builder.handler(fn) }`', expect: 'error', code: 'SFA102', why: 'Destructured from an object literal.', source: `${base}export const { a } = { a: base.handler(() => 'secret') }` },
  { class: c, shape: 'a builder finished inside a factory function', expect: 'error', code: 'SFA101', why: 'TanStack only compiles top-level declarations.', source: `${base}export function make() { return base.handler(() => 'secret') }` },
  { class: c, shape: 'an imported builder finished in an arrow function', expect: 'error', code: 'SFA101', why: 'Same across modules.', files: { 'builders.ts': builders, 'fns.ts': "import { authed } from './builders'\nexport const make = () => authed.handler(() => 'secret')" } },
  { class: c, shape: 'a builder finished in a class field', expect: 'error', code: 'SFA101', why: 'Not a top-level declaration.', source: `${base}export class Api { static f = base.handler(() => 'secret') }` },
  { class: c, shape: 'a builder finished in a block', expect: 'error', code: 'SFA101', why: 'Not a top-level declaration.', source: `${base}if (process.env.X) { var f = base.handler(() => 'secret') }\nexport { f }` },
  { class: c, shape: 'a builder finished in an array literal', expect: 'error', code: 'SFA102', why: 'Not the initializer.', source: `${base}export const f = [base.handler(() => 'secret')][0]` },
  { class: c, shape: 'a builder finished in a comma expression', expect: 'error', code: 'SFA102', why: 'Not the initializer.', source: `${base}export const f = (0, base.handler(() => 'secret'))` },
  { class: c, shape: 'a builder finished as an argument', expect: 'error', code: 'SFA102', why: 'Not the initializer.', source: `${base}import { wrap } from './wrap'\nexport const f = wrap(base.handler(() => 'secret'))` },
  { class: c, shape: 'an endpoint chain continued after `.handler`', expect: 'error', code: 'SFA102', why: 'The endpoint must be the whole initializer.', source: `${base}export const f = base.handler(() => 'secret').bind(null)` },
  { class: c, shape: '`base?.handler(fn)`', expect: 'error', code: 'SFA107', why: 'TanStack does not compile optional links.', source: `${base}export const f = base?.handler(() => 'secret')` },
  { class: c, shape: "`base['handler'](fn)`", expect: 'error', code: 'SFA107', why: 'Nor computed ones.', source: `${base}export const f = base['handler'](() => 'secret')` },
  { class: c, shape: '`(base.handler as any)(fn)`', expect: 'error', code: 'SFA107', why: 'Nor a wrapped callee.', source: `${base}export const f = (base.handler as any)(() => 'secret')` },
  { class: c, shape: '`const h = base.handler` then `h(fn)`', expect: 'error', code: 'SFA109', why: 'A method read off the builder.', source: `${base}const h = base.handler\nexport const f = h(() => 'secret')` },
  { class: c, shape: '`(cond ? base : other).handler(fn)`', expect: 'error', code: 'SFA109', why: 'A builder chosen at run time.', source: `${base}const other = createServerFn()\nexport const f = (process.env.X ? base : other).handler(() => 'secret')` },
  { class: c, shape: '`Object.freeze(base).handler(fn)`', expect: 'error', code: 'SFA109', why: 'Passed through a function.', source: `${base}export const f = Object.freeze(base).handler(() => 'secret')` },
  { class: c, shape: 'a builder returned by a local function', expect: 'error', code: 'SFA109', why: 'TanStack does not follow function results.', source: `${base}function pick() { return base }\nexport const f = pick().handler(() => 'secret')` },
  { class: c, shape: 'an endpoint used as a builder', expect: 'error', code: 'SFA109', why: 'An endpoint has no `.handler`.', source: `${base}export const f = base.handler(() => 'a')\nexport const g = (f as any).handler(() => 'secret')` },
  { class: c, shape: 'an imported endpoint used as a builder', expect: 'error', code: 'SFA109', why: 'Same across modules.', files: { 'a.ts': `${imp}export const f = createServerFn().handler(() => 'a')`, 'fns.ts': "import { f } from './a'\nexport const g = (f as any).handler(() => 'secret')" } },
]
