import type { CallExpression, File, Node, Statement, VariableDeclarator } from '@babel/types'
import { readAuthDirectives, type DirectiveScan } from './annotations.ts'
import { readModuleBindings, type ModuleBindings } from './bindings.ts'
import { methodFromOptions, readChain, unwrapExpression, type Chain, type HttpMethod } from './chain.ts'
import { createDiagnostic, type Diagnostic } from './diagnostics.ts'
import { findServerFnRoots, type RootCall } from './find-roots.ts'
import { LineIndex } from './line-index.ts'
import type { AccessDecision, DeclarationOrigin, ModuleAnalysis, ServerFnDeclaration, SessionBinding } from './model.ts'
import { cleanModuleId, ModuleParseError, parseModule } from './parse.ts'
import { findSessionReferences, isSessionReference, type SessionMiddleware, type SessionReferences } from './session.ts'
import { BUILDER_METHODS, HANDLER_METHOD, MIDDLEWARE_METHOD } from './start-packages.ts'

export interface AnalyzeOptions {
  /** Module id; a query (`?tss-serverfn-split`) is ignored. */
  file: string
  session: SessionMiddleware
  /**
   * Decides the roots that carry no `@auth` annotation. Without it, or when it returns
   * undefined, they are protected. The Vite layer uses it for the rules of dependencies.
   */
  decideUnannotated?: (root: { name: string; exportedAs: string[] }) => AccessRule | undefined
}

export type AccessRule = { access: 'protected' } | { access: 'public'; reason: string }

/** Parses `code` and analyses it. A module that cannot be parsed yields one SFA001 diagnostic. */
export function analyzeModule(code: string, options: AnalyzeOptions): ModuleAnalysis {
  const file = cleanModuleId(options.file)
  let ast: File
  try {
    ast = parseModule(code, file)
  } catch (error) {
    if (!(error instanceof ModuleParseError)) throw error
    const loc = new LineIndex(code).locate(error.pos)
    return {
      file,
      declarations: [],
      diagnostics: [createDiagnostic('SFA001', file, loc, `The module cannot be parsed: ${error.message}.`)],
      injectionPoints: [],
      importedBuilders: [],
      session: null,
    }
  }
  return analyzeAst(ast, code, { ...options, file })
}

interface Candidate {
  name: string
  statement: Statement
  declarator: VariableDeclarator & { id: { type: 'Identifier'; name: string } }
  chain: Chain
}

interface Resolved {
  access: AccessDecision
  origin: DeclarationOrigin
  method: HttpMethod
  /** The root call, when the declaration has one. */
  root: RootCall | null
}

/** Analyses an already parsed module: every server function, its access, and what to inject. */
export function analyzeAst(ast: File, code: string, options: AnalyzeOptions): ModuleAnalysis {
  const file = cleanModuleId(options.file)
  const lines = new LineIndex(code)
  const bindings = readModuleBindings(ast)
  const scan = findServerFnRoots(ast.program, code, file, lines, bindings)
  const directives = readAuthDirectives(ast, code, file, lines)
  const sessionRefs = findSessionReferences(bindings, options.session, file)
  const diagnostics: Diagnostic[] = [...scan.diagnostics, ...directives.diagnostics]

  const candidates = collectCandidates(ast, scan.roots)
  const resolved = new Map<string, Resolved | null>()
  const resolve = (name: string, visiting: Set<string>): Resolved | null => {
    if (resolved.has(name)) return resolved.get(name)!
    const candidate = candidates.get(name)
    if (!candidate || visiting.has(name)) return null
    visiting.add(name)
    const result = resolveCandidate(candidate, bindings, scan.roots, directives, sessionRefs, options, (n) => resolve(n, visiting))
    resolved.set(name, result)
    return result
  }

  const declarations: ServerFnDeclaration[] = []
  const injectionPoints: number[] = []
  const importedBuilders: ModuleAnalysis['importedBuilders'] = []
  /** Roots whose chain evaluates the session binding at module load: injected or explicit. */
  const sessionUses: number[] = []
  const statementsWithServerFns = new Set<Statement>()
  const consumedRoots = new Set<CallExpression>()
  for (const candidate of candidates.values()) {
    const result = resolve(candidate.name, new Set())
    if (!result) continue
    statementsWithServerFns.add(candidate.statement)
    const { chain, declarator, statement } = candidate
    const links = chain.links.map((link) => link.method)
    declarations.push({
      name: candidate.name,
      exportedAs: bindings.exportsByLocal.get(candidate.name) ?? [],
      kind: links.includes(HANDLER_METHOD) ? 'endpoint' : 'builder',
      method: result.method,
      access: result.access,
      origin: result.origin,
      chain: links,
      loc: lines.locate(declarator.id.start!, declarator.id.end!),
    })
    if (result.root) consumedRoots.add(result.root.call)
    if (result.root && result.access.kind === 'protected') {
      if (result.access.via === 'injected') injectionPoints.push(result.root.call.end!)
      sessionUses.push(result.root.call.start!)
    }
    if (result.origin.kind === 'import') {
      const head = chain.head as Extract<Chain['head'], { kind: 'identifier' | 'member' }>
      const calledMember = head.kind === 'identifier' && bindings.imports.get(head.identifier.name)?.imported === '*'
      const headEnd = calledMember ? chain.links[0]!.call.end! : head.kind === 'member' ? head.end : head.call ? head.call.end! : head.identifier.end!
      importedBuilders.push({ name: candidate.name, reference: result.origin.reference, headEnd })
    }

    const annotations = directives.annotated.get(statement)
    const directive = directives.byStatement.get(statement)?.[0]
    if (annotations && result.origin.kind !== 'root') {
      const decidedBy =
        result.origin.kind === 'builder'
          ? `its builder \`${result.origin.name}\``
          : `the module that declares \`${result.origin.reference.importedName}\` (${result.origin.reference.source})`
      diagnostics.push(
        createDiagnostic('SFA205', file, annotations[0]!, `\`@auth\` on \`${candidate.name}\` has no effect: its access is decided by ${decidedBy}.`),
      )
    }
    if (directive && result.origin.kind === 'root' && listsSession(chain, sessionRefs, options.session.exportName)) {
      diagnostics.push(
        createDiagnostic('SFA206', file, directive.loc, `\`${candidate.name}\` is annotated \`@auth public\` but its chain lists the session middleware \`${options.session.exportName}\`.`),
      )
    }
  }

  // Every root placed at a declaration must have become a declaration, or it would get no
  // session middleware and no diagnostic. A name declared twice with `var` is the known case.
  for (const { call, declarator } of scan.roots.values()) {
    if (consumedRoots.has(call)) continue
    const name = declarator.id.type === 'Identifier' ? declarator.id.name : 'this declaration'
    diagnostics.push(
      createDiagnostic('SFA102', file, lines.locate(call.start!, call.end!), `createServerFn(...) initialises \`${name}\`, which is declared again later in the module, so serverfn-auth cannot tell which endpoint the name holds.`),
    )
  }

  for (const [statement, positions] of directives.annotated) {
    if (statementsWithServerFns.has(statement)) continue
    diagnostics.push(
      createDiagnostic('SFA204', file, positions[0]!, '`@auth` directive is on a statement that declares no server function.'),
    )
  }

  if (sessionRefs.isSessionModule && sessionUses.length) {
    checkSessionDeclaredFirst(file, lines, sessionRefs, options.session, sessionUses, diagnostics)
  }
  const mayInject = injectionPoints.length > 0 || importedBuilders.length > 0
  const session = mayInject ? planSessionBinding(ast, code, sessionRefs, options.session) : null
  diagnostics.sort((a, b) => a.loc.start - b.loc.start || a.code.localeCompare(b.code))
  return { file, declarations, diagnostics, injectionPoints, importedBuilders, session }
}

/** Top-level `const|let|var name = <chain>` declarations, by name. */
function collectCandidates(ast: File, roots: Map<CallExpression, RootCall>): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>()
  const isRootCall = (call: CallExpression) => roots.has(call)
  for (const statement of ast.program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue
      candidates.set(declarator.id.name, {
        name: declarator.id.name,
        statement,
        declarator: declarator as Candidate['declarator'],
        chain: readChain(declarator.init, isRootCall),
      })
    }
  }
  return candidates
}

function resolveCandidate(
  candidate: Candidate,
  bindings: ModuleBindings,
  roots: Map<CallExpression, RootCall>,
  directives: DirectiveScan,
  sessionRefs: SessionReferences,
  options: AnalyzeOptions,
  resolveLocal: (name: string) => Resolved | null,
): Resolved | null {
  const { head, links } = candidate.chain
  const overriddenMethod = methodOverride(candidate.chain)

  if (head.kind === 'root') {
    const root = roots.get(head.call)!
    const directive = directives.byStatement.get(candidate.statement)?.[0]
    const method = overriddenMethod ?? methodFromOptions(head.call) ?? 'GET'
    const rule = directive
      ? undefined
      : options.decideUnannotated?.({ name: candidate.name, exportedAs: bindings.exportsByLocal.get(candidate.name) ?? [] })
    let access: AccessDecision
    if (directive) access = { kind: 'public', reason: directive.reason }
    else if (rule?.access === 'public') access = { kind: 'public', reason: rule.reason }
    else if (sessionFirst(candidate.chain, sessionRefs, options.session.exportName)) access = { kind: 'protected', via: 'explicit' }
    else access = { kind: 'protected', via: 'injected' }
    return { access, origin: { kind: 'root' }, method, root }
  }
  const headOverride = head.kind !== 'other' && head.call ? methodFromOptions(head.call) : null
  if (head.kind === 'member') {
    // `Builders.authed.handler(...)` with `import * as Builders from './builders'`.
    const namespace = bindings.imports.get(head.namespace.name)
    if (namespace?.imported !== '*' || !links.some((link) => link.method === HANDLER_METHOD || BUILDER_METHODS.has(link.method))) return null
    const reference = { source: namespace.source, importedName: head.property.name }
    return { access: { kind: 'inherited', from: reference }, origin: { kind: 'import', reference }, method: overriddenMethod ?? headOverride ?? 'unknown', root: null }
  }
  if (head.kind !== 'identifier') return null

  const name = head.identifier.name
  if (isLocalDeclaration(bindings, name)) {
    const base = resolveLocal(name)
    if (!base) return null
    return {
      access: base.access,
      origin: { kind: 'builder', name },
      method: overriddenMethod ?? headOverride ?? base.method,
      root: null,
    }
  }
  const binding = bindings.imports.get(name)
  if (!binding || bindings.serverFnLocals.has(name)) return null
  if (binding.imported === '*') {
    // `Builders.authed({ method: 'POST' }).handler(...)`: the first "link" is the namespace member.
    const [member, ...rest] = links
    if (!member || !rest.some((link) => link.method === HANDLER_METHOD || BUILDER_METHODS.has(link.method))) return null
    const reference = { source: binding.source, importedName: member.method }
    const method = methodOverride({ head, links: rest }) ?? methodFromOptions(member.call) ?? 'unknown'
    return { access: { kind: 'inherited', from: reference }, origin: { kind: 'import', reference }, method, root: null }
  }
  // An imported name followed by builder methods: a builder from another module.
  const looksLikeBuilder = links.some((link) => link.method === HANDLER_METHOD || BUILDER_METHODS.has(link.method))
  if (!looksLikeBuilder) return null
  const reference = { source: binding.source, importedName: binding.imported }
  return {
    access: { kind: 'inherited', from: reference },
    origin: { kind: 'import', reference },
    method: overriddenMethod ?? headOverride ?? 'unknown',
    root: null,
  }
}

function isLocalDeclaration(bindings: ModuleBindings, name: string): boolean {
  const statement = bindings.declarations.get(name)
  return !!statement && statement.type !== 'ImportDeclaration'
}

/** The last `builder({ method })` call in the chain after its head sets the method. */
function methodOverride(chain: Chain): HttpMethod | null {
  let method: HttpMethod | null = null
  for (const link of chain.links) {
    if (link.method === '()') method = methodFromOptions(link.call) ?? method
  }
  return method
}

function middlewareItems(chain: Chain): Node[][] {
  return chain.links
    .filter((link) => link.method === MIDDLEWARE_METHOD)
    .map((link) => {
      const list = link.call.arguments[0] && unwrapExpression(link.call.arguments[0])
      return list?.type === 'ArrayExpression' ? (list.elements.filter(Boolean) as Node[]) : []
    })
}

function sessionFirst(chain: Chain, refs: SessionReferences, exportName: string): boolean {
  const first = chain.links[0]
  if (first?.method !== MIDDLEWARE_METHOD) return false
  const item = middlewareItems({ head: chain.head, links: [first] })[0]?.[0]
  return !!item && isSessionReference(item, refs, exportName)
}

function listsSession(chain: Chain, refs: SessionReferences, exportName: string): boolean {
  // A spread item is never the session middleware itself: isSessionReference says no.
  return middlewareItems(chain).some((items) => items.some((item) => isSessionReference(item, refs, exportName)))
}

const SESSION_LOCAL_BASE = '__serverFnAuth_session'

/**
 * In the module that declares the session middleware, every protected chain reads the binding
 * while the module loads: it must exist, and be initialised by then.
 */
function checkSessionDeclaredFirst(
  file: string,
  lines: LineIndex,
  refs: SessionReferences,
  session: SessionMiddleware,
  sessionUses: number[],
  diagnostics: Diagnostic[],
): void {
  const firstUse = Math.min(...sessionUses)
  const declaration = refs.declaration
  if (!refs.localName || !declaration) {
    diagnostics.push(
      createDiagnostic('SFA302', file, lines.locate(firstUse), `This is the session module, but it does not declare the export \`${session.exportName}\` itself.`),
    )
    return
  }
  const hoisted =
    declaration.type === 'ImportDeclaration' ||
    declaration.type === 'FunctionDeclaration' ||
    (declaration.type === 'ExportNamedDeclaration' && declaration.declaration?.type === 'FunctionDeclaration')
  if (hoisted || declaration.start! < firstUse) return
  const early = sessionUses.filter((use) => use < declaration.start!).length
  diagnostics.push(
    createDiagnostic('SFA301', file, lines.locate(firstUse), `\`${refs.localName}\` is declared on line ${lines.locate(declaration.start!).line}, after ${early} server function${early === 1 ? '' : 's'} that need it.`),
  )
}

function planSessionBinding(ast: File, code: string, refs: SessionReferences, session: SessionMiddleware): SessionBinding | null {
  if (refs.isSessionModule) return refs.localName ? { kind: 'local', name: refs.localName } : null
  const existing = [...refs.locals][0]
  if (existing) return { kind: 'existing-import', name: existing }

  let name = SESSION_LOCAL_BASE
  for (let suffix = 1; code.includes(name); suffix++) name = `${SESSION_LOCAL_BASE}${suffix}`
  const imports = ast.program.body.filter((statement) => statement.type === 'ImportDeclaration')
  const lastImport = imports[imports.length - 1]
  const insertAt = lastImport ? lastImport.end! : programStart(ast)
  return { kind: 'new-import', name, source: session.source, exportName: session.exportName, insertAt }
}

/** After a hashbang and the directive prologue (`'use server'`), where an import may go. */
function programStart(ast: File): number {
  const directives = ast.program.directives
  if (directives.length) return directives[directives.length - 1]!.end!
  return ast.program.interpreter ? ast.program.interpreter.end! : 0
}
