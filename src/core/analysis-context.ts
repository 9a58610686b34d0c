import type { File, Node } from '@babel/types'
import type { ModuleBindings } from './bindings.ts'
import { createDiagnostic, type Diagnostic, type DiagnosticCode, type SourcePosition } from './diagnostics.ts'
import type { LineIndex } from './line-index.ts'
import type { ImportAnswers } from './module-values.ts'
import type { ScopeResolver } from './scope.ts'

/** What every pass of one module's analysis reads, and where it reports. */
export interface AnalysisContext {
  /** Module id without query. */
  file: string
  code: string
  ast: File
  lines: LineIndex
  bindings: ModuleBindings
  scope: ScopeResolver
  answers: ImportAnswers
  /** The specifier of serverfn-auth's runtime module, to recognise what the transform wrote. */
  runtimeSource: string
  diagnostics: Diagnostic[]
}

export function report(context: AnalysisContext, code: DiagnosticCode, node: Node, message: string): void {
  context.diagnostics.push(createDiagnostic(code, context.file, context.lines.locate(node.start!, node.end!), message))
}

export function reportAt(context: AnalysisContext, code: DiagnosticCode, loc: SourcePosition, message: string): void {
  context.diagnostics.push(createDiagnostic(code, context.file, loc, message))
}
