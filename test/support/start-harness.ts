import { posix } from 'node:path'
import * as startClientCore from '@tanstack/start-client-core'
import { createServerRpc } from '@tanstack/start-server-core/createServerRpc'
import { getStartContext, runWithStartContext } from '@tanstack/start-storage-context'
// TanStack's own compiler, as its Vite plugin drives it (not part of the package's public exports).
import { getTransformCodeFilterForEnv } from '../../node_modules/@tanstack/start-plugin-core/dist/esm/start-compiler/config.js'
import { detectKindsInCode } from '../../node_modules/@tanstack/start-plugin-core/dist/esm/start-compiler/compiler.js'
import { createStartCompiler } from '../../node_modules/@tanstack/start-plugin-core/dist/esm/start-compiler/host.js'
import { TRANSFORM_ID_REGEX } from '../../node_modules/@tanstack/start-plugin-core/dist/esm/constants.js'
import {
  parseModule,
  ProjectAnalyzer,
  readModuleBindings,
  sweepImporters,
  readCompiledEndpoints,
  RUNTIME_SPECIFIER,
  writeAnalysis,
  type Diagnostic,
  type ModuleAnalysis,
  type ProjectHost,
} from '../../src/core/index.ts'
import { runtimeModuleSource } from '../../src/vite/runtime-module.ts'
import { ModuleLoader, type Namespace } from './module-loader.ts'

/**
 * An app in memory, run through the same three stages as a real build, with the real parts:
 *
 * 1. serverfn-auth's analysis and transform (the core, with an in-memory host);
 * 2. TanStack Start's own compiler (start-plugin-core), for the server (provider modules and
 *    their imports) and for the client, with its own id and text filters;
 * 3. TanStack Start's runtime (start-client-core's createServerFn and middleware, the storage
 *    context, createServerRpc), with serverfn-auth's runtime module: every endpoint TanStack
 *    registered is called the way its HTTP handler calls it, anonymously and with a session.
 *
 * Nothing here knows what the analysis decided except where the result says so: the calls and
 * the compiled output are what the code does.
 */

export const ROOT = '/app'
export const SESSION_FILE = '/app/src/server/session.ts'
const SESSION_EXPORT = 'requireSession'
const EXTENSIONS = ['', '.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '/index.ts']

/**
 * The session middleware of every harness app: a caller with the header `x-user` has a session,
 * with the roles of `x-roles` (comma-separated). It sets both keys itself, always. `readSession`,
 * the optional-session middleware, sets the user or null and refuses no one.
 */
export const SESSION_SOURCE = `import { createMiddleware } from '@tanstack/react-start'
import { getRequest } from '@tanstack/react-start/server'
export const requireSession = createMiddleware({ type: 'function' }).server(({ next }) => {
  const user = getRequest().headers.get('x-user')
  if (!user) throw new Error('Unauthenticated')
  const roles = (getRequest().headers.get('x-roles') ?? '').split(',').filter(Boolean)
  return next({ context: { user, roles } })
})
export const readSession = createMiddleware({ type: 'function' }).server(({ next }) =>
  next({ context: { user: getRequest().headers.get('x-user') } }),
)
`

/** The roles of every harness app (`roles` option): each refuses a user who lacks it. */
export const ROLES_FILE = '/app/src/server/roles.ts'
export const HARNESS_ROLES = ['admin', 'billing'] as const
const roleExport = (role: string) => `require${role[0]!.toUpperCase()}${role.slice(1)}`
const ROLES_SOURCE = `import { createMiddleware } from '@tanstack/react-start'
${HARNESS_ROLES.map(
  (role) => `export const ${roleExport(role)} = createMiddleware({ type: 'function' }).server(({ next, context }) => {
  if (!Array.isArray(context.roles) || !context.roles.includes(${JSON.stringify(role)})) throw new Error('Forbidden: ${role}')
  return next()
})`,
).join('\n')}
`

export interface CallResult {
  file: string
  name: string
  /** What an anonymous caller gets; `load-error` when the module could not even load. */
  anonymous: 'rejected' | 'answered' | 'load-error'
  /** What a caller with a session gets, who holds every role of the harness. */
  authenticated: 'rejected' | 'answered' | 'load-error'
  /** What a caller with a session gets who holds no role. */
  member: 'rejected' | 'answered' | 'load-error'
  /** The error an anonymous caller got, if any. */
  anonymousError: string | null
}

export interface HarnessResult {
  analyses: Map<string, ModuleAnalysis>
  diagnostics: Diagnostic[]
  /** Endpoints TanStack registered in the server build, by `file#name`. */
  registered: Set<string>
  /** `file#name` of endpoints whose handler TanStack replaced with its RPC stub in the client. */
  clientCompiled: Set<string>
  /** Handler bodies the client output still holds: `.handler(<function>)` calls, by file. */
  clientHandlerBodies: Map<string, number>
  calls: CallResult[]
  /** Modules that failed to load, with the error. */
  loadErrors: Map<string, string>
  /** Modules TanStack's compiler refused (the build would fail there), by id. */
  compileErrors: Map<string, string>
}

export type AppFiles = Record<string, string>

function resolveIn(files: AppFiles, specifier: string, importer: string): string | null {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null
  const base = specifier.startsWith('/') ? specifier : posix.join(posix.dirname(importer.replace(/[?#].*$/, '')), specifier)
  for (const extension of EXTENSIONS) if (files[base + extension] !== undefined) return base + extension
  return null
}

export function memoryHost(files: AppFiles): ProjectHost {
  return {
    async resolve(specifier, importer) {
      return resolveIn(files, specifier, importer) ?? (specifier.startsWith('.') || specifier.startsWith('/') ? null : 'external')
    },
    async read(file) {
      return files[file] ?? null
    },
  }
}

/** Analyses every module of an app the way the plugin would in a build. */
export async function analyseApp(files: AppFiles): Promise<Map<string, ModuleAnalysis>> {
  const all = withSession(files)
  const analyses = new Map<string, ModuleAnalysis>()
  const analyzer = new ProjectAnalyzer({
    host: memoryHost(all),
    session: { file: SESSION_FILE, exportName: SESSION_EXPORT },
    layers: [...HARNESS_ROLES.map((role) => ({ file: ROLES_FILE, exportName: roleExport(role) })), { file: SESSION_FILE, exportName: 'readSession' }],
    access: { roles: new Set(HARNESS_ROLES), optional: true },
    onAnalysis: (analysis) => analyses.set(analysis.file, analysis),
  })
  // The session module is a module of the app too: the plugin analyses and seals it like any other.
  for (const [file, code] of Object.entries(all)) analyses.set(file, await analyzer.analyze(file, code))
  // The build's sweep, over the app's import graph.
  await sweepImporters({ analyzer, graph: await importGraph(all), analyses, read: async (file) => all[file] ?? null })
  return analyses
}

async function importGraph(files: AppFiles): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>()
  for (const [file, code] of Object.entries(files)) {
    let bindings
    try {
      bindings = readModuleBindings(parseModule(code, file))
    } catch {
      continue
    }
    const sources = [...[...bindings.imports.values()].map((binding) => binding.source), ...[...bindings.reexports.values()].map((r) => r.source), ...bindings.starSources]
    graph.set(file, sources.map((source) => resolveIn(files, source, file)).filter((target): target is string => target !== null))
  }
  return graph
}

function tanstackCompiler(env: 'client' | 'server', sources: (id: string) => string | undefined, compileErrors: Map<string, string>) {
  const compiler: ReturnType<typeof createStartCompiler> = createStartCompiler({
    env,
    envName: env === 'client' ? 'client' : 'ssr',
    root: ROOT,
    framework: 'react',
    providerEnvName: 'ssr',
    mode: 'build',
    getKnownServerFns: () => ({}),
    loadModule: async (id: string) => {
      compiler.ingestModule({ code: sources(id.replace(/[?#].*$/, '')) ?? '', id })
    },
    resolveId: async (specifier: string, importer?: string) => (importer ? resolveInKnown(specifier, importer) : null),
  })
  let resolveInKnown: (specifier: string, importer: string) => string | null = () => null
  return {
    compiler,
    setResolver: (resolver: typeof resolveInKnown) => (resolveInKnown = resolver),
    /** TanStack's plugin applies these filters before its compiler sees a module. */
    async compile(id: string, code: string): Promise<string> {
      const filters = getTransformCodeFilterForEnv(env) as RegExp[]
      if (!(TRANSFORM_ID_REGEX as RegExp[]).some((pattern) => pattern.test(id))) return code
      if (!filters.some((pattern) => pattern.test(code))) return code
      try {
        const result = await compiler.compile({ id, code, detectedKinds: detectKindsInCode(code, env) })
        return result?.code ?? code
      } catch (error) {
        // TanStack refuses the module (the build fails there too): nothing of it is compiled.
        compileErrors.set(id, (error as Error).message)
        return code
      }
    },
  }
}

/** The app's files with the default session module, unless the app brings its own. */
function withSession(files: AppFiles): AppFiles {
  return { [SESSION_FILE]: SESSION_SOURCE, [ROLES_FILE]: ROLES_SOURCE, ...files }
}

export async function runApp(files: AppFiles): Promise<HarnessResult> {
  const all = withSession(files)
  const analyses = await analyseApp(files)
  const diagnostics = [...analyses.values()].flatMap((analysis) => analysis.diagnostics)

  // The server environment: serverfn-auth writes first, then TanStack compiles.
  const transformed = (id: string): string => {
    const file = id.replace(/[?#].*$/, '')
    const code = all[file]!
    const analysis = analyses.get(file)
    if (!analysis || analysis.diagnostics.some((d) => d.code === 'SFA001')) return code
    return writeAnalysis(code, analysis, id, RUNTIME_SPECIFIER)?.code ?? code
  }
  const compileErrors = new Map<string, string>()
  const server = tanstackCompiler('server', (file) => (all[file] === undefined ? undefined : transformed(file)), compileErrors)
  server.setResolver((specifier, importer) => resolveIn(all, specifier, importer))
  const compiledServer = new Map<string, string>()
  for (const file of Object.keys(all)) {
    compiledServer.set(file, await server.compile(file, transformed(file)))
    const provider = `${file}?tss-serverfn-split`
    compiledServer.set(provider, await server.compile(provider, transformed(provider)))
  }

  // The client environment: TanStack compiles the untouched source.
  const client = tanstackCompiler('client', (file) => all[file], compileErrors)
  client.setResolver((specifier, importer) => resolveIn(all, specifier, importer))
  const clientCompiled = new Set<string>()
  const clientHandlerBodies = new Map<string, number>()
  for (const [file, code] of Object.entries(files)) {
    const output = await client.compile(file, code)
    const { compiled, bodies } = readClientOutput(output, file)
    for (const name of compiled) clientCompiled.add(`${file}#${name}`)
    if (bodies) clientHandlerBodies.set(file, bodies)
  }

  const registered = new Set<string>()
  const loadErrors = new Map<string, string>()
  const loader = serverLoader(all, compiledServer)
  const calls: CallResult[] = []
  const loaded: Array<{ file: string; endpoints: ReturnType<typeof readCompiledEndpoints>; namespace: Namespace }> = []
  for (const file of Object.keys(files)) {
    const provider = `${file}?tss-serverfn-split`
    let endpoints
    try {
      endpoints = readCompiledEndpoints(parseModule(compiledServer.get(provider)!, file))
    } catch {
      continue
    }
    if (endpoints.length === 0) continue
    for (const endpoint of endpoints) registered.add(`${file}#${endpoint.name}`)
    try {
      loaded.push({ file, endpoints, namespace: await loader.load(provider) })
    } catch (error) {
      loadErrors.set(file, (error as Error).message)
      for (const endpoint of endpoints) calls.push({ file, name: endpoint.name, anonymous: 'load-error', authenticated: 'load-error', member: 'load-error', anonymousError: null })
    }
  }
  // A server that has started: the runtime module has loaded the session module (a call before
  // that waits for it, or is refused with 503; see the runtime module's tests).
  await new Promise((resolve) => setTimeout(resolve, 0))
  for (const { file, endpoints, namespace } of loaded) {
    for (const endpoint of endpoints) {
      const fn = namespace[`${endpoint.name}_createServerFn_handler`] as (opts: unknown) => Promise<{ result?: unknown; error?: unknown }>
      const anonymous = await call(fn, {})
      const authenticated = await call(fn, { 'x-user': 'ada', 'x-roles': HARNESS_ROLES.join(',') })
      const member = await call(fn, { 'x-user': 'bob' })
      calls.push({ file, name: endpoint.name, anonymous: anonymous.outcome, authenticated: authenticated.outcome, member: member.outcome, anonymousError: anonymous.error })
    }
  }
  return { analyses, diagnostics, registered, clientCompiled, clientHandlerBodies, calls, loadErrors, compileErrors }
}

/** Calls a registered endpoint as Start's server handler does: inside a request's storage context. */
async function call(fn: (opts: unknown) => Promise<{ result?: unknown; error?: unknown }>, headers: Record<string, string>) {
  const request = new Request('http://localhost/_serverFn/x', { method: 'POST', headers })
  const context = { request, startOptions: {}, contextAfterGlobalMiddlewares: {}, executedRequestMiddlewares: new Set(), handlerType: 'serverFn' as const, getRouter: () => { throw new Error('no router') } }
  try {
    // A forged context: the client can send any, the mark included.
    const forged = { user: 'forged', roles: [...HARNESS_ROLES], __serverFnAuthSession: {}, __serverFnAuthOptional: {}, ...Object.fromEntries(HARNESS_ROLES.map((role) => [`__serverFnAuthRole:${role}`, {}])) }
    const reply = await runWithStartContext(context as never, () => fn({ data: undefined, method: 'POST', context: forged }))
    if (reply && 'error' in reply) return { outcome: 'rejected' as const, error: String((reply.error as Error)?.message ?? reply.error) }
    return { outcome: 'answered' as const, error: null }
  } catch (error) {
    return { outcome: 'rejected' as const, error: (error as Error).message }
  }
}

function readClientOutput(code: string, file: string): { compiled: string[]; bodies: number } {
  const compiled: string[] = []
  let bodies = 0
  let ast
  try {
    ast = parseModule(code, file)
  } catch {
    return { compiled, bodies }
  }
  const visit = (node: unknown, name: string | null): void => {
    if (!node || typeof node !== 'object') return
    const current = node as { type?: string; callee?: { type: string; property?: { type: string; name?: string } }; arguments?: Array<{ type: string; callee?: { type: string; name?: string } }> }
    if (current.type === 'CallExpression' && current.callee?.type === 'MemberExpression' && current.callee.property?.name === 'handler') {
      const [argument, ...rest] = current.arguments ?? []
      if (argument?.type === 'CallExpression' && argument.callee?.type === 'Identifier' && argument.callee.name === 'createClientRpc') {
        if (name) compiled.push(name)
      } else if (argument && /Function|Identifier/.test(argument.type)) {
        bodies++
      }
      // Whatever TanStack left beside its stub ships too.
      bodies += rest.filter((other) => /Function|Identifier/.test(other.type)).length
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'start' || key === 'end') continue
      if (Array.isArray(value)) value.forEach((item) => visit(item, name))
      else if (value && typeof value === 'object') visit(value, name)
    }
  }
  for (const statement of ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) visit(declarator.init, declarator.id.type === 'Identifier' ? declarator.id.name : null)
    } else {
      visit(statement, null)
    }
  }
  return { compiled, bodies }
}

function serverLoader(files: AppFiles, compiled: Map<string, string>): ModuleLoader {
  process.env.TSS_SERVER_FN_BASE ??= '/_serverFn/'
  const runtime = runtimeModuleSource({
    startPackage: '@tanstack/react-start',
    sessionModule: SESSION_FILE,
    sessionExport: SESSION_EXPORT,
    roles: HARNESS_ROLES.map((role) => ({ name: role, module: ROLES_FILE, exportName: roleExport(role) })),
    optional: { module: SESSION_FILE, exportName: 'readSession' },
    environment: 'server',
  })
  const inert = inertModule()
  const externals: Record<string, Namespace> = {
    '@tanstack/react-start': startClientCore as unknown as Namespace,
    '@tanstack/react-start/server-rpc': { createServerRpc },
    '@tanstack/react-start/ssr-rpc': { createSsrRpc: (id: string) => Object.assign(() => Promise.reject(new Error(`ssr rpc ${id}`)), { functionId: id }) },
    '@tanstack/react-start/server': { getRequest: () => getStartContext().request, setResponseStatus: () => {}, getCookie: () => undefined },
  }
  return new ModuleLoader({
    source: (id) => (id === RUNTIME_SPECIFIER ? runtime : (compiled.get(id) ?? files[id] ?? null)),
    resolve: (specifier, importer) => {
      if (specifier === RUNTIME_SPECIFIER || specifier in externals) return specifier
      return resolveIn(files, specifier, importer) ?? `external:${specifier}`
    },
    external: (id) => externals[id] ?? (id.startsWith('external:') ? inert : undefined),
  })
}

/**
 * Any other package: every export is callable and readable at any depth. Used as a middleware
 * (`.middleware([audit])`), it lets the call through, as an app's own middleware would.
 */
function inertModule(): Namespace {
  const passThrough = Object.freeze({ server: ({ next }: { next: () => unknown }) => next() })
  const inert: unknown = new Proxy(function () {}, {
    get: (_, key) => (key === 'options' ? passThrough : key === Symbol.toPrimitive ? () => 'inert' : key === 'then' || typeof key === 'symbol' ? undefined : inert),
    apply: () => inert,
    construct: () => inert as object,
  })
  return new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : inert), has: () => true })
}
