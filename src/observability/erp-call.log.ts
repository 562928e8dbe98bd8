import type { Logger } from '../connector-sdk/connector.contract'
import type { HttpClient, HttpRequest, HttpResponse } from '../connector-sdk/http.client'

/** Host and path of a request, never its query string or credentials (either may hold a key). */
function where(req: HttpRequest): string {
  try {
    const url = new URL(req.url, req.baseUrl ?? 'http://erp.invalid')
    return `${url.host}${url.pathname}`
  } catch {
    return '(unparsable url)'
  }
}

/**
 * One debug line per ERP call (method, host and path, status or error code, time), written under the
 * correlation id of the request or job that made it (the logger adds it), so a request can be followed
 * to the ERP calls it caused. Headers, query strings and bodies are never logged.
 */
export function loggedHttp(inner: HttpClient, logger: Logger): HttpClient {
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const started = Date.now()
      const erp = { method: req.method ?? 'GET', url: where(req) }
      try {
        const res = await inner.request<T>(req)
        logger.debug({ erp: { ...erp, status: res.status, ms: Date.now() - started } }, 'erp call')
        return res
      } catch (err) {
        logger.debug({ erp: { ...erp, error: (err as { code?: string }).code ?? (err as Error).name, ms: Date.now() - started } }, 'erp call failed')
        throw err
      }
    },
  }
}
