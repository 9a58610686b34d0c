import type { Node } from '@babel/types'
import { report, type AnalysisContext } from './analysis-context.ts'
import { findReferences } from './references.ts'
import { DYNAMIC_NAMESPACE, findDynamicImports, literal } from './dynamic-imports.ts'
import { FACTORY_MODULE_PATTERN, SERVER_FN_FACTORY, START_PACKAGE_PATTERN } from './start-packages.ts'
import { isTransparentWrapper, unwrapExpression } from './tanstack-model.ts'
import { spansAnyOffset, walk } from './walk.ts'

/**
 * Ways of reaching `createServerFn` that are not a static import, each refused because neither
 * serverfn-auth nor TanStack's compiler can follow what comes of them:
 * - `import('@tanstack/react-start')`, `require(…)`, `import x = require(…)` of a module that
 *   exports it or a builder (SFA106; subpaths such as `@tanstack/react-start/server` are fine);
 * - `.createServerFn` read from a global object (`globalThis.createServerFn`, SFA105);
 * - re-exporting it under another name (SFA103), which importers would not recognise.
 */
export function checkFactoryReach(context: AnalysisContext): void {
  const { code, bindings } = context
  checkReExports(context)
  checkTypeImports(context)
  checkEval(context)
  checkDynamicImports(context)
  const offsets = [...code.matchAll(/@tanstack\/|createServerFn/g)].map((match) => match.index)
  if (offsets.length === 0 && !code.includes('\\u')) return
  walk(
    context.ast.program,
    (node, ancestors) => {
      switch (node.type) {
        case 'ImportDeclaration':
        case 'ExportNamedDeclaration':
        case 'ExportAllDeclaration':
          return node.type === 'ImportDeclaration' ? 'skip' : undefined
        case 'TSImportEqualsDeclaration':
          // `import x = require(…)` is checked with the dynamic imports; `import x = Namespace.member`
          // is a read of the member, checked with the other reads.
          return 'skip'
        case 'MemberExpression':
        case 'OptionalMemberExpression': {
          const property = node.computed ? literal(node.property) : node.property.type === 'Identifier' ? node.property.name : null
          const object = unwrapExpression(node.object)
          if (property !== SERVER_FN_FACTORY || object.type !== 'Identifier') return
          const name = object.name
          if (context.scope.isShadowed(name, ancestors, node)) return checkCalledOnObject(context, node, ancestors, name)
          const binding = bindings.imports.get(name)
          if (binding) {
            // A namespace import that exposes the factory is checked with the other reads of it.
            if (binding.imported === '*') return
            return checkCalledOnObject(context, node, ancestors, name, binding.imported === 'default' ? `a default import of \`${binding.source}\`` : null)
          }
          if (bindings.declarations.has(name)) return checkCalledOnObject(context, node, ancestors, name)
          // A global object: nothing in the module put createServerFn there.
          report(context, 'SFA105', node, `\`${name}.${SERVER_FN_FACTORY}\` reads createServerFn from a global object, not from an import of TanStack Start.`)
          return
        }
      }
    },
    code.includes('\\u') ? undefined : spansAnyOffset(offsets),
  )
}

/**
 * `obj.createServerFn(…)` on a local object, a parameter or an import that is not a namespace:
 * neither serverfn-auth nor TanStack can tell what it calls. Only reading the property (to show
 * it in a page, say) is harmless.
 */
function checkCalledOnObject(context: AnalysisContext, member: Node, ancestors: readonly Node[], name: string, what: string | null = null): void {
  let top: Node = member
  let i = ancestors.length - 1
  while (i >= 0 && isTransparentWrapper(ancestors[i]!)) top = ancestors[i--]!
  const parent = ancestors[i]
  if ((parent?.type === 'CallExpression' || parent?.type === 'OptionalCallExpression') && parent.callee === top) {
    report(context, 'SFA105', parent, `\`${name}.${SERVER_FN_FACTORY}(…)\` calls createServerFn read from ${what ?? `\`${name}\`, which is not a namespace import of TanStack Start`}; TanStack Start does not compile it.`)
  }
}

/**
 * A direct `eval(…)` reads every binding of the module by a name nobody can see: in a module that
 * holds server function values (it imports or declares them), it could hand one anywhere.
 */
function checkEval(context: AnalysisContext): void {
  const { code, bindings } = context
  if (!code.includes('eval') || bindings.declarations.has('eval') || bindings.imports.has('eval')) return
  const offsets = [...code.matchAll(/(?<![\w$])eval(?![\w$])/g)].map((match) => match.index)
  walk(
    context.ast.program,
    (node, ancestors) => {
      if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'eval') return
      if (context.scope.isShadowed('eval', [...ancestors, node])) return
      report(context, 'SFA109', node, 'A direct `eval(…)` can read any binding of the module, a server function value included, and hand it out where nothing checks it.')
    },
    code.includes('\\u') ? undefined : spansAnyOffset(offsets),
  )
}

/**
 * `import type { authed }`: JavaScript has no value of that name, but TanStack's compiler does not
 * tell type-only imports from the others, so it reads the name as the import. Used as a value, or
 * beside a binding of the same name, the name means two things (SFA112).
 */
function checkTypeImports(context: AnalysisContext): void {
  const { bindings } = context
  const typeOnly = new Map<string, Node>()
  for (const statement of context.ast.program.body) {
    if (statement.type !== 'ImportDeclaration') continue
    const all = statement.importKind === 'type' || statement.importKind === 'typeof'
    for (const specifier of statement.specifiers) {
      if (all || (specifier.type === 'ImportSpecifier' && (specifier.importKind === 'type' || specifier.importKind === 'typeof'))) typeOnly.set(specifier.local.name, specifier)
    }
  }
  if (typeOnly.size === 0) return
  const unbound = new Set<string>()
  for (const [name, specifier] of typeOnly) {
    if (bindings.declarations.has(name) || bindings.imports.has(name)) {
      report(context, 'SFA112', specifier, `\`${name}\` is imported with \`import type\` and is also a binding of the module: TanStack Start's compiler would read it as the import.`)
    } else unbound.add(name)
  }
  for (const reference of findReferences(context.ast.program, context.code, unbound, context.scope)) {
    report(context, 'SFA112', reference.node, `\`${reference.name}\` is imported with \`import type\`, so it has no value here, but TanStack Start's compiler would read it as the import.`)
  }
}

/**
 * A module loaded at run time that exports `createServerFn` (a Start package root; its subpaths
 * have none) or a server function builder: what comes of it is never compiled.
 */
function checkDynamicImports(context: AnalysisContext): void {
  for (const { node, source, written } of findDynamicImports(context.ast, context.code)) {
    if (FACTORY_MODULE_PATTERN.test(source)) {
      report(context, 'SFA106', node, `\`${written}\` loads the module that exports createServerFn at run time.`)
    } else if (!START_PACKAGE_PATTERN.test(source) && context.answers(source, DYNAMIC_NAMESPACE)?.kind === 'namespace') {
      report(context, 'SFA106', node, `\`${written}\` loads a module that exports server function builders at run time, where TanStack Start's compiler does not follow them.`)
    }
  }
}

/**
 * `export { createServerFn as makeFn }` hands createServerFn to other modules under a name that
 * serverfn-auth would not recognise there. Re-exporting it under its own name is fine.
 */
function checkReExports(context: AnalysisContext): void {
  const { bindings } = context
  for (const statement of context.ast.program.body) {
    if (statement.type !== 'ExportNamedDeclaration') continue
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ExportSpecifier') continue
      const local = specifier.local.name
      const typeOnly = statement.exportKind === 'type' || specifier.exportKind === 'type'
      // `export { base } from './other'` next to a `base` of the module's own: TanStack's compiler
      // takes the re-export for that binding, so it compiles (or skips) chains JavaScript does not
      // run. It does not tell type-only re-exports from the others.
      if (statement.source) {
        const own = bindings.imports.get(local)
        const collides = bindings.declarations.has(local) || (own && (own.source !== statement.source.value || own.imported !== local))
        if (collides) {
          report(context, 'SFA112', specifier, `\`export ${typeOnly ? 'type ' : ''}{ ${local} } from '${statement.source.value}'\` re-exports a name the module also declares or imports: TanStack Start's compiler would read the module's \`${local}\` as that re-export.`)
          continue
        }
      }
      if (typeOnly) continue
      const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value
      // `export { createServerFn as x } from '…'` renames whatever that module calls createServerFn.
      const isFactory = statement.source ? local === SERVER_FN_FACTORY : context.bindings.imports.get(local)?.imported === SERVER_FN_FACTORY
      if (isFactory && exported !== SERVER_FN_FACTORY) {
        report(context, 'SFA103', specifier, `createServerFn is re-exported as \`${exported}\`; modules that import it under that name would escape the check.`)
      }
    }
  }
}
