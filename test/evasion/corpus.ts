/**
 * The evasion corpus: source shapes that real codebases write, shapes TanStack's own compiler
 * accepts, and the tricks an evasion would try. Each has its expected outcome: `protected`
 * (every builder and endpoint carries the session middleware first when the module runs),
 * `public` (annotated, with a reason; everything else protected), or `error` (the build fails
 * with that code). None may be "unprotected". docs/evasion.md is generated from this table.
 */

export interface EvasionCase {
  shape: string
  expect: 'protected' | 'public' | 'error'
  /** For `error`: the diagnostic code the build must report. */
  code?: string
  why: string
  source: string
  /** Module extension, `.tsx` by default. */
  ext?: '.ts' | '.tsx' | '.js' | '.jsx'
}

const imp = "import { createServerFn } from '@tanstack/react-start'\n"

export const corpus: EvasionCase[] = [
  // Shapes TanStack compiles and real apps write.
  { shape: '`createServerFn().handler(fn)`', expect: 'protected', why: 'The plain root: the session middleware is injected right after it.', source: `${imp}export const f = createServerFn().handler(() => 1)` },
  { shape: "`createServerFn({ method: 'POST' })`", expect: 'protected', why: 'Options do not change the root.', source: `${imp}export const f = createServerFn({ method: 'POST' }).handler(() => 1)` },
  { shape: 'aliased import `createServerFn as csf`', expect: 'protected', why: 'Recognised by import binding, not by name.', source: "import { createServerFn as csf } from '@tanstack/react-start'\nexport const f = csf().handler(() => 1)" },
  { shape: 'namespace import `Start.createServerFn()`', expect: 'protected', why: 'A namespace member read through an import.', source: "import * as Start from '@tanstack/react-start'\nexport const f = Start.createServerFn().handler(() => 1)" },
  { shape: 'default import `Start.createServerFn()`', expect: 'protected', why: 'Treated like a namespace import: fail closed.', source: "import Start from '@tanstack/react-start'\nexport const f = Start.createServerFn().handler(() => 1)" },
  { shape: '`(createServerFn as any)(...)`', expect: 'protected', why: 'TypeScript wrappers are transparent.', source: `${imp}export const f = (createServerFn as any)({ method: 'POST' }).handler(() => 1)` },
  { shape: '`createServerFn!()`', expect: 'protected', why: 'Non-null assertion on the callee.', source: `${imp}export const f = createServerFn!().handler(() => 1)` },
  { shape: '`(createServerFn satisfies unknown)()`', expect: 'protected', why: '`satisfies` around the callee.', source: `${imp}export const f = (createServerFn satisfies unknown)().handler(() => 1)` },
  { shape: '`createServerFn<T>()`', expect: 'protected', why: 'Type arguments on the call.', source: `${imp}export const f = createServerFn<'x'>().handler(() => 1)` },
  { shape: '`(<any>createServerFn)()` in a `.ts` file', expect: 'protected', why: 'Angle-bracket assertion.', ext: '.ts', source: `${imp}export const f = (<any>createServerFn)().handler(() => 1)` },
  { shape: '`.middleware([...]).validator(v).handler(fn)`', expect: 'protected', why: 'Injected before user middleware and the validator.', source: `${imp}import { audit } from './audit'\nexport const f = createServerFn().middleware([audit]).validator((v: string) => v).handler(() => 1)` },
  { shape: 'deprecated `.inputValidator(v)`', expect: 'protected', why: 'Any chain after the root.', source: `${imp}export const f = createServerFn().inputValidator((v: number) => v).handler(() => 1)` },
  { shape: 'whole chain cast: `createServerFn().handler(fn) as any`', expect: 'protected', why: 'The wrapper is around the chain.', source: `${imp}export const f = createServerFn().handler(() => 1) as any` },
  { shape: 'root cast inside the chain: `(createServerFn() as any).handler(fn)`', expect: 'protected', why: 'The root is still the head.', source: `${imp}export const f = (createServerFn() as any).handler(() => 1)` },
  { shape: 'builder in a variable, endpoint on it', expect: 'protected', why: 'Injected at the builder root: every derived endpoint inherits it.', source: `${imp}const base = createServerFn()\nexport const f = base.handler(() => 1)` },
  { shape: "builder called with options `base({ method: 'POST' })`", expect: 'protected', why: 'Calling a builder keeps its middleware.', source: `${imp}const base = createServerFn()\nexport const f = base({ method: 'POST' }).handler(() => 1)` },
  { shape: 'builder of a builder', expect: 'protected', why: 'Middleware accumulates from the root.', source: `${imp}import { admin } from './admin'\nexport const authed = createServerFn().middleware([])\nconst adminFn = authed().middleware([admin])\nexport const f = adminFn().handler(() => 1)` },
  { shape: 'builder aliased `const b2 = base`', expect: 'protected', why: 'Same object.', source: `${imp}const base = createServerFn()\nconst b2 = base\nexport const f = b2.handler(() => 1)` },
  { shape: 'builder laundered through an object', expect: 'protected', why: 'The builder was injected at its root; wherever it goes, it carries the session middleware.', source: `${imp}const base = createServerFn()\nconst holder = { b: base }\nexport const f = holder.b.handler(() => 1)` },
  { shape: 'builder laundered through an array', expect: 'protected', why: 'Same: protection travels with the builder.', source: `${imp}const base = createServerFn()\nconst list = [base]\nexport const f = list[0]!.handler(() => 1)` },
  { shape: 'local re-export `import { createServerFn } from "~/lib/start"`', expect: 'protected', why: 'Imported under the name createServerFn from any module.', source: "import { createServerFn } from '~/lib/start'\nexport const f = createServerFn().handler(() => 1)" },
  { shape: 'Unicode escape in the identifier `create\\u0053erverFn`', expect: 'protected', why: 'The text filter sends any `\\u` to the parser; names are compared decoded.', source: "import { create\\u0053erverFn as make } from '@tanstack/react-start'\nexport const f = make().handler(() => 1)" },
  { shape: 'route file: loader and component beside server functions', expect: 'protected', why: 'Route files are ordinary modules.', source: `${imp}import { createFileRoute } from '@tanstack/react-router'\nexport const getPosts = createServerFn().handler(() => [])\nexport const Route = createFileRoute('/posts')({ loader: () => getPosts(), component: () => <ul /> })` },
  { shape: 'server function beside a component', expect: 'protected', why: 'JSX does not change the analysis.', source: `${imp}export const f = createServerFn().handler(() => 1)\nexport function View() { return <button onClick={() => f()}>go</button> }` },
  { shape: 'several declarators in one statement', expect: 'protected', why: 'Each root is injected.', source: `${imp}export const a = createServerFn().handler(() => 1), b = createServerFn().handler(() => 2)` },
  { shape: '`let` and `var` declarations', expect: 'protected', why: 'Any top-level declaration.', source: `${imp}export let a = createServerFn().handler(() => 1)\nvar b = createServerFn().handler(() => 2)\nexport { b }` },
  { shape: 'renamed export `export { internal as publicName }`', expect: 'protected', why: 'Access follows the declaration, not the export name.', source: `${imp}const internal = createServerFn().handler(() => 1)\nexport { internal as publicName }` },
  { shape: '`export default` of a declared endpoint', expect: 'protected', why: 'The declaration is the root.', source: `${imp}const f = createServerFn().handler(() => 1)\nexport default f` },
  { shape: 'a parameter named createServerFn beside a real root', expect: 'protected', why: 'The shadowing local is not a server function; the real root is injected.', source: `${imp}export const real = createServerFn().handler(() => 1)\nexport function helper(createServerFn: () => unknown) { return createServerFn() }` },
  { shape: 'an annotation-like comment inside a string', expect: 'protected', why: 'Directives are read from comments only.', source: `${imp}export const note = '// @auth public: not a comment'\nexport const f = createServerFn().handler(() => note)` },
  { shape: 'an annotation-like comment inside a template literal', expect: 'protected', why: 'Same.', source: `${imp}export const note = \`/* @auth public: nope */\`\nexport const f = createServerFn().handler(() => note)` },
  { shape: 'full-width `＠auth public`', expect: 'protected', why: 'Not the directive, so nothing becomes public.', source: `${imp}// ＠auth public: look-alike at sign\nexport const f = createServerFn().handler(() => 1)` },
  { shape: '`@authority public`', expect: 'protected', why: 'Another word: not a directive.', source: `${imp}// @authority public: another word\nexport const f = createServerFn().handler(() => 1)` },
  { shape: "handler with a `'use server'` directive", expect: 'protected', why: 'The handler body is not analysed.', source: `${imp}export const f = createServerFn().handler(async () => {\n  'use server'\n  return 1\n})` },
  { shape: 'enums, generics and abstract classes in the module', expect: 'protected', why: 'TypeScript-only syntax parses.', ext: '.ts', source: `${imp}enum Role { Admin = 'admin' }\nabstract class Repo<T> { abstract find(): T | undefined }\nexport const f = createServerFn().handler(() => Role.Admin)\nexport { Repo }` },
  { shape: 'session middleware listed first by hand', expect: 'protected', why: 'Recognised as explicit; not injected twice.', source: `${imp}import { requireSession } from '/app/src/server/session.ts'\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)` },
  { shape: 'session middleware listed after other middleware', expect: 'protected', why: 'Injected first anyway; TanStack runs it once.', source: `${imp}import { requireSession } from '/app/src/server/session.ts'\nimport { audit } from './audit'\nexport const f = createServerFn().middleware([audit, requireSession]).handler(() => 1)` },
  { shape: "module prologue `'use server'`", expect: 'protected', why: 'The import is added after the prologue.', source: `'use server'\n${imp}export const f = createServerFn().handler(() => 1)` },
  { shape: 'type-only uses of createServerFn', expect: 'protected', why: 'Types never run.', source: `${imp}type Factory = typeof createServerFn\nexport const f = createServerFn().handler((): Factory | null => null)` },

  // Public, on purpose.
  { shape: '`// @auth public: reason` above the declaration', expect: 'public', why: 'The only way to make an endpoint public.', source: `${imp}// @auth public: health probe\nexport const health = createServerFn().handler(() => 'ok')\nexport const other = createServerFn().handler(() => 1)` },
  { shape: '`/** @auth public — reason */` JSDoc', expect: 'public', why: 'Block and JSDoc comments count.', source: `${imp}/** @auth public — sign-in form */\nexport const login = createServerFn({ method: 'POST' }).handler(() => 1)` },
  { shape: 'public builder, endpoints derived from it', expect: 'public', why: 'A public root makes its derived endpoints public with the same reason.', source: `${imp}// @auth public: marketing pages\nconst pub = createServerFn()\nexport const pricing = pub.handler(() => 1)\nconst priv = createServerFn()\nexport const invoice = priv.handler(() => 2)` },

  // Tricks and mistakes that must fail the build.
  { shape: '`(0, createServerFn)()`', expect: 'error', code: 'SFA104', why: 'TanStack does not compile indirect calls; the handler would ship to the browser.', source: `${imp}export const f = (0, createServerFn)().handler(() => 1)` },
  { shape: "computed member `Start['createServerFn']()`", expect: 'error', code: 'SFA104', why: 'Not compiled by TanStack.', source: "import * as Start from '@tanstack/react-start'\nexport const f = Start['createServerFn']().handler(() => 1)" },
  { shape: 'optional call `createServerFn?.()`', expect: 'error', code: 'SFA104', why: 'Not compiled by TanStack.', source: `${imp}export const f = createServerFn?.().handler(() => 1)` },
  { shape: '`createServerFn.call(null)`', expect: 'error', code: 'SFA104', why: 'An indirect call.', source: `${imp}export const f = createServerFn.call(null).handler(() => 1)` },
  { shape: '`new createServerFn()`', expect: 'error', code: 'SFA104', why: 'Not a declaration TanStack knows.', source: `${imp}export const f = new (createServerFn as any)()` },
  { shape: 'tagged template `` createServerFn`x` ``', expect: 'error', code: 'SFA104', why: 'An indirect call.', source: `${imp}export const f = (createServerFn as any)\`x\`` },
  { shape: '`globalThis.createServerFn()`', expect: 'error', code: 'SFA105', why: 'Not an import of TanStack Start.', source: 'export const f = (globalThis as any).createServerFn().handler(() => 1)' },
  { shape: 'createServerFn used without any import', expect: 'error', code: 'SFA105', why: 'Unbound: not TanStack\'s.', source: 'declare const x: unknown\nexport const f = createServerFn().handler(() => 1)' },
  { shape: 'destructured from `await import(...)`', expect: 'error', code: 'SFA106', why: 'Dynamic import of the Start package.', source: "const { createServerFn } = await import('@tanstack/react-start')\nexport const f = createServerFn().handler(() => 1)" },
  { shape: "`require('@tanstack/react-start')`", expect: 'error', code: 'SFA106', why: 'CommonJS access to the Start package.', source: "const Start = require('@tanstack/react-start')\nexport const f = Start.createServerFn().handler(() => 1)" },
  { shape: 'assigned to another name `const csf = createServerFn`', expect: 'error', code: 'SFA103', why: 'TanStack would compile `csf()` in other modules that serverfn-auth could not follow.', source: `${imp}export const csf = createServerFn` },
  { shape: 'passed to a function `wrap(createServerFn)`', expect: 'error', code: 'SFA103', why: 'The factory escapes.', source: `${imp}import { wrap } from './wrap'\nexport const f = wrap(createServerFn)` },
  { shape: 're-exported under another name', expect: 'error', code: 'SFA103', why: 'Importers would use a name that is not recognised.', source: `${imp}export { createServerFn as makeFn }` },
  { shape: 'factory function `() => createServerFn().handler(fn)`', expect: 'error', code: 'SFA101', why: 'TanStack does not compile it; the handler ships to the browser.', source: `${imp}export const make = () => createServerFn().handler(() => 1)` },
  { shape: 'immediately invoked function', expect: 'error', code: 'SFA101', why: 'Inside a function.', source: `${imp}export const f = (() => createServerFn().handler(() => 1))()` },
  { shape: 'inside a class', expect: 'error', code: 'SFA101', why: 'Not a top-level declaration.', source: `${imp}export class Api { static f = createServerFn().handler(() => 1) }` },
  { shape: 'inside an `if` block', expect: 'error', code: 'SFA101', why: 'Not a top-level declaration.', source: `${imp}if (process.env.X) { var f = createServerFn().handler(() => 1) }\nexport { f }` },
  { shape: 'inside an object literal', expect: 'error', code: 'SFA102', why: 'Not assigned to a variable of its own.', source: `${imp}export const api = { f: createServerFn().handler(() => 1) }` },
  { shape: '`export default createServerFn()...`', expect: 'error', code: 'SFA102', why: 'Not assigned to a variable.', source: `${imp}export default createServerFn().handler(() => 1)` },
  { shape: 'chosen in a conditional', expect: 'error', code: 'SFA102', why: 'Not the initializer itself.', source: `${imp}export const f = process.env.X ? createServerFn().handler(() => 1) : null` },
  { shape: 'destructured root `const { handler } = createServerFn()`', expect: 'error', code: 'SFA102', why: 'Must be a plain name.', source: `${imp}export const { handler } = createServerFn()` },
  { shape: 'optional chaining in the chain `createServerFn()?.handler(fn)`', expect: 'error', code: 'SFA107', why: 'Not compiled by TanStack.', source: `${imp}export const f = createServerFn()?.handler(() => 1)` },
  { shape: "computed link `createServerFn()['handler'](fn)`", expect: 'error', code: 'SFA107', why: 'Not compiled by TanStack.', source: `${imp}export const f = createServerFn()['handler'](() => 1)` },
  { shape: '`@auth public` without a reason', expect: 'error', code: 'SFA201', why: 'A public endpoint needs its reason.', source: `${imp}// @auth public\nexport const f = createServerFn().handler(() => 1)` },
  { shape: 'typo `@auth pubic`', expect: 'error', code: 'SFA202', why: 'Unknown directives fail instead of being ignored.', source: `${imp}// @auth pubic: typo\nexport const f = createServerFn().handler(() => 1)` },
  { shape: 'Cyrillic look-alike `@auth publіc`', expect: 'error', code: 'SFA202', why: 'The directive word must be exactly `public`.', source: `${imp}// @auth publіc: look-alike\nexport const f = createServerFn().handler(() => 1)` },
  { shape: 'two directives on one declaration', expect: 'error', code: 'SFA203', why: 'Ambiguous.', source: `${imp}// @auth public: one\n// @auth public: two\nexport const f = createServerFn().handler(() => 1)` },
  { shape: '`@auth public` on a statement without a server function', expect: 'error', code: 'SFA204', why: 'It would apply to nothing.', source: `${imp}// @auth public: nothing here\nexport const n = 1\nexport const f = createServerFn().handler(() => 1)` },
  { shape: '`@auth public` on an endpoint of a protected builder', expect: 'error', code: 'SFA205', why: 'It would have no effect: the root decides.', source: `${imp}const base = createServerFn()\n// @auth public: wants out\nexport const f = base.handler(() => 1)` },
  { shape: '`@auth public` on a chain that lists the session middleware', expect: 'error', code: 'SFA206', why: 'A contradiction.', source: `${imp}import { requireSession } from '/app/src/server/session.ts'\n// @auth public: contradiction\nexport const f = createServerFn().middleware([requireSession]).handler(() => 1)` },
  { shape: 'annotation separated from its declaration by a blank line', expect: 'error', code: 'SFA207', why: 'Detached directives never silently apply elsewhere.', source: `${imp}// @auth public: detached\n\nexport const f = createServerFn().handler(() => 1)` },
  { shape: 'annotation trailing on the line of another declaration', expect: 'error', code: 'SFA207', why: 'It must not land on the next declaration.', source: `${imp}export const a = createServerFn().handler(() => 1) // @auth public: trailing\nexport const b = createServerFn().handler(() => 2)` },
  { shape: 'a module that cannot be parsed', expect: 'error', code: 'SFA001', why: 'Never skipped.', source: `${imp}export const f = createServerFn().handler(() => {` },
]
