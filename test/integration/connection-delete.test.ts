import { startSimulator, type Simulator } from '../../src/simulator'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { ANALYTICS_SCHEDULER } from '../../src/jobs/sync.job'

describe('deleting a connection while its syncs are running', () => {
  let th: TestHub
  let sim: Simulator
  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 5, lines: 3000 })
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('succeeds every time and leaves no row of the connection behind', async () => {
    const api = await th.api()
    await th.worker()
    const admin = api.as(await createKey(th, 'admin'))
    const deleted: string[] = []
    for (let i = 0; i < 4; i++) {
      const created = await admin.post('/v1/connections', { name: `doomed-${i}`, kind: 'rest', config: simulatorConnectionConfig(sim.url, { pageSize: 50 }), schedule: { everySeconds: 3600 } })
      expect(created.status).toBe(201)
      // The delete lands in the middle of the syncs.
      expect((await admin.post(`/v1/connections/${created.data.id}/sync`)).status).toBe(202)
      await new Promise((r) => setTimeout(r, 150 + i * 60))
      const res = await admin.delete(`/v1/connections/${created.data.id}`)
      expect([i, res.status]).toEqual([i, 204])
      deleted.push(created.data.id)
    }
    // Let in-flight pages fail against the missing connection, then look for leftovers.
    await new Promise((r) => setTimeout(r, 1000))
    for (const table of ['source_record', 'customer', 'product', 'sales_order', 'inventory_position', 'production_order', 'sync_cursor', 'sync_run', 'quarantine']) {
      const left = await th.hub.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "connection_id" = ANY($1::uuid[])`, [deleted])
      expect([table, left.rows[0].n]).toEqual([table, 0])
    }
    // No scheduler of the connection is left (the hub-wide analytics scheduler belongs to no connection).
    expect((await th.hub.syncQueue.schedulers()).filter((s) => s.id !== ANALYTICS_SCHEDULER)).toEqual([])
  }, 30_000)
})
