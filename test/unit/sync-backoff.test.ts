import { RateLimited, Transient } from '../../src/connector-sdk/connector.errors'
import { syncBackoff } from '../../src/jobs/sync.backoff'

describe('retry backoff of sync jobs', () => {
  test('grows exponentially, with jitter between half and all of the step', () => {
    const low = syncBackoff(1000, () => 0)
    const high = syncBackoff(1000, () => 1)
    expect([1, 2, 3, 4].map((n) => low(n, 'hub', new Transient('x')))).toEqual([500, 1000, 2000, 4000])
    expect([1, 2, 3, 4].map((n) => high(n, 'hub', new Transient('x')))).toEqual([1000, 2000, 4000, 8000])
  })

  test('is capped at five minutes', () => {
    expect(syncBackoff(1000, () => 1)(30, 'hub', new Transient('x'))).toBe(300_000)
  })

  test('obeys the ERP\'s Retry-After instead', () => {
    expect(syncBackoff(1000, () => 0)(1, 'hub', new RateLimited('slow down', 7000))).toBe(7000)
    expect(syncBackoff(1000, () => 1)(5, 'hub', new RateLimited('slow down', 7000))).toBe(7250)
  })
})
