import type { Plugin } from 'vite'
import {
  cleanModuleId,
  createDiagnostic,
  isProviderModule,
  parseModule,
  readCompiledEndpoints,
  RUNTIME_SPECIFIER,
  verifyCallerModule,
  verifyProviderModule,
  type Diagnostic,
  type EmittedProblem,
} from '../core/index.ts'
import type { ModuleEndpoints } from '../report/summary.ts'
import { reportDevProblems, reportModuleErrors, SCRIPT_ID } from './transform-hook.ts'
import type { PluginState } from './plugin-state.ts'

/**
 * After TanStack's compiler: reads what it emitted. Provider modules (`?tss-serverfn-split`) give
 * the endpoints TanStack really registered (the cross-check's ground truth), and each of them must
 * carry the session middleware and the check unless the build classified it public (SFA605).
 * Every other module the analysis found endpoints in, in the client bundle and in the server's
 * plain copy, must have had each handler replaced by TanStack's RPC stub (SFA606): a handler left
 * as written would ship to the browser.
 */
export function verifyHook(state: PluginState): Plugin['transform'] {
  return {
    filter: { id: SCRIPT_ID, code: /createServerRpc|\bhandler\b/ },
    async handler(code, id) {
      const environment = this.environment
      const envState = state.existing(environment.name)
      if (!envState) return null
      const file = cleanModuleId(id)
      const server = environment.config.consumer === 'server'
      const provider = server && isProviderModule(id)
      const record = envState.build.transformed.has(file) ? envState.build.modules.get(file) : undefined
      const endpoints = record?.declarations.filter((declaration) => declaration.kind === 'endpoint') ?? []
      if (!provider && endpoints.length === 0) return null
      let problems: EmittedProblem[]
      try {
        const ast = parseModule(code, file)
        if (provider) {
          envState.build.compiled.set(file, readCompiledEndpoints(ast))
          const accessOf = (name: string) => endpoints.find((declaration) => declaration.name === name)?.access ?? null
          problems = verifyProviderModule(ast, { runtimeSource: RUNTIME_SPECIFIER, accessOf })
        } else {
          problems = verifyCallerModule(ast, { endpoints: endpoints.map((declaration) => declaration.name), environment: server ? 'ssr' : 'client' })
        }
      } catch (error) {
        // What cannot be read cannot be verified: never skipped.
        const names = provider ? ['*'] : endpoints.map((declaration) => declaration.name)
        problems = names.map((name) => ({ name, message: `serverfn-auth could not read what TanStack Start compiled in this module (${(error as Error).message}), so it cannot verify it.` }))
      }
      const diagnostics = problems.map((problem) => toDiagnostic(problem, provider ? 'SFA605' : 'SFA606', file, record))
      envState.build.replaceDiagnostics(file, provider ? 'provider' : 'caller', diagnostics)
      if (environment.mode !== 'dev' || !server) return null
      const source = envState.build.sources.get(file) ?? code
      reportDevProblems(state, this, file, source)
      const shown = diagnostics.filter((diagnostic) => !state.ignored.has(diagnostic.code))
      if (shown.length) reportModuleErrors(this, shown, source, state.config.root)
      return null
    },
  }
}

function toDiagnostic(problem: EmittedProblem, code: 'SFA605' | 'SFA606', file: string, record: ModuleEndpoints | undefined): Diagnostic {
  const declaration = record?.declarations.find((candidate) => candidate.name === problem.name)
  const loc = declaration?.loc ?? { line: 1, column: 0, start: 0, end: 0 }
  return createDiagnostic(code, file, loc, problem.message)
}
