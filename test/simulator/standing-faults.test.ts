import type { AxiosInstance } from 'axios'
import { ValidationError } from '../../src/errors/hub-error'
import type { Simulator } from '../../src/simulator'
import { client, startTestSimulator } from './simulator.test-kit'

/** `count` requests one after another; the statuses in order (0 when no answer came). */
async function statuses(http: AxiosInstance, count: number, path = '/api/v1/products'): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < count; i++) out.push((await http.get(path, { params: { limit: 1 } }).catch(() => ({ status: 0 }))).status)
  return out
}

describe('simulator standing random faults', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeEach(async () => {
    sim = await startTestSimulator({ lines: 300 })
    http = client(sim)
  })
  afterEach(() => sim.close())

  test('errorRate 0.2 fails roughly a fifth of 200 requests with 500/502/503 and an ERP error body', async () => {
    sim.faults({ errorRate: 0.2, seed: 1 })
    const answers = []
    for (let i = 0; i < 200; i++) answers.push(await http.get('/api/v1/customers', { params: { limit: 1 } }))
    const failed = answers.filter((res) => res.status !== 200)
    expect(failed.length).toBeGreaterThanOrEqual(20)
    expect(failed.length).toBeLessThanOrEqual(60)
    for (const res of failed) {
      expect([500, 502, 503]).toContain(res.status)
      expect(res.data.error).toEqual({ code: expect.any(String), message: expect.any(String) })
    }
    // All three kinds of server error occur, and the answers that got through are real pages.
    expect(new Set(failed.map((res) => res.status)).size).toBe(3)
    for (const res of answers.filter((r) => r.status === 200)) expect(res.data.data).toHaveLength(1)
    const log = sim.requests()
    expect(log.filter((e) => e.fault === 'random-error')).toHaveLength(failed.length)
    expect(log.filter((e) => e.fault === 'random-error').every((e) => e.status >= 500)).toBe(true)
    expect(sim.stats().requests.faulted).toBe(failed.length)
  })

  test('the same seed gives the same faults on the same requests; another seed gives others', async () => {
    sim.faults({ errorRate: 0.3, rateLimitRate: 0.2, seed: 99 })
    const first = await statuses(http, 60)
    sim.faults({ errorRate: 0.3, rateLimitRate: 0.2, seed: 99 })
    const again = await statuses(http, 60)
    sim.faults({ errorRate: 0.3, rateLimitRate: 0.2, seed: 100 })
    const other = await statuses(http, 60)
    expect(again).toEqual(first)
    expect(other).not.toEqual(first)
    expect(first).toContain(429)
    expect(first).toContain(200)
  })

  test('rateLimitRate answers 429 with Retry-After set to retryAfterSeconds', async () => {
    sim.faults({ rateLimitRate: 0.5, retryAfterSeconds: 7, seed: 3 })
    let limited = 0
    for (let i = 0; i < 40; i++) {
      const res = await http.get('/api/v1/stock', { params: { limit: 1 } })
      if (res.status === 200) continue
      limited++
      expect(res.status).toBe(429)
      expect(res.headers['retry-after']).toBe('7')
      expect(res.data.error.code).toBe('rate_limited')
    }
    expect(limited).toBeGreaterThanOrEqual(10)
    expect(limited).toBeLessThanOrEqual(30)
    sim.faults({ rateLimitRate: 1 })
    expect((await http.get('/api/v1/stock')).headers['retry-after']).toBe('1')
  })

  test('timeoutRate holds the request timeoutMs without an answer, then drops the connection', async () => {
    sim.faults({ timeoutRate: 1, timeoutMs: 400 })
    const started = performance.now()
    const error = await http.get('/api/v1/customers').then(
      () => null,
      (err: unknown) => err as { code?: string; response?: unknown },
    )
    const waited = performance.now() - started
    expect(error).not.toBeNull()
    expect(error!.response).toBeUndefined()
    expect(error!.code).toBe('ECONNRESET')
    expect(waited).toBeGreaterThanOrEqual(390)
    expect(waited).toBeLessThan(2000)
    expect(sim.requests()).toEqual([expect.objectContaining({ path: '/api/v1/customers', status: 0, fault: 'timeout' })])
  })

  test('a client that gives up before timeoutMs is logged at once, and close() does not wait for held requests', async () => {
    sim.faults({ timeoutRate: 1, timeoutMs: 60_000 })
    await expect(http.get('/api/v1/customers', { timeout: 150 })).rejects.toThrow(/timeout/)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(sim.requests().map((e) => [e.status, e.fault])).toEqual([[0, 'timeout']])
    // Another request left hanging: closing the simulator lets go of it instead of waiting a minute.
    const hanging = http.get('/api/v1/customers').catch((err: Error) => err)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = performance.now()
    await sim.close()
    expect(performance.now() - started).toBeLessThan(1000)
    expect(await hanging).toBeInstanceOf(Error)
  })

  test('admin routes are never faulted and do not consume draws', async () => {
    sim.faults({ errorRate: 1 })
    for (let i = 0; i < 5; i++) expect((await http.get('/admin/stats')).status).toBe(200)
    expect((await http.post('/admin/mutate', { entity: 'customers', count: 1 })).status).toBe(200)
    expect(sim.requests()).toEqual([])
    expect((await http.get('/api/v1/customers')).status).toBeGreaterThanOrEqual(500)

    sim.faults({ errorRate: 0.5, seed: 4 })
    const plain = await statuses(http, 20)
    sim.faults({ errorRate: 0.5, seed: 4 })
    const interleaved: number[] = []
    for (let i = 0; i < 20; i++) {
      expect((await http.get('/admin/stats')).status).toBe(200)
      interleaved.push(...(await statuses(http, 1)))
    }
    expect(interleaved).toEqual(plain)
    expect(plain).toContain(200)
  })

  test('queued one-shots take precedence over the standing faults', async () => {
    sim.faults({ errorRate: 1 })
    sim.failNext(1, { status: 418 })
    const teapot = await http.get('/api/v1/customers')
    sim.truncateNext(1)
    const truncated = await http.get('/api/v1/customers', { responseType: 'text', transformResponse: (d) => d })
    sim.delayNext(1, 0)
    const delayed = await http.get('/api/v1/customers')
    const random = await http.get('/api/v1/customers')
    expect([teapot.status, truncated.status, delayed.status]).toEqual([418, 200, 200])
    expect(() => JSON.parse(truncated.data as string)).toThrow(SyntaxError)
    expect(random.status).toBeGreaterThanOrEqual(500)
    expect(sim.requests().map((e) => e.fault)).toEqual(['fail-next', 'truncate-next', 'delay-next', 'random-error'])
  })

  test('faults({}) turns everything off; settings that cannot hold are refused', async () => {
    sim.faults({ errorRate: 1 })
    sim.faults({})
    expect(await statuses(http, 10)).toEqual(Array(10).fill(200))
    expect(sim.stats().faults).toEqual({ errorRate: 0, rateLimitRate: 0, retryAfterSeconds: 1, timeoutRate: 0, timeoutMs: 30_000 })
    expect(() => sim.faults({ errorRate: 1.5 })).toThrow(ValidationError)
    expect(() => sim.faults({ errorRate: 0.6, timeoutRate: 0.6 })).toThrow(/must not exceed 1/)
  })

  test('POST /admin/faults sets the standing faults from another process and reports them in stats', async () => {
    const set = await http.post('/admin/faults', { errorRate: 0.25, rateLimitRate: 0.25, retryAfterSeconds: 3, seed: 5 })
    expect(set.status).toBe(200)
    expect(set.data.faults).toEqual({ errorRate: 0.25, rateLimitRate: 0.25, retryAfterSeconds: 3, timeoutRate: 0, timeoutMs: 30_000, seed: 5 })
    expect((await http.get('/admin/stats')).data.faults.errorRate).toBe(0.25)
    const seen = await statuses(http, 40)
    expect(seen.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(seen.filter((s) => s >= 500).length).toBeGreaterThan(0)
    expect((await http.post('/admin/faults', { errorRate: 2 })).status).toBe(400)
    expect((await http.post('/admin/faults', { errorRate: 0.5, rateLimitRate: 0.6 })).status).toBe(400)
    expect((await http.post('/admin/faults', { flakiness: 1 })).status).toBe(400)
    expect((await http.post('/admin/faults', {})).status).toBe(200)
    expect(await statuses(http, 5)).toEqual(Array(5).fill(200))
  })
})
