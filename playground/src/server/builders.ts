import { createServerFn } from '@tanstack/react-start'

/**
 * A builder shared across modules: endpoints are finished in `admin.ts`, and each requires the
 * `admin` role. No middleware by hand: serverfn-auth runs the session middleware, then the role's.
 */
// @auth role: admin
export const adminFn = createServerFn()
