import { MalformedResponse, type ConnectorContext, type JsonValue } from '../../src/connector-sdk'
import { readFault, type TrytonFault } from './tryton.errors'

/**
 * One JSON-RPC exchange with trytond. The body is exactly `{id, method, params}`: with any other key
 * (such as `"jsonrpc": "2.0"`) trytond drops the envelope and turns errors into HTML pages.
 * HTTP-level failures are thrown by the SDK client already typed (401/403 AuthError, 429
 * RateLimited, 5xx and timeouts Transient, a body that is not JSON MalformedResponse).
 */

export type Answer = { ok: true; result: unknown } | { ok: false; fault: TrytonFault }

export interface ExchangeOptions {
  headers?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

export function createRpcTransport(http: ConnectorContext['http'], endpoint: string) {
  let nextId = 1
  return {
    endpoint,
    async exchange(method: string, params: JsonValue[], options: ExchangeOptions): Promise<Answer> {
      const id = nextId++
      const response = await http.request<unknown>({
        method: 'POST',
        url: endpoint,
        body: { id, method, params },
        headers: options.headers,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
      })
      return readAnswer(response.data, id, method, response.path)
    },
  }
}

export type RpcTransport = ReturnType<typeof createRpcTransport>

function readAnswer(data: unknown, id: number, method: string, path: string): Answer {
  // The answer's values are never quoted in these messages: a login answer holds the session key.
  const where = `POST ${path} (${method})`
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new MalformedResponse(`${where} answered ${data === null ? 'an empty body' : `a JSON ${Array.isArray(data) ? 'array' : typeof data}`}, not a JSON-RPC envelope`, { details: { method } })
  }
  const envelope = data as Record<string, unknown>
  if (envelope.id !== id) throw new MalformedResponse(`${where} answered for another request id than the one sent`, { details: { method } })
  if (Object.hasOwn(envelope, 'error') && envelope.error !== null) {
    if (!Array.isArray(envelope.error)) throw new MalformedResponse(`${where} answered an error that is not [kind, details]`, { details: { method } })
    return { ok: false, fault: readFault(envelope.error) }
  }
  if (!Object.hasOwn(envelope, 'result')) throw new MalformedResponse(`${where} answered neither a result nor an error`, { details: { method } })
  return { ok: true, result: envelope.result }
}
