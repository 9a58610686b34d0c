import type { ESLint, Linter, Rule } from 'eslint'
import { analyzeAst, analyzeRoutesOf, cleanModuleId, mayContainServerFn, parseModule, ROUTE_CANDIDATE_PATTERN, START_PACKAGE_PATTERN, VUE_SFC_ID, vueComponentDiagnostic, type Diagnostic, type ImportKind } from '../core/index.ts'

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

/** Every import that is not TanStack Start's own answered as a protected builder. */
const BUILDERS = (source: string): ImportKind | undefined =>
  START_PACKAGE_PATTERN.test(source) ? undefined : { kind: 'builder', access: { kind: 'protected' }, method: 'GET', declaredIn: null, package: null }

/** Every import that is not TanStack Start's own answered as a plain value, not a server function. */
const PLAIN_VALUES = (source: string): ImportKind | undefined => (START_PACKAGE_PATTERN.test(source) ? undefined : { kind: 'none' })

const sameFinding = (a: Diagnostic, b: Diagnostic) => a.code === b.code && a.loc.start === b.loc.start && a.message === b.message

/**
 * What one file proves. The build answers each import by reading the module it comes from; a
 * file alone cannot. A finding is reported when the file shows it, with the same code and
 * message, whichever way its imports are answered: when every import from another module is a
 * protected builder, when every one is a plain value, and when none is answered (what the core
 * assumes of an import it cannot follow).
 */
export function provenDiagnostics(code: string, file: string, options: ServerFunctionsRuleOptions = {}): Diagnostic[] {
  // A Vue component (with vue-eslint-parser): the build's SFA116, from the component's text.
  if (VUE_SFC_ID.test(file)) return [vueComponentDiagnostic(code, file)].filter((finding) => finding !== null)
  if (!mayContainServerFn(code)) return []
  let ast
  try {
    ast = parseModule(code, file)
  } catch {
    // A module that does not parse is ESLint's parser's to report (Babel, which the build uses, may disagree on a file the build never sees).
    return []
  }
  const access = { roles: new Set(options.roles ?? []), optional: options.optional ?? false }
  // One parse for the three analyses: the analysis never writes into an AST.
  const [first, ...others] = [BUILDERS, PLAIN_VALUES, undefined].map((imports) => analyzeAst(ast, code, { file: cleanModuleId(file), access, ...(imports ? { imports } : {}) }).diagnostics)
  return first!.filter((finding) => {
    // Which roles and optional session exist is the config's, not the file's.
    if (finding.code === 'SFA209' && !options.roles) return false
    if (finding.code === 'SFA212' && options.optional === undefined) return false
    return others.every((diagnostics) => diagnostics.some((other) => sameFinding(finding, other)))
  })
}

/** The server-route findings of one file (server routes are decided by their own module). */
export function routeDiagnostics(code: string, file: string, options: ServerRoutesRuleOptions = {}): Diagnostic[] {
  if (!ROUTE_CANDIDATE_PATTERN.test(code)) return []
  // Unless told it is not configured, `routes.middleware` is taken to be: SFA701 is the config's.
  return analyzeRoutesOf(code, file, { routeMiddleware: options.routeMiddleware !== false, withServerFns: mayContainServerFn(code) }).diagnostics
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
        for (const finding of provenDiagnostics(context.sourceCode.text, context.filename, options)) report(context, finding)
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
        for (const finding of routeDiagnostics(context.sourceCode.text, context.filename, options)) report(context, finding)
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
  // Tests are never part of the app's build: a server function made inside a test is no endpoint.
  ignores: ['**/*.{test,spec}.*', '**/__tests__/**'],
  plugins: { 'serverfn-auth': plugin },
  rules: { 'serverfn-auth/server-functions': 'error', 'serverfn-auth/server-routes': 'error' },
}

export default plugin
