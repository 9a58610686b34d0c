import MagicString from 'magic-string'
import { transformWithOxc } from 'vite'
import { parseModule } from '../../src/core/index.ts'
import { collectPatternNames } from '../../src/core/scope.ts'

/**
 * A small ESM evaluator for tests: strips TypeScript with oxc (as Vite does), turns imports and
 * exports into calls of a loader, and runs the module as a function. Each module id is evaluated
 * once per loader, so modules share instances as in a bundle. Bindings are read when the module
 * is evaluated (no live bindings): enough for server function modules, whose imports are
 * evaluated first. `import()` goes through the same loader.
 */

export type Namespace = Record<string, unknown>

export interface LoaderHost {
  /** Source of an id the loader evaluates; null when `external` answers it. */
  source(id: string): string | null
  /** Resolves a specifier written in `importer` to an id. */
  resolve(specifier: string, importer: string): string
  /** A module provided as an object (packages, stubs); undefined when `source` has it. */
  external(id: string): Namespace | undefined
}

export class ModuleLoader {
  private readonly modules = new Map<string, Namespace>()
  private readonly evaluating = new Map<string, { namespace: Namespace; done: Promise<Namespace> }>()

  constructor(private readonly host: LoaderHost) {}

  /**
   * `importers`: the static import chain that asks for `id`. A module on it is in a cycle and gets
   * the namespace as it is so far, as in ESM; any other caller (an `import()` meanwhile) waits
   * for the module to finish.
   */
  async load(id: string, importers: ReadonlySet<string> = new Set()): Promise<Namespace> {
    const done = this.modules.get(id)
    if (done) return done
    const running = this.evaluating.get(id)
    if (running) return importers.has(id) ? running.namespace : running.done
    const external = this.host.external(id)
    if (external) {
      this.modules.set(id, external)
      return external
    }
    const source = this.host.source(id)
    if (source === null) throw new Error(`module-loader: no module ${id}`)
    const namespace: Namespace = {}
    let finish!: (value: Namespace) => void
    let fail!: (error: unknown) => void
    const finished = new Promise<Namespace>((resolve, reject) => ((finish = resolve), (fail = reject)))
    finished.catch(() => {})
    this.evaluating.set(id, { namespace, done: finished })
    try {
      const { body, imports } = await toFunctionBody(source, id)
      const chain = new Set(importers).add(id)
      const loaded = new Map<string, Namespace>()
      for (const specifier of imports) loaded.set(specifier, await this.load(this.host.resolve(specifier, id), chain))
      const importBinding = (specifier: string, name: string) => {
        const module = loaded.get(specifier)!
        return name === '*' ? module : module[name]
      }
      const dynamicImport = (specifier: string) => this.load(this.host.resolve(specifier, id))
      const run = new Function('__import', '__dynamicImport', '__exports', body) as (...args: unknown[]) => void
      run(importBinding, dynamicImport, namespace)
    } catch (error) {
      this.evaluating.delete(id)
      fail(error)
      throw error
    }
    this.evaluating.delete(id)
    this.modules.set(id, namespace)
    finish(namespace)
    return namespace
  }
}

async function toFunctionBody(source: string, id: string): Promise<{ body: string; imports: string[] }> {
  const file = id.replace(/[?#].*$/, '')
  const lang = (/\.([cm]?[jt]sx?)$/i.exec(file)?.[1] ?? 'ts').toLowerCase().replace(/^[cm]/, '') as 'ts' | 'tsx' | 'js' | 'jsx'
  const js = (await transformWithOxc(source, file.replace(/\.[^.]+$/, `.${lang}`), { lang, jsx: { runtime: 'classic' } })).code
  const ast = parseModule(js, 'module.jsx')
  const output = new MagicString(js)
  const imports: string[] = []
  const exports: Array<[string, string]> = []
  const prologue: string[] = []
  let defaultCount = 0
  for (const statement of ast.program.body) {
    if (statement.type === 'ImportDeclaration') {
      const source = statement.source.value
      imports.push(source)
      for (const specifier of statement.specifiers) {
        const imported =
          specifier.type === 'ImportNamespaceSpecifier' ? '*' : specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value
        prologue.push(`const ${specifier.local.name} = __import(${JSON.stringify(source)}, ${JSON.stringify(imported)});`)
      }
      output.remove(statement.start!, statement.end!)
    } else if (statement.type === 'ExportNamedDeclaration') {
      if (statement.declaration) {
        const declaration = statement.declaration
        if (declaration.type === 'VariableDeclaration') {
          const names = new Set<string>()
          for (const declarator of declaration.declarations) collectPatternNames(declarator.id, names)
          for (const name of names) exports.push([name, name])
        } else if ('id' in declaration && declaration.id?.type === 'Identifier') {
          exports.push([declaration.id.name, declaration.id.name])
        }
        output.remove(statement.start!, statement.declaration.start!)
      } else {
        const source = statement.source?.value
        if (source) imports.push(source)
        for (const specifier of statement.specifiers) {
          if (specifier.type !== 'ExportSpecifier') continue
          const local = specifier.local.name
          const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value
          if (source) exports.push([exported, `__import(${JSON.stringify(source)}, ${JSON.stringify(local)})`])
          else exports.push([exported, local])
        }
        output.remove(statement.start!, statement.end!)
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration
      if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
        output.remove(statement.start!, declaration.start!)
        exports.push(['default', declaration.id.name])
      } else {
        const local = `__default${defaultCount++}`
        output.overwrite(statement.start!, declaration.start!, `const ${local} = `)
        exports.push(['default', local])
      }
    } else if (statement.type === 'ExportAllDeclaration') {
      imports.push(statement.source.value)
      prologue.push(`Object.assign(__exports, __import(${JSON.stringify(statement.source.value)}, '*'));`)
      output.remove(statement.start!, statement.end!)
    }
  }
  // `import(…)` calls: through the loader.
  for (const match of js.matchAll(/\bimport\s*\(/g)) {
    if (!ast.program.body.some((s) => s.type === 'ImportDeclaration' && s.start! <= match.index && match.index < s.end!)) {
      output.overwrite(match.index, match.index + match[0].length, '__dynamicImport(')
    }
  }
  // Modules are strict code: a write to a frozen object throws.
  output.prepend(`'use strict';\n${prologue.join('\n')}\n`)
  output.append(`\n;${exports.map(([name, value]) => `Object.defineProperty(__exports, ${JSON.stringify(name)}, { get: () => ${value}, enumerable: true });`).join('\n')}`)
  return { body: output.toString(), imports }
}
