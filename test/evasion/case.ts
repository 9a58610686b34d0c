import type { DiagnosticCode } from '../../src/core/index.ts'

/**
 * One shape of the evasion corpus: source a real codebase or an attacker may write, and what
 * must come of it. Every case is run through serverfn-auth, TanStack Start's real compiler and its
 * real runtime (`test/support/start-harness.ts`):
 * - `protected`: the build passes; every endpoint TanStack registers is one serverfn-auth
 *   classified, and the other way round; TanStack replaced every handler in the client bundle;
 *   every endpoint rejects an anonymous call (with a forged context) and answers a session.
 * - `public`: the same, except that the endpoints named in `publicNames` answer anonymously.
 *   An endpoint in `roles` must also refuse a session without its roles; one in `optionalNames`
 *   answers anonymous callers and sessions alike.
 * - `error`: the build fails with `code` (other problems may be reported too).
 * - `not-server-fn`: not a server function at all: no problem, nothing classified, nothing
 *   registered (false positives the review found).
 * - `runtime-refused`: no static rule can tell (the build passes), and the runtime lines hold:
 *   every endpoint TanStack registered answers no anonymous caller.
 */
export interface EvasionCase {
  shape: string
  /** The class of the review it belongs to, or the kind of shape. */
  class: string
  expect: 'protected' | 'public' | 'error' | 'not-server-fn' | 'runtime-refused'
  code?: DiagnosticCode
  /** For `public`: the endpoints that must answer anonymously. */
  publicNames?: string[]
  /** The endpoints annotated `@auth optional` (directly or through their builder): they answer anyone. */
  optionalNames?: string[]
  /**
   * The endpoints that require roles, with their roles (the harness configures `admin` and
   * `billing`): each must refuse a session without them, and answer one with every role.
   */
  roles?: Record<string, string[]>
  why: string
  /** The module under test, written as `src/fns.tsx` unless `ext` says otherwise. */
  source?: string
  ext?: '.ts' | '.tsx' | '.js' | '.jsx' | '.JS' | '.mts'
  /** Several modules, by path under `src/` (`builders.ts`) or absolute (`/app/node_modules/…`); all are compiled and run. */
  files?: Record<string, string>
  /**
   * For `error`: why only the build error holds, and the runtime lines do not (the endpoint may
   * answer when the build is forced through). Without it, no classified endpoint may answer.
   */
  staticOnly?: string
}

export const imp = "import { createServerFn } from '@tanstack/react-start'\n"

/** The files of a case, by absolute path under the harness root. */
export function caseFiles(entry: EvasionCase): Record<string, string> {
  if (entry.files) return Object.fromEntries(Object.entries(entry.files).map(([path, code]) => [path.startsWith('/') ? path : `/app/src/${path}`, code]))
  return { [`/app/src/fns${entry.ext ?? '.tsx'}`]: entry.source ?? '' }
}
