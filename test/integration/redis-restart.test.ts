import { startSimulator, type Simulator } from '../../src/simulator'
import { requestSync } from '../../src/sync/request-sync'
import { connectSimulator, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'
import { PrivateRedis } from '../support/private-redis'
import { compareWithSource } from '../support/source-checksum'

describe('Redis restarting in the middle of a sync', () => {
  let redis: PrivateRedis
  let th: TestHub
  let sim: Simulator

  beforeAll(async () => {
    redis = await PrivateRedis.start()
    // One worker slot: when Redis dies, one run is in flight and the others wait in the lost queue.
    th = await startTestHub({ redisUrl: redis.url, worker: { concurrency: 1, attempts: 3, backoffMs: 50, lockMs: 2000, stalledCheckMs: 1000 } })
    sim = await startSimulator({ seed: 31, lines: 2000 })
  })
  afterAll(async () => {
    await th?.close().catch(() => undefined)
    await sim?.close()
    await redis?.kill()
  })

  test('loses nothing: every run finishes and the hub holds exactly the ERP\'s records', async () => {
    const conn = await connectSimulator(th, sim.url, { pageSize: 25 })
    // Each page takes a while, so the restart lands in the middle of the runs.
    const stop = sim.onRequest(() => new Promise((r) => setTimeout(r, 40)))
    await th.worker()
    const runs = await requestSync({ ...th.hub.connections, queue: th.hub.syncQueue }, th.tenantId, conn.id)
    const pages = () => th.hub.db.prisma.syncRun.aggregate({ where: { id: { in: runs.map((r) => r.id) } }, _sum: { pages: true } })
    const end = Date.now() + 20_000
    while (((await pages())._sum.pages ?? 0) < 4) {
      if (Date.now() > end) throw new Error('the sync never got going')
      await new Promise((r) => setTimeout(r, 20))
    }
    // SIGKILL and an empty Redis back on the same port: every queued job, lock and scheduler is gone.
    await redis.kill()
    const waitingAtKill = await th.hub.db.prisma.syncRun.findMany({ where: { id: { in: runs.map((r) => r.id) }, status: 'queued' } })
    await new Promise((r) => setTimeout(r, 500))
    await redis.start()
    const finished = await waitForRuns(th, runs.map((r) => r.id), 90_000)
    stop()
    expect(finished.map((r) => [r.entity, r.status])).toEqual(runs.map((r) => [r.entity, 'succeeded']))
    // Runs that were only in the lost queue when Redis died ran all the same: queued again from Postgres.
    expect(waitingAtKill.length).toBeGreaterThan(0)
    for (const w of waitingAtKill) expect(finished.find((r) => r.id === w.id)!.status).toBe('succeeded')
    for (const [entity, simEntity] of [['customer', 'customers'], ['product', 'products'], ['sales-order', 'sales-orders'], ['inventory-position', 'stock'], ['production-order', 'production-orders']]) {
      const { hub, source } = await compareWithSource(th, conn.id, entity, sim.records(simEntity as never) as Array<{ id: string }>)
      expect({ entity, ...hub }).toEqual({ entity, ...source })
    }
    expect(await th.hub.db.prisma.salesOrderLine.count({ where: { order: { connectionId: conn.id } } })).toBe(sim.lineCount())
  }, 120_000)
})
