import type { EvasionCase } from './case.ts'
import { cases as accepted } from './classes/accepted.ts'
import { cases as annotations } from './classes/annotations.ts'
import { cases as declarators } from './classes/declarators.ts'
import { cases as derivedPlacement } from './classes/derived-placement.ts'
import { cases as directiveSyntax } from './classes/directive-syntax.ts'
import { cases as falsePositives } from './classes/false-positives.ts'
import { cases as importCycles } from './classes/import-cycles.ts'
import { cases as lineTerminators } from './classes/line-terminators.ts'
import { cases as options } from './classes/options.ts'
import { cases as roles } from './classes/roles.ts'
import { cases as rootPlacement } from './classes/root-placement.ts'
import { cases as sessionIdentity } from './classes/session-identity.ts'
import { cases as tanstackSkips } from './classes/tanstack-skips.ts'
import { cases as writes } from './classes/writes.ts'

export type { EvasionCase } from './case.ts'

/**
 * The evasion corpus: the shapes real codebases write, the shapes TanStack's own compiler
 * accepts, and every class of bypass the adversarial review found, each with variants of its
 * own. docs/evasion.md is generated from it.
 */
export const corpus: EvasionCase[] = [
  ...accepted,
  ...rootPlacement,
  ...annotations,
  ...directiveSyntax,
  ...writes,
  ...options,
  ...declarators,
  ...lineTerminators,
  ...sessionIdentity,
  ...importCycles,
  ...derivedPlacement,
  ...tanstackSkips,
  ...falsePositives,
  ...roles,
]
