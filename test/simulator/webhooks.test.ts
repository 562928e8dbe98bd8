import type { AxiosInstance } from 'axios'
import { ValidationError } from '../../src/errors/hub-error'
import { describeSimulator, ENTITY_NAMES, type Simulator } from '../../src/simulator'
import { client, startTestSimulator, type ListBody } from './simulator.test-kit'
import { startReceiver, verifyHmac, verifyTimestamped, type ReceivedWebhook, type Respond, type WebhookReceiver } from './webhook.receiver'

const SECRET = 'whsec_test_0123456789'

describe('simulator webhooks', () => {
  let sim: Simulator
  let http: AxiosInstance
  let receiver: WebhookReceiver
  const opened: WebhookReceiver[] = []
  const receive = async (respond?: Respond) => {
    receiver = await startReceiver(respond)
    opened.push(receiver)
    return receiver
  }
  beforeEach(async () => {
    sim = await startTestSimulator({ lines: 500, seed: 8 })
    http = client(sim)
  })
  afterEach(async () => {
    await sim.close()
    await Promise.all(opened.splice(0).map((r) => r.close()))
  })

  const ids = (hooks: ReceivedWebhook[]) => hooks.map((h) => h.body.id)
  const seqs = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `evt_${from + i}`)

  test('hmac scheme: one compact, signed event per change, whose data is the record as the list serves it', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', concurrency: 1 })
    const mutated = sim.mutate('customers', 2)
    const product = sim.records('products')[0]
    sim.patch('products', product.id, { list_price: '12.50' })
    const added = sim.add('sales-orders', 2)
    await sim.flushWebhooks()

    expect(ids(receiver.received)).toEqual(seqs(5))
    expect(receiver.received.map((h) => [h.body.type, h.body.entity, h.body.data.id])).toEqual([
      ['customers.updated', 'customers', mutated[0]],
      ['customers.updated', 'customers', mutated[1]],
      ['products.updated', 'products', product.id],
      ['sales-orders.created', 'sales-orders', added[0]],
      ['sales-orders.created', 'sales-orders', added[1]],
    ])
    for (const hook of receiver.received) {
      expect(hook.headers['content-type']).toBe('application/json')
      expect(hook.headers['x-erp-event-id']).toBe(hook.body.id)
      expect(verifyHmac(SECRET, hook.raw, hook.headers['x-erp-hmac-sha256'])).toBe(true)
      expect(verifyHmac('another secret', hook.raw, hook.headers['x-erp-hmac-sha256'])).toBe(false)
      expect(hook.headers['x-erp-signature']).toBeUndefined()
      // Compact JSON with the fields in this order, and occurredAt is the record's updated_at.
      expect(hook.raw).toBe(JSON.stringify(hook.body))
      expect(Object.keys(hook.body)).toEqual(['id', 'type', 'entity', 'occurredAt', 'data'])
      expect(hook.body.occurredAt).toBe(hook.body.data.updated_at)
      // Byte for byte what the list API serves for that record.
      const listed = await http.get<string>(`/api/v1/${hook.body.entity}`, { params: { updated_since: hook.body.occurredAt, limit: 1 }, responseType: 'text', transformResponse: (d) => d })
      expect(listed.data.startsWith(`{"data":[${JSON.stringify(hook.body.data)}]`)).toBe(true)
      expect(hook.raw.endsWith(`"data":${JSON.stringify(hook.body.data)}}`)).toBe(true)
    }
    expect(sim.webhookStats()).toEqual({
      enabled: true,
      url: receiver.url,
      scheme: 'hmac',
      produced: 5,
      sent: 5,
      delivered: 5,
      duplicatesSent: 0,
      failed: 0,
      pending: 0,
      deliveredIds: seqs(5),
    })
  })

  test('timestamped scheme: t=<unix seconds>,v1=<hex HMAC of "t.body">', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'timestamped' })
    sim.mutate('stock', 3)
    await sim.flushWebhooks()
    expect(receiver.received).toHaveLength(3)
    for (const hook of receiver.received) {
      expect(hook.headers['x-erp-hmac-sha256']).toBeUndefined()
      const t = verifyTimestamped(SECRET, hook.raw, hook.headers['x-erp-signature'])
      expect(t).not.toBeNull()
      expect(Math.abs(t! - Date.now() / 1000)).toBeLessThan(60)
      expect(verifyTimestamped('wrong', hook.raw, hook.headers['x-erp-signature'])).toBeNull()
      // The signature covers the body: the same header does not verify a changed one.
      expect(verifyTimestamped(SECRET, hook.raw.replace('"stock.updated"', '"stock.created"'), hook.headers['x-erp-signature'])).toBeNull()
    }
  })

  test('every kind of change to every entity produces exactly one event (mutate, patch, add, churn, commitLate)', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', concurrency: 1 })
    const expected: string[] = []
    for (const entity of ENTITY_NAMES) {
      for (const id of sim.mutate(entity, 2)) expected.push(`${entity}.updated ${id}`)
      const first = sim.records(entity)[0]
      sim.patch(entity, first.id, {})
      expected.push(`${entity}.updated ${first.id}`)
      for (const id of sim.add(entity, 1)) expected.push(`${entity}.created ${id}`)
      for (const id of sim.commitLate(entity, 1, 5000)) expected.push(`${entity}.updated ${id}`)
    }
    await sim.flushWebhooks()
    expect(receiver.received.map((h) => `${h.body.type} ${h.body.data.id}`)).toEqual(expected)

    // Churn: with one POST at a time and no reordering, applying the events in arrival order
    // leaves the receiver holding exactly the simulator's current records.
    sim.churn(300)
    await new Promise((resolve) => setTimeout(resolve, 300))
    sim.churn(0)
    await sim.flushWebhooks()
    const churned = receiver.received.slice(expected.length)
    expect(churned.length).toBeGreaterThan(20)
    const latest = new Map(churned.map((h) => [`${h.body.entity} ${h.body.data.id}`, h.body]))
    for (const body of latest.values()) expect(body.data).toEqual(sim.record(body.entity as (typeof ENTITY_NAMES)[number], body.data.id))
    expect(sim.webhookStats().produced).toBe(receiver.received.length)
  })

  test('a late commit is announced with its back-dated updated_at as occurredAt', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac' })
    const before = Date.parse(sim.stats().now)
    const [id] = sim.commitLate('production-orders', 1, 60_000)
    await sim.flushWebhooks()
    const [hook] = receiver.received
    expect(hook.body.data.id).toBe(id)
    expect(hook.body.occurredAt).toBe(sim.record('production-orders', id)!.updated_at)
    expect(Date.parse(hook.body.occurredAt)).toBeLessThan(before - 50_000)
  })

  test('duplicates are byte-identical copies (same id, same signature) and the set of events is unchanged', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'timestamped', duplicateRate: 0.5, seed: 3 })
    sim.mutate('sales-orders', 40)
    await sim.flushWebhooks()
    const stats = sim.webhookStats()
    expect(stats.produced).toBe(40)
    expect(stats.delivered).toBe(40)
    expect(stats.duplicatesSent).toBeGreaterThanOrEqual(8)
    expect(stats.duplicatesSent).toBeLessThanOrEqual(32)
    expect(receiver.received).toHaveLength(40 + stats.duplicatesSent)
    expect(new Set(ids(receiver.received))).toEqual(new Set(seqs(40)))

    const byId = new Map<string, ReceivedWebhook[]>()
    for (const hook of receiver.received) byId.set(hook.body.id, [...(byId.get(hook.body.id) ?? []), hook])
    const repeated = [...byId.values()].filter((copies) => copies.length > 1)
    expect(repeated).toHaveLength(stats.duplicatesSent)
    for (const [original, copy, ...more] of repeated) {
      expect(more).toEqual([])
      expect(copy.raw).toBe(original.raw)
      expect(copy.headers['x-erp-event-id']).toBe(original.headers['x-erp-event-id'])
      expect(copy.headers['x-erp-signature']).toBe(original.headers['x-erp-signature'])
      expect(verifyTimestamped(SECRET, copy.raw, copy.headers['x-erp-signature'])).not.toBeNull()
    }
  })

  test('reorderWindow shuffles events within groups of that size but delivers the same set; the seed makes it repeatable', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', concurrency: 1, reorderWindow: 5, seed: 11 })
    sim.mutate('stock', 20)
    await sim.flushWebhooks()
    const order = ids(receiver.received)
    expect(order).not.toEqual(seqs(20))
    expect([...order].sort()).toEqual([...seqs(20)].sort())
    // Each group of five is sent together, shuffled only among itself.
    for (let group = 0; group < 4; group++) expect(new Set(order.slice(group * 5, group * 5 + 5))).toEqual(new Set(seqs(5, group * 5 + 1)))
    expect(sim.webhookStats().deliveredIds).toEqual(order)

    // Another simulator with the same seeds shuffles the same way.
    const twin = await startTestSimulator({ lines: 500, seed: 8 })
    const twinReceiver = await startReceiver()
    try {
      twin.webhooks({ url: twinReceiver.url, secret: SECRET, scheme: 'hmac', concurrency: 1, reorderWindow: 5, seed: 11 })
      twin.mutate('stock', 20)
      await twin.flushWebhooks()
      expect(ids(twinReceiver.received)).toEqual(order)
    } finally {
      await twin.close()
      await twinReceiver.close()
    }
  })

  test('without reordering, one POST at a time arrives in change order', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', concurrency: 1 })
    sim.mutate('customers', 15)
    await sim.flushWebhooks()
    expect(ids(receiver.received)).toEqual(seqs(15))
  })

  test('flushWebhooks sends a partly filled reorder group at once', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', reorderWindow: 50 })
    sim.mutate('products', 3)
    const started = performance.now()
    await sim.flushWebhooks()
    expect(performance.now() - started).toBeLessThan(1000)
    expect(new Set(ids(receiver.received))).toEqual(new Set(seqs(3)))
  })

  test('flushWebhooks waits for the events produced so far, not for those churn keeps making', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', duplicateRate: 0.3 })
    sim.churn(500)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const producedBefore = sim.webhookStats().produced
    await sim.flushWebhooks()
    sim.churn(0)
    const delivered = new Set(sim.webhookStats().deliveredIds)
    expect(producedBefore).toBeGreaterThan(10)
    for (const id of seqs(producedBefore)) expect(delivered.has(id)).toBe(true)
    await sim.flushWebhooks()
    expect(sim.webhookStats()).toMatchObject({ pending: 0, failed: 0, delivered: sim.webhookStats().produced })
  })

  test('a failed POST is retried with backoff until acknowledged', async () => {
    // Every event is refused twice (503, then 500) and accepted the third time.
    await receive((_hook, attempt) => (attempt === 1 ? 503 : attempt === 2 ? 500 : 200))
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac' })
    sim.mutate('customers', 6)
    await sim.flushWebhooks()
    const stats = sim.webhookStats()
    expect([stats.produced, stats.sent, stats.delivered, stats.failed, stats.pending]).toEqual([6, 18, 6, 0, 0])
    expect(new Set(ids(receiver.acknowledged))).toEqual(new Set(seqs(6)))
    // A retry is the same request again.
    for (const id of seqs(6)) expect(new Set(receiver.received.filter((h) => h.body.id === id).map((h) => h.raw + h.headers['x-erp-hmac-sha256'])).size).toBe(1)
  })

  test('an event is given up after its retries; a receiver that is down fails everything, and flush still returns', async () => {
    await receive(() => 500)
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', retries: 2 })
    sim.mutate('customers', 4)
    await sim.flushWebhooks()
    expect(sim.webhookStats()).toMatchObject({ produced: 4, sent: 12, delivered: 0, failed: 4, pending: 0, deliveredIds: [] })
    expect(receiver.received).toHaveLength(12)

    const down = await startReceiver()
    const downUrl = down.url
    await down.close()
    sim.webhooks({ url: downUrl, secret: SECRET, scheme: 'hmac', retries: 1 })
    sim.mutate('customers', 2)
    await sim.flushWebhooks()
    expect(sim.webhookStats()).toMatchObject({ produced: 6, delivered: 0, failed: 6, pending: 0 })
  })

  test('webhooks(null) stops making events; those already made are still delivered', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac', reorderWindow: 10 })
    sim.mutate('stock', 4)
    sim.webhooks(null)
    sim.mutate('stock', 4)
    await sim.flushWebhooks()
    expect(new Set(ids(receiver.received))).toEqual(new Set(seqs(4)))
    expect(sim.webhookStats()).toMatchObject({ enabled: false, url: null, produced: 4, delivered: 4 })
  })

  test('closing the simulator stops the emitter cleanly, even with POSTs unanswered', async () => {
    await receive(() => 'hold')
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac' })
    sim.mutate('customers', 10)
    // Four POSTs (the default concurrency) reach the receiver and are never answered.
    for (let waited = 0; receiver.received.length < 4 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(receiver.received.length).toBe(4)
    const flushed = sim.flushWebhooks()
    const started = performance.now()
    await sim.close()
    await flushed
    expect(performance.now() - started).toBeLessThan(1000)
    expect(sim.webhookStats()).toMatchObject({ produced: 10, delivered: 0, pending: 0 })
    expect(() => sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac' })).toThrow(/closed/)
  })

  test('bad settings are refused with the reason', () => {
    expect(() => sim.webhooks({ url: 'ftp://example.com/hooks', secret: SECRET, scheme: 'hmac' })).toThrow(ValidationError)
    expect(() => sim.webhooks({ url: 'http://127.0.0.1:1/x', secret: '', scheme: 'hmac' })).toThrow(/secret/)
    expect(() => sim.webhooks({ url: 'http://127.0.0.1:1/x', secret: SECRET, scheme: 'hmac', duplicateRate: 2 })).toThrow(/duplicateRate/)
    expect(() => sim.webhooks({ url: 'http://127.0.0.1:1/x', secret: SECRET, scheme: 'rsa' as 'hmac' })).toThrow(/scheme/)
    expect(sim.webhookStats().enabled).toBe(false)
  })

  test('the admin routes configure, report and flush webhooks from another process, never showing the secret', async () => {
    await receive()
    const on = await http.post('/admin/webhooks', { url: receiver.url, secret: SECRET, scheme: 'timestamped', concurrency: 2 })
    expect(on.status).toBe(200)
    expect(on.data.webhooks).toMatchObject({ enabled: true, url: receiver.url, scheme: 'timestamped' })
    await http.post('/admin/mutate', { entity: 'production-orders', count: 3 })
    const flushed = await http.post('/admin/flush-webhooks')
    expect(flushed.data).toMatchObject({ produced: 3, delivered: 3, pending: 0 })
    expect((await http.get('/admin/webhook-stats')).data.deliveredIds).toHaveLength(3)
    const stats = await http.get('/admin/stats')
    expect(stats.data.webhooks).toMatchObject({ produced: 3, delivered: 3 })
    expect(JSON.stringify(stats.data)).not.toContain(SECRET)
    expect(describeSimulator(sim)).toContain(`webhooks → ${receiver.url} (timestamped)`)
    expect(describeSimulator(sim)).not.toContain(SECRET)

    expect((await http.post('/admin/webhooks', { url: receiver.url, scheme: 'hmac' })).status).toBe(400)
    expect((await http.post('/admin/webhooks', 'null', { headers: { 'content-type': 'application/json' } })).data.webhooks.enabled).toBe(false)
    await http.post('/admin/mutate', { entity: 'production-orders', count: 3 })
    expect((await http.post('/admin/flush-webhooks')).data.produced).toBe(3)
  })

  test('a receiver URL with credentials in it is shown masked', () => {
    sim.webhooks({ url: 'http://hub:s3cr3t@127.0.0.1:9/hooks', secret: SECRET, scheme: 'hmac' })
    expect(sim.webhookStats().url).toBe('http://***@127.0.0.1:9/hooks')
    sim.webhooks(null)
  })

  test('the list API is unaffected by webhooks: a page still serves the changed record', async () => {
    await receive()
    sim.webhooks({ url: receiver.url, secret: SECRET, scheme: 'hmac' })
    const [id] = sim.mutate('customers', 1)
    await sim.flushWebhooks()
    const page = await http.get<ListBody>('/api/v1/customers', { params: { updated_since: sim.record('customers', id)!.updated_at } })
    expect(page.data.data.map((c) => c.id)).toEqual([id])
    expect(receiver.received[0].body.data).toEqual(page.data.data[0])
  })
})
