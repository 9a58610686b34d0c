import { posix } from 'node:path'
import type { Node, Statement } from '@babel/types'
import type { ModuleBindings } from './bindings.ts'
import { unwrapExpression } from './chain.ts'

/** The project's session middleware, as the host resolved it. */
export interface SessionMiddleware {
  /** Specifier written into transformed modules' import (the Vite layer passes an absolute path). */
  source: string
  /** Name of the export that holds the middleware. */
  exportName: string
  /**
   * File that declares it, without query. In that module the local binding is used instead of an
   * import. Defaults to `source`.
   */
  file?: string
  /**
   * Whether an import specifier written in `importer` refers to the session module. The default
   * accepts `source` itself and relative specifiers that resolve to `file` (extension optional).
   * The Vite layer passes a matcher that knows the project's aliases.
   */
  matchesSource?: (specifier: string, importer: string) => boolean
}

const SCRIPT_EXTENSION = /\.[cm]?[jt]sx?$/

function withoutExtension(path: string): string {
  return path.replace(SCRIPT_EXTENSION, '')
}

function toPosix(path: string): string {
  return path.replace(/\\/g, '/')
}

/** A module path compared the way imports name it: forward slashes, no script extension. */
export function comparableModulePath(path: string): string {
  return withoutExtension(toPosix(path))
}

export function sessionFile(session: SessionMiddleware): string {
  return toPosix(session.file ?? session.source)
}

export function defaultMatchesSource(session: SessionMiddleware): (specifier: string, importer: string) => boolean {
  const target = withoutExtension(sessionFile(session))
  return (specifier, importer) => {
    if (specifier === session.source) return true
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return false
    return withoutExtension(posix.join(posix.dirname(toPosix(importer)), specifier)) === target
  }
}

/** How a module refers to the session middleware, or may come to. */
export interface SessionReferences {
  /** The module is the one that declares the session middleware. */
  isSessionModule: boolean
  /** Local names bound to the middleware: imports of it, or its own declaration. */
  locals: Set<string>
  /** Namespace imports of the session module: `Session.requireSession`. */
  namespaces: Set<string>
  /** In the session module: the statement that declares the exported binding. */
  declaration: Statement | null
  /** In the session module: the exported binding's local name. */
  localName: string | null
}

export function findSessionReferences(
  bindings: ModuleBindings,
  session: SessionMiddleware,
  file: string,
): SessionReferences {
  const isSessionModule = toPosix(file) === sessionFile(session)
  const matches = session.matchesSource ?? defaultMatchesSource(session)
  const references: SessionReferences = {
    isSessionModule,
    locals: new Set(),
    namespaces: new Set(),
    declaration: null,
    localName: null,
  }
  for (const binding of bindings.imports.values()) {
    if (!matches(binding.source, file)) continue
    if (binding.imported === session.exportName) references.locals.add(binding.local)
    else if (binding.imported === '*') references.namespaces.add(binding.local)
  }
  if (isSessionModule) {
    for (const [local, exported] of bindings.exportsByLocal) {
      if (!exported.includes(session.exportName)) continue
      references.localName = local
      references.locals.add(local)
      references.declaration = bindings.declarations.get(local) ?? null
    }
  }
  return references
}

/** True when `node` (an item of a `.middleware([...])` array) is the session middleware. */
export function isSessionReference(node: Node, references: SessionReferences, exportName: string): boolean {
  const expression = unwrapExpression(node)
  if (expression.type === 'Identifier') return references.locals.has(expression.name)
  return (
    expression.type === 'MemberExpression' &&
    !expression.computed &&
    expression.object.type === 'Identifier' &&
    references.namespaces.has(expression.object.name) &&
    expression.property.type === 'Identifier' &&
    expression.property.name === exportName
  )
}
