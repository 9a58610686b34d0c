import { cases as accepted } from './accepted.ts'
import { cases as annotations } from './annotations.ts'
import { cases as directives } from './directives.ts'
import { cases as falsePositives } from './false-positives.ts'
import { cases as reach } from './reach.ts'
import { cases as writes } from './writes.ts'

export type { RouteCase } from './case.ts'

/**
 * The server route corpus: the route shapes real apps write, annotations and their mistakes,
 * routes made out of the analysis' sight, and writes to a route after it was created.
 * docs/evasion-routes.md is generated from it (`test/e2e/route-corpus.test.ts`).
 */
export const routeCorpus = [...accepted, ...annotations, ...directives, ...reach, ...writes, ...falsePositives]
