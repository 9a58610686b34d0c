import { createServerFn } from '@tanstack/solid-start'

/** Every endpoint made on it is protected: serverfn-auth writes the session middleware in. */
export const notesFn = createServerFn({ method: 'POST' })

// @auth role: admin
export const adminFn = createServerFn({ method: 'GET' })
