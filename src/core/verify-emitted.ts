import type { File, Node } from '@babel/types'
import { readChain, type Chain } from './chain.ts'
import { readCompiledEndpoints } from './compiled-endpoints.ts'
import type { AccessDecision } from './model.ts'
import { accessLayers, hasChecksLast, hasEntryFirst, hasGuardedHandler, runtimeNamespaces, type AccessLayers } from './runtime-references.ts'
import { HANDLER_METHOD } from './start-packages.ts'

/**
 * The second line of defence: what TanStack's compiler emitted, read after it ran, on its own
 * terms. It does not ask the analysis whether a chain was safe; it looks at the code that will run.
 *
 * - In the provider module (`file?tss-serverfn-split`), every endpoint TanStack registered
 *   (`createServerRpc({ name })`) must carry serverfn-auth's session middleware (with the
 *   middleware of each role the build decided, or the optional-session middleware) before any
 *   other middleware or validator, its checks right before `.handler` and its guard around the
 *   handler, unless the build classified it public. An endpoint the build did not classify is
 *   held to the session's.
 * - In a caller module (the client bundle's, or the server's plain copy), every endpoint the
 *   analysis found must have had its handler replaced by TanStack's RPC stub
 *   (`createClientRpc(…)`, `createSsrRpc(…)`): a handler left as written ships to the browser.
 */

export interface EmittedProblem {
  /** The declared name of the endpoint. */
  name: string
  message: string
}

function topLevelInit(ast: File, name: string): Node | null {
  for (const statement of ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier' && declarator.id.name === name && declarator.init) return declarator.init
    }
  }
  return null
}

function protectionProblem(chain: Chain, runtime: Set<string>, layers: AccessLayers): string | null {
  const entry = layers.entry[0]!.member === 'optional' ? 'optional-session middleware' : layers.entry.length > 1 ? 'session and role middleware' : 'session middleware'
  if (chain.links.at(-1)?.method !== HANDLER_METHOD) return 'its chain does not end in `.handler(…)`'
  if (!hasEntryFirst(chain, runtime, layers)) return `its first middleware is not serverfn-auth's ${entry}`
  if (!hasChecksLast(chain, runtime, layers)) return `its last middleware is not serverfn-auth's check of the ${entry}`
  if (!hasGuardedHandler(chain, runtime, layers)) return `its handler is not wrapped in serverfn-auth's guard of the ${entry}`
  return null
}

const SESSION_ONLY: AccessDecision = { kind: 'protected' }

export function verifyProviderModule(ast: File, options: { runtimeSource: string; accessOf: (name: string) => AccessDecision | null }): EmittedProblem[] {
  const runtime = runtimeNamespaces(ast, options.runtimeSource)
  const problems: EmittedProblem[] = []
  for (const endpoint of readCompiledEndpoints(ast)) {
    const layers = accessLayers(options.accessOf(endpoint.name) ?? SESSION_ONLY)
    if (!layers) continue
    const init = topLevelInit(ast, endpoint.name)
    const problem = init ? protectionProblem(readChain(init), runtime, layers) : 'its declaration is not at the top level of the compiled module'
    if (problem) problems.push({ name: endpoint.name, message: `TanStack Start registered the endpoint \`${endpoint.name}\`, but in the compiled server module ${problem}.` })
  }
  return problems
}

const RPC_STUBS = { client: 'createClientRpc', ssr: 'createSsrRpc' } as const

export function verifyCallerModule(ast: File, options: { endpoints: readonly string[]; environment: 'client' | 'ssr' }): EmittedProblem[] {
  const stub = RPC_STUBS[options.environment]
  const problems: EmittedProblem[] = []
  for (const name of options.endpoints) {
    const init = topLevelInit(ast, name)
    if (!init) continue
    const handler = readChain(init).links.at(-1)
    const argument = handler?.method === HANDLER_METHOD ? handler.call.arguments[0] : undefined
    // The stub is the only argument: anything TanStack left beside it is code of the handler's.
    const replaced = argument?.type === 'CallExpression' && handler!.call.arguments.length === 1 && argument.callee.type === 'Identifier' && argument.callee.name === stub
    if (!replaced) {
      const where = options.environment === 'client' ? 'stays in the browser bundle' : 'stays in the server bundle, and no endpoint is made of it'
      problems.push({ name, message: `TanStack Start did not compile the server function \`${name}\`: its handler ${where}.` })
    }
  }
  return problems
}
