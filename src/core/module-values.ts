import type { ImportBinding } from './bindings.ts'
import type { HttpMethod } from './chain.ts'
import type { AccessDecision, DeclarationOrigin, ImportKind } from './model.ts'
import { FACTORY_MODULE_PATTERN, SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'

/**
 * What a module-level name holds, as far as server functions go. Imports are answered by the
 * host (see `ImportKind`); without an answer the core assumes what fails closed.
 */
export type ModuleValue =
  /** TanStack Start's `createServerFn`. */
  | { kind: 'factory' }
  /** Imported under the name `createServerFn` from a module that does not export TanStack's. */
  | { kind: 'foreign-factory'; source: string }
  /**
   * A namespace whose module exposes server function values. `path`: where it sits in the
   * imported module (`null` for `import * as B`; `'B'` for `import { B }` of `export * as B`;
   * `'auth'` for `B.auth` when that is a namespace too). TanStack's compiler looks into a
   * namespace import only, never into one reached by name or inside another (`followed: false`).
   * `assumed`: nobody answered, so its members are checked where they head chains, but passing
   * it around is not refused.
   */
  | { kind: 'namespace'; binding: ImportBinding; path: string | null; followed: boolean; assumed?: boolean }
  | { kind: 'builder'; access: AccessDecision; origin: DeclarationOrigin; method: HttpMethod; compiled: boolean }
  | { kind: 'endpoint' }
  /** The project's session middleware: read freely, never written. */
  | { kind: 'session' }
  /**
   * An import that heads a builder chain but could not be answered: treated as a protected
   * builder where it heads one (fail closed), and reported when the host said it cannot follow it.
   */
  | { kind: 'unanswered'; binding: ImportBinding; member: string | null; reason: string | null }
  | { kind: 'none' }

/** Answers the host gave, by `(source, imported)`; undefined when it gave none. */
export type ImportAnswers = (source: string, imported: string) => ImportKind | undefined

const NONE: ModuleValue = { kind: 'none' }

function fromAnswer(answer: ImportKind | undefined, binding: ImportBinding, imported: string, member: string | null, path: string | null): ModuleValue {
  if (!answer) return { kind: 'unanswered', binding, member, reason: null }
  switch (answer.kind) {
    case 'factory':
      return { kind: 'factory' }
    case 'namespace':
      return { kind: 'namespace', binding, path: path ?? imported, followed: false }
    case 'builder':
      return {
        kind: 'builder',
        access: answer.access,
        method: answer.method,
        compiled: true,
        origin: { kind: 'import', reference: { source: binding.source, importedName: member ?? imported }, declaredIn: answer.declaredIn, package: answer.package },
      }
    case 'endpoint':
      return { kind: 'endpoint' }
    case 'session':
      return { kind: 'session' }
    case 'unknown':
      return { kind: 'unanswered', binding, member, reason: answer.reason }
    case 'none':
      return NONE
  }
}

/** The value an import binding holds. */
export function importValue(binding: ImportBinding, answers: ImportAnswers): ModuleValue {
  const { source, imported, local } = binding
  const isStart = START_PACKAGE_PATTERN.test(source)
  if (imported === SERVER_FN_FACTORY || (imported === 'default' && local === SERVER_FN_FACTORY)) {
    // Only the package roots export it: `@tanstack/react-start/server` has none.
    if (isStart) return imported === SERVER_FN_FACTORY && FACTORY_MODULE_PATTERN.test(source) ? { kind: 'factory' } : { kind: 'foreign-factory', source }
    const answer = answers(source, imported)
    if (!answer || answer.kind === 'factory' || answer.kind === 'unknown') return { kind: 'factory' }
    return { kind: 'foreign-factory', source }
  }
  if (imported === '*') {
    if (isStart) return FACTORY_MODULE_PATTERN.test(source) ? { kind: 'namespace', binding, path: null, followed: true } : NONE
    const answer = answers(source, '*')
    // Unanswered, or a module that could not be followed (it imports itself): fail closed.
    if (!answer || answer.kind === 'unknown') return { kind: 'namespace', binding, path: null, followed: true, assumed: true }
    return answer.kind === 'namespace' ? { kind: 'namespace', binding, path: null, followed: true } : NONE
  }
  if (isStart) return NONE
  return fromAnswer(answers(source, imported), binding, imported, null, null)
}

/** The value of `Namespace.member`. */
export function namespaceMemberValue(namespace: Extract<ModuleValue, { kind: 'namespace' }>, member: string, answers: ImportAnswers): ModuleValue {
  const { binding, path } = namespace
  if (START_PACKAGE_PATTERN.test(binding.source)) {
    return member === SERVER_FN_FACTORY && FACTORY_MODULE_PATTERN.test(binding.source) ? { kind: 'factory' } : NONE
  }
  const key = path === null ? member : `${path}.${member}`
  const answer = answers(binding.source, key)
  // Unanswered, the name of the factory is the factory: fail closed.
  if (!answer && member === SERVER_FN_FACTORY) return { kind: 'factory' }
  const value = fromAnswer(answer, binding, key, key, key)
  return value.kind === 'namespace' ? { ...value, followed: false } : value
}

/** Values that server function rules apply to wherever the name is read. */
export function isTracked(value: ModuleValue): boolean {
  return value.kind === 'factory' || value.kind === 'foreign-factory' || value.kind === 'namespace' || value.kind === 'builder' || value.kind === 'endpoint' || value.kind === 'session'
}
