import type { File, Statement } from '@babel/types'
import type { AnalysisContext } from './analysis-context.ts'
import { readAuthDirectives, type DirectiveScan } from './annotations.ts'
import { declaratorCount, readModuleBindings } from './bindings.ts'
import { findDeclarations, NO_ACCESS_CONFIG, type AccessConfig, type DeclarationScan, type DependencyContext } from './declarations.ts'
import { createDiagnostic, type SourcePosition } from './diagnostics.ts'
import { checkFactoryReach } from './factory-reach.ts'
import { planInjection } from './injection-plan.ts'
import { LineIndex } from './line-index.ts'
import type { ExportedValue, ModuleAnalysis, ServerFnDeclaration } from './model.ts'
import { importValue, isTracked, type ImportAnswers, type ModuleValue } from './module-values.ts'
import { cleanModuleId, ModuleParseError, parseModule } from './parse.ts'
import { routeDirectiveTargets } from './route-access.ts'
import { RUNTIME_SPECIFIER } from './runtime-references.ts'
import { ScopeResolver } from './scope.ts'
import { findServerRoutes } from './server-routes.ts'
import { sessionPartsInModule, type SessionPartsInModule } from './session-rules.ts'
import { sessionItemMatcher, type SessionIdentity } from './session.ts'
import { checkValueUses } from './value-uses.ts'

export interface AnalyzeOptions {
  /** Module id; a query (`?tss-serverfn-split`) is ignored. */
  file: string
  /**
   * What the module's imports are (see `importQueries`), as the host answered. Unanswered
   * imports fail closed: `createServerFn` is the factory, a builder-like head a protected builder.
   */
  imports?: ImportAnswers
  /** The module belongs to a package in node_modules: the app's rule for it decides access. */
  dependency?: DependencyContext
  /** How the project's session middleware is recognised in a chain (for SFA206). */
  session?: SessionIdentity
  /**
   * The roles the app configured and whether it configured an optional-session middleware:
   * `@auth role` and `@auth optional` name only these.
   * @default no roles, no optional session
   */
  access?: AccessConfig
  /**
   * The specifier the transform imports the runtime by: what it already wrote is recognised, so
   * that transforming its own output changes nothing.
   * @default 'serverfn-auth/runtime'
   */
  runtimeSource?: string
}

/** Parses `code` and analyses it. A module that cannot be parsed yields one SFA001 diagnostic. */
export function analyzeModule(code: string, options: AnalyzeOptions): ModuleAnalysis {
  const file = cleanModuleId(options.file)
  let ast: File
  try {
    ast = parseModule(code, file)
  } catch (error) {
    if (!(error instanceof ModuleParseError)) throw error
    return unparsable(file, code, error)
  }
  return analyzeAst(ast, code, { ...options, file })
}

export function unparsable(file: string, code: string, error: ModuleParseError): ModuleAnalysis {
  const loc = new LineIndex(code).locate(error.pos)
  return {
    file,
    declarations: [],
    diagnostics: [createDiagnostic('SFA001', file, loc, `The module cannot be parsed: ${error.message.replace(/\.$/, '')}.`)],
    exports: new Map(),
    starSources: [],
    plan: null,
  }
}

/** Analyses an already parsed module: every server function, its access, and what to inject. */
export function analyzeAst(ast: File, code: string, options: AnalyzeOptions): ModuleAnalysis {
  try {
    return analyzeParsed(ast, code, options)
  } catch (error) {
    // A module nested deeper than the walk's stack (thousands of links): never skipped.
    if (!(error instanceof RangeError)) throw error
    return unparsable(cleanModuleId(options.file), code, new ModuleParseError('it is nested too deeply to analyse', 0))
  }
}

function analyzeParsed(ast: File, code: string, options: AnalyzeOptions): ModuleAnalysis {
  const file = cleanModuleId(options.file)
  const lines = new LineIndex(code)
  const bindings = readModuleBindings(ast)
  const context: AnalysisContext = {
    file,
    code,
    ast,
    lines,
    bindings,
    scope: new ScopeResolver(),
    answers: options.imports ?? (() => undefined),
    runtimeSource: options.runtimeSource ?? RUNTIME_SPECIFIER,
    diagnostics: [],
  }
  // The directives of the module's server routes are the route analysis' (see `route-access.ts`).
  const routes = options.dependency || file.includes('/node_modules/') ? null : routeDirectiveTargets(findServerRoutes(ast, code, lines).sites)
  const directives = readAuthDirectives(ast, code, file, lines, routes
    ? { targets: routes.methods, owns: (target) => !target || !(routes.statements.has(target) || routes.methods.has(target)) }
    : {})
  context.diagnostics.push(...directives.diagnostics)
  // A directive leads one declarator: over several it would open all of them.
  const severalDeclarators = new Map<Statement, SourcePosition>()
  for (const [statement, positions] of directives.annotated) {
    if (declaratorCount(statement as Statement) > 1) {
      severalDeclarators.set(statement as Statement, positions[0]!)
      directives.annotated.delete(statement)
      directives.byStatement.delete(statement)
    }
  }

  const scan = findDeclarations(context, {
    directives,
    dependency: options.dependency ?? null,
    access: options.access ?? NO_ACCESS_CONFIG,
    isSessionItem: sessionItemMatcher(bindings, options.session),
  })
  const sessionParts = sessionPartsInModule(context, options.session, options.dependency !== undefined || file.includes('/node_modules/'))
  checkValueUses(context, scan, trackedValues(context, scan, sessionParts), sessionParts.initializers)
  checkFactoryReach(context)

  // Whether or not its declarators were accepted as server functions: a directive is refused
  // where it could open more than one.
  const statementsWithServerFns = new Set<Statement>(scan.all.map((declared) => declared.declaration.statement))
  for (const position of severalDeclarators.values()) {
    context.diagnostics.push(createDiagnostic('SFA208', file, position, 'An `@auth` directive leads a statement that declares several names; it would apply to all of them.'))
  }
  const serverFnNames = new Set(scan.all.map((declared) => declared.name))
  for (const unread of directives.unreadRoles) {
    if (!onServerFn(unread, statementsWithServerFns, serverFnNames, lines)) continue
    const message = unread.lookAlike
      ? 'This comment spells `@auth role` with characters that are not read as a directive (invisible, look-alike or separating ones), so no role would be required.'
      : `\`${unread.text}\` in this comment is not read as a directive, so no role would be required.`
    context.diagnostics.push(createDiagnostic('SFA213', file, unread.loc, message))
  }
  for (const [statement, positions] of directives.annotated) {
    if (statementsWithServerFns.has(statement as Statement)) continue
    context.diagnostics.push(createDiagnostic('SFA204', file, positions[0]!, '`@auth` directive is on a statement that declares no server function.'))
  }
  if (options.dependency && !options.dependency.rule) {
    const declared = scan.all.filter((d) => d.kind === 'endpoint' || d.origin.kind === 'root')
    if (declared.length) {
      context.diagnostics.push(
        createDiagnostic(
          'SFA401',
          file,
          lines.locate(declared[0]!.declaration.declarator.id.start!, declared[0]!.declaration.declarator.id.end!),
          `The package \`${options.dependency.package}\` declares server functions (${declared.map((d) => d.name).join(', ')}) and \`dependencies\` has no rule for it. They would become live endpoints of this app.`,
          dependencyRuleHint(options.dependency.package, bindings.exportsByLocal.get(declared[0]!.name)?.[0] ?? declared[0]!.name),
        ),
      )
    }
  }

  const declarations: ServerFnDeclaration[] = scan.all.map((declared) => ({
    name: declared.name,
    exportedAs: bindings.exportsByLocal.get(declared.name) ?? [],
    kind: declared.kind,
    method: declared.method,
    access: declared.access,
    origin: declared.origin,
    chain: declared.chain.links.map((link) => link.method),
    loc: lines.locate(declared.declaration.declarator.id.start!, declared.declaration.declarator.id.end!),
  }))
  const diagnostics = dedupe(context.diagnostics)
  diagnostics.sort((a, b) => a.loc.start - b.loc.start || a.code.localeCompare(b.code))
  return {
    file,
    declarations,
    diagnostics,
    exports: exportedValues(context, scan),
    starSources: bindings.starSources,
    plan: planInjection(ast, code, scan.all, context.runtimeSource, sessionParts.sealed),
  }
}

/** Module-level names whose every read is checked: tracked imports and the declared server functions. */
function trackedValues(context: AnalysisContext, scan: DeclarationScan, sessionParts: SessionPartsInModule): Map<string, ModuleValue> {
  const values = new Map<string, ModuleValue>()
  // Nothing may change the session middleware, in the modules that declare it either.
  for (const name of sessionParts.tracked) values.set(name, { kind: 'session' })
  for (const binding of context.bindings.imports.values()) {
    const value = importValue(binding, context.answers)
    if (isTracked(value)) values.set(binding.local, value)
  }
  for (const [name, declared] of scan.byName) {
    values.set(
      name,
      declared.kind === 'endpoint'
        ? { kind: 'endpoint' }
        : { kind: 'builder', access: declared.access, origin: declared.origin, method: declared.method, compiled: declared.compiled },
    )
  }
  return values
}

/** What other modules get when they import from this one. */
function exportedValues(context: AnalysisContext, scan: DeclarationScan): Map<string, ExportedValue> {
  const exports = new Map<string, ExportedValue>()
  for (const [local, names] of context.bindings.exportsByLocal) {
    const declared = scan.byName.get(local)
    const binding = context.bindings.imports.get(local)
    let value: ExportedValue
    if (declared) value = declared.kind === 'endpoint' ? { kind: 'endpoint', local } : { kind: 'builder', local, access: declared.access, method: declared.method }
    else if (binding) value = { kind: 'forward', source: binding.source, imported: binding.imported }
    else value = { kind: 'value', local }
    for (const name of names) exports.set(name, value)
  }
  for (const [name, reexport] of context.bindings.reexports) exports.set(name, { kind: 'forward', ...reexport })
  if (context.bindings.defaultExpression && !exports.has('default')) exports.set('default', { kind: 'value', local: 'default' })
  return exports
}

function dedupe<T extends { code: string; loc: { start: number } }>(diagnostics: T[]): T[] {
  const seen = new Set<string>()
  return diagnostics.filter((d) => {
    const key = `${d.code}@${d.loc.start}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** SFA401's hint with the package and one of its server functions in place of the placeholders. */
function dependencyRuleHint(packageName: string, exportName: string): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(exportName) ? exportName : JSON.stringify(exportName)
  return `Decide the package's access in the plugin options: \`serverFnAuth({ dependencies: { ${JSON.stringify(packageName).replace(/"/g, "'")}: { access: 'protected', exports: { ${key}: { access: 'public', reason: '<why>' } } } } })\` (every server function of the package is protected; list under \`exports\` the ones anonymous visitors need).`
}

/**
 * Where an `@auth role` that is not read would have applied to a server function: in the comment
 * that leads its declaration or an export of it (`export { x }`, `export default x`), inside its
 * statement, or after it on its last line.
 */
function onServerFn(unread: DirectiveScan['unreadRoles'][number], statements: ReadonlySet<Statement>, names: ReadonlySet<string>, lines: LineIndex): boolean {
  const led = unread.statement as Statement | null
  if (led && (statements.has(led) || exportsOneOf(led, names))) return true
  const at = unread.comment.start!
  for (const statement of statements) {
    if (statement.start! <= at && at <= statement.end!) return true
    if (at > statement.end! && lines.locate(statement.end!).line === lines.locate(at).line) return true
  }
  return false
}

function exportsOneOf(statement: Statement, names: ReadonlySet<string>): boolean {
  if (statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source) {
    return statement.specifiers.some((specifier) => specifier.type === 'ExportSpecifier' && names.has(specifier.local.name))
  }
  return statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier' && names.has(statement.declaration.name)
}
