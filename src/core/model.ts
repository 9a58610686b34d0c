import type { HttpMethod } from './chain.ts'
import type { Diagnostic, SourcePosition } from './diagnostics.ts'

export type { HttpMethod } from './chain.ts'

/** An export of another module, to be linked by the host across modules. */
export interface ModuleReference {
  /** Import specifier as written in the module. */
  source: string
  /** Exported name in that module. */
  importedName: string
}

export type AccessDecision =
  /** The session middleware is injected right after the `createServerFn(...)` root. */
  | { kind: 'protected'; via: 'injected' }
  /** The chain already lists the session middleware first: nothing to inject. */
  | { kind: 'protected'; via: 'explicit' }
  /** Annotated `@auth public: <reason>` where its root is declared. */
  | { kind: 'public'; reason: string }
  /** The builder is imported: its access is decided in the module that declares its root. */
  | { kind: 'inherited'; from: ModuleReference }

export type DeclarationOrigin =
  /** The declaration calls `createServerFn(...)` itself. */
  | { kind: 'root' }
  /** Derived from a builder declared in the same module. */
  | { kind: 'builder'; name: string }
  /** Derived from an imported builder. */
  | { kind: 'import'; reference: ModuleReference }

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

/** How the transform reaches the session middleware in a module. */
export type SessionBinding =
  /** The module declares the middleware itself. */
  | { kind: 'local'; name: string }
  /** The module already imports it. */
  | { kind: 'existing-import'; name: string }
  /** An import is added at `insertAt`: the end of the module's last import. */
  | { kind: 'new-import'; name: string; source: string; exportName: string; insertAt: number }

export interface ModuleAnalysis {
  /** Module id without query. */
  file: string
  declarations: ServerFnDeclaration[]
  diagnostics: Diagnostic[]
  /** Offsets right after each `createServerFn(...)` root that gets the session middleware. */
  injectionPoints: number[]
  /**
   * Declarations derived from an imported builder, with the offset right after the builder in
   * their chain. The host may inject there when the builder's own module is not transformed
   * (a dependency): `authed.middleware([session]).handler(...)`.
   */
  importedBuilders: Array<{ name: string; reference: ModuleReference; headEnd: number }>
  /** How injected code names the session middleware; null when nothing can be injected. */
  session: SessionBinding | null
}
