import { TokenBucket, type Priority, type TokenBucketOptions } from '../../src/ratelimit'
import { clock, pause, twoProcesses } from './redis.test-kit'

/**
 * The budget is only worth something if it holds across processes: two ioredis clients stand in for
 * two workers, each with its own TokenBucket, sharing nothing but Redis.
 */
const processes = twoProcesses()

/** The same bucket seen from both "processes". */
function buckets(options: Omit<TokenBucketOptions, 'prefix'>): [TokenBucket, TokenBucket] {
  const prefix = processes.prefix()
  return [new TokenBucket(processes.a, { prefix, ...options }), new TokenBucket(processes.b, { prefix, ...options })]
}

/** When a token was granted: by Redis's clock (exact), and by this process's when the caller got it. */
interface Granted {
  at: number
  local: number
}

/** Takes tokens as fast as the bucket allows until `stop` aborts, recording when each was granted. */
async function hammer(bucket: TokenBucket, connectionId: string, priority: Priority, stop: AbortSignal, grants: Granted[]): Promise<void> {
  while (!stop.aborted) {
    let at: number
    try {
      ;({ at } = await bucket.take(connectionId, { priority, signal: stop }))
    } catch (err) {
      if (stop.aborted && err === stop.reason) return
      throw err
    }
    grants.push({ at, local: clock() })
  }
}

/**
 * The largest excess, over every window between two grants, of the grants it holds over what the
 * budget allows in it: `burst + rate × window`. Positive means the budget was exceeded by that much.
 */
function worstExcess(grants: Granted[], ratePerSecond: number, burst: number): number {
  const sorted = grants.map((g) => g.at).sort((x, y) => x - y)
  let worst = -Infinity
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = burst + (ratePerSecond * (sorted[j] - sorted[i])) / 1000
      worst = Math.max(worst, j - i + 1 - allowed)
    }
  }
  return worst
}

const RATE = 20
const INTERVAL = 1000 / RATE

describe('the shared token bucket', () => {
  test('two processes hammering one connection never get more than burst + rate × elapsed in any window, and another connection keeps its own budget', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 5 })
    const stop = AbortSignal.timeout(1500)
    const shared: Granted[] = []
    const other: Granted[] = []
    const started = clock()
    await Promise.all([
      ...[0, 1, 2].map(() => hammer(ba, 'erp-1', 'bulk', stop, shared)),
      ...[0, 1].map(() => hammer(bb, 'erp-1', 'bulk', stop, shared)),
      hammer(ba, 'erp-1', 'interactive', stop, shared),
      hammer(bb, 'erp-1', 'interactive', stop, shared),
      ...[0, 1].map(() => hammer(ba, 'erp-2', 'bulk', stop, other)),
      hammer(bb, 'erp-2', 'bulk', stop, other),
    ])
    const elapsed = clock() - started

    // Grant times are Redis's own, so the bound is exact but for the rounding of stored times (a
    // thousandth of a token): 0.1 of slack. A burst one token too big, or a rate 5% too high, is caught.
    expect(worstExcess(shared, RATE, 5)).toBeLessThanOrEqual(0.1)
    expect(worstExcess(other, RATE, 5)).toBeLessThanOrEqual(0.1)
    // And the budget is really spent, not starved: close to rate × elapsed for each connection,
    // which would be impossible if the two connections drew on one bucket.
    const expected = (RATE * elapsed) / 1000
    expect(shared.length).toBeGreaterThanOrEqual(expected * 0.8)
    expect(other.length).toBeGreaterThanOrEqual(expected * 0.8)
    expect(shared.length).toBeLessThanOrEqual(5 + expected + 1)
  })

  test('an interactive take goes ahead of bulk callers that saturate the bucket', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 8 })
    const stopBulk = new AbortController()
    const bulk: Granted[] = []
    const bulkLoops = [0, 1, 2, 3, 4, 5].map(() => hammer(ba, 'erp', 'bulk', stopBulk.signal, bulk))
    try {
      // Let the backfill drain the burst and settle at the bucket's rate.
      await pause(600)
      expect(bulk.length).toBeGreaterThanOrEqual(8)

      // Stock checks, one at a time: each is served at once from the reserve bulk has to leave,
      // never queued behind the backfill. Sharing the bucket fairly, a caller arriving at a random
      // moment would wait half a token interval on average.
      const latencies: number[] = []
      for (let i = 0; i < 9; i++) {
        const t = clock()
        await bb.take('erp', { priority: 'interactive' })
        latencies.push(clock() - t)
        await pause(2.5 * INTERVAL) // the reserve refills before bulk may take again
      }
      expect(Math.max(...latencies)).toBeLessThan(2 * INTERVAL)
      expect(latencies.sort((x, y) => x - y)[4]).toBeLessThan(INTERVAL / 4)

      // Several at once: they drain the reserve, then take every new token while bulk waits.
      const t = clock()
      const bulkBefore = bulk.length
      await Promise.all([0, 1, 2, 3, 4, 5].map(() => bb.take('erp', { priority: 'interactive' })))
      const took = clock() - t
      const bulkDuring = bulk.length - bulkBefore
      // The reserve (2) goes at once, the other 4 take one interval each: 4 intervals at most.
      // Starting from an empty bucket they would need 5 to 6, and sharing it with bulk about twice that.
      expect(took).toBeLessThan(5 * INTERVAL)
      expect(bulkDuring).toBeLessThanOrEqual(1)
      expect((await bb.state('erp')).interactiveWaiting).toBe(0)

      // Bulk is held back, not starved: it carries on once the interactive callers are served.
      const afterInteractive = bulk.length
      await pause(300)
      expect(bulk.length - afterInteractive).toBeGreaterThanOrEqual(3)
    } finally {
      stopBulk.abort()
      await Promise.all(bulkLoops)
    }
  })

  test('after penalize(1000) no caller in any process gets a token for a second, and the rate is halved then climbs back', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 5, increasePerSecond: 0.2 })
    const stop = new AbortController()
    const grants: Granted[] = []
    const loops = [hammer(ba, 'erp', 'bulk', stop.signal, grants), hammer(ba, 'erp', 'interactive', stop.signal, grants), hammer(bb, 'erp', 'bulk', stop.signal, grants), hammer(bb, 'erp', 'interactive', stop.signal, grants)]
    try {
      await pause(200)

      const asked = clock()
      const outcome = await ba.penalize('erp', 1000)
      expect(outcome.ratePerSecond).toBeCloseTo(RATE / 2, 5)
      const right = await bb.state('erp')
      expect(right.ratePerSecond).toBeCloseTo(RATE / 2, 1)
      expect(right.tokens).toBe(0)
      expect(right.blockedUntil! - right.now).toBeGreaterThan(900)
      expect(right.blockedUntil! - right.now).toBeLessThanOrEqual(1000)

      await pause(1600 - (clock() - asked))
      // By Redis's clock, which orders every grant and the penalty: nothing from the penalty to its end.
      const penalisedAt = outcome.blockedUntil - 1000
      expect(grants.filter((g) => g.at >= penalisedAt && g.at < outcome.blockedUntil)).toEqual([])
      expect(grants.filter((g) => g.at < penalisedAt).length).toBeGreaterThan(0)
      // Afterwards the budget restarts empty at the lowered rate (10/s climbing 4/s each second):
      // about 7 tokens in 0.6 s, where the configured rate would give 12 and a refilled burst 17.
      const after = grants.filter((g) => g.at >= outcome.blockedUntil && g.at < outcome.blockedUntil + 600)
      expect(after.length).toBeGreaterThan(0)
      expect(after.length).toBeLessThanOrEqual(9)

      const later = await ba.state('erp')
      expect(later.blockedUntil).toBeNull()
      expect(later.ratePerSecond).toBeGreaterThan(right.ratePerSecond + 1)
      expect(later.ratePerSecond).toBeLessThan(RATE)
    } finally {
      stop.abort()
      await Promise.all(loops)
    }
  })

  test('a bulk caller stands aside while an interactive caller of another process waits, even with tokens in the bucket, until its mark expires', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 5 })
    expect((await ba.state('erp')).tokens).toBe(5)
    // What an interactive caller leaves in Redis while it waits, as if its process had stalled (or
    // died) right after: a mark that expires by itself 300 ms from now.
    const { now } = await ba.state('erp')
    await processes.a.zadd(ba.keys('erp')[1], now + 300, 'stalled-interactive-caller')
    expect((await bb.state('erp')).interactiveWaiting).toBe(1)

    const t = clock()
    const bulk = bb.take('erp', { priority: 'bulk' }).then(() => clock() - t)
    await pause(100)
    await ba.take('erp', { priority: 'interactive' })
    expect(clock() - t).toBeLessThan(100 + INTERVAL)
    expect(await bulk).toBeGreaterThanOrEqual(300 - 20)
    expect(await bulk).toBeLessThan(300 + 3 * INTERVAL)
  })

  test('the rate is cut once per penalty however many 429s arrive, never below the floor, and recovers to the configured rate', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 5, increasePerSecond: 1, minRateFraction: 0.1 })
    // Four requests in flight all come back 429: one congestion event.
    const together = await Promise.all([ba.penalize('erp', 100), bb.penalize('erp', 100), ba.penalize('erp', 100), bb.penalize('erp', 100)])
    expect(together.map((o) => o.ratePerSecond)).toEqual([10, 10, 10, 10])

    // Each later block halves again, down to 10% of the configured rate.
    const rates: number[] = []
    for (let i = 0; i < 4; i++) {
      const s = await ba.state('erp')
      await pause(Math.max(0, (s.blockedUntil ?? s.now) - s.now) + 5)
      rates.push((await bb.penalize('erp', 50)).ratePerSecond)
    }
    expect(rates[0]).toBeLessThan(10)
    expect(rates[rates.length - 1]).toBeCloseTo(2, 5)
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(2)

    // Climbing back 20/s each second, from 2 it is at the configured 20 within a second, and stays there.
    await pause(50 + 1000)
    const recovered = await ba.state('erp')
    expect(recovered.ratePerSecond).toBe(RATE)
    expect(recovered.configuredRatePerSecond).toBe(RATE)
  })

  test('a caller aborted while waiting rejects with the signal reason and withdraws its interactive mark', async () => {
    const [ba, bb] = buckets({ ratePerSecond: RATE, burst: 5 })
    await ba.penalize('erp', 5000)
    const controller = new AbortController()
    const reason = new Error('the run was cancelled')
    const waiting = bb.take('erp', { priority: 'interactive', signal: controller.signal })
    await pause(50)
    expect((await ba.state('erp')).interactiveWaiting).toBe(1)
    const t = clock()
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
    expect(clock() - t).toBeLessThan(100)
    expect((await ba.state('erp')).interactiveWaiting).toBe(0)
  })

  test('per-connection limits override the defaults', async () => {
    const [ba] = buckets({ ratePerSecond: RATE, burst: 5 })
    const limits = { ratePerSecond: 5, burst: 2 }
    const t = clock()
    for (let i = 0; i < 4; i++) await ba.take('slow-erp', { priority: 'interactive', limits })
    // Two from the burst, then one every 200 ms.
    expect(clock() - t).toBeGreaterThanOrEqual(2 * 200 - 20)
    const s = await ba.state('slow-erp', limits)
    expect(s.burst).toBe(2)
    expect(s.configuredRatePerSecond).toBe(5)
    expect(s.tokens).toBeLessThan(1)
  })
})
