/**
 * serverfn-auth. The Vite plugin builds on this core; until it lands, the package exposes the
 * pure analysis and transform.
 */
export * from './core/index.ts'
