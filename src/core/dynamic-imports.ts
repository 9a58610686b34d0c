import type { File, Node } from '@babel/types'
import { spansAnyOffset, walk } from './walk.ts'

/**
 * Modules a module loads at run time rather than by a static import: `import('./x')`,
 * `require('./x')` and TypeScript's `import x = require('./x')`. TanStack's compiler follows
 * none of them, so a server function builder reached that way could be used in any shape and
 * nothing would compile what comes of it (SFA106). Only literal specifiers are known.
 */

export interface DynamicImport {
  node: Node
  source: string
  /** How it is written, for messages: `import('./x')`, `import x = require('./x')`. */
  written: string
}

/** The key under which the analysis asks the host what a dynamically loaded module exposes. */
export const DYNAMIC_NAMESPACE = '*dynamic'

const DYNAMIC_TEXT = /\bimport\s*\(|\brequire\b/g

export function findDynamicImports(ast: File, code: string): DynamicImport[] {
  const found: DynamicImport[] = []
  const offsets = [...code.matchAll(DYNAMIC_TEXT)].map((match) => match.index)
  if (offsets.length === 0 && !code.includes('\\u')) return found
  walk(
    ast.program,
    (node) => {
      if (node.type === 'ImportExpression') {
        const source = literal(node.source)
        if (source !== null) found.push({ node, source, written: `import('${source}')` })
      } else if (node.type === 'CallExpression') {
        const isImport = node.callee.type === 'Import'
        const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require'
        const source = isImport || isRequire ? literal(node.arguments[0]) : null
        if (source !== null) found.push({ node, source, written: `${isImport ? 'import' : 'require'}('${source}')` })
      } else if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference.type === 'TSExternalModuleReference') {
        const source = node.moduleReference.expression.value
        found.push({ node, source, written: `import ${node.id.name} = require('${source}')` })
      }
    },
    code.includes('\\u') ? undefined : spansAnyOffset(offsets),
  )
  return found
}

export function literal(node: Node | undefined | null): string | null {
  if (!node) return null
  if (node.type === 'StringLiteral') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null
  return null
}
