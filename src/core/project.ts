import type { File } from '@babel/types'
import { analyzeAst, unparsable } from './analyze-module.ts'
import { readModuleBindings } from './bindings.ts'
import type { AccessConfig, DependencyContext } from './declarations.ts'
import { DYNAMIC_NAMESPACE } from './dynamic-imports.ts'
import { importQueries, queryKey, type ImportQuery } from './import-queries.ts'
import type { ImportKind, ModuleAnalysis } from './model.ts'
import { cleanModuleId, ModuleParseError, parseModule, type ParseFn } from './parse.ts'
import { findSessionParts, type SessionParts } from './session-parts.ts'
import { FACTORY_MODULE_PATTERN, SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'

/**
 * Analyses modules of a project, answering each module's import queries by reading the modules
 * it imports, the way TanStack's compiler follows them: through named and default exports,
 * `export { x } from`, imports exported again and `export *`. The host does the reading and the
 * resolving, so the core stays independent of the bundler (tests pass an in-memory host).
 *
 * Every module analysed is cached by its file and text, and reported through `onAnalysis`, the
 * ones read only to answer another module's imports included: their problems are the build's.
 */

export interface ProjectHost {
  /**
   * Resolves an import specifier written in `importer` to a module id. `null`: it does not resolve;
   * `'external'`: it resolves to a module the bundler leaves out (TanStack compiles nothing there).
   */
  resolve(specifier: string, importer: string): Promise<string | 'external' | null>
  /** The source text of a module; null when it cannot be read (a virtual module, a missing file). */
  read(file: string): Promise<string | null>
  /** A cheap no: the module cannot export a server function (a package that does not depend on TanStack Start). */
  exportsNothing?(file: string): boolean | Promise<boolean>
  /** The app's rule for a module of a package in node_modules; null for the app's own modules. */
  dependency?(file: string): DependencyContext | null
}

export interface ProjectOptions {
  host: ProjectHost
  /** The session middleware, to recognise it in chains (SFA206) by the module its import resolves to. */
  session?: { file: string; exportName: string }
  /**
   * The other middleware the plugin puts in front of handlers (each role's, the optional
   * session's): their parts are checked for writes and sealed like the session middleware's.
   */
  layers?: ReadonlyArray<{ file: string; exportName: string }>
  /** The roles the app configured and whether it configured an optional-session middleware. */
  access?: AccessConfig
  /** Called for every module analysed. */
  onAnalysis?: (analysis: ModuleAnalysis, code: string) => void
  /**
   * How modules are parsed: `parseModule`, or a cache of it shared with other analyzers (see
   * `createParseCache`).
   * @default parseModule
   */
  parse?: ParseFn
}

interface CacheEntry {
  code: string
  analysis: Promise<ModuleAnalysis>
  settled: boolean
}

const NO_PARTS: SessionParts = { locals: new Map(), exported: new Set(), exposing: new Set(), files: new Set() }

const UNKNOWN_CYCLE: ImportKind = { kind: 'unknown', reason: 'it is part of an import cycle that serverfn-auth cannot order' }

export class ProjectAnalyzer {
  private readonly cache = new Map<string, CacheEntry>()
  private readonly host: ProjectHost
  private parts: { promise: Promise<SessionParts>; settled: SessionParts | null } | null = null
  /**
   * Which analyses wait for which: while the analysis of a module waits for another module's (to
   * answer an import), an edge from the one to the other, counted. Analyses started apart (two
   * transforms at once) find a cycle between their modules here, not in their stacks.
   */
  private readonly waits = new Map<string, Map<string, number>>()

  constructor(private readonly options: ProjectOptions) {
    this.host = options.host
  }

  /**
   * Analyses a module with its imports answered. `id` may carry a query. `allImports` answers
   * every import, not only those in positions where a server function value matters (the sweep).
   */
  analyze(id: string, code: string, options: { allImports?: boolean } = {}): Promise<ModuleAnalysis> {
    return this.analyzeFile(cleanModuleId(id), code, new Set(), options.allImports ?? false)
  }

  /** What `file` exports under `name`, as an import of it would see. */
  exportKind(file: string, name: string): Promise<ImportKind> {
    return this.exportOf(file, name, new Set(), new Set())
  }

  /** The modules that declare or hand out a part of the session middleware (see `session-parts.ts`). */
  async sessionModules(): Promise<Set<string>> {
    const parts = await this.sessionParts()
    return new Set([...parts.exposing, ...parts.locals.keys()])
  }

  invalidate(file: string): void {
    const clean = cleanModuleId(file)
    this.cache.delete(clean)
    this.cache.delete(`${clean}\0all`)
    // A change to a module the session middleware is made of may change what every module imports.
    if (this.parts && (!this.parts.settled || this.parts.settled.files.has(clean))) {
      this.parts = null
      this.cache.clear()
    }
  }

  clear(): void {
    this.cache.clear()
    this.parts = null
  }

  /** The session middleware's parts, found once (again after a change to one of their modules). */
  private sessionParts(): Promise<SessionParts> {
    const session = this.options.session
    if (!session) return Promise.resolve(NO_PARTS)
    if (!this.parts) {
      const roots = [session, ...(this.options.layers ?? [])]
      const entry: { promise: Promise<SessionParts>; settled: SessionParts | null } = { promise: findSessionParts(this.host, roots), settled: null }
      void entry.promise.then((parts) => (entry.settled = parts), () => {})
      this.parts = entry
    }
    return this.parts.promise
  }

  /** `fresh`: neither read nor written to the cache (an analysis met in a cycle, see `load`). */
  private analyzeFile(file: string, code: string, stack: Set<string>, allImports = false, fresh = false): Promise<ModuleAnalysis> {
    const key = allImports ? `${file}\0all` : file
    const cached = fresh ? undefined : this.cache.get(key)
    if (cached && cached.code === code) return cached.analysis
    let provisional = false
    const analysis = (async () => {
      let ast: File
      try {
        ast = (this.options.parse ?? parseModule)(code, file)
      } catch (error) {
        if (!(error instanceof ModuleParseError)) throw error
        const result = unparsable(file, code, error)
        this.options.onAnalysis?.(result, code)
        return result
      }
      const inner = new Set(stack).add(file)
      const bindings = readModuleBindings(ast)
      const queries = importQueries(ast, code, bindings, allImports)
      // The sweep asks for every import; when the module has no import but those its analysis
      // already answered, that analysis is the answer (the same text, the same answers).
      const plain = allImports ? this.cache.get(file) : undefined
      if (plain?.settled && plain.code === code && sameQueries(queries, importQueries(ast, code, bindings, false))) return plain.analysis
      const answers = new Map<string, ImportKind>()
      await Promise.all(
        queries.map(async (query) => {
          const answer = await this.answer(file, query, inner, new Set())
          if (answer === UNKNOWN_CYCLE) provisional = true
          answers.set(queryKey(query.source, query.imported), answer)
        }),
      )
      const sessionSources = await this.sessionSources(file, bindings)
      const parts = (await this.sessionParts()).locals.get(file)
      const result = analyzeAst(ast, code, {
        file,
        imports: (source, imported) => answers.get(queryKey(source, imported)),
        ...(this.host.dependency?.(file) ? { dependency: this.host.dependency(file)! } : {}),
        ...(this.options.access ? { access: this.options.access } : {}),
        ...(this.options.session
          ? { session: { exportName: this.options.session.exportName, isModule: (s) => sessionSources.has(s), ...(parts ? { parts } : {}) } }
          : {}),
      })
      this.options.onAnalysis?.(result, code)
      return result
    })()
    if (fresh) return analysis
    const entry: CacheEntry = { code, analysis, settled: false }
    this.cache.set(key, entry)
    // An analysis that met a cycle answered some imports as unknown: do it again next time.
    void analysis.then(() => {
      entry.settled = true
      if (provisional && this.cache.get(key)?.analysis === analysis) this.cache.delete(key)
    }, () => this.cache.delete(key))
    return analysis
  }

  /** The import specifiers of `file` that resolve to the session module. */
  private async sessionSources(file: string, bindings: ReturnType<typeof readModuleBindings>): Promise<Set<string>> {
    const found = new Set<string>()
    const session = this.options.session
    if (!session) return found
    const candidates = new Set([...bindings.imports.values()].filter((b) => b.imported === session.exportName || b.imported === '*').map((b) => b.source))
    await Promise.all(
      [...candidates].map(async (source) => {
        if ((await this.host.resolve(source, file)) === session.file) found.add(source)
      }),
    )
    return found
  }

  private async answer(importer: string, query: ImportQuery, stack: Set<string>, seen: Set<string>): Promise<ImportKind> {
    const { source, imported } = query
    // `B.authed` of a namespace reached by name (`import { B }`, `B.auth.authed`): the path is
    // followed namespace by namespace.
    const [first, ...path] = imported === '*' ? ['*'] : imported.split('.')
    if (START_PACKAGE_PATTERN.test(source)) {
      const isFactoryModule = FACTORY_MODULE_PATTERN.test(source)
      if (path.length) return { kind: 'none' }
      if (first === SERVER_FN_FACTORY && isFactoryModule) return { kind: 'factory' }
      if (first === '*' && isFactoryModule) return { kind: 'namespace', module: source }
      return { kind: 'none' }
    }
    const target = await this.host.resolve(source, importer)
    // A bare package left external is not bundled, and TanStack compiles nothing in it.
    if (target === 'external') return { kind: 'none' }
    if (target === null) return { kind: 'unknown', reason: `\`${source}\` does not resolve to a module serverfn-auth can read` }
    // A module loaded at run time (`import('./x')`): does it hand out the factory or a builder?
    if (first === DYNAMIC_NAMESPACE) return this.namespaceOf(target, stack, seen, { sessionExposes: false })
    let answer = first === '*' ? await this.namespaceOf(target, stack, seen) : await this.exportOf(target, first!, stack, seen)
    for (const member of path) {
      if (answer.kind !== 'namespace' || !answer.module) return answer.kind === 'unknown' ? answer : { kind: 'none' }
      answer = START_PACKAGE_PATTERN.test(answer.module)
        ? await this.answer(importer, { source: answer.module, imported: member }, stack, seen)
        : await this.exportOf(answer.module, member, stack, seen)
    }
    return answer
  }

  private async load(file: string, stack: Set<string>): Promise<ModuleAnalysis | ImportKind> {
    if (await this.host.exportsNothing?.(file)) return { kind: 'none' }
    if (stack.has(file)) return UNKNOWN_CYCLE
    const code = await this.host.read(file)
    if (code === null) return { kind: 'unknown', reason: `${file} cannot be read` }
    const waiter = [...stack].at(-1)
    if (waiter === undefined) return this.analyzeFile(file, code, stack)
    // An analysis of `file` under way that waits, through the modules it imports, for this one
    // would never end: `file` is analysed again here, and meets the cycle in this stack.
    const pending = this.cache.get(file)
    const fresh = !!pending && !pending.settled && pending.code === code && this.waitsFor(file, waiter, new Set())
    this.countWait(waiter, file, 1)
    try {
      return await this.analyzeFile(file, code, stack, false, fresh)
    } finally {
      this.countWait(waiter, file, -1)
    }
  }

  private countWait(from: string, to: string, delta: number): void {
    const edges = this.waits.get(from) ?? new Map<string, number>()
    const count = (edges.get(to) ?? 0) + delta
    if (count > 0) edges.set(to, count)
    else edges.delete(to)
    if (edges.size) this.waits.set(from, edges)
    else this.waits.delete(from)
  }

  /** Whether the analysis of `from` waits, directly or through others, for the analysis of `to`. */
  private waitsFor(from: string, to: string, seen: Set<string>): boolean {
    if (from === to) return true
    if (seen.has(from)) return false
    seen.add(from)
    for (const next of this.waits.get(from)?.keys() ?? []) if (this.waitsFor(next, to, seen)) return true
    return false
  }

  private async exportOf(file: string, name: string, stack: Set<string>, seen: Set<string>): Promise<ImportKind> {
    // The session middleware and what it is made of, wherever they are declared and however
    // they are re-exported: their every reader is checked for writes.
    if ((await this.sessionParts()).exported.has(`${file}#${name}`)) return { kind: 'session' }
    const key = `${file}#${name}`
    if (seen.has(key)) return UNKNOWN_CYCLE
    seen.add(key)
    const loaded = await this.load(file, stack)
    if (!('file' in loaded)) return loaded
    const exported = loaded.exports.get(name)
    switch (exported?.kind) {
      case 'builder':
        return { kind: 'builder', access: exported.access, method: exported.method, declaredIn: { file, name: exported.local }, package: this.host.dependency?.(file)?.package ?? null }
      case 'endpoint':
        return { kind: 'endpoint', declaredIn: { file, name: exported.local } }
      case 'forward':
        return this.answer(file, { source: exported.source, imported: exported.imported }, stack, seen)
      case 'value':
        // A local export shadows what an `export *` would bring under the same name.
        return { kind: 'none' }
    }
    if (name === 'default') return { kind: 'none' }
    for (const star of loaded.starSources) {
      const found = await this.answer(file, { source: star, imported: name }, stack, seen)
      if (found.kind !== 'none') return found
    }
    return { kind: 'none' }
  }

  /** A namespace import of `file`: does it expose the factory, a builder or the session middleware? */
  private async namespaceOf(file: string, stack: Set<string>, seen: Set<string>, options = { sessionExposes: true }): Promise<ImportKind> {
    const exposing: ImportKind = { kind: 'namespace', module: file }
    // A namespace of a module the session middleware is declared in is tracked for writes; a
    // dynamic import of one (a route loader importing `getSession` lazily) is not refused.
    if (options.sessionExposes && (await this.sessionParts()).exposing.has(file)) return exposing
    const key = `${file}#*${options.sessionExposes ? '' : DYNAMIC_NAMESPACE}`
    if (seen.has(key)) return { kind: 'none' }
    seen.add(key)
    const loaded = await this.load(file, stack)
    if (!('file' in loaded)) return loaded.kind === 'unknown' ? loaded : { kind: 'none' }
    for (const exported of loaded.exports.values()) {
      if (exported.kind === 'builder') return exposing
      if (exported.kind === 'forward') {
        const found = await this.answer(file, { source: exported.source, imported: exported.imported }, stack, seen)
        if (found.kind === 'factory' || found.kind === 'builder' || found.kind === 'namespace' || (found.kind === 'session' && options.sessionExposes)) return exposing
      }
    }
    for (const star of loaded.starSources) {
      const found = await this.answer(file, { source: star, imported: '*' }, stack, seen)
      if (found.kind === 'namespace') return exposing
    }
    return { kind: 'none' }
  }
}

function sameQueries(a: readonly ImportQuery[], b: readonly ImportQuery[]): boolean {
  const keys = new Set(b.map((query) => queryKey(query.source, query.imported)))
  return a.length === b.length && a.every((query) => keys.has(queryKey(query.source, query.imported)))
}
