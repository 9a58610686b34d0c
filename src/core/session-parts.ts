import { isReferenced, type Node } from '@babel/types'
import { readModuleBindings, type ModuleBindings } from './bindings.ts'
import { readChain } from './chain.ts'
import { ModuleParseError, parseModule } from './parse.ts'
import { isFunctionNode } from './scope.ts'
import { MIDDLEWARE_METHOD, START_PACKAGE_PATTERN } from './start-packages.ts'
import { unwrapExpression } from './tanstack-model.ts'
import { walk } from './walk.ts'

/**
 * The session middleware and what it is made of, wherever the app declares them. The session
 * module may declare the middleware, re-export it from another module or alias one; the
 * middleware may list other middleware, derive from a base, take a validator or a server part
 * read from an object. A write to any of these, from another module, changes what the session
 * middleware does: every importer of them is checked for writes (SFA110), and the middleware are
 * sealed right after their declaration (see `session-rules.ts`).
 *
 * The parts are found from the source alone (resolving and reading through the host), never
 * from analyses, so that they are known before any module is analysed.
 *
 * - `middleware`: the session middleware, its aliases (a name, a namespace member, the branches
 *   of a choice) and the middleware it lists, to the bottom.
 * - `base`: a middleware one of them is derived from (`base.server(fn)`): TanStack's
 *   `createMiddleware` copies the base's options, but shares what they hold.
 * - `dependency`: anything else their declarations read outside a function (a validator, an
 *   object a server part is read from, a factory and its arguments).
 *
 * What the middleware's own functions read when they run is the app's logic, not a part.
 */

export type SessionPartRole = 'middleware' | 'base' | 'dependency'

export interface SessionParts {
  /** By file: the module-level names that hold a part, with their role. */
  locals: Map<string, Map<string, SessionPartRole>>
  /** `file#exportName` of every export that hands a part out, re-exports on the way included. */
  exported: Set<string>
  /** The files of `exported`: a namespace import of one of them exposes a part. */
  exposing: Set<string>
  /** Every file read to find the parts: a change to one of them may change them. */
  files: Set<string>
}

export interface SessionPartsHost {
  resolve(specifier: string, importer: string): Promise<string | 'external' | null>
  read(file: string): Promise<string | null>
}

/** What a part's initializer reads, by the role each name plays in it. */
export interface InitializerReads {
  /** `export const requireSession = base` (or each branch of `dev ? a : b`): the same object under another name. */
  aliases: string[]
  middleware: string[]
  bases: string[]
  dependencies: string[]
  /** What cannot be followed to a declaration, and why (SFA114 in the module that declares it). */
  refused: Array<{ node: Node; why: string }>
}

/**
 * `session` may list several middleware (the session middleware, each role's, the optional
 * session's): their parts are found together, each name with its strongest role.
 */
export async function findSessionParts(
  host: SessionPartsHost,
  session: { file: string; exportName: string } | ReadonlyArray<{ file: string; exportName: string }>,
): Promise<SessionParts> {
  const parts: SessionParts = { locals: new Map(), exported: new Set(), exposing: new Set(), files: new Set() }
  const modules = new Map<string, Promise<ModuleBindings | null>>()
  const visited = new Set<string>()

  const bindingsOf = (file: string): Promise<ModuleBindings | null> => {
    let bindings = modules.get(file)
    if (!bindings) {
      parts.files.add(file)
      bindings = host.read(file).then((code) => {
        if (code === null) return null
        try {
          return readModuleBindings(parseModule(code, file))
        } catch (error) {
          if (error instanceof ModuleParseError) return null
          throw error
        }
      })
      modules.set(file, bindings)
    }
    return bindings
  }

  const resolveFrom = async (source: string, importer: string): Promise<string | null> => {
    if (START_PACKAGE_PATTERN.test(source)) return null
    const target = await host.resolve(source, importer)
    return target === null || target === 'external' ? null : target
  }

  /** Follows `file`'s export `name` to the module that declares it. Returns whether it was found. */
  const followExport = async (file: string, name: string, role: SessionPartRole): Promise<boolean> => {
    const key = `${file}#${name}#${role}`
    if (visited.has(key)) return true
    visited.add(key)
    const bindings = await bindingsOf(file)
    if (!bindings) return false
    let found = false
    for (const [local, names] of bindings.exportsByLocal) {
      if (!names.includes(name)) continue
      found = true
      await addLocal(file, bindings, local, role)
    }
    // `export default createMiddleware(…)`: a part without a name (which SFA114 refuses).
    if (name === 'default' && bindings.defaultExpression) {
      found = true
      await addLocal(file, bindings, 'default', role)
    }
    const forwarded = bindings.reexports.get(name)
    if (!found && forwarded && forwarded.imported !== '*') {
      const target = await resolveFrom(forwarded.source, file)
      found = target !== null && (await followExport(target, forwarded.imported, role))
    }
    if (!found && name !== 'default') {
      for (const star of bindings.starSources) {
        const target = await resolveFrom(star, file)
        if (target !== null && (await followExport(target, name, role))) found = true
      }
    }
    if (found) parts.exported.add(`${file}#${name}`)
    return found
  }

  const addLocal = async (file: string, bindings: ModuleBindings, local: string, role: SessionPartRole): Promise<void> => {
    const roles = parts.locals.get(file) ?? new Map<string, SessionPartRole>()
    parts.locals.set(file, roles)
    const known = roles.get(local)
    // A name plays its strongest role: the middleware is sealed, a base and a dependency are not.
    if (known === 'middleware' || known === role || (known === 'base' && role === 'dependency')) return
    roles.set(local, role)
    for (const exportName of bindings.exportsByLocal.get(local) ?? []) parts.exported.add(`${file}#${exportName}`)

    const imported = bindings.imports.get(local)
    if (imported) {
      if (imported.imported === '*') return
      const target = await resolveFrom(imported.source, file)
      if (target !== null) await followExport(target, imported.imported, role)
      return
    }
    if (role === 'dependency') return
    const init = partInitializer(bindings, local)
    if (!init) return
    const reads = initializerReads(init)
    const next = async (read: string, nextRole: SessionPartRole): Promise<void> => {
      const [name, member] = read.split('.') as [string, string | undefined]
      const namespace = bindings.imports.get(name)
      if (member !== undefined && namespace?.imported === '*') {
        // `Auth.base` of `import * as Auth from './auth'`: the export it names is the part.
        const target = await resolveFrom(namespace.source, file)
        if (target !== null) await followExport(target, member, nextRole)
        return
      }
      // TanStack Start's own exports (`createMiddleware`) are not the app's to change.
      if (namespace && START_PACKAGE_PATTERN.test(namespace.source)) return
      // A member of any other object: a dependency is reached through the object; a middleware
      // cannot be followed there (SFA114).
      if (member !== undefined) return nextRole === 'dependency' ? next(name, 'dependency') : undefined
      if (bindings.imports.has(name) || bindings.declarations.has(name)) await addLocal(file, bindings, name, nextRole)
    }
    for (const name of reads.aliases) await next(name, role)
    for (const name of reads.middleware) await next(name, 'middleware')
    for (const name of reads.bases) await next(name, 'base')
    for (const name of reads.dependencies) await next(name, 'dependency')
  }

  for (const root of Array.isArray(session) ? session : [session]) await followExport(root.file, root.exportName, 'middleware')
  for (const key of parts.exported) parts.exposing.add(key.slice(0, key.lastIndexOf('#')))
  return parts
}

/**
 * The expression a part is declared with: a declarator's initializer, an `export default`
 * expression, or `Namespace.member` of `import x = Namespace.member`.
 */
export function partInitializer(bindings: ModuleBindings, local: string): Node | null {
  if (local === 'default' && !bindings.declarations.has('default')) return bindings.defaultExpression
  const declaration = bindings.declarations.get(local)?.[0]
  if (!declaration) return null
  if (declaration.declarator) return declaration.declarator.init ?? null
  const statement = declaration.statement
  return statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type !== 'TSExternalModuleReference' ? statement.moduleReference : null
}

/**
 * What a middleware's initializer is made of: the names it is an alias of, the middleware its
 * `.middleware([...])` links list, the base its chain starts from, and every other name read
 * outside a function. A name is `name`, or `Namespace.member` where the value is read as a member
 * of a plain name. Only shapes whose every middleware can be followed to its declaration are
 * accepted: a call (which makes a new middleware), a name, a namespace member, a choice between
 * such (`dev ? a : b`), and chains on them whose middleware lists are array literals.
 */
export function initializerReads(init: Node): InitializerReads {
  const reads: InitializerReads = { aliases: [], middleware: [], bases: [], dependencies: [], refused: [] }
  readMiddleware(init, reads, reads.aliases)
  return reads
}

function readMiddleware(node: Node, reads: InitializerReads, names: string[]): void {
  const expression = unwrapExpression(node)
  const name = nameRead(expression)
  if (name) {
    names.push(name)
    return
  }
  if (expression.type === 'ConditionalExpression') {
    reads.dependencies.push(...namesRead(expression.test))
    readMiddleware(expression.consequent, reads, names)
    readMiddleware(expression.alternate, reads, names)
    return
  }
  if (expression.type === 'LogicalExpression') {
    readMiddleware(expression.left, reads, names)
    readMiddleware(expression.right, reads, names)
    return
  }
  if (expression.type !== 'CallExpression') {
    reads.refused.push({ node: expression, why: 'it is neither made by a call nor a name that can be followed to its declaration' })
    return
  }
  const chain = readChain(expression)
  for (const link of chain.links) {
    const [first, ...rest] = link.call.arguments
    if (link.method !== MIDDLEWARE_METHOD) {
      for (const argument of link.call.arguments) reads.dependencies.push(...namesRead(argument))
      continue
    }
    const list = first && first.type !== 'SpreadElement' && first.type !== 'ArgumentPlaceholder' ? unwrapExpression(first) : null
    if (list?.type !== 'ArrayExpression') {
      reads.refused.push({ node: first ?? link.call, why: 'its `.middleware(…)` is not given an array literal: TanStack keeps the array itself, which another module could change first' })
      continue
    }
    for (const element of list.elements) {
      if (element?.type === 'SpreadElement') reads.refused.push({ node: element, why: 'its middleware list spreads another array, which another module could change first' })
      else if (element) readMiddleware(element, reads, reads.middleware)
    }
    for (const argument of rest) reads.dependencies.push(...namesRead(argument))
  }
  const head = chain.head
  switch (head.kind) {
    case 'identifier':
      reads.bases.push(head.identifier.name)
      break
    case 'call':
      reads.dependencies.push(head.callee.name, ...head.call.arguments.flatMap(namesRead))
      break
    case 'namespace-call':
      reads.dependencies.push(`${head.member.object.name}.${head.member.property.name}`, ...head.call.arguments.flatMap(namesRead))
      break
    case 'member':
      reads.refused.push({ node: head.member.node, why: 'it derives from a member of an object, which cannot be followed to its declaration' })
      break
    case 'other':
      reads.refused.push({ node: head.node, why: 'it derives from an expression that cannot be followed to a declaration' })
  }
}

/** `name`, or `Namespace.member` with both plain names: a value read by name. */
export function nameRead(node: Node): string | null {
  if (node.type === 'Identifier') return node.name
  // `import x = Namespace.member`
  if (node.type === 'TSQualifiedName' && node.left.type === 'Identifier') return `${node.left.name}.${node.right.name}`
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = unwrapExpression(node.object)
    if (object.type === 'Identifier') return `${object.name}.${node.property.name}`
  }
  return null
}

/** The names an expression reads when it is evaluated: not those inside the functions it creates. */
function namesRead(node: Node): string[] {
  const names: string[] = []
  walk(node, (current, ancestors) => {
    if (isFunctionNode(current)) return 'skip'
    const parent = ancestors[ancestors.length - 1]
    if (current.type === 'Identifier' && (!parent || isReferenced(current, parent, ancestors[ancestors.length - 2]))) names.push(current.name)
  })
  return names
}
