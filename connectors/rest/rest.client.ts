import type { ConnectorContext, HttpResponse } from '../../src/connector-sdk'
import { authHeaders, credentialForms } from './rest.auth'
import type { RestConfig } from './rest.config'
import { redactError } from './rest.redact'

export type QueryParams = Record<string, string | number>

export interface RestClient {
  /** GET a path relative to `baseUrl`, or an absolute URL (a next link already checked by paging). */
  get(url: string, params: QueryParams, signal?: AbortSignal): Promise<HttpResponse<unknown>>
}

/**
 * The connector's only way out: every request goes through the hub's client (so tests and metrics
 * see it) with the auth and config headers, the timeout and the caller's signal. Errors keep the
 * class the SDK chose but lose any echo of the credentials.
 */
export function createRestClient(config: RestConfig, ctx: ConnectorContext): RestClient {
  const headers = { ...config.headers, ...authHeaders(config.auth) }
  const forms = credentialForms(config.auth)
  return {
    async get(url, params, signal) {
      try {
        return await ctx.http.request<unknown>({ method: 'GET', baseUrl: config.baseUrl, url, params, headers, timeoutMs: config.timeoutMs, signal })
      } catch (err) {
        // The reason of an abort is the caller's own value: hand it back untouched.
        if (signal?.aborted && err === signal.reason) throw err
        throw redactError(err, forms)
      }
    },
  }
}
