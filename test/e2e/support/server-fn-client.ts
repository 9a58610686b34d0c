import { createHash } from 'node:crypto'
import { createDefaultSerovalPlugins } from '@tanstack/react-router/ssr/client'
import { fromCrossJSON, toJSONAsync } from 'seroval'

/**
 * Calls TanStack Start server functions the way an attacker with `curl` would: straight to
 * `/_serverFn/<id>`, with the headers and the seroval payload Start expects, and no page in
 * between.
 */

const plugins = createDefaultSerovalPlugins()
export const ORIGIN = 'http://localhost'

export type FetchHandler = (request: Request) => Promise<Response>

/** Production id: sha256 of `<file relative to the root>--<name>_createServerFn_handler`. */
export function buildFunctionId(file: string, name: string): string {
  return createHash('sha256').update(`${file}--${name}_createServerFn_handler`).digest('hex')
}

/**
 * Dev server id: base64url of `{ file: '/<file>?tss-serverfn-split', export: '<name>_createServerFn_handler' }`.
 * Start's compiler before 1.168 (Vue Start 1.167) writes the file as `/@id/<file>…`: `prefix`.
 */
export function devFunctionId(file: string, name: string, prefix = '/'): string {
  const json = JSON.stringify({ file: `${prefix}${file}?tss-serverfn-split`, export: `${name}_createServerFn_handler` })
  return Buffer.from(json, 'utf8').toString('base64url')
}

export interface CallOptions {
  method?: 'GET' | 'POST'
  data?: unknown
  /** Sent as the client context: server middleware sees it merged in. */
  context?: unknown
  cookie?: string
}

export interface CallResult {
  status: number
  /** `{ result }` or `{ error }` when the reply is serialized; the raw text otherwise. */
  body: { result?: unknown; error?: unknown; raw?: string }
  setCookie: string | null
}

async function encodePayload(data: unknown, context: unknown): Promise<string> {
  const payload: Record<string, unknown> = {}
  if (data !== undefined) payload.data = data
  if (context !== undefined) payload.context = context
  return JSON.stringify(await toJSONAsync(payload, { plugins }))
}

export async function callServerFn(fetch: FetchHandler, id: string, options: CallOptions = {}): Promise<CallResult> {
  const method = options.method ?? 'POST'
  const headers = new Headers({ 'x-tsr-serverFn': 'true', 'sec-fetch-site': 'same-origin' })
  if (options.cookie) headers.set('cookie', options.cookie)
  let url = `${ORIGIN}/_serverFn/${id}`
  let body: string | undefined
  const hasPayload = options.data !== undefined || options.context !== undefined
  if (method === 'GET') {
    if (hasPayload) url += `?${new URLSearchParams({ payload: await encodePayload(options.data, options.context) })}`
  } else {
    // Start's client always sends a body with POST; an empty one is a malformed request (500).
    headers.set('content-type', 'application/json')
    body = await encodePayload(options.data, options.context)
  }
  const response = await fetch(new Request(url, { method, headers, body }))
  const text = await response.text()
  const serialized = response.headers.get('x-tss-serialized') === 'true'
  return {
    status: response.status,
    body: serialized ? (fromCrossJSON(JSON.parse(text), { refs: new Map(), plugins }) as CallResult['body']) : { raw: text },
    setCookie: response.headers.get('set-cookie'),
  }
}

/** The `name=value` part of a Set-Cookie header, to send back as a Cookie header. */
export function cookieFrom(setCookie: string | null): string {
  if (!setCookie) throw new Error('the response set no cookie')
  return setCookie.split(';')[0]!
}

export function errorMessage(result: CallResult): string | undefined {
  const error = result.body.error
  return error instanceof Error ? error.message : undefined
}
