import { AuthError, ConnectorError, type ConnectorContext, type HttpMethod, type HttpResponse } from '../../src/connector-sdk'
import { configuredSecrets, createAuthorizer } from './odata-v4.auth'
import type { ODataConfig } from './odata-v4.config'
import { responseOf, withODataError } from './odata-v4.error-body'
import { Redactor } from './odata-v4.redact'
import { pathOf } from './odata-v4.url'

export interface ODataRequest {
  method?: HttpMethod
  /** Absolute: built from the service root, or a next/delta link already checked against its host. */
  url: string
  headers?: Record<string, string>
  body?: unknown
  signal?: AbortSignal
}

export interface ODataClient {
  request(req: ODataRequest): Promise<HttpResponse<unknown>>
}

/**
 * The connector's only way out: every call goes through the hub's client (so tests and metrics see
 * it) with the OData version headers, the credentials, the timeout and the caller's signal. A 401
 * under OAuth is answered once with a fresh token; every error leaves as the class the SDK chose,
 * with the OData error's code and message up front and no credential anywhere in it.
 */
export function createODataClient(config: ODataConfig, ctx: ConnectorContext): ODataClient {
  const redactor = new Redactor(configuredSecrets(config.auth))
  const authorizer = createAuthorizer(config.auth, { http: ctx.http, clock: ctx.clock, timeoutMs: config.timeoutMs, redactor })
  const method = (req: ODataRequest) => req.method ?? 'GET'

  async function send(req: ODataRequest, retried: boolean): Promise<HttpResponse<unknown>> {
    const auth = await authorizer.headers(req.signal)
    try {
      return await ctx.http.request<unknown>({
        method: method(req),
        url: req.url,
        headers: { 'OData-Version': '4.0', 'OData-MaxVersion': '4.0', ...req.headers, ...auth },
        body: req.body,
        timeoutMs: config.timeoutMs,
        signal: req.signal,
      })
    } catch (err) {
      if (req.signal?.aborted && err === req.signal.reason) throw err
      if (!retried && err instanceof AuthError && responseOf(err)?.status === 401 && authorizer.refused(auth)) {
        ctx.logger.debug({ method: method(req), path: pathOf(req.url) }, 'access token refused; retrying once with a new one')
        return send(req, true)
      }
      throw err
    }
  }

  return {
    async request(req) {
      try {
        return await send(req, false)
      } catch (err) {
        if (req.signal?.aborted && err === req.signal.reason) throw err
        const typed = err instanceof ConnectorError ? withODataError(err, { method: method(req), path: pathOf(req.url) }) : err
        throw redactor.error(typed)
      }
    },
  }
}
