import type { ESLint, Linter, Rule } from 'eslint'
import { analyzeModule, analyzeRoutesOf, mayContainServerFn, ROUTE_CANDIDATE_PATTERN, START_PACKAGE_PATTERN, type Diagnostic, type ImportKind } from '../core/index.ts'

/**
 * serverfn-auth in the editor: an ESLint plugin whose rules run the build's own analysis on each
 * file and report its diagnostics, with the same codes, messages, hints and positions. Nothing is
 * decided twice: the rules only choose which of the analysis' findings one file proves.
 *
 * ```js
 * // eslint.config.js
 * import serverFnAuth from 'serverfn-auth/eslint'
 * export default [serverFnAuth.configs.recommended]
 * ```
 */

export interface ServerFunctionsRuleOptions {
  /** The roles `roles` configures: without them, `@auth role` names are not checked (SFA209). */
  roles?: string[]
  /** Whether `optional` is configured: without it, `@auth optional` is not checked (SFA212). */
  optional?: boolean
}

export interface ServerRoutesRuleOptions {
  /** Whether `routes.middleware` is configured: without it, a route with handlers is SFA701. */
  routeMiddleware?: boolean
}

/** Every import that is not TanStack Start's own answered as a plain value, not a server function. */
const PLAIN_VALUES = (source: string): ImportKind | undefined => (START_PACKAGE_PATTERN.test(source) ? undefined : { kind: 'none' })

const sameFinding = (a: Diagnostic, b: Diagnostic) => a.code === b.code && a.loc.start === b.loc.start && a.message === b.message

/**
 * What one file proves. The build answers each import by reading the module it comes from; a
 * file alone cannot. A finding is reported when the file shows it whichever way its imports are
 * answered: both when every import from another module is taken for a protected builder (what
 * the analysis assumes of an import it cannot follow) and when every one is a plain value.
 */
export function provenDiagnostics(code: string, file: string, options: ServerFunctionsRuleOptions = {}): Diagnostic[] {
  if (!mayContainServerFn(code)) return []
  const access = { roles: new Set(options.roles ?? []), optional: options.optional ?? false }
  const asBuilders = analyzeModule(code, { file, access }).diagnostics
  const asValues = analyzeModule(code, { file, access, imports: PLAIN_VALUES }).diagnostics
  return asBuilders.filter((finding) => {
    // Which roles and optional session exist is the config's, not the file's.
    if (finding.code === 'SFA209' && !options.roles) return false
    if (finding.code === 'SFA212' && options.optional === undefined) return false
    return asValues.some((other) => sameFinding(finding, other))
  })
}

/** The server-route findings of one file (server routes are decided by their own module). */
export function routeDiagnostics(code: string, file: string, options: ServerRoutesRuleOptions = {}): Diagnostic[] {
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return []
  const analysis = analyzeRoutesOf(code, file, { routeMiddleware: options.routeMiddleware ?? true, withServerFns: mayContainServerFn(code) })
  return analysis.diagnostics.filter((finding) => finding.code !== 'SFA701' || options.routeMiddleware === false)
}

function report(context: Rule.RuleContext, finding: Diagnostic): void {
  context.report({
    loc: { line: finding.loc.line, column: finding.loc.column },
    message: `${finding.code} ${finding.name}: ${finding.message} Hint: ${finding.hint}`,
  })
}

const serverFunctions: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Server functions that serverfn-auth would refuse to build (SFA1xx, SFA2xx), as far as the file alone proves them.' },
    schema: [
      {
        type: 'object',
        properties: { roles: { type: 'array', items: { type: 'string' } }, optional: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const options = (context.options[0] ?? {}) as ServerFunctionsRuleOptions
    return {
      'Program:exit'() {
        for (const finding of provenDiagnostics(context.sourceCode.text, context.physicalFilename, options)) report(context, finding)
      },
    }
  },
}

const serverRoutes: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Server routes that serverfn-auth would refuse to build (SFA7xx).' },
    schema: [{ type: 'object', properties: { routeMiddleware: { type: 'boolean' } }, additionalProperties: false }],
  },
  create(context) {
    const options = (context.options[0] ?? {}) as ServerRoutesRuleOptions
    return {
      'Program:exit'() {
        for (const finding of routeDiagnostics(context.sourceCode.text, context.physicalFilename, options)) report(context, finding)
      },
    }
  },
}

const plugin = {
  meta: { name: 'serverfn-auth' },
  rules: { 'server-functions': serverFunctions, 'server-routes': serverRoutes },
  configs: {} as Record<'recommended', Linter.Config>,
} satisfies ESLint.Plugin

plugin.configs.recommended = {
  name: 'serverfn-auth/recommended',
  files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
  plugins: { 'serverfn-auth': plugin },
  rules: { 'serverfn-auth/server-functions': 'error', 'serverfn-auth/server-routes': 'error' },
}

export default plugin
