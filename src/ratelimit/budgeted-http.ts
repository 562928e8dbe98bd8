import type { Cluster, Redis } from 'ioredis'
import { RateLimited, Transient } from '../connector-sdk/connector.errors'
import type { HttpClient, HttpRequest, HttpResponse } from '../connector-sdk/http.client'
import { CircuitBreaker, type BreakerChange } from './circuit-breaker'
import { TokenBucket, type BucketLimits, type Priority } from './token-bucket'

export interface BudgetedHttpOptions {
  bucket: TokenBucket
  breaker: CircuitBreaker
  connectionId: string
  priority: Priority
  /** The connection's own budget, when its config gives one; the bucket's defaults otherwise. */
  limits?: Partial<BucketLimits>
  /**
   * Bookkeeping after the ERP answered (recording a success, a failure, a penalty) failed — Redis
   * unreachable. The ERP's answer still goes back to the caller; this only lets it be logged.
   */
  onBookkeepingError?: (err: unknown) => void
}

/**
 * An HttpClient that spends the connection's shared budget: every request first waits for the
 * breaker (an ERP that is down is not called) and then for a token (an ERP that is up is not called
 * faster than it allows), and its outcome feeds both back. A 429 penalises the bucket, so every
 * process slows down, not only the one that was told; a Transient error counts towards opening the
 * breaker. Other errors (auth, config, 4xx validation, malformed bodies) are the ERP answering, not
 * the ERP being down: they count for nothing. Errors are rethrown unchanged, so the job's retry
 * policy (sync.backoff.ts) still sees the typed ConnectorError.
 */
export function budgetedHttp(inner: HttpClient, opts: BudgetedHttpOptions): HttpClient {
  const { bucket, breaker, connectionId, priority, limits } = opts
  const quietly = (work: Promise<unknown>) => work.then(
    () => undefined,
    (err: unknown) => opts.onBookkeepingError?.(err),
  )
  return {
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const permit = await breaker.acquire(connectionId, req.signal)
      try {
        await bucket.take(connectionId, { priority, signal: req.signal, limits })
      } catch (err) {
        await quietly(breaker.release(connectionId, permit))
        throw err
      }
      let res: HttpResponse<T>
      try {
        res = await inner.request<T>(req)
      } catch (err) {
        if (err instanceof RateLimited) {
          await quietly(bucket.penalize(connectionId, err.retryAfterMs, limits))
          await quietly(breaker.release(connectionId, permit))
        } else if (err instanceof Transient) {
          await quietly(breaker.failure(connectionId, permit))
        } else {
          await quietly(breaker.release(connectionId, permit))
        }
        throw err
      }
      // Not awaited: the answer is the caller's now, and a sync's next page should not wait for the
      // breaker's bookkeeping (one Redis round trip per call; a probe's success is still recorded).
      void quietly(breaker.success(connectionId, permit))
      return res
    },
  }
}

export interface RateControlOptions {
  /** The hub's key prefix (QUEUE_PREFIX, a hash tag such as `{erphub}`). */
  prefix: string
  /** Defaults for connections whose config names no budget of their own. */
  ratePerSecond: number
  burst: number
  failureThreshold: number
  openMs: number
  maxOpenMs?: number
  probeTimeoutMs?: number
  onBreakerChange?: (change: BreakerChange) => void
  onBookkeepingError?: (err: unknown) => void
}

export interface RateControl {
  bucket: TokenBucket
  breaker: CircuitBreaker
  /** `inner`, spending `connectionId`'s budget at `priority`; `limits` from the connection's config override the defaults. */
  forConnection(inner: HttpClient, connectionId: string, priority: Priority, limits?: Partial<BucketLimits>): HttpClient
}

/** One bucket and one breaker per hub process, shared by every connection (their state is per connection, in Redis). */
export function createRateControl(redis: Redis | Cluster, options: RateControlOptions): RateControl {
  const bucket = new TokenBucket(redis, { prefix: options.prefix, ratePerSecond: options.ratePerSecond, burst: options.burst })
  const breaker = new CircuitBreaker(redis, {
    prefix: options.prefix,
    failureThreshold: options.failureThreshold,
    openMs: options.openMs,
    maxOpenMs: options.maxOpenMs,
    probeTimeoutMs: options.probeTimeoutMs,
    onChange: options.onBreakerChange,
  })
  return {
    bucket,
    breaker,
    forConnection: (inner, connectionId, priority, limits) => budgetedHttp(inner, { bucket, breaker, connectionId, priority, limits, onBookkeepingError: options.onBookkeepingError }),
  }
}
