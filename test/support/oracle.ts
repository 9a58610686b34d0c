import MagicString from 'magic-string'
import { transformWithOxc } from 'vite'
import { parseModule } from '../../src/core/index.ts'

/**
 * An independent oracle: it runs a transformed module with recording stubs of TanStack's
 * `createServerFn` and of the session middleware, and reports, for every top-level binding that
 * holds a builder or an endpoint, the middleware chain it really carries at run time. It knows
 * nothing of the analysis: only what the code does when it loads.
 */

/** Stands for the project's session middleware. */
export const SESSION = Object.freeze({ sessionMiddleware: true })

export interface RecordedChain {
  kind: 'builder' | 'endpoint'
  /** Middleware items in the order TanStack would run them (flattened `.middleware([...])` calls). */
  middleware: unknown[]
}

const CHAIN = Symbol('chain')

function builder(middleware: unknown[]): unknown {
  const make = (items: unknown[]) => builder(items)
  const callable = (() => make(middleware)) as unknown as Record<string | symbol, unknown>
  callable[CHAIN] = { kind: 'builder', middleware } satisfies RecordedChain
  callable.middleware = (list: unknown[]) => make([...middleware, ...list])
  callable.validator = () => make(middleware)
  callable.inputValidator = () => make(middleware)
  callable.handler = () => ({ [CHAIN]: { kind: 'endpoint', middleware } satisfies RecordedChain })
  return callable
}

/** Anything else the module imports: callable and readable at any depth, so top-level code runs. */
function inert(): unknown {
  const target = function () {}
  const proxy: unknown = new Proxy(target, {
    get: (_, key) => (key === Symbol.toPrimitive ? () => 'inert' : key === 'then' || typeof key === 'symbol' ? undefined : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  })
  return proxy
}

const START = /^@tanstack\/(?:(?:react|solid|vue)-start|start-client-core)(?:\/.*)?$/

export interface OracleOptions {
  /** Import source of the session middleware as written by the transform. */
  sessionSource: string
  sessionExport: string
  /** Import sources that re-export TanStack's createServerFn (local re-exports). */
  startLike?: (source: string) => boolean
}

/** Runs `code` (TypeScript allowed) and returns the chain of every top-level binding that has one. */
export async function runModule(code: string, file: string, options: OracleOptions): Promise<Map<string, RecordedChain>> {
  const lang = (/\.([cm]?[jt]sx?)$/.exec(file)?.[1] ?? 'tsx').replace(/^[cm]/, '') as 'ts' | 'tsx' | 'js' | 'jsx'
  const js = (await transformWithOxc(code, file, { lang, jsx: { runtime: 'classic' } })).code
  const ast = parseModule(js, file.replace(/\.[cm]?[jt]sx?$/, '.jsx'))
  const output = new MagicString(js)
  const names: string[] = []
  const imports: string[] = []
  for (const statement of ast.program.body) {
    if (statement.type === 'ImportDeclaration') {
      const source = JSON.stringify(statement.source.value)
      for (const specifier of statement.specifiers) {
        const local = specifier.local.name
        if (specifier.type === 'ImportNamespaceSpecifier') imports.push(`const ${local} = __import(${source}, '*')`)
        else if (specifier.type === 'ImportDefaultSpecifier') imports.push(`const ${local} = __import(${source}, 'default')`)
        else {
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value
          imports.push(`const ${local} = __import(${source}, ${JSON.stringify(imported)})`)
        }
      }
      output.remove(statement.start!, statement.end!)
    } else if (statement.type === 'ExportNamedDeclaration') {
      if (statement.declaration) output.remove(statement.start!, statement.declaration.start!)
      else output.remove(statement.start!, statement.end!)
    } else if (statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportAllDeclaration') {
      output.remove(statement.start!, statement.end!)
    }
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) if (declarator.id.type === 'Identifier') names.push(declarator.id.name)
    }
  }
  output.prepend(`${imports.join(';\n')};\n`)
  output.append(`\n;return { ${names.map((name) => `${JSON.stringify(name)}: (() => { try { return ${name} } catch { return undefined } })()`).join(', ')} }`)

  const startLike = options.startLike ?? (() => false)
  const importBinding = (source: string, name: string): unknown => {
    if (source === options.sessionSource || source.endsWith('/server/session') || source.endsWith('/server/session.ts')) {
      if (name === options.sessionExport) return SESSION
      if (name === '*') return { [options.sessionExport]: SESSION }
    }
    if (START.test(source) || startLike(source)) {
      const factory = () => builder([])
      if (name === 'createServerFn') return factory
      if (name === '*' || name === 'default') return new Proxy({ createServerFn: factory }, { get: (t, k) => (k in t ? t[k as 'createServerFn'] : inert()) })
      return inert()
    }
    return inert()
  }
  const run = new Function('__import', output.toString()) as (load: typeof importBinding) => Record<string, unknown>
  const scope = run(importBinding)
  const chains = new Map<string, RecordedChain>()
  for (const [name, value] of Object.entries(scope)) {
    const chain = (value as Record<symbol, RecordedChain> | undefined)?.[CHAIN]
    if (chain) chains.set(name, chain)
  }
  return chains
}
