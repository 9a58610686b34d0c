import { toJSONAsync } from 'seroval'

/**
 * One direct call of a server function, as `curl` would make it: the headers TanStack Start
 * expects (`x-tsr-serverFn`, a same-origin CSRF signal) and a seroval payload, no page involved.
 */

export type FetchHandler = (request: Request) => Promise<Response>

export interface CallOutcome {
  status: number
  /** What the serialized reply holds: a result, an error, or something else (not serialized). */
  reply: 'result' | 'error' | 'raw'
  /** The first characters of the body, for reports. */
  excerpt: string
}

const ORIGIN = 'http://localhost'

export async function callEndpoint(
  fetch: FetchHandler,
  id: string,
  options: { method: 'GET' | 'POST'; cookie?: string; timeoutMs: number },
): Promise<CallOutcome> {
  const headers = new Headers({ 'x-tsr-serverFn': 'true', 'sec-fetch-site': 'same-origin' })
  if (options.cookie) headers.set('cookie', options.cookie)
  let url = `${ORIGIN}/_serverFn/${encodeURIComponent(id)}`
  let body: string | undefined
  const payload = JSON.stringify(await toJSONAsync({}))
  if (options.method === 'GET') url += `?${new URLSearchParams({ payload })}`
  else {
    headers.set('content-type', 'application/json')
    body = payload
  }
  const response = await withTimeout(fetch(new Request(url, { method: options.method, headers, body })), options.timeoutMs)
  const text = await response.text()
  return { status: response.status, reply: replyKind(response, text), excerpt: text.slice(0, 160) }
}

/** A serialized reply is seroval cross-JSON of `{ result }` or `{ error }`: read its top-level keys. */
function replyKind(response: Response, text: string): CallOutcome['reply'] {
  if (response.headers.get('x-tss-serialized') !== 'true') return 'raw'
  try {
    const node = JSON.parse(text) as { p?: { k?: unknown[] } }
    const keys = node.p?.k ?? []
    if (keys.includes('error')) return 'error'
    if (keys.includes('result')) return 'result'
  } catch {
    // fall through
  }
  return 'raw'
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
