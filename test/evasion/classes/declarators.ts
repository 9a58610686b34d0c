import { imp, type EvasionCase } from '../case.ts'

/** Class 3: one annotation above several declarators. */
const c = '3 declarators'
export const cases: EvasionCase[] = [
  { class: c, shape: '`// @auth public` above `export const a = …, b = …`', expect: 'error', code: 'SFA208', why: 'It would make `b` public too.', source: `${imp}// @auth public: health probe\nexport const a = createServerFn().handler(() => 'ok'), b = createServerFn().handler(() => 'secret')` },
  { class: c, shape: 'annotated builders declared together', expect: 'error', code: 'SFA208', why: 'Both builders would be public.', source: `${imp}// @auth public: marketing\nconst pub = createServerFn(), priv = createServerFn()\nexport const a = pub.handler(() => 'ok')\nexport const b = priv.handler(() => 'secret')` },
  { class: c, shape: 'an annotated statement with a plain value and a server function', expect: 'error', code: 'SFA208', why: 'A directive leads one declarator.', source: `${imp}// @auth public: the flag is public\nexport const flag = true, f = createServerFn().handler(() => 'secret')` },
  { class: c, shape: 'a JSDoc directive above several declarators', expect: 'error', code: 'SFA208', why: 'Same with JSDoc.', source: `${imp}/** @auth public — sign-in */\nexport const login = createServerFn().handler(() => 'ok'), admin = createServerFn().handler(() => 'secret')` },
  { class: c, shape: 'an annotated `var` statement with several names', expect: 'error', code: 'SFA208', why: 'Same with `var`.', source: `${imp}// @auth public: open\nvar a = createServerFn().handler(() => 'ok'), b = createServerFn().handler(() => 'secret')` },
]
