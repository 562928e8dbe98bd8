import { CircuitBreaker, type BreakerChange, type BreakerPermit, type CircuitBreakerOptions } from '../../src/ratelimit'
import { clock, pause, twoProcesses } from './redis.test-kit'

/** Two clients stand in for two worker processes sharing one breaker per connection through Redis. */
const processes = twoProcesses()

const OPEN_MS = 300

function breakers(options: Partial<Omit<CircuitBreakerOptions, 'prefix'>> = {}): { ba: CircuitBreaker; bb: CircuitBreaker; changes: BreakerChange[] } {
  const prefix = processes.prefix()
  const changes: BreakerChange[] = []
  const opts: CircuitBreakerOptions = { prefix, failureThreshold: 3, openMs: OPEN_MS, pollMs: 20, probeTimeoutMs: 5000, onChange: (c) => changes.push(c), ...options }
  return { ba: new CircuitBreaker(processes.a, opts), bb: new CircuitBreaker(processes.b, opts), changes }
}

async function openIt(breaker: CircuitBreaker, connectionId: string): Promise<void> {
  for (let i = 0; i < 3; i++) await breaker.failure(connectionId)
  expect((await breaker.state(connectionId)).state).toBe('open')
}

/** Settles to the permit, or to 'pending' when it has not resolved within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, pause(ms).then(() => 'pending' as const)])
}

describe('the shared circuit breaker', () => {
  test('opens after N consecutive failures from any process; a success in between starts the count again', async () => {
    const { ba, bb, changes } = breakers()
    await ba.failure('erp')
    await bb.failure('erp')
    await ba.success('erp')
    expect(await bb.state('erp')).toEqual({ state: 'closed', failures: 0, openUntil: null })

    await ba.failure('erp')
    await bb.failure('erp')
    expect(await ba.state('erp')).toEqual({ state: 'closed', failures: 2, openUntil: null })
    const before = Date.now()
    await ba.failure('erp')
    const s = await bb.state('erp')
    expect(s.state).toBe('open')
    expect(s.failures).toBe(3)
    expect(s.openUntil! - before).toBeGreaterThan(OPEN_MS - 50)
    expect(s.openUntil! - before).toBeLessThanOrEqual(OPEN_MS + 50)
    expect(changes).toEqual([expect.objectContaining({ connectionId: 'erp', from: 'closed', to: 'open', failures: 3 })])
    // Another connection's breaker is its own.
    expect((await ba.state('other-erp')).state).toBe('closed')
  })

  test('acquire waits while the breaker is open instead of throwing, then lets a probe through', async () => {
    const { ba, bb, changes } = breakers()
    await openIt(ba, 'erp')
    const t = clock()
    const permit = await bb.acquire('erp')
    const waited = clock() - t
    expect(waited).toBeGreaterThanOrEqual(OPEN_MS - 30)
    expect(waited).toBeLessThan(OPEN_MS + 200)
    expect(permit.probe).not.toBeNull()
    expect((await ba.state('erp')).state).toBe('half-open')
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open', 'open→half-open'])
  })

  test('in half-open exactly one of several concurrent callers across processes probes; its success closes the breaker and lets the others go', async () => {
    const { ba, bb, changes } = breakers()
    await openIt(ba, 'erp')
    const permits: BreakerPermit[] = []
    const callers = [ba, bb, ba, bb, ba, bb].map((breaker) => breaker.acquire('erp').then((p) => (permits.push(p), p)))
    await pause(OPEN_MS + 200)
    // Long past the open time, yet only the probe is through: the rest wait for its verdict.
    expect(permits).toHaveLength(1)
    const [probe] = permits
    expect(probe.probe).not.toBeNull()
    expect((await bb.state('erp')).state).toBe('half-open')

    const t = clock()
    await ba.success('erp', probe)
    await Promise.all(callers)
    expect(clock() - t).toBeLessThan(200)
    expect(permits).toHaveLength(6)
    expect(permits.filter((p) => p.probe !== null)).toHaveLength(1)
    expect(await bb.state('erp')).toEqual({ state: 'closed', failures: 0, openUntil: null })
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open', 'open→half-open', 'half-open→closed'])
  })

  test('a failed probe opens the breaker again, for twice as long', async () => {
    const { ba, bb, changes } = breakers()
    await openIt(ba, 'erp')
    const probe = await bb.acquire('erp')
    const before = Date.now()
    await bb.failure('erp', probe)
    const s = await ba.state('erp')
    expect(s.state).toBe('open')
    expect(s.openUntil! - before).toBeGreaterThan(2 * OPEN_MS - 50)

    const t = clock()
    const next = await ba.acquire('erp')
    expect(clock() - t).toBeGreaterThanOrEqual(2 * OPEN_MS - 50)
    expect(next.probe).not.toBeNull()
    await ba.success('erp', next)
    expect((await bb.state('erp')).state).toBe('closed')
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual(['closed→open', 'open→half-open', 'half-open→open', 'open→half-open', 'half-open→closed'])

    // Closed again, the next outage starts from the configured open time, not the doubled one.
    const reopened = Date.now()
    await openIt(bb, 'erp')
    expect((await ba.state('erp')).openUntil! - reopened).toBeLessThanOrEqual(OPEN_MS + 50)
  })

  test('late answers to calls let through before the breaker changed state count for nothing', async () => {
    const { ba, bb } = breakers()
    const early = await ba.acquire('erp')
    await openIt(bb, 'erp')
    const { openUntil } = await ba.state('erp')
    // A timeout or a success of a call made while it was closed neither extends nor closes it.
    await ba.failure('erp', early)
    await ba.success('erp', early)
    expect(await bb.state('erp')).toEqual({ state: 'open', failures: 3, openUntil })

    const probe = await bb.acquire('erp')
    await bb.success('erp', probe)
    // Closed anew: a failure of the earlier period does not start the new count.
    await ba.failure('erp', early)
    expect(await ba.state('erp')).toEqual({ state: 'closed', failures: 0, openUntil: null })
  })

  test('a probe released without a verdict (an auth error, a cancel) lets another caller probe at once', async () => {
    const { ba, bb } = breakers()
    await openIt(ba, 'erp')
    const probe = await ba.acquire('erp')
    const second = bb.acquire('erp')
    expect(await within(second, 100)).toBe('pending')
    await ba.release('erp', probe)
    const next = await within(second, 150)
    expect(next).not.toBe('pending')
    expect((next as BreakerPermit).probe).not.toBeNull()
    expect((await ba.state('erp')).state).toBe('half-open')
  })

  test('a caller waiting on an open breaker rejects with the signal reason when aborted', async () => {
    const { ba } = breakers({ openMs: 10_000 })
    await openIt(ba, 'erp')
    const reason = new Error('the worker is stopping')
    const t = clock()
    await expect(ba.acquire('erp', abortAfter(50, reason))).rejects.toBe(reason)
    expect(clock() - t).toBeLessThan(500)
  })
})

function abortAfter(ms: number, reason: unknown): AbortSignal {
  const controller = new AbortController()
  setTimeout(() => controller.abort(reason), ms)
  return controller.signal
}
