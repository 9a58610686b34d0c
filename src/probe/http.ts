import { toJSONAsync } from 'seroval'
import { DEFAULT_SERVER_FN_BASE } from '../report/inventory.ts'

/**
 * One direct call of a server function, as `curl` would make it: the headers TanStack Start
 * expects (`x-tsr-serverFn`, a same-origin CSRF signal) and a seroval payload, no page involved.
 */

export type FetchHandler = (request: Request) => Promise<Response>

export interface CallOutcome {
  status: number
  /**
   * What the reply holds: a serialized result or error, a redirect (an HTTP 3xx, or the
   * `isSerializedRedirect` JSON TanStack answers a server function call with), or something else.
   */
  reply: 'result' | 'error' | 'redirect' | 'raw'
  /** Where a redirect points; the message of a serialized error. */
  detail: string | null
  /** The first characters of the body, for reports. */
  excerpt: string
}

const ORIGIN = 'http://localhost'

export async function callEndpoint(
  fetch: FetchHandler,
  id: string,
  options: { method: 'GET' | 'POST'; cookie?: string; timeoutMs: number; serverFnBase?: string },
): Promise<CallOutcome> {
  const headers = new Headers({ 'x-tsr-serverFn': 'true', 'sec-fetch-site': 'same-origin' })
  if (options.cookie) headers.set('cookie', options.cookie)
  let url = `${ORIGIN}${options.serverFnBase ?? DEFAULT_SERVER_FN_BASE}${encodeURIComponent(id)}`
  let body: string | undefined
  const payload = JSON.stringify(await toJSONAsync({}))
  if (options.method === 'GET') url += `?${new URLSearchParams({ payload })}`
  else {
    headers.set('content-type', 'application/json')
    body = payload
  }
  const request = new Request(url, { method: options.method, headers, body, redirect: 'manual' })
  const response = await withTimeout(fetch(request), options.timeoutMs)
  const text = await response.text()
  return { status: response.status, ...readReply(response, text), excerpt: text.slice(0, 160) }
}

function readReply(response: Response, text: string): Pick<CallOutcome, 'reply' | 'detail'> {
  if (response.status >= 300 && response.status < 400) return { reply: 'redirect', detail: response.headers.get('location') }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { reply: 'raw', detail: null }
  }
  if (isRecord(json) && json.isSerializedRedirect === true) {
    const target = typeof json.href === 'string' ? json.href : typeof json.to === 'string' ? json.to : null
    return { reply: 'redirect', detail: target }
  }
  if (response.headers.get('x-tss-serialized') !== 'true') return { reply: 'raw', detail: null }
  return serializedReply(json)
}

/**
 * A serialized reply is seroval cross-JSON of `{ result }` or `{ error }`: read its top-level
 * keys, and the message of an error (TanStack serializes errors with its `$TSR/Error` plugin, or
 * as seroval's own error node).
 */
function serializedReply(node: unknown): Pick<CallOutcome, 'reply' | 'detail'> {
  const object = isRecord(node) && isRecord(node.p) ? node.p : null
  const keys = object && Array.isArray(object.k) ? object.k : []
  const values = object && Array.isArray(object.v) ? object.v : []
  const errorAt = keys.indexOf('error')
  // Some releases (Solid and Vue Start 1.167–1.168) always send the key, `undefined` when no
  // error was thrown: seroval's constant node `{ t: 2, s: 1 }` (`s: 0` is null).
  if (errorAt >= 0 && !isAbsent(values[errorAt])) return { reply: 'error', detail: errorMessage(values[errorAt]) }
  if (keys.includes('result')) return { reply: 'result', detail: null }
  return { reply: 'raw', detail: null }
}

/** seroval's `undefined` or `null` constant. */
function isAbsent(node: unknown): boolean {
  return isRecord(node) && node.t === 2 && (node.s === 0 || node.s === 1)
}

function errorMessage(node: unknown): string | null {
  if (!isRecord(node)) return null
  // The plugin node: { c: '$TSR/Error', s: { message: { t: 1, s: '…' } } }.
  if (isRecord(node.s) && isRecord(node.s.message) && typeof node.s.message.s === 'string') return node.s.message.s
  // seroval's error node: { t: 13, m: '…' }.
  if (typeof node.m === 'string') return node.m
  return null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
