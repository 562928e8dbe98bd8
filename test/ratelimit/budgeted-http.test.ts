import { AuthError, ConfigError, MalformedResponse, RateLimited, Transient } from '../../src/connector-sdk/connector.errors'
import type { HttpClient, HttpRequest, HttpResponse } from '../../src/connector-sdk/http.client'
import { createRateControl, type RateControl, type RateControlOptions } from '../../src/ratelimit'
import { clock, pause, twoProcesses } from './redis.test-kit'

/** Two clients stand in for two worker processes, each with its own rate control, sharing Redis. */
const processes = twoProcesses()

const OPEN_MS = 300

function controls(): [RateControl, RateControl] {
  const prefix = processes.prefix()
  const options: RateControlOptions = { prefix, ratePerSecond: 20, burst: 5, failureThreshold: 3, openMs: OPEN_MS }
  return [createRateControl(processes.a, options), createRateControl(processes.b, options)]
}

/** An ERP stand-in: answers every request with `answer(req)`, throwing it when it is an error. No network. */
class FakeErp implements HttpClient {
  calls = 0
  constructor(private readonly answer: (req: HttpRequest) => unknown) {}

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    this.calls++
    const out = this.answer(req)
    if (out instanceof Error) throw out
    return { status: 200, headers: {}, data: out as T, path: req.url }
  }
}

const healthy = () => new FakeErp((req) => ({ ok: req.url }))

describe('budgetedHttp', () => {
  test('a RateLimited answer becomes a penalty every process obeys, and is rethrown as it was', async () => {
    const [ra, rb] = controls()
    const limited = new RateLimited('GET /items answered 429', 500)
    const http = ra.forConnection(new FakeErp(() => limited), 'erp', 'bulk')
    await expect(http.request({ url: '/items' })).rejects.toBe(limited)

    const bucket = await rb.bucket.state('erp')
    expect(bucket.ratePerSecond).toBeCloseTo(10, 1)
    expect(bucket.blockedUntil! - bucket.now).toBeGreaterThan(400)
    // Being told to slow down is not the ERP being down.
    expect(await rb.breaker.state('erp')).toEqual({ state: 'closed', failures: 0, openUntil: null })

    // The other process's very next request, even an interactive one, waits out the Retry-After.
    const t = clock()
    const res = await rb.forConnection(healthy(), 'erp', 'interactive').request<{ ok: string }>({ url: '/stock' })
    expect(res.data).toEqual({ ok: '/stock' })
    expect(clock() - t).toBeGreaterThanOrEqual(400)
  })

  test('Transient answers are breaker failures: once open, requests wait for the probe instead of failing, and its success closes the breaker', async () => {
    const [ra, rb] = controls()
    const down = ra.forConnection(new FakeErp(() => new Transient('GET /items timed out')), 'erp', 'bulk')
    for (let i = 0; i < 3; i++) await expect(down.request({ url: '/items' })).rejects.toBeInstanceOf(Transient)
    expect((await rb.breaker.state('erp')).state).toBe('open')

    const erp = healthy()
    const t = clock()
    const waiting = rb.forConnection(erp, 'erp', 'bulk').request({ url: '/items' })
    await pause(OPEN_MS / 2)
    expect(erp.calls).toBe(0) // the ERP is left alone while the breaker is open
    await expect(waiting).resolves.toMatchObject({ status: 200 })
    expect(clock() - t).toBeGreaterThanOrEqual(OPEN_MS - 50)
    expect(erp.calls).toBe(1)
    expect(await ra.breaker.state('erp')).toEqual({ state: 'closed', failures: 0, openUntil: null })
  })

  test('AuthError, ConfigError (a 4xx) and MalformedResponse do not count against the breaker', async () => {
    const [ra, rb] = controls()
    const transient = ra.forConnection(new FakeErp(() => new Transient('GET /items answered 503')), 'erp', 'bulk')
    for (let i = 0; i < 2; i++) await expect(transient.request({ url: '/items' })).rejects.toBeInstanceOf(Transient)

    for (const err of [new AuthError('GET /items answered 401'), new AuthError('GET /items answered 403'), new ConfigError('GET /items answered 404'), new ConfigError('POST /orders answered 422'), new MalformedResponse('GET /items answered with HTML')]) {
      const http = rb.forConnection(new FakeErp(() => err), 'erp', 'bulk')
      await expect(http.request({ url: '/items' })).rejects.toBe(err)
    }
    // Five errors after two timeouts, with a threshold of three: still closed, still two.
    expect(await ra.breaker.state('erp')).toEqual({ state: 'closed', failures: 2, openUntil: null })
    expect((await ra.bucket.state('erp')).blockedUntil).toBeNull()
  })

  test("a connection's own limits override the defaults", async () => {
    const [ra] = controls()
    const fast = ra.forConnection(healthy(), 'big-erp', 'interactive')
    let t = clock()
    for (let i = 0; i < 4; i++) await fast.request({ url: '/items' })
    expect(clock() - t).toBeLessThan(150) // within the default burst of 5

    const slow = ra.forConnection(healthy(), 'small-erp', 'interactive', { ratePerSecond: 5, burst: 1 })
    t = clock()
    for (let i = 0; i < 4; i++) await slow.request({ url: '/items' })
    expect(clock() - t).toBeGreaterThanOrEqual(3 * 200 - 30) // one at once, then one every 200 ms
  })

  test('a request cancelled while waiting for its budget rejects with the signal reason and never reaches the ERP', async () => {
    const [ra, rb] = controls()
    await ra.bucket.penalize('erp', 5000)
    const erp = healthy()
    const controller = new AbortController()
    const reason = new Error('the run was cancelled')
    const request = rb.forConnection(erp, 'erp', 'interactive').request({ url: '/items', signal: controller.signal })
    setTimeout(() => controller.abort(reason), 50)
    const t = clock()
    await expect(request).rejects.toBe(reason)
    expect(clock() - t).toBeLessThan(500)
    expect(erp.calls).toBe(0)
  })
})
