import type { File } from '@babel/types'
import { walk } from './walk.ts'

/**
 * Reads what TanStack Start's compiler registered in a provider module (`file?tss-serverfn-split`
 * after its transform):
 *
 * ```js
 * const getProfile_createServerFn_handler = createServerRpc({
 *   id: "93a6…", name: "getProfile", filename: "src/server/profile.ts" }, (opts) => …)
 * ```
 *
 * This is the ground truth of a build: the ids are TanStack's own (a custom
 * `generateFunctionId` included), and every endpoint listed here is live.
 */
export interface CompiledEndpoint {
  id: string
  /** The declared name of the server function. */
  name: string
  /** The module, relative to the project root, as TanStack names it. */
  filename: string
}

const REGISTER = 'createServerRpc'

export function readCompiledEndpoints(ast: File): CompiledEndpoint[] {
  const endpoints: CompiledEndpoint[] = []
  walk(ast.program, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== REGISTER) return
    const meta = node.arguments[0]
    if (meta?.type !== 'ObjectExpression') return
    const fields: Record<string, string> = {}
    for (const property of meta.properties) {
      if (property.type !== 'ObjectProperty' || property.computed || property.value.type !== 'StringLiteral') continue
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'StringLiteral' ? property.key.value : null
      if (key) fields[key] = property.value.value
    }
    if (fields.id && fields.name && fields.filename) endpoints.push({ id: fields.id, name: fields.name, filename: fields.filename })
  })
  return endpoints
}
