import { readFileSync } from 'node:fs'

/** The package's version, read from its own package.json: one place to change it. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
