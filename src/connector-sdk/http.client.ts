import axios, { AxiosError, type AxiosInstance } from 'axios'
import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient, type ConnectorError } from './connector.errors'
import { parseJsonExact } from './json-exact'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRequest {
  method?: HttpMethod
  /** Absolute URL, or relative to `baseUrl`. */
  url: string
  baseUrl?: string
  params?: Record<string, string | number | boolean | undefined>
  headers?: Record<string, string>
  body?: unknown
  timeoutMs?: number
  signal?: AbortSignal
  /** `json` (default) parses the body (BOM dropped, integers above 2^53 kept exact as strings) and fails with MalformedResponse when it is not JSON. */
  responseType?: 'json' | 'text'
}

export interface HttpResponse<T = unknown> {
  status: number
  headers: Record<string, string>
  data: T
  /** The final URL, for logs: path only, the query string is dropped because it may hold a key. */
  path: string
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>
}

export interface HttpClientOptions {
  userAgent?: string
  defaultTimeoutMs?: number
  /** Called after every exchange (tests count calls; metrics later). */
  onExchange?: (e: { method: HttpMethod; path: string; status: number | null; ms: number }) => void
}

const DEFAULT_RETRY_AFTER_MS = 1000
const MAX_ERROR_BODY = 300

/**
 * The one HTTP client connectors use. It never throws axios errors: every failure becomes a
 * ConnectorError that says what to do, and its message names method, path and status but never
 * headers or query strings (they may carry credentials).
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const instance: AxiosInstance = axios.create({
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (x: unknown) => x,
    maxRedirects: 5,
    headers: { 'User-Agent': options.userAgent ?? 'erphub' },
  })
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const method = req.method ?? 'GET'
      const url = req.baseUrl ? joinUrl(req.baseUrl, req.url) : req.url
      const path = safePath(url)
      const started = Date.now()
      let status: number | null = null
      try {
        const res = await instance.request<string>({
          method,
          url,
          params: dropUndefined(req.params),
          headers: { Accept: 'application/json', ...contentTypeOf(req.body), ...req.headers },
          data: encodeBody(req.body),
          timeout: req.timeoutMs ?? options.defaultTimeoutMs ?? 30_000,
          signal: req.signal,
        })
        status = res.status
        const headers = flattenHeaders(res.headers as Record<string, unknown>)
        if (res.status >= 400) throw classifyStatus(method, path, res.status, headers, res.data)
        const data = req.responseType === 'text' ? res.data : parseJson(method, path, res.data)
        return { status: res.status, headers, data: data as T, path }
      } catch (err) {
        if (err instanceof AuthError || err instanceof ConfigError || err instanceof RateLimited || err instanceof Transient || err instanceof MalformedResponse) throw err
        if (req.signal?.aborted) throw req.signal.reason ?? err
        throw classifyNetworkError(method, path, err)
      } finally {
        options.onExchange?.({ method, path, status, ms: Date.now() - started })
      }
    },
  }
}

/** JSON by default; a URLSearchParams body goes as a form (OAuth token endpoints); a string as it is. */
function encodeBody(body: unknown): string | undefined {
  if (body === undefined) return undefined
  if (body instanceof URLSearchParams) return body.toString()
  if (typeof body === 'string') return body
  return JSON.stringify(body)
}

function contentTypeOf(body: unknown): Record<string, string> {
  if (body === undefined) return {}
  if (body instanceof URLSearchParams) return { 'Content-Type': 'application/x-www-form-urlencoded' }
  return { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' }
}

function joinUrl(base: string, rel: string): string {
  if (/^https?:\/\//i.test(rel)) return rel
  return base.replace(/\/+$/, '') + '/' + rel.replace(/^\/+/, '')
}

function safePath(url: string): string {
  try {
    const u = new URL(url)
    return `${u.origin}${u.pathname}`
  } catch {
    return url.split('?')[0]
  }
}

function dropUndefined(params: HttpRequest['params']): Record<string, string | number | boolean> | undefined {
  if (!params) return undefined
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined) out[k] = v
  return out
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  return out
}

function parseJson(method: string, path: string, body: string): unknown {
  if (body === '' || body === undefined) return null
  try {
    return parseJsonExact(body)
  } catch (cause) {
    throw new MalformedResponse(`${method} ${path} answered with a body that is not JSON: ${snippet(body)}`, { cause })
  }
}

function snippet(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '')
  return text.length > MAX_ERROR_BODY ? `${text.slice(0, MAX_ERROR_BODY)}…` : text
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000))
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function classifyStatus(method: string, path: string, status: number, headers: Record<string, string>, body: string): ConnectorError {
  const what = `${method} ${path} answered ${status}: ${snippet(body)}`
  const details = { status, method, path }
  const retryAfter = parseRetryAfter(headers['retry-after'])
  let err: ConnectorError
  if (status === 401 || status === 403) err = new AuthError(what, { details })
  else if (status === 429 || (status === 503 && retryAfter !== undefined)) err = new RateLimited(what, retryAfter ?? DEFAULT_RETRY_AFTER_MS)
  else if (status === 408 || status === 425 || status >= 500) err = new Transient(what, { details })
  else err = new ConfigError(what, { details })
  return attachResponse(err, { status, headers, body: body.length > MAX_KEPT_BODY ? body.slice(0, MAX_KEPT_BODY) : body })
}

const MAX_KEPT_BODY = 64 * 1024

/** What an erroneous answer said, for the connector to read (ERP error bodies, CSRF headers). */
export interface ErrorResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Kept on the error but not enumerable: a connector can read the ERP's own error body and headers,
 * while anything that serialises or logs the error (JSON, pino) never sees them, since headers such
 * as Set-Cookie may carry session secrets.
 */
function attachResponse(err: ConnectorError, response: ErrorResponse): ConnectorError {
  Object.defineProperty(err, 'response', { value: response, enumerable: false })
  return err
}

export function errorResponseOf(err: unknown): ErrorResponse | undefined {
  return (err as { response?: ErrorResponse } | null)?.response
}

function classifyNetworkError(method: string, path: string, err: unknown): ConnectorError {
  const code = err instanceof AxiosError ? err.code : (err as { code?: string })?.code
  const reason = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : `failed (${code ?? (err as Error)?.message ?? 'unknown error'})`
  // The cause is kept for operators, stripped of the request config (which holds auth headers).
  return new Transient(`${method} ${path} ${reason}`, { cause: new Error(String(code ?? (err as Error)?.message)), details: { method, path, code } })
}
