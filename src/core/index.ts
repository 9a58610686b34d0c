export { analyzeModule, analyzeAst, type AnalyzeOptions } from './analyze-module.ts'
export { injectSessionMiddleware } from './inject-session.ts'
export { transformModule, type TransformResult } from './transform.ts'
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
export { defaultMatchesSource, type SessionMiddleware } from './session.ts'
export { cleanModuleId, parseModule, ModuleParseError, SUPPORTED_EXTENSIONS } from './parse.ts'
export { mayContainServerFn, SERVER_FN_FACTORY, SERVER_FN_TEXT_PATTERN, START_PACKAGE_PATTERN } from './start-packages.ts'
