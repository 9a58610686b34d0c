import { analyzeModule } from './analyze-module.ts'
import { createDiagnostic, type Diagnostic } from './diagnostics.ts'
import { LineIndex } from './line-index.ts'
import { mayContainServerFn } from './start-packages.ts'

/**
 * Vue single-file components (`.vue`). serverfn-auth reads script modules; a component's script
 * blocks reach the bundler as Vue's compiled output (`X.vue?vue&type=script&setup=true&lang.ts`),
 * or inlined into the component module, where the analysis cannot follow them. A server function
 * declared there would be an endpoint TanStack may register and nothing protects, or a handler
 * shipped to the browser: such a component is refused (SFA116) until the function moves to a
 * script module the component imports.
 */

/** `<script>` and `<script setup>` blocks, whatever their attributes. */
const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi

/** A call of the factory, or a handler (with type arguments too, which TanStack's compiler skips). */
const SERVER_FN_TEXT = /\bcreateServerFn\s*(?:<[^>]*>\s*)?\(|\.\s*handler\s*[<(]/

/** The block's language, from its `lang` attribute: the extension it is parsed with. */
function blockExtension(attributes: string): string {
  return /\blang\s*=\s*["']?(tsx?|jsx?)\b/i.exec(attributes)?.[1]?.toLowerCase() ?? 'js'
}

/**
 * The offset in the component's text of the first server function in a script block, or null.
 * A block whose text shows none plainly but may still declare one (a comment before a handler's
 * parenthesis, an escaped name, an alias) is read by the analysis itself: any server function it
 * finds, or a block it cannot read, refuses the component.
 */
export function vueScriptServerFnOffset(code: string): number | null {
  for (const block of code.matchAll(SCRIPT_BLOCK)) {
    const body = block[2]!
    const start = block.index + block[0].indexOf(body, block[1]!.length)
    const match = SERVER_FN_TEXT.exec(body)
    if (match) return start + match.index
    if (!mayContainServerFn(body)) continue
    const analysis = analyzeModule(body, { file: `/component.${blockExtension(block[1]!)}` })
    const found = analysis.declarations[0]?.loc ?? analysis.diagnostics.find((diagnostic) => diagnostic.code === 'SFA001')?.loc
    if (found) return start + found.start
  }
  return null
}

/** A Vue single-file component's module id: the component itself or one of its blocks (`?vue&type=…`). */
export const VUE_SFC_ID = /\.vue(?:$|\?)/i

/** SFA116 for a component whose script blocks declare a server function, at its first one; null otherwise. */
export function vueComponentDiagnostic(code: string, file: string): Diagnostic | null {
  const offset = vueScriptServerFnOffset(code)
  if (offset === null) return null
  return createDiagnostic(
    'SFA116',
    file,
    new LineIndex(code).locate(offset),
    'This Vue component declares a server function in a script block: serverfn-auth cannot follow what Vue compiles it into, so nothing would protect the endpoint TanStack may register, or keep its handler out of the browser.',
  )
}
