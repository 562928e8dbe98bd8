import { MalformedResponse, RateLimited, Transient } from '../connector-sdk/connector.errors'
import type { HttpClient, HttpRequest, HttpResponse } from '../connector-sdk/http.client'

export interface RetryOptions {
  /** Tries per request, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  random?: () => number
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Retries one read (GET) that failed for a passing reason — a 5xx, a timeout, a cut connection, a
 * 429 — a few times before the page, and with it the run's attempt, is given up: with one ERP call
 * in five failing, a sync of fifty pages would otherwise never get through. Placed outside the
 * budget, so every retry waits for its own token (and a 429 has already paused the whole
 * connection's budget for its Retry-After). Writes are never retried here: a write whose answer was
 * lost is the outbox's to settle, by asking the ERP.
 */
export function retryingHttp(inner: HttpClient, options: RetryOptions): HttpClient {
  const random = options.random ?? Math.random
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (!SAFE.has(req.method ?? 'GET')) return inner.request<T>(req)
      for (let attempt = 1; ; attempt++) {
        try {
          return await inner.request<T>(req)
        } catch (err) {
          const passing = err instanceof Transient || err instanceof RateLimited || err instanceof MalformedResponse
          if (!passing || attempt >= options.attempts || req.signal?.aborted) throw err
          const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1))
          await sleep(Math.round(exp / 2 + random() * (exp / 2)), req.signal)
        }
      }
    },
  }
}
