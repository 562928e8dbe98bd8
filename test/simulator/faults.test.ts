import axios from 'axios'
import type { AxiosInstance } from 'axios'
import type { Simulator } from '../../src/simulator'
import { client, startTestSimulator, type ListBody } from './simulator.test-kit'

describe('simulator fault injection and request log', () => {
  let sim: Simulator
  let http: AxiosInstance
  beforeEach(async () => {
    sim = await startTestSimulator({ lines: 500, auth: { type: 'bearer', token: 'tok' } })
    http = client(sim, { Authorization: 'Bearer tok' })
  })
  afterEach(() => sim.close())

  test('failNext answers the next requests with the given status, headers and body, then recovers', async () => {
    sim.failNext(2, { status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'rate_limited' } } })
    for (let i = 0; i < 2; i++) {
      const res = await http.get('/api/v1/customers')
      expect(res.status).toBe(429)
      expect(res.headers['retry-after']).toBe('2')
      expect(res.data).toEqual({ error: { code: 'rate_limited' } })
    }
    expect((await http.get('/api/v1/customers')).status).toBe(200)
    expect(sim.requests().map((r) => r.status)).toEqual([429, 429, 200])
  })

  test('queued failures are served in order, a string body is sent as is, and failures come before auth', async () => {
    sim.failNext(1, { status: 503 })
    sim.failNext(1, { status: 500, body: '{"error": "half' })
    const unavailable = await client(sim).get('/api/v1/stock')
    expect(unavailable.status).toBe(503)
    expect(unavailable.data.error.code).toBe('injected_failure')
    const broken = await http.get('/api/v1/stock', { responseType: 'text' })
    expect(broken.status).toBe(500)
    expect(broken.data).toBe('{"error": "half')
    expect((await client(sim).get('/api/v1/stock')).status).toBe(401)
  })

  test('delayNext holds only the next requests', async () => {
    sim.delayNext(1, 1000)
    let started = performance.now()
    expect((await http.get('/api/v1/products')).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(990)
    // The second request is not held: a local answer takes milliseconds, far below the held second.
    started = performance.now()
    await http.get('/api/v1/products')
    expect(performance.now() - started).toBeLessThan(500)
  })

  test('truncateNext (malformed) sends a complete response whose JSON does not parse', async () => {
    sim.truncateNext(1)
    const cut = await http.get<string>('/api/v1/sales-orders', { responseType: 'text', transformResponse: (d) => d })
    expect(cut.status).toBe(200)
    expect(Number(cut.headers['content-length'])).toBe(Buffer.byteLength(cut.data))
    expect(() => JSON.parse(cut.data)).toThrow(SyntaxError)
    const whole = await http.get<string>('/api/v1/sales-orders', { responseType: 'text', transformResponse: (d) => d })
    expect(JSON.parse(whole.data).data).toHaveLength(100)
    expect(cut.data.length).toBeLessThan(whole.data.length)
  })

  test('truncateNext (abort) breaks the connection mid-body', async () => {
    sim.truncateNext(1, 'abort')
    await expect(http.get('/api/v1/sales-orders')).rejects.toThrow()
    expect((await http.get('/api/v1/sales-orders')).status).toBe(200)
  })

  test('onRequest hooks see each API request, can hold it, and can be removed', async () => {
    const seen: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const off = sim.onRequest(async (req) => {
      seen.push(`${req.method} ${req.path} ${JSON.stringify(req.query)}`)
      if (req.query.limit === '7') await held
    })
    let answered = false
    const pending = http.get('/api/v1/customers', { params: { limit: 7 } }).then((res) => {
      answered = true
      return res
    })
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(answered).toBe(false)
    // Data changed while the request is held is what the request then serves.
    const [changed] = sim.mutate('customers', 1)
    release()
    expect((await pending).status).toBe(200)
    expect(seen).toEqual(['GET /api/v1/customers {"limit":"7"}'])
    const all = await http.get<ListBody>('/api/v1/customers', { params: { limit: 1000 } })
    expect(all.data.data[all.data.data.length - 1].id).toBe(changed)
    off()
    await http.get('/api/v1/customers')
    expect(seen).toHaveLength(2)
  })

  test('a hook that throws makes that request fail with 500', async () => {
    sim.onRequest(() => {
      throw new Error('worker killed')
    })
    const res = await http.get('/api/v1/customers')
    expect(res.status).toBe(500)
    expect(res.data.error.message).toBe('worker killed')
  })

  test('the request log records method, path, query, status, record count, arrival time and fault; reset empties it', async () => {
    const started = Date.now()
    await http.get('/api/v1/sales-orders', { params: { limit: 17 } })
    await http.get('/api/v1/sales-orders', { params: { limit: 'x' } })
    await client(sim).get('/api/v1/stock')
    sim.failNext(1, { status: 503 })
    await http.get('/api/v1/health')
    await axios.get(`${sim.url}/admin/stats`)
    const entries = sim.requests()
    expect(entries.map(({ at: _at, ...rest }) => rest)).toEqual([
      { method: 'GET', path: '/api/v1/sales-orders', query: { limit: '17' }, status: 200, records: 17, fault: null },
      { method: 'GET', path: '/api/v1/sales-orders', query: { limit: 'x' }, status: 400, records: 0, fault: null },
      { method: 'GET', path: '/api/v1/stock', query: {}, status: 401, records: 0, fault: null },
      { method: 'GET', path: '/api/v1/health', query: {}, status: 503, records: 0, fault: 'fail-next' },
    ])
    // Arrival times are wall-clock milliseconds, finer than whole ms, and in the order the requests were made.
    const times = entries.map((e) => e.at)
    expect(times[0]).toBeGreaterThanOrEqual(started - 1)
    expect(times[3]).toBeLessThanOrEqual(Date.now() + 1)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times.some((t) => !Number.isInteger(t))).toBe(true)
    sim.resetRequests()
    expect(sim.requests()).toEqual([])
  })

  test('churn keeps changing records in the background until stopped', async () => {
    const latest = () => Math.max(...(['customers', 'sales-orders', 'stock', 'production-orders', 'products'] as const).map((e) => Date.parse(sim.records(e).at(-1)!.updated_at)))
    const before = latest()
    sim.churn(200)
    await new Promise((resolve) => setTimeout(resolve, 400))
    sim.churn(0)
    const afterStop = latest()
    expect(afterStop).toBeGreaterThan(before)
    expect(sim.stats().churnPerSecond).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(latest()).toBe(afterStop)
    expect(sim.lineCount()).toBe(500)
  })
})

describe('simulator admin over HTTP', () => {
  let sim: Simulator
  let admin: AxiosInstance
  beforeAll(async () => {
    sim = await startTestSimulator({ lines: 500, auth: { type: 'api-key', header: 'X-Key', value: 'k' } })
    admin = client(sim)
  })
  afterAll(() => sim.close())

  test('mutate, add and patch change the data like the in-process controls', async () => {
    const mutated = await admin.post('/admin/mutate', { entity: 'customers', count: 3 })
    expect(mutated.status).toBe(200)
    expect(sim.records('customers').slice(-3).map((c) => c.id)).toEqual(mutated.data.ids)

    const before = sim.counts()['production-orders']
    const added = await admin.post('/admin/add', { entity: 'production-orders', count: 2 })
    expect(added.data.ids).toHaveLength(2)
    expect(sim.counts()['production-orders']).toBe(before + 2)

    const id = sim.records('products')[0].id
    const patched = await admin.post('/admin/patch', { entity: 'products', id, patch: { list_price: 'free' } })
    expect(patched.data.record.list_price).toBe('free')
    expect(sim.record('products', id)!.list_price).toBe('free')
    expect((await admin.post('/admin/patch', { entity: 'products', id: 'PRD-99999', patch: {} })).status).toBe(404)
  })

  test('stats report counts, lines and request totals; reset-requests clears them', async () => {
    await client(sim, { 'X-Key': 'k' }).get('/api/v1/products', { params: { limit: 5 } })
    await client(sim).get('/api/v1/products')
    const stats = (await admin.get('/admin/stats')).data
    expect(stats.counts).toEqual(sim.counts())
    expect(stats.lines).toBe(500)
    expect(stats.seed).toBe(42)
    expect(stats.url).toBe(sim.url)
    expect(stats.requests).toEqual({ total: 2, records: 5, byStatus: { 200: 1, 401: 1 }, faulted: 0 })
    expect((await admin.post('/admin/reset-requests')).status).toBe(200)
    expect((await admin.get('/admin/stats')).data.requests.total).toBe(0)
  })

  test('faults and churn can be set from another process', async () => {
    expect((await admin.post('/admin/fail-next', { count: 1, status: 502, body: 'Bad Gateway', headers: { 'content-type': 'text/html' } })).status).toBe(200)
    const failed = await client(sim).get('/api/v1/stock', { responseType: 'text' })
    expect([failed.status, failed.data, failed.headers['content-type']]).toEqual([502, 'Bad Gateway', 'text/html'])
    expect((await admin.post('/admin/churn', { perSecond: 5 })).status).toBe(200)
    expect(sim.stats().churnPerSecond).toBe(5)
    await admin.post('/admin/churn', { perSecond: 0 })
    expect(sim.stats().churnPerSecond).toBe(0)
  })

  test('bad admin calls are refused with the reason', async () => {
    const badEntity = await admin.post('/admin/mutate', { entity: 'invoices', count: 1 })
    expect(badEntity.status).toBe(400)
    expect(badEntity.data.error.issues[0].path).toBe('entity')
    expect((await admin.post('/admin/mutate', 'not json', { headers: { 'content-type': 'application/json' } })).status).toBe(400)
    expect((await admin.get('/admin/mutate')).status).toBe(405)
    expect((await admin.get('/admin/nothing')).status).toBe(404)
  })
})
