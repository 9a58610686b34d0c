/**
 * serverfn-auth's runtime: the session middleware (which marks the calls it lets through), the
 * check and the seal that the transform writes into server functions. The serverFnAuth() Vite
 * plugin serves this module with the build's session middleware; this file is only what a build
 * without the plugin would load, and it fails loudly instead of protecting nothing.
 */
throw new Error('serverfn-auth/runtime is served by the serverFnAuth() Vite plugin: add serverFnAuth() to vite.config plugins.')

export {}
