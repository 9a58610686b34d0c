export { analyzeAst, analyzeModule, unparsable, type AnalyzeOptions } from './analyze-module.ts'
export { readModuleBindings, readModuleExports, type ModuleBindings, type ModuleExports } from './bindings.ts'
export { readCompiledEndpoints, type CompiledEndpoint } from './compiled-endpoints.ts'
export { ROLE_NAME } from './annotations.ts'
export type { AccessConfig, DependencyContext } from './declarations.ts'
export {
  createDiagnostic,
  DIAGNOSTIC_CATALOG,
  RETIRED_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  type SourcePosition,
} from './diagnostics.ts'
export { importQueries, queryKey, type ImportQuery } from './import-queries.ts'
export { planInjection, writeInjection, type InjectionPlan } from './injection-plan.ts'
export type {
  AccessDecision,
  DeclarationOrigin,
  DeclarationSite,
  ExportedValue,
  HttpMethod,
  ImportKind,
  ModuleAnalysis,
  ModuleReference,
  ServerFnDeclaration,
} from './model.ts'
export type { ImportAnswers } from './module-values.ts'
export { cleanModuleId, createParseCache, ModuleParseError, parseModule, SUPPORTED_EXTENSIONS, type ParseFn } from './parse.ts'
export { analyzeRoutes, analyzeRoutesOf, ROUTE_TREE_PATTERN, writeRouteWraps, type RouteModuleAnalysis, type ServerRouteAnalysis, type RouteMethodAccess } from './route-access.ts'
export { findServerRoutes, ROUTE_CANDIDATE_PATTERN, ROUTE_FACTORIES, serverRoutesOf, type ServerRouteSite } from './server-routes.ts'
export { routeTreePaths } from './route-tree-paths.ts'
export { ProjectAnalyzer, type ProjectHost, type ProjectOptions } from './project.ts'
export type { SessionIdentity } from './session.ts'
export { findSessionParts, type SessionPartRole, type SessionParts } from './session-parts.ts'
export { exposesServerFns, sweepImporters, type SweepInput } from './sweep.ts'
export {
  FACTORY_MODULE_PATTERN,
  mayContainServerFn,
  SERVER_FN_CANDIDATE_PATTERN,
  SERVER_FN_FACTORY,
  START_PACKAGE_PATTERN,
} from './start-packages.ts'
export { isProviderModule, moduleSkippedByTanStack, PROVIDER_QUERY, TANSTACK_ID_PATTERN } from './tanstack-model.ts'
export { accessLayers, RUNTIME_SPECIFIER, type AccessLayers } from './runtime-references.ts'
export { transformModule, writeAnalysis, type TransformOptions, type TransformResult } from './transform.ts'
export { verifyCallerModule, verifyProviderModule, type EmittedProblem } from './verify-emitted.ts'
export { VUE_SFC_ID, vueComponentDiagnostic, vueScriptServerFnOffset } from './vue-sfc.ts'
