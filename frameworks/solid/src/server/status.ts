import { createServerFn } from '@tanstack/solid-start'

// @auth public: the home page shows whether the service is up, to anyone
export const getStatus = createServerFn({ method: 'GET' }).handler(async () => ({ ok: true }))
