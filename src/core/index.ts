export { analyzeModule, analyzeAst, type AccessRule, type AnalyzeOptions } from './analyze-module.ts'
export { injectSessionMiddleware } from './inject-session.ts'
export { transformModule, type TransformOptions, type TransformResult } from './transform.ts'
export { DIAGNOSTIC_CATALOG, type Diagnostic, type DiagnosticCode, type Severity, type SourcePosition } from './diagnostics.ts'
export type {
  AccessDecision,
  DeclarationOrigin,
  HttpMethod,
  ModuleAnalysis,
  ModuleReference,
  ServerFnDeclaration,
  SessionBinding,
} from './model.ts'
export { comparableModulePath, defaultMatchesSource, type SessionMiddleware } from './session.ts'
export { cleanModuleId, parseModule, ModuleParseError, SUPPORTED_EXTENSIONS } from './parse.ts'
export { readModuleExports, type ModuleExports } from './module-exports.ts'
export { createDiagnostic } from './diagnostics.ts'
export {
  HANDLER_CALL_PATTERN,
  mayContainServerFn,
  SERVER_FN_CANDIDATE_PATTERN,
  SERVER_FN_FACTORY,
  SERVER_FN_TEXT_PATTERN,
  START_PACKAGE_PATTERN,
} from './start-packages.ts'
export { readCompiledEndpoints, type CompiledEndpoint } from './compiled-endpoints.ts'
export { readModuleBindings, type ModuleBindings } from './bindings.ts'
