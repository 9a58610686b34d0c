import type { File, Node } from '@babel/types'
import MagicString from 'magic-string'
import type { DeclaredServerFn } from './declarations.ts'
import { accessLayers, hasChecksLast, hasEntryFirst, hasGuardedHandler, RUNTIME_SPECIFIER, runtimeItemSource, runtimeNamespaces, sealedAfter, type AccessLayers, type RuntimeItem } from './runtime-references.ts'
import { HANDLER_METHOD } from './start-packages.ts'

/**
 * What the transform writes into a module, and where. For every protected declaration:
 *
 * ```ts
 * // before
 * export const getProfile = authed.middleware([audit]).handler(load)
 * // after (one line, so every line keeps its number)
 * import * as __serverFnAuth from "serverfn-auth/runtime";
 * export const getProfile = authed.middleware([__serverFnAuth.session])
 *   .middleware([audit]).middleware([__serverFnAuth.check]).handler(__serverFnAuth.guard(load));__serverFnAuth.seal(getProfile)
 * ```
 *
 * - right after the head (the `createServerFn(…)` root or the builder it derives from), the
 *   session middleware, which marks the calls it lets through: it runs before any other
 *   middleware and before the validator;
 * - right before `.handler`, the check that answers 401 when the mark is missing, whatever
 *   happened to the chain in between;
 * - around the handler, the guard, which checks the mark again as the handler is called: a
 *   middleware that calls `next()` again after a refusal makes TanStack's walk of the chain
 *   skip past the middleware that refused (one index for every `next()` of a call), so only
 *   the handler itself can be sure the session middleware let this call through;
 * - after the declaration, the seal: builders and their options are frozen, so that nothing can
 *   take the middleware out of them later; endpoints are frozen in the module TanStack builds
 *   them from (`?tss-serverfn-split`); the session middleware and the middleware it lists are
 *   frozen right after their declarations (`sealMiddleware`), so that no other module can change
 *   what it does.
 *
 * TanStack Start runs middleware in order and deduplicates it by identity, so a builder's
 * session middleware listed again on a derived chain runs once, in its first place.
 *
 * A declaration that requires roles gets each role's middleware right after the session
 * middleware, a check of each before `.handler` and the roles in its guard; an optional one gets
 * the optional-session middleware instead of the session middleware (the table in
 * `runtime-references.ts`). On a chain derived from a builder, the roles the builder already
 * lists run in their first place, and those the declaration adds after the builder's middleware.
 */

export interface InjectionPlan {
  /** The module already imports the runtime under `runtimeName`: no import is added. */
  runtimeImported: boolean
  /** After the head of each declaration that is not public: the session (or optional-session) middleware and the roles'. */
  entry: Array<{ at: number; items: RuntimeItem[] }>
  /** At `handler` in `.handler(…)` of each endpoint that is not public (after the dot): the checks. */
  check: Array<{ at: number; items: RuntimeItem[] }>
  /** The argument of `.handler(…)` of each endpoint that is not public, wrapped in the guard. */
  guard: Array<{ start: number; end: number; guard: AccessLayers['guard'] }>
  /**
   * Statement ends after which a value is sealed: a builder (everywhere), an endpoint (in the
   * module TanStack builds endpoints from), a part of the session middleware (with what it lists).
   */
  seal: Array<{ at: number; name: string; kind: 'builder' | 'endpoint' | 'middleware' }>
  /**
   * Where the runtime import goes, on a line of its own code: after the last import or the
   * directive prologue (`after`), else before the first statement (`before`).
   */
  importAt: { at: number; side: 'after' | 'before' }
  /** The local name of the runtime namespace; it occurs nowhere in the module. */
  runtimeName: string
}

const RUNTIME_LOCAL = '__serverFnAuth'

/**
 * What to write. What is already there (the transform's own output, transformed again) is not
 * written twice: the plan is idempotent.
 */
export function planInjection(
  ast: File,
  code: string,
  declarations: readonly DeclaredServerFn[],
  runtimeSource = RUNTIME_SPECIFIER,
  /** The session middleware's parts to seal after their declaration (see `session-rules.ts`). */
  alsoSealed: ReadonlyArray<{ name: string; statement: Node }> = [],
): InjectionPlan | null {
  if (declarations.length === 0 && alsoSealed.length === 0) return null
  const runtime = runtimeNamespaces(ast, runtimeSource)
  const existing = [...runtime][0]
  const plan: InjectionPlan = { entry: [], check: [], guard: [], seal: [], importAt: importPosition(ast), runtimeName: existing ?? uniqueName(code), runtimeImported: !!existing }
  for (const declared of declarations) {
    const layers = accessLayers(declared.access)
    if (layers) {
      if (!hasEntryFirst(declared.chain, runtime, layers)) plan.entry.push({ at: declared.headEnd, items: layers.entry })
      if (declared.handlerAt !== null && !hasChecksLast(declared.chain, runtime, layers)) plan.check.push({ at: declared.handlerAt, items: layers.check })
      const handler = declared.handlerAt === null ? undefined : declared.chain.links.find((link) => link.method === HANDLER_METHOD)?.call.arguments[0]
      if (handler && handler.type !== 'SpreadElement' && handler.type !== 'ArgumentPlaceholder' && !hasGuardedHandler(declared.chain, runtime, layers)) {
        plan.guard.push({ start: handler.start!, end: handler.end!, guard: layers.guard })
      }
    }
    if (!sealedAfter(ast, declared.declaration.statement, runtime).has(declared.name)) plan.seal.push({ at: declared.declaration.statement.end!, name: declared.name, kind: declared.kind })
  }
  for (const { name, statement } of alsoSealed) {
    if (!sealedAfter(ast, statement, runtime).has(name)) plan.seal.push({ at: statement.end!, name, kind: 'middleware' })
  }
  return plan
}

function uniqueName(code: string): string {
  let name = RUNTIME_LOCAL
  for (let suffix = 1; code.includes(name); suffix++) name = `${RUNTIME_LOCAL}${suffix}`
  return name
}

/**
 * After the last import; else after the directive prologue (`'use server'`); else in front of the
 * first statement, on its line (never inside a hashbang line, never on a line of its own: every
 * original line keeps its number).
 */
function importPosition(ast: File): InjectionPlan['importAt'] {
  const imports = ast.program.body.filter((statement) => statement.type === 'ImportDeclaration')
  const last = imports[imports.length - 1]
  if (last) return { at: last.end!, side: 'after' }
  const directives = ast.program.directives
  if (directives.length) return { at: directives[directives.length - 1]!.end!, side: 'after' }
  return { at: ast.program.body[0]?.start ?? 0, side: 'before' }
}

export interface WriteOptions {
  /** The specifier of serverfn-auth's runtime module. */
  runtimeSource: string
  /** The module is the one TanStack builds endpoints from (`?tss-serverfn-split`): seal endpoints too. */
  provider: boolean
}

/** Applies a plan. Returns null when there is nothing to write. */
export function writeInjection(code: string, plan: InjectionPlan | null, options: WriteOptions): MagicString | null {
  if (!plan) return null
  const seals = plan.seal.filter((seal) => seal.kind !== 'endpoint' || options.provider)
  if (plan.entry.length === 0 && plan.check.length === 0 && plan.guard.length === 0 && seals.length === 0) return null
  const output = new MagicString(code)
  const runtime = plan.runtimeName
  if (!plan.runtimeImported) {
    const statement = `import * as ${runtime} from ${JSON.stringify(options.runtimeSource)};`
    const { at, side } = plan.importAt
    if (side === 'before') output.prependLeft(at, statement)
    else output.appendLeft(at, `${code[at - 1] === ';' ? '' : ';'}${statement}`)
  }
  const list = (items: readonly RuntimeItem[]) => `[${items.map((item) => runtimeItemSource(runtime, item)).join(', ')}]`
  for (const { at, items } of plan.entry) output.appendLeft(at, `.middleware(${list(items)})`)
  for (const { at, items } of plan.check) output.appendLeft(at, `middleware(${list(items)}).`)
  for (const { start, end, guard } of plan.guard) {
    output.prependRight(start, `${runtime}.${guard.member}(`)
    output.appendLeft(end, `${guard.arguments.map((role) => `, ${JSON.stringify(role)}`).join('')})`)
  }
  for (const seal of seals) {
    const how = seal.kind === 'middleware' ? 'sealMiddleware' : 'seal'
    output.appendLeft(seal.at, `${code[seal.at - 1] === ';' ? '' : ';'}${runtime}.${how}(${seal.name});`)
  }
  return output
}
