import { imp, type EvasionCase } from '../case.ts'

/** Class 8: shapes and modules TanStack's compiler does not see; whatever it would not compile fails the build. */
const c = '8 TanStack skips'
const builders = `${imp}export const authed = createServerFn()`
export const cases: EvasionCase[] = [
  { class: c, shape: '`(createServerFn<\'GET\'>)(…)` instantiation expression', expect: 'error', code: 'SFA104', why: 'TanStack does not unwrap instantiation expressions.', source: `${imp}export const f = (createServerFn<'GET'>)().handler(() => 'secret')` },
  { class: c, shape: '`(base.middleware<T>)([…])` instantiation in the chain', expect: 'error', code: 'SFA109', why: 'Not a plain link.', source: `${imp}const base = createServerFn()\nexport const f = (base.middleware<any>)([]).handler(() => 'secret')` },
  { class: c, shape: '`authed.handler<T>(fn)` in a module that never names createServerFn', expect: 'error', code: 'SFA113', why: 'Fails TanStack’s text filter (`.handler(`): the module is never compiled.', files: { 'builders.ts': builders, 'fns.ts': "import { authed } from './builders'\nexport const f = authed.handler<string>(() => 'secret')" } },
  { class: c, shape: '`authed.handler /* … */ (fn)`', expect: 'error', code: 'SFA113', why: 'A comment before the parenthesis fails the same filter.', files: { 'builders.ts': builders, 'fns.ts': "import { authed } from './builders'\nexport const f = authed.handler /* why not */ (() => 'secret')" } },
  { class: c, shape: '`authed.h\\u0061ndler(fn)` spelled with an escape', expect: 'error', code: 'SFA113', why: 'The text does not spell `.handler(`.', files: { 'builders.ts': builders, 'fns.ts': "import { authed } from './builders'\nexport const f = authed.h\\u0061ndler(() => 'secret')" } },
  { class: c, shape: 'an upper-case extension `fns.JS`', expect: 'error', code: 'SFA113', why: 'Vite bundles it; TanStack’s id filter is lower-case.', ext: '.JS', source: `${imp}export const f = createServerFn().handler(() => 'secret')` },
  { class: c, shape: 'an upper-case extension `fns.TSX` with an imported builder', expect: 'error', code: 'SFA113', why: 'Same.', files: { 'builders.ts': builders, 'fns.TSX': "import { authed } from './builders'\nexport const f = authed.handler(() => 'secret')" } },
  { class: c, shape: '`authed\\n  .handler(fn)` on its own line', expect: 'protected', why: 'Whitespace before `handler` passes TanStack’s filter.', files: { 'builders.ts': builders, 'fns.ts': "import { authed } from './builders'\nexport const f = authed\n  .handler(() => 'secret')" } },
  { class: c, shape: '`authed.handler<T>(fn)` in a module that mentions createServerFn', expect: 'protected', why: 'The filter passes (even on a comment), and TanStack compiles the call.', files: { 'builders.ts': builders, 'fns.ts': "// built on createServerFn\nimport { authed } from './builders'\nexport const f = authed.handler<string>(() => 'secret')" } },
]
