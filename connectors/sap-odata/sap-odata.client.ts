import type { ConnectorContext, HttpMethod, HttpResponse } from '../../src/connector-sdk'
import { authHeaders, credentialForms } from './sap-odata.auth'
import type { SapODataConfig } from './sap-odata.config'
import { explainSapError } from './sap-odata.errors'
import { Redactor } from './sap-odata.redact'

export interface SapRequest {
  method?: Extract<HttpMethod, 'GET' | 'POST'>
  /** Absolute: built by the connector from baseUrl, or a next link already checked to be on its origin. */
  url: string
  headers?: Record<string, string>
  body?: unknown
  responseType?: 'json' | 'text'
  signal?: AbortSignal
}

export interface SapClient {
  request<T = unknown>(req: SapRequest): Promise<HttpResponse<T>>
  /** The session's secrets: credentials now, CSRF token and cookies once the ERP hands them out. */
  readonly redactor: Redactor
}

/**
 * The connector's only way out: every request goes through the hub's client (so tests and metrics
 * see it) with the credentials, the timeout and the caller's signal. Errors keep the class the SDK
 * chose, gain SAP's own code and message, and lose every echo of a secret.
 */
export function createSapClient(config: SapODataConfig, ctx: ConnectorContext): SapClient {
  const auth = authHeaders(config)
  const redactor = new Redactor(credentialForms(config))
  return {
    redactor,
    async request<T>(req: SapRequest): Promise<HttpResponse<T>> {
      try {
        return await ctx.http.request<T>({
          method: req.method ?? 'GET',
          url: req.url,
          headers: { ...req.headers, ...auth },
          body: req.body,
          responseType: req.responseType,
          timeoutMs: config.timeoutMs,
          signal: req.signal,
        })
      } catch (err) {
        // The reason of an abort is the caller's own value: hand it back untouched.
        if (req.signal?.aborted && err === req.signal.reason) throw err
        throw redactor.error(explainSapError(err))
      }
    },
  }
}
