import { randomUUID } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'
import { sleep } from './token-bucket'

export type BreakerStateName = 'closed' | 'open' | 'half-open'

export interface BreakerState {
  state: BreakerStateName
  /** Consecutive failures counted while closed (kept, for inspection, once the breaker opened). */
  failures: number
  /** Redis time (ms since the epoch) when an open breaker lets a probe through; null when closed. */
  openUntil: number | null
}

export interface BreakerChange {
  connectionId: string
  from: BreakerStateName
  to: BreakerStateName
  failures: number
  openUntil: number | null
}

export interface CircuitBreakerOptions {
  /** Key prefix, a hash tag such as `{erphub}` (see TokenBucketOptions.prefix). */
  prefix: string
  /** Consecutive failures that open the breaker (default 5). */
  failureThreshold?: number
  /** How long the breaker stays open before a probe may go (default 30 s). */
  openMs: number
  /** Each failed probe doubles the open time, up to this (default 8 × openMs). */
  maxOpenMs?: number
  /**
   * How long a probe holds its slot before another caller may probe instead, should the prober's
   * process die or hang (default 60 s; keep it above the HTTP timeout).
   */
  probeTimeoutMs?: number
  /** How often a waiting caller looks again while another caller's probe is out (default 500 ms). */
  pollMs?: number
  /** Every state change this process caused, for logs and metrics. */
  onChange?: (change: BreakerChange) => void
}

/**
 * What `acquire` hands out, to give back to `success`, `failure` or `release`. The epoch says which
 * closed or open period the call was let through in, so a slow answer to a call made before the
 * breaker changed state cannot count in the new one; `probe` says this caller is the one probe.
 */
export interface BreakerPermit {
  epoch: number
  probe: string | null
}

/**
 * State per connection is a hash: `state` ('closed' or 'open'), `failures`, `open_until`, `open_ms`
 * (the current open time, doubled by failed probes) and `epoch` (bumped on every transition). Half-open
 * is not stored: it is an open breaker whose `open_until` has passed, and the one caller holding the
 * probe key (SET NX PX) is its probe. Time comes from Redis, like the token bucket's.
 *
 * ARGV[1] is the operation; replies are {kind, …} where kind says what happened, so the caller can
 * report transitions.
 */
const BREAKER_SCRIPT = `
local op = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'state', 'failures', 'open_until', 'open_ms', 'epoch')
local state = h[1] or 'closed'
local failures = tonumber(h[2]) or 0
local openUntil = tonumber(h[3]) or 0
local openMs = tonumber(h[4]) or 0
local epoch = tonumber(h[5]) or 0
local keyTtl = tonumber(ARGV[2])

local function save()
  redis.call('HSET', KEYS[1], 'state', state, 'failures', failures, 'open_until', openUntil, 'open_ms', openMs, 'epoch', epoch)
  redis.call('PEXPIRE', KEYS[1], keyTtl)
end

if op == 'peek' then
  return {state, failures, openUntil, now}
end

if op == 'acquire' then
  local token, probeTtl, pollMs = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
  if state ~= 'open' then return {'go', epoch} end
  if now < openUntil then return {'wait', epoch, openUntil - now} end
  if redis.call('SET', KEYS[2], token, 'NX', 'PX', probeTtl) then return {'probe', epoch, failures, openUntil} end
  local left = redis.call('PTTL', KEYS[2])
  if left <= 0 or left > pollMs then left = pollMs end
  return {'wait', epoch, left}
end

local permitEpoch, token = tonumber(ARGV[3]), ARGV[4]
local isProbe = token ~= '' and redis.call('GET', KEYS[2]) == token

if op == 'release' then
  if isProbe then redis.call('DEL', KEYS[2]) end
  return {'same'}
end

if state == 'open' then
  -- Only the probe decides an open breaker; answers to calls let through before it opened do not.
  if not isProbe or permitEpoch ~= epoch then return {'same'} end
  redis.call('DEL', KEYS[2])
  epoch = epoch + 1
  if op == 'success' then
    state, failures, openUntil, openMs = 'closed', 0, 0, 0
    save()
    return {'closed', failures, openUntil}
  end
  local maxOpenMs = tonumber(ARGV[7])
  openMs = math.min(openMs * 2, maxOpenMs)
  openUntil = now + openMs
  save()
  return {'reopened', failures, openUntil}
end

-- closed: a permit from an earlier closed period is stale (-1: the caller had no permit)
if permitEpoch ~= -1 and permitEpoch ~= epoch then return {'same'} end
if op == 'success' then
  if failures > 0 then
    failures = 0
    save()
  end
  return {'same'}
end
failures = failures + 1
if failures >= tonumber(ARGV[5]) then
  state = 'open'
  openMs = tonumber(ARGV[6])
  openUntil = now + openMs
  epoch = epoch + 1
  redis.call('DEL', KEYS[2])
  save()
  return {'opened', failures, openUntil}
end
save()
return {'same'}
`

const COMMAND = 'erphubCircuitBreaker'
/** Long enough that a closed breaker's failure count is not forgotten between two slow syncs. */
const KEY_TTL_MS = 24 * 3600_000

type Arg = string | number
interface BreakerCommand {
  [COMMAND](stateKey: string, probeKey: string, ...args: Arg[]): Promise<unknown[]>
}

/** For callers that report without having acquired (tests, manual resets): counts against the current period. */
const NO_PERMIT: BreakerPermit = { epoch: -1, probe: null }

/**
 * A circuit breaker per ERP connection, shared through Redis by every process. After
 * `failureThreshold` consecutive failures (the ERP down: timeouts, 5xx, connection errors — not auth
 * or validation errors, which say nothing about its health) it opens for `openMs`; then exactly one
 * caller, across all processes, probes. A good probe closes it; a bad one opens it again for twice as
 * long (up to `maxOpenMs`).
 *
 * An open breaker does not fail calls: `acquire` waits until the call may go, so a sync run pauses
 * through an ERP outage and carries on afterwards rather than burning its retries against a wall.
 * Callers that must not wait that long pass an AbortSignal.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number
  private readonly maxOpenMs: number
  private readonly probeTimeoutMs: number
  private readonly pollMs: number

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly options: CircuitBreakerOptions,
  ) {
    this.failureThreshold = options.failureThreshold ?? 5
    if (!Number.isInteger(this.failureThreshold) || this.failureThreshold < 1) throw new RangeError(`failureThreshold must be a whole number of at least 1, not ${this.failureThreshold}`)
    if (!(options.openMs > 0)) throw new RangeError(`openMs must be above 0, not ${options.openMs}`)
    this.maxOpenMs = Math.max(options.openMs, options.maxOpenMs ?? options.openMs * 8)
    this.probeTimeoutMs = options.probeTimeoutMs ?? 60_000
    this.pollMs = options.pollMs ?? 500
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: BREAKER_SCRIPT })
  }

  /**
   * Resolves when the call may go ahead: at once while closed; while open, after waiting for the
   * probe window and then either becoming the probe or waiting for the probe's verdict. Rejects only
   * with `signal.reason`.
   */
  async acquire(connectionId: string, signal?: AbortSignal): Promise<BreakerPermit> {
    const token = randomUUID()
    for (;;) {
      signal?.throwIfAborted()
      const reply = await this.run(connectionId, 'acquire', token, this.probeTimeoutMs, this.pollMs)
      const [kind, epoch] = reply as [string, number]
      if (kind === 'go') return { epoch, probe: null }
      if (kind === 'probe') {
        const [, , failures, openUntil] = reply as [string, number, number, number]
        this.report(connectionId, 'open', 'half-open', failures, openUntil)
        return { epoch, probe: token }
      }
      const waitMs = (reply as [string, number, number])[2]
      // A little jitter, so the waiters of every process do not all ask in the same millisecond.
      await sleep(waitMs + Math.random() * Math.min(50, waitMs * 0.1), signal)
    }
  }

  /** The call worked: resets the failure count; the probe's success closes the breaker. */
  async success(connectionId: string, permit: BreakerPermit = NO_PERMIT): Promise<void> {
    const [kind, failures, openUntil] = (await this.run(connectionId, 'success', permit.epoch, permit.probe ?? '')) as [string, number, number]
    if (kind === 'closed') this.report(connectionId, 'half-open', 'closed', failures, openUntil)
  }

  /** The ERP looked down (Transient): counts towards opening; the probe's failure opens it again, for longer. */
  async failure(connectionId: string, permit: BreakerPermit = NO_PERMIT): Promise<void> {
    const reply = await this.run(connectionId, 'failure', permit.epoch, permit.probe ?? '', this.failureThreshold, this.options.openMs, this.maxOpenMs)
    const [kind, failures, openUntil] = reply as [string, number, number]
    if (kind === 'opened') this.report(connectionId, 'closed', 'open', failures, openUntil)
    if (kind === 'reopened') this.report(connectionId, 'half-open', 'open', failures, openUntil)
  }

  /**
   * The call said nothing about the ERP's health (an auth or validation error, a 429, a cancel before
   * it was sent): nothing is counted, and a probe gives its slot back so another caller probes now
   * rather than after `probeTimeoutMs`.
   */
  async release(connectionId: string, permit: BreakerPermit): Promise<void> {
    if (permit.probe) await this.run(connectionId, 'release', permit.epoch, permit.probe)
  }

  async state(connectionId: string): Promise<BreakerState> {
    const [state, failures, openUntil, now] = (await this.run(connectionId, 'peek')) as [string, number, number, number]
    if (state !== 'open') return { state: 'closed', failures: Number(failures), openUntil: null }
    return { state: now < Number(openUntil) ? 'open' : 'half-open', failures: Number(failures), openUntil: Number(openUntil) }
  }

  /** `${prefix}:rl:${connectionId}:breaker` and `…:probe`. */
  keys(connectionId: string): [state: string, probe: string] {
    const base = `${this.options.prefix}:rl:${connectionId}`
    return [`${base}:breaker`, `${base}:probe`]
  }

  private run(connectionId: string, op: 'acquire' | 'success' | 'failure' | 'release' | 'peek', ...rest: Arg[]): Promise<unknown[]> {
    const [stateKey, probeKey] = this.keys(connectionId)
    return (this.redis as unknown as BreakerCommand)[COMMAND](stateKey, probeKey, op, KEY_TTL_MS, ...rest)
  }

  private report(connectionId: string, from: BreakerStateName, to: BreakerStateName, failures: number, openUntil: number): void {
    if (!this.options.onChange) return
    try {
      this.options.onChange({ connectionId, from, to, failures: Number(failures), openUntil: to === 'closed' ? null : Number(openUntil) })
    } catch {
      // A listener's bug must not turn a successful call into a failed one.
    }
  }
}
