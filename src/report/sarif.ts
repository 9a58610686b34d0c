import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Log, ReportingDescriptor, Result } from 'sarif'
import { DIAGNOSTIC_CATALOG, type Diagnostic, type DiagnosticCode } from '../core/index.ts'
import type { InventoryEntry } from './inventory.ts'
import { routeMethodLabel, type ServerRouteRow } from './summary.ts'

/**
 * The build's diagnostics and public endpoints as a SARIF 2.1.0 log, for code scanning
 * (GitHub, Azure DevOps, IDE viewers). One rule per catalog code, in catalog order, plus a `note`
 * rule for public endpoints and one for optional-session endpoints, so that every endpoint
 * reachable without a session shows up in review (an endpoint that requires roles needs no note:
 * it is protected, only more so):
 *
 * ```ts
 * // src/server/auth.ts:18
 * // @auth public: signing in is how a visitor gets a session
 * export const login = createServerFn({ method: 'POST' })...
 * // → { ruleId: 'serverfn-auth/public-endpoint', level: 'note',
 * //     message: { text: '`login` (POST) is public: signing in is how a visitor gets a session' },
 * //     locations: [{ physicalLocation: { artifactLocation: { uri: 'src/server/auth.ts', uriBaseId: '%SRCROOT%' },
 * //                                      region: { startLine: 18 } } }],
 * //     properties: { functionId: '…' } }
 *
 * // @auth optional: the header shows the user when signed in
 * export const getMe = createServerFn().handler(...)
 * // → { ruleId: 'serverfn-auth/optional-session-endpoint', level: 'note',
 * //     message: { text: '`getMe` (GET) answers anonymous callers, with the session when there is one: the header shows…' }, … }
 * ```
 */

export const PUBLIC_ENDPOINT_RULE_ID = 'serverfn-auth/public-endpoint'
export const OPTIONAL_ENDPOINT_RULE_ID = 'serverfn-auth/optional-session-endpoint'

const SRCROOT = '%SRCROOT%'

export interface SarifInput {
  diagnostics: Diagnostic[]
  endpoints: InventoryEntry[]
  /** Project root: locations are relative to it (`%SRCROOT%`). */
  root: string
  toolVersion: string
  /** The methods of the server routes: each public one is a note, as a public endpoint is. */
  serverRoutes?: readonly ServerRouteRow[]
}

export function toSarif(input: SarifInput): Log {
  const codes = Object.keys(DIAGNOSTIC_CATALOG) as DiagnosticCode[]
  const rules: ReportingDescriptor[] = codes.map((code) => {
    const entry = DIAGNOSTIC_CATALOG[code]
    return {
      id: code,
      name: pascalCase(entry.name),
      shortDescription: { text: words(entry.name) },
      help: { text: entry.hint },
      defaultConfiguration: { level: entry.severity },
    }
  })
  rules.push({
    id: PUBLIC_ENDPOINT_RULE_ID,
    name: 'PublicEndpoint',
    shortDescription: { text: 'Public endpoint' },
    help: { text: 'This server function is reachable without a session, as its `@auth public` annotation (or its package rule) says. Check that the reason still holds.' },
    defaultConfiguration: { level: 'note' },
  })
  rules.push({
    id: OPTIONAL_ENDPOINT_RULE_ID,
    name: 'OptionalSessionEndpoint',
    shortDescription: { text: 'Optional-session endpoint' },
    help: {
      text: 'This server function answers callers without a session too, and reads the session when there is one, as its `@auth optional` annotation says. Check that what it returns to an anonymous caller may be seen by anyone, and that the reason still holds.',
    },
    defaultConfiguration: { level: 'note' },
  })
  const ruleIndex = (id: string) => rules.findIndex((rule) => rule.id === id)
  const rootHref = directoryHref(input.root)
  const artifact = (absolutePath: string) => {
    const href = pathToFileURL(absolutePath).href
    // Outside the root (a linked package, say): an absolute URI, without a base.
    return href.startsWith(rootHref) ? { uri: href.slice(rootHref.length), uriBaseId: SRCROOT } : { uri: href }
  }

  const results: Result[] = [
    ...input.diagnostics.map((d): Result => ({
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: d.severity,
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(resolve(input.root, d.file)),
            // Babel columns are 0-based; SARIF's are 1-based.
            region: { startLine: d.loc.line, startColumn: d.loc.column + 1, charOffset: d.loc.start, charLength: d.loc.end - d.loc.start },
          },
        },
      ],
    })),
    ...input.endpoints
      .filter((entry) => entry.access !== 'protected')
      .map((entry): Result => {
        const ruleId = entry.access === 'public' ? PUBLIC_ENDPOINT_RULE_ID : OPTIONAL_ENDPOINT_RULE_ID
        return {
          ruleId,
          ruleIndex: ruleIndex(ruleId),
          level: 'note',
          message: { text: endpointNote(entry) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(resolve(input.root, entry.file)),
                region: { startLine: entry.line },
              },
            },
          ],
          properties: { functionId: entry.id },
        }
      }),
    ...(input.serverRoutes ?? [])
      .filter((route) => route.access === 'public')
      .map((route): Result => ({
        ruleId: PUBLIC_ENDPOINT_RULE_ID,
        ruleIndex: ruleIndex(PUBLIC_ENDPOINT_RULE_ID),
        level: 'note',
        message: { text: `The server route ${route.path ?? '(path not literal)'} answers ${routeMethodLabel(route)} requests without a session: ${route.reason}` },
        locations: [{ physicalLocation: { artifactLocation: artifact(resolve(input.root, route.file)), region: { startLine: route.line } } }],
      })),
  ]

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'serverfn-auth', version: input.toolVersion, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: rootHref } },
        // Babel, and so every diagnostic position, counts UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results: results.sort(compareResults),
      },
    ],
  }
}

function endpointNote(entry: InventoryEntry): string {
  const what = `\`${entry.name}\` (${entry.method === 'unknown' ? 'method unknown' : entry.method})`
  const reason = entry.reason ?? 'no reason recorded'
  return entry.access === 'optional' ? `${what} answers anonymous callers, with the session when there is one: ${reason}` : `${what} is public: ${reason}`
}

function directoryHref(root: string): string {
  const href = pathToFileURL(resolve(root)).href
  return href.endsWith('/') ? href : `${href}/`
}

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

function words(name: string): string {
  const text = name.replaceAll('-', ' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** By URI, then line, then column and rule, so that the log is the same for the same build. */
function compareResults(a: Result, b: Result): number {
  const ra = a.locations?.[0]?.physicalLocation
  const rb = b.locations?.[0]?.physicalLocation
  const ua = ra?.artifactLocation?.uri ?? ''
  const ub = rb?.artifactLocation?.uri ?? ''
  if (ua !== ub) return ua < ub ? -1 : 1
  return (
    (ra?.region?.startLine ?? 0) - (rb?.region?.startLine ?? 0) ||
    (ra?.region?.startColumn ?? 0) - (rb?.region?.startColumn ?? 0) ||
    (a.ruleIndex ?? 0) - (b.ruleIndex ?? 0)
  )
}
