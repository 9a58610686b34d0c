import type { HttpMethod } from './chain.ts'
import type { Diagnostic, SourcePosition } from './diagnostics.ts'
import type { InjectionPlan } from './injection-plan.ts'

export type { HttpMethod } from './chain.ts'

/** An export of another module, as this module imports it. */
export interface ModuleReference {
  /** Import specifier as written in the module. */
  source: string
  /** Exported name in that module (`default`, or `*` for a namespace). */
  importedName: string
}

/** Where a server function is declared. */
export interface DeclarationSite {
  /** Module id without query. */
  file: string
  /** Its local name there. */
  name: string
}

export type AccessDecision =
  /**
   * The session middleware runs first, then the middleware of each role in `roles` (all of them
   * required; none when absent), and the handler checks that each ran.
   */
  | { kind: 'protected'; roles?: readonly string[] }
  /**
   * Answers anonymous callers, with the session read when there is one: annotated
   * `@auth optional: <reason>`. The optional-session middleware runs first, and the handler checks
   * that it ran.
   */
  | { kind: 'optional'; reason: string }
  /** Answers anonymous callers: annotated `@auth public: <reason>`, or a dependency rule says so. */
  | { kind: 'public'; reason: string }

export type DeclarationOrigin =
  /** The declaration calls `createServerFn(...)` itself. */
  | { kind: 'root' }
  /** Derived from a builder declared in the same module. */
  | { kind: 'builder'; name: string }
  /** Derived from an imported builder; `declaredIn` is null when the import could not be followed. */
  | { kind: 'import'; reference: ModuleReference; declaredIn: DeclarationSite | null; package: string | null }

export interface ServerFnDeclaration {
  /** The declared name: `getProfile` in `export const getProfile = ...`. */
  name: string
  /** Names other modules import it by (`default` for a default export); empty when not exported. */
  exportedAs: string[]
  /** `endpoint` when the chain ends in `.handler(...)`, `builder` otherwise. */
  kind: 'builder' | 'endpoint'
  method: HttpMethod
  access: AccessDecision
  origin: DeclarationOrigin
  /** Methods called on the chain, head first (`()` for a call of the builder itself). */
  chain: string[]
  /** Position of the declared name. */
  loc: SourcePosition
}

/**
 * What an import is, as the host that can read other modules answers it. Without a host, the core
 * assumes the least safe thing that is still consistent with how the import is used: a
 * `createServerFn` import is the factory, a builder-like head is a protected builder.
 */
export type ImportKind =
  | { kind: 'factory' }
  /** A namespace that exposes server function values (the factory or builders), of `module`. */
  | { kind: 'namespace'; module: string | null }
  | { kind: 'builder'; access: AccessDecision; method: HttpMethod; declaredIn: DeclarationSite | null; package: string | null }
  | { kind: 'endpoint'; declaredIn: DeclarationSite | null }
  /** The project's session middleware (`middleware.export` of `middleware.from`). */
  | { kind: 'session' }
  | { kind: 'none' }
  /** Could not be followed: a virtual module, an import cycle. */
  | { kind: 'unknown'; reason: string }

/** What a module exports, so that the host can answer other modules' imports of it. */
export type ExportedValue =
  | { kind: 'builder'; local: string; access: AccessDecision; method: HttpMethod }
  | { kind: 'endpoint'; local: string }
  /** Re-exported from another module: `export { a } from './a'`, or an import exported again. */
  | { kind: 'forward'; source: string; imported: string }
  /** Anything else the module exports: it shadows the names an `export *` would bring. */
  | { kind: 'value'; local: string }

export interface ModuleAnalysis {
  /** Module id without query. */
  file: string
  declarations: ServerFnDeclaration[]
  diagnostics: Diagnostic[]
  /** Every name the module exports, with what it is. */
  exports: Map<string, ExportedValue>
  /** Sources of `export * from '…'`. */
  starSources: string[]
  /** What the transform writes; null when the module declares no server function. */
  plan: InjectionPlan | null
}
