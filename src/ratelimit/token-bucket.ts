import { randomUUID } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'

export type Priority = 'interactive' | 'bulk'

/** A connection's own budget, when its ERP says something other than the hub's defaults. */
export interface BucketLimits {
  /** Sustained requests per second the ERP accepts. */
  ratePerSecond: number
  /** How many requests may go at once after a quiet spell (the bucket's capacity). */
  burst: number
}

export interface TokenBucketOptions extends BucketLimits {
  /** Key prefix; the hub passes its queue prefix, a hash tag such as `{erphub}`, so every key of a connection lands in one Redis Cluster slot. */
  prefix: string
  /** Share of `burst` that bulk callers leave for interactive ones (default 0.25; at least one token, at most burst − 1). */
  interactiveReserve?: number
  /** Multiplicative decrease on a 429 (default 0.5: halve the rate). */
  decreaseFactor?: number
  /** The rate never drops below this share of the configured rate (default 0.1). */
  minRateFraction?: number
  /** Additive increase: how much of the configured rate comes back each second after a 429 (default 0.05, from half to full in 10 s). */
  increasePerSecond?: number
  /** How long an interactive caller's "I am waiting" mark outlives its expected wait, should its process die (default 1000 ms). */
  waitingMarkMs?: number
}

export interface TakeOptions {
  priority: Priority
  signal?: AbortSignal
  /** Overrides the bucket's defaults for this connection. */
  limits?: Partial<BucketLimits>
}

export interface BucketState {
  /** Tokens in the bucket now (fractional: the bucket refills continuously). */
  tokens: number
  /** The rate in force now: the configured one, or less while recovering from a 429. */
  ratePerSecond: number
  configuredRatePerSecond: number
  burst: number
  /** Redis time (ms since the epoch) before which nobody gets a token; null when not blocked. */
  blockedUntil: number | null
  /** Interactive callers waiting now, across every process. */
  interactiveWaiting: number
  /** Redis time of this reading, to compare `blockedUntil` with. */
  now: number
}

export interface Grant {
  /** Redis time (ms since the epoch, fractional) at which the token was granted. */
  at: number
  /** How long this caller waited for it. */
  waitedMs: number
}

export interface PenaltyOutcome {
  /** The rate in force after the penalty. */
  ratePerSecond: number
  blockedUntil: number
}

/** Why a caller was told to wait (returned by the script; handy in logs and tests). */
export type WaitReason = 'rate' | 'reserve' | 'interactive' | 'blocked'

/**
 * One script does every read-modify-write of a bucket, so callers in any number of processes see one
 * consistent bucket; the time comes from Redis `TIME`, so workers whose clocks disagree still agree on
 * how many tokens there are. Redis ≥ 5 replicates a script by its effects, so reading TIME before
 * writing is safe.
 *
 * The hash holds `tokens` (fractional) as of `ts`, the effective rate `rate` as of `rate_ts`, and
 * `blocked_until`. `ts` and `rate_ts` may lie in the future: a penalty sets them to the end of the
 * block, so the bucket neither refills nor recovers while the ERP has asked us to stay away.
 *
 * Interactive callers that have to wait put themselves in a sorted set scored by when their mark
 * expires; a bulk caller takes nothing while a live mark is there. Marks expire by themselves, so a
 * crashed process cannot keep bulk work out for longer than its wait plus `waitingMarkMs`.
 *
 * Returns, for `take`: {0, 'ok', now} or {waitMs, reason, now}; for `penalize`: {rate, blockedUntil}; for
 * `peek`: {tokens, rate, blockedUntil, waiting, now} (numbers as strings: Lua numbers would be truncated).
 */
const BUCKET_SCRIPT = `
local op = ARGV[1]
local configured = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local minRate = tonumber(ARGV[4])
local increase = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000

local h = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'rate', 'rate_ts', 'blocked_until')
local tokens = tonumber(h[1]) or burst
local ts = tonumber(h[2]) or now
local rate = tonumber(h[3]) or configured
local rateTs = tonumber(h[4]) or now
local blockedUntil = tonumber(h[5]) or 0

-- Refill at the rate that was in force, then let the rate climb back (additive increase).
if now > ts then
  tokens = tokens + (now - ts) * rate / 1000
  ts = now
end
if tokens > burst then tokens = burst end
if now > rateTs then
  if rate < configured then rate = rate + increase * (now - rateTs) / 1000 end
  rateTs = now
end
if rate > configured then rate = configured end
if rate < minRate then rate = minRate end

if op == 'peek' then
  local waiting = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
  return {tostring(tokens), tostring(rate), tostring(blockedUntil), waiting, tostring(now)}
end

local function save()
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts), 'rate', tostring(rate), 'rate_ts', tostring(rateTs), 'blocked_until', tostring(blockedUntil))
  -- Once the bucket is full and the rate back to normal, the hash says nothing a missing key does not.
  local ttl = burst * 1000 / rate + 1000
  if blockedUntil > now then ttl = ttl + blockedUntil - now end
  if rate < configured then ttl = ttl + (configured - rate) * 1000 / increase end
  redis.call('PEXPIRE', KEYS[1], math.ceil(math.min(ttl, 86400000)))
end

if op == 'penalize' then
  local retryAfter = tonumber(ARGV[6])
  local factor = tonumber(ARGV[7])
  -- Many requests in flight come back 429 together: that is one congestion event, so the rate is cut
  -- once per block, not once per answer.
  if now >= blockedUntil then
    rate = rate * factor
    if rate < minRate then rate = minRate end
  end
  if now + retryAfter > blockedUntil then blockedUntil = now + retryAfter end
  -- After the block the budget restarts empty at the lowered rate: no burst straight into the ERP
  -- that just complained, and no recovery while we are shut out.
  tokens = 0
  ts = blockedUntil
  rateTs = blockedUntil
  save()
  return {tostring(rate), tostring(blockedUntil)}
end

-- op == 'take'
local reserve = tonumber(ARGV[6])
local priority = ARGV[7]
local waiter = ARGV[8]
local markMs = tonumber(ARGV[9])
local wait = 0
local reason = 'ok'
if now < blockedUntil then
  wait = blockedUntil - now
  reason = 'blocked'
elseif priority == 'interactive' then
  if tokens >= 1 then
    tokens = tokens - 1
  else
    wait = (1 - tokens) * 1000 / rate
    reason = 'rate'
  end
else
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) > 0 then
    wait = 1000 / rate
    reason = 'interactive'
  elseif tokens >= reserve + 1 then
    tokens = tokens - 1
  else
    wait = (reserve + 1 - tokens) * 1000 / rate
    reason = 'reserve'
  end
end
if priority == 'interactive' then
  if wait > 0 then
    local markTtl = math.ceil(wait + markMs)
    redis.call('ZADD', KEYS[2], now + markTtl, waiter)
    if redis.call('PTTL', KEYS[2]) < markTtl then redis.call('PEXPIRE', KEYS[2], markTtl) end
  else
    redis.call('ZREM', KEYS[2], waiter)
  end
end
save()
if wait > 0 then wait = math.max(1, math.ceil(wait)) end
return {wait, reason, tostring(now)}
`

const COMMAND = 'erphubTokenBucket'

type Arg = string | number
interface BucketCommand {
  [COMMAND](bucketKey: string, waitingKey: string, ...args: Arg[]): Promise<unknown[]>
}

/**
 * A request budget per ERP connection, shared through Redis by every job and process that calls
 * that ERP: `ratePerSecond` sustained, `burst` at once. Interactive callers (a marketer's stock
 * check) go ahead of bulk ones (a backfill): bulk leaves a reserve in the bucket and stands aside
 * while any interactive caller waits. A 429 blocks everyone until its Retry-After and halves the
 * rate, which then climbs back slowly (AIMD), so a hub that was too eager settles just under what
 * the ERP tolerates instead of hammering it every time the block ends.
 */
export class TokenBucket {
  private readonly defaults: BucketLimits
  private readonly reserveShare: number
  private readonly decreaseFactor: number
  private readonly minRateFraction: number
  private readonly increasePerSecond: number
  private readonly waitingMarkMs: number

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: TokenBucketOptions,
  ) {
    this.defaults = checkLimits({ ratePerSecond: options.ratePerSecond, burst: options.burst })
    this.reserveShare = share('interactiveReserve', options.interactiveReserve ?? 0.25)
    this.decreaseFactor = share('decreaseFactor', options.decreaseFactor ?? 0.5)
    this.minRateFraction = share('minRateFraction', options.minRateFraction ?? 0.1)
    this.increasePerSecond = options.increasePerSecond ?? 0.05
    if (!(this.increasePerSecond > 0)) throw new RangeError('increasePerSecond must be above 0, or a penalised rate would never recover')
    this.waitingMarkMs = options.waitingMarkMs ?? 1000
    // ioredis sends it by EVALSHA and loads it again after a Redis restart (NOSCRIPT).
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: BUCKET_SCRIPT })
  }

  /** Resolves once this caller holds a token; rejects with `signal.reason` when aborted while waiting. */
  async take(connectionId: string, options: TakeOptions): Promise<Grant> {
    const limits = this.limitsOf(options.limits)
    const reserve = reserveOf(limits.burst, this.reserveShare)
    const waiter = randomUUID()
    const { signal, priority } = options
    const started = Date.now()
    try {
      for (;;) {
        signal?.throwIfAborted()
        const [wait, , now] = (await this.run(connectionId, 'take', limits, reserve, priority, waiter, this.waitingMarkMs)) as [number, WaitReason, string]
        if (wait === 0) return { at: Number(now), waitedMs: Date.now() - started }
        // Bulk waiters wake a little apart, so they do not all hit Redis in the same millisecond.
        await sleep(priority === 'bulk' ? wait + Math.random() * Math.min(wait * 0.2, 25) : wait, signal)
      }
    } catch (err) {
      // An interactive caller that gives up must not keep bulk work waiting until its mark expires.
      if (priority === 'interactive') await this.redis.zrem(this.keys(connectionId)[1], waiter).catch(() => undefined)
      throw err
    }
  }

  /**
   * The ERP answered 429: nobody, in any process, gets a token for `retryAfterMs`, and the rate is
   * cut (at most once per block), to recover bit by bit afterwards.
   */
  async penalize(connectionId: string, retryAfterMs: number, limits?: Partial<BucketLimits>): Promise<PenaltyOutcome> {
    const l = this.limitsOf(limits)
    const [rate, blockedUntil] = (await this.run(connectionId, 'penalize', l, Math.max(0, Math.round(retryAfterMs)), this.decreaseFactor)) as [string, string]
    return { ratePerSecond: Number(rate), blockedUntil: Number(blockedUntil) }
  }

  /** A reading for inspection (API, metrics, tests); changes nothing. */
  async state(connectionId: string, limits?: Partial<BucketLimits>): Promise<BucketState> {
    const l = this.limitsOf(limits)
    const [tokens, rate, blockedUntil, waiting, now] = (await this.run(connectionId, 'peek', l)) as [string, string, string, number, string]
    const blocked = Number(blockedUntil)
    return {
      tokens: Number(tokens),
      ratePerSecond: Number(rate),
      configuredRatePerSecond: l.ratePerSecond,
      burst: l.burst,
      blockedUntil: blocked > Number(now) ? blocked : null,
      interactiveWaiting: Number(waiting),
      now: Number(now),
    }
  }

  /** The bucket's keys: `${prefix}:rl:${connectionId}:bucket` and `…:interactive`. */
  keys(connectionId: string): [bucket: string, interactiveWaiting: string] {
    const base = `${this.options.prefix}:rl:${connectionId}`
    return [`${base}:bucket`, `${base}:interactive`]
  }

  private run(connectionId: string, op: 'take' | 'penalize' | 'peek', limits: BucketLimits, ...rest: Arg[]): Promise<unknown[]> {
    const [bucketKey, waitingKey] = this.keys(connectionId)
    const minRate = limits.ratePerSecond * this.minRateFraction
    const increase = limits.ratePerSecond * this.increasePerSecond
    return (this.redis as unknown as BucketCommand)[COMMAND](bucketKey, waitingKey, op, limits.ratePerSecond, limits.burst, minRate, increase, ...rest)
  }

  private limitsOf(overrides: Partial<BucketLimits> | undefined): BucketLimits {
    if (!overrides) return this.defaults
    return checkLimits({ ratePerSecond: overrides.ratePerSecond ?? this.defaults.ratePerSecond, burst: overrides.burst ?? this.defaults.burst })
  }
}

/** Bulk leaves at least one token for interactive callers, but never the whole bucket (burst 1 would starve bulk). */
export function reserveOf(burst: number, share: number): number {
  return Math.min(burst - 1, Math.max(1, Math.ceil(burst * share)))
}

function checkLimits(limits: BucketLimits): BucketLimits {
  if (!(limits.ratePerSecond > 0) || !Number.isFinite(limits.ratePerSecond)) throw new RangeError(`ratePerSecond must be a positive number, not ${limits.ratePerSecond}`)
  if (!Number.isInteger(limits.burst) || limits.burst < 1) throw new RangeError(`burst must be a whole number of at least 1, not ${limits.burst}`)
  return limits
}

function share(name: string, value: number): number {
  if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], not ${value}`)
  return value
}

/**
 * Waits `ms`, or rejects with `signal.reason` as soon as the signal aborts (a worker stopping, a
 * request cancelled): a caller waiting for a budget never outlives the work it was waiting for.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
