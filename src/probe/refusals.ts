import { REFUSAL_LISTENER } from '../vite/runtime-module.ts'

/**
 * The refusals serverfn-auth's runtime reports in this process (see `REFUSAL_LISTENER` in the
 * runtime module): the server functions whose session, role or optional-session middleware, or
 * whose checks, refused a call. The probe listens while it makes one request at a time.
 */

export interface Refusal {
  fn?: { id?: unknown; name?: unknown; filename?: unknown }
}

// The runtime module's own key (it imports nothing of Vite).
const LISTENER = Symbol.for(REFUSAL_LISTENER)

/** Records the refusals until `stop()`; one listener at a time. */
export function listenForRefusals(): { events: Refusal[]; stop(): void } {
  const events: Refusal[] = []
  const globals = globalThis as Record<symbol, unknown>
  globals[LISTENER] = (event: Refusal) => events.push(event)
  return { events, stop: () => delete globals[LISTENER] }
}
