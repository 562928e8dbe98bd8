import type { AxiosInstance } from 'axios'
import type { Simulator } from '../../src/simulator'
import { maxArrivalsInWindow } from '../../src/simulator/http/request.log'
import { client, startTestSimulator } from './simulator.test-kit'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('maxArrivalsInWindow', () => {
  test('finds the busiest placement of a sliding window, wherever it starts', () => {
    // Windows aligned to whole seconds would see at most 3 of these; the busiest 1 s starts at 200.
    expect(maxArrivalsInWindow([0, 100, 200, 1100, 1150, 1190], 1000)).toBe(4)
    expect(maxArrivalsInWindow([1190, 0, 1150, 200, 100, 1100], 1000)).toBe(4)
    expect(maxArrivalsInWindow([], 1000)).toBe(0)
    expect(maxArrivalsInWindow([5], 1)).toBe(1)
  })

  test('arrivals exactly one window apart do not share a window; closer ones do', () => {
    expect(maxArrivalsInWindow([0, 1000, 2000], 1000)).toBe(1)
    expect(maxArrivalsInWindow([0, 999.5, 1999], 1000)).toBe(2)
    expect(maxArrivalsInWindow([10.25, 10.25, 10.25], 0.5)).toBe(3)
  })

  test('refuses a window that is not a positive length', () => {
    expect(() => maxArrivalsInWindow([1], 0)).toThrow(RangeError)
    expect(() => maxArrivalsInWindow([1], Number.NaN)).toThrow(RangeError)
  })
})

describe('simulator rate meter', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeAll(async () => {
    sim = await startTestSimulator({ lines: 300 })
    http = client(sim)
  })
  afterAll(() => sim.close())
  beforeEach(() => sim.resetRequests())

  test('a paced client stays within its budget; a burst shows as the busiest window', async () => {
    // 10 requests at least 60 ms apart, then (more than a second later) 15 at once.
    for (let i = 0; i < 10; i++) {
      await http.get('/api/v1/customers', { params: { limit: 1 } })
      await pause(60)
    }
    await pause(1100)
    await Promise.all(Array.from({ length: 15 }, () => http.get('/api/v1/products', { params: { limit: 1 } })))

    expect(sim.maxRequestsInWindow(1000)).toBe(15)
    const paced = (e: { path: string }) => e.path === '/api/v1/customers'
    expect(sim.maxRequestsInWindow(1000, paced)).toBeLessThanOrEqual(10)
    // Arrivals ≥ 60 ms apart: no 100 ms window can hold three of them.
    expect(sim.maxRequestsInWindow(100, paced)).toBeLessThanOrEqual(2)
    expect(sim.maxRequestsInWindow(60_000)).toBe(25)

    const viaAdmin = await http.get('/admin/max-requests-in-window', { params: { windowMs: 1000 } })
    expect(viaAdmin.data).toEqual({ windowMs: 1000, max: 15 })
    const pacedViaAdmin = await http.get('/admin/max-requests-in-window', { params: { windowMs: 100, path: '/api/v1/customers' } })
    expect(pacedViaAdmin.data.max).toBe(sim.maxRequestsInWindow(100, paced))
  })

  test('requests held by a hook or a delay count at the time they arrived, not when answered', async () => {
    sim.delayNext(1, 500)
    const held = http.get('/api/v1/stock', { params: { limit: 1 } })
    await pause(50)
    await http.get('/api/v1/stock', { params: { limit: 1 } })
    await held
    const [answeredFirst, answeredLast] = sim.requests()
    // Answered 450 ms apart, but they arrived within 100 ms of each other.
    expect(answeredLast.at).toBeLessThan(answeredFirst.at)
    expect(sim.maxRequestsInWindow(200)).toBe(2)
  })

  test('faulted requests are counted and can be told apart', async () => {
    sim.failNext(3, { status: 429, headers: { 'Retry-After': '1' } })
    await Promise.all(Array.from({ length: 5 }, () => http.get('/api/v1/customers', { params: { limit: 1 } })))
    expect(sim.maxRequestsInWindow(1000)).toBe(5)
    expect(sim.maxRequestsInWindow(1000, (e) => e.fault === null)).toBe(2)
    expect((await http.get('/admin/max-requests-in-window', { params: { windowMs: 1000, faulted: 'false' } })).data.max).toBe(2)
    expect((await http.get('/admin/max-requests-in-window', { params: { windowMs: 1000, faulted: 'true' } })).data.max).toBe(3)
    expect(sim.stats().requests.faulted).toBe(3)
    expect((await http.get('/admin/max-requests-in-window', { params: { windowMs: 0 } })).status).toBe(400)
    expect((await http.get('/admin/max-requests-in-window')).status).toBe(400)
  })
})
