import { createConnection } from '../../src/connections/connection.service'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { startSimulator, type Simulator } from '../../src/simulator'
import { requestSync } from '../../src/sync/request-sync'
import { connectSimulator, startTestHub, syncNow, waitForRuns, type TestHub } from '../support/hub.harness'

const none = { customer: null, product: null, 'sales-order': null, 'inventory-position': null, 'production-order': null }

describe('sync jobs: schedules, retries and a lost queue', () => {
  let th: TestHub
  let sim: Simulator
  const TOKEN = 'erp-token-123'

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 21, lines: 600, auth: { type: 'bearer', token: TOKEN } })
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('runs queued before Redis lost them, and every schedule, are rebuilt from PostgreSQL when a worker starts', async () => {
    const conn = await createConnection(th.hub.connections, th.tenantId, { name: 'lost-queue', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: TOKEN }), schedule: { everySeconds: 3600 } })
    const runs = await requestSync({ ...th.hub.connections, queue: th.hub.syncQueue }, th.tenantId, conn.id, ['customer', 'product'])
    await th.hub.syncQueue.queue.obliterate({ force: true }) // Redis loses everything
    expect(await th.hub.syncQueue.schedulers(conn.id)).toEqual([])

    await th.worker()
    const done = await waitForRuns(th, runs.map((r) => r.id))
    expect(done.map((r) => r.status)).toEqual(['succeeded', 'succeeded'])
    expect(await th.hub.db.prisma.customer.count({ where: { connectionId: conn.id } })).toBe(sim.counts().customers)
    expect((await th.hub.syncQueue.schedulers(conn.id)).map((s) => s.id.split('.')[1]).sort()).toEqual(['customer', 'inventory-position', 'product', 'production-order', 'sales-order'])
  })

  test('a scheduler per connection × entity syncs at the interval of the connection\'s schedule', async () => {
    const conn = await createConnection(th.hub.connections, th.tenantId, { name: 'scheduled', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: TOKEN }), schedule: { entities: { ...none, product: 5 } } })
    expect((await th.hub.syncQueue.schedulers(conn.id)).map((s) => [s.id.split('.')[1], s.every])).toEqual([['product', 5000]])
    const deadline = Date.now() + 15_000
    let runs: Array<{ entity: string; trigger: string; status: string }> = []
    while (Date.now() < deadline && !runs.some((r) => r.status === 'succeeded')) {
      await new Promise((r) => setTimeout(r, 200))
      runs = await th.hub.db.prisma.syncRun.findMany({ where: { connectionId: conn.id } })
    }
    expect(runs.find((r) => r.status === 'succeeded')).toMatchObject({ entity: 'product', trigger: 'schedule' })
    expect(runs.every((r) => r.entity === 'product')).toBe(true)
    expect(await th.hub.db.prisma.product.count({ where: { connectionId: conn.id } })).toBe(sim.counts().products)
  }, 25_000)

  test('a few transient ERP errors are retried per request: the run succeeds at its first attempt', async () => {
    const conn = await connectSimulator(th, sim.url, { token: TOKEN })
    sim.failNext(2, { status: 503, body: { error: 'maintenance' } })
    const [run] = await syncNow(th, conn.id, ['production-order'])
    expect(run.status).toBe('succeeded')
    expect(run.attempts).toBe(1)
    expect(run.error).toBeNull()
    expect(await th.hub.db.prisma.productionOrder.count({ where: { connectionId: conn.id } })).toBe(sim.counts()['production-orders'])
  })

  test('more failures in a row than a request retries make the run retry with backoff until it succeeds', async () => {
    const conn = await connectSimulator(th, sim.url, { token: TOKEN })
    // Five tries per request: the sixth call is the run's second attempt.
    sim.failNext(5, { status: 503, body: { error: 'maintenance' } })
    const [run] = await syncNow(th, conn.id, ['production-order'])
    expect(run.status).toBe('succeeded')
    expect(run.attempts).toBe(2)
    expect(run.error).toMatchObject({ code: 'transient', attempt: 1 })
    expect(await th.hub.db.prisma.productionOrder.count({ where: { connectionId: conn.id } })).toBe(sim.counts()['production-orders'])
  })

  test('a 429 is retried no earlier than its Retry-After', async () => {
    const conn = await connectSimulator(th, sim.url, { token: TOKEN })
    const at: number[] = []
    const stop = sim.onRequest((req) => {
      if (req.path.endsWith('/stock')) at.push(Date.now())
    })
    sim.failNext(1, { status: 429, headers: { 'Retry-After': '1' }, body: { error: 'slow down' } })
    const [run] = await syncNow(th, conn.id, ['inventory-position'])
    stop()
    expect(run.status).toBe('succeeded')
    // Retried within the request, after the connection's budget paused for the Retry-After.
    expect(run.attempts).toBe(1)
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(1000)
  })

  test('an authentication failure is not retried: the run fails at once and says why', async () => {
    const conn = await connectSimulator(th, sim.url, { token: 'wrong-token' })
    const [run] = await syncNow(th, conn.id, ['customer'])
    expect(run.status).toBe('failed')
    expect(run.attempts).toBe(1)
    expect(run.error).toMatchObject({ code: 'connector_auth', retryable: false })
    expect(JSON.stringify(run.error)).not.toContain('wrong-token')
  })

  test('every Redis key of the queue carries the hash tag, so the queue lives in one Redis Cluster slot', async () => {
    const prefix = th.config.queuePrefix
    expect(prefix).toMatch(/^\{[^{}]+\}$/)
    const keys = await th.hub.redis.keys(`${prefix}:*`)
    expect(keys.length).toBeGreaterThan(0)
    // Cluster hashes only the part between the first { and the next }: the same for every key.
    expect(new Set(keys.map((k) => k.slice(k.indexOf('{') + 1, k.indexOf('}'))))).toEqual(new Set([prefix.slice(1, -1)]))
  })

  test('a sync requested while the same entity is syncing waits its turn instead of failing or overlapping', async () => {
    const conn = await connectSimulator(th, sim.url, { token: TOKEN, pageSize: 20 })
    await th.worker()
    const queue = { ...th.hub.connections, queue: th.hub.syncQueue }
    const [first] = await requestSync(queue, th.tenantId, conn.id, ['sales-order'])
    const [second] = await requestSync(queue, th.tenantId, conn.id, ['sales-order'])
    const [a, b] = await waitForRuns(th, [first.id, second.id])
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded'])
    // One found the other running, waited (its last error says so) and finished after it.
    const waited = [a, b].find((r) => (r.error as { code?: string } | null)?.code === 'conflict')
    const other = waited === a ? b : a
    expect(waited).toBeDefined()
    expect(waited!.finishedAt!.getTime()).toBeGreaterThanOrEqual(other.finishedAt!.getTime())
    expect(a.inserted + b.inserted).toBe(sim.counts()['sales-orders'])
  })
})
