import { dirname, relative, resolve, sep } from 'node:path'
import type { Rolldown } from 'vite'
import { cleanModuleId, createDiagnostic } from '../core/index.ts'
import type { BuildState } from './build-state.ts'
import { SCRIPT_ID } from './transform-hook.ts'

const START_OF_MODULE = { line: 1, column: 0, start: 0, end: 0 }

/**
 * The cross-check of server routes against the route tree TanStack generated: every route module
 * the tree imports must be one where the route analysis found a route factory called, or lead
 * (through the app's own imports) to one, as a route made by a helper of the app does. Reading
 * the module is not enough: its text may name a factory that it never calls. Otherwise the route
 * is created where the analysis cannot see it: whether it has handlers, and who may call them, is
 * known to nobody, so the build fails naming it (SFA704). The runtime's check of the tree
 * protects such a route anyway; this keeps the report true.
 */
export function checkRouteTrees(context: Pick<Rolldown.PluginContext, 'getModuleInfo'>, build: BuildState, root: string): void {
  const appImports = (id: string) => {
    const info = context.getModuleInfo(id)
    return (info?.importedIds ?? []).filter((imported) => !imported.startsWith('\0') && !imported.includes('/node_modules/') && SCRIPT_ID.test(imported))
  }
  // A helper reached through another route module of the tree does not count: each route module
  // must create its route itself or through a module that is not a route.
  const leadsToRoutes = (start: string, routes: ReadonlySet<string>) => {
    const seen = new Set<string>([start])
    const queue = [start]
    while (queue.length) {
      for (const next of appImports(queue.shift()!)) {
        if (seen.has(next) || routes.has(next)) continue
        if (build.routeModules.has(cleanModuleId(next))) return true
        seen.add(next)
        queue.push(next)
      }
    }
    return false
  }
  for (const [tree, paths] of build.routeTrees) {
    recordRoutePaths(build, cleanModuleId(tree), paths)
    const routes = new Set(appImports(tree))
    for (const id of routes) {
      const file = cleanModuleId(id)
      if (build.routeModules.has(file) || leadsToRoutes(id, routes)) continue
      build.addDiagnostic(
        createDiagnostic(
          'SFA704',
          file,
          START_OF_MODULE,
          `The route tree ${relative(root, cleanModuleId(tree)).split(sep).join('/')} imports this module as a route, but no route factory call (\`createFileRoute(…)\`) is in it or in the app's modules it imports: serverfn-auth cannot tell whether its route has server handlers, nor who may call them.`,
        ),
      )
    }
  }
}

/**
 * Where the tree serves each route module (`build.routePaths`), so that the report names the path
 * TanStack serves, not the string the module gives its factory, which TanStack does not read.
 */
function recordRoutePaths(build: BuildState, tree: string, paths: ReadonlyArray<{ source: string; fullPath: string }>): void {
  for (const { source, fullPath } of paths) {
    const base = resolve(dirname(tree), source)
    const file = ['', '.tsx', '.ts', '.jsx', '.js', '.mts', '.mjs'].map((extension) => base + extension).find((candidate) => build.routes.has(candidate))
    if (file) build.routePaths.set(file, fullPath)
  }
}
