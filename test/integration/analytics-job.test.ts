import { randomUUID } from 'node:crypto'
import { createConnection } from '../../src/connections/connection.service'
import { ANALYTICS_JOB, ANALYTICS_SCHEDULER } from '../../src/jobs/sync.job'
import { startTestHub, type TestHub } from '../support/hub.harness'
import { until } from '../support/until'

/**
 * The scheduled CRM analytics: a worker registers the hub-wide scheduler, and one run recomputes a
 * tenant's RFM scores and segments and mines its association rules from the orders of its golden customers.
 */
describe('the scheduled CRM analytics job', () => {
  let th: TestHub

  beforeAll(async () => {
    th = await startTestHub()
    const conn = await createConnection(th.hub.connections, th.tenantId, { name: 'erp', kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    const q = (sql: string, params: unknown[]) => th.hub.db.pool.query(sql, params)
    // 40 customers with 5 orders each: every other order holds the drill with its battery, the rest one accessory.
    const accessories = ['GLV-1', 'BIT-30', 'CASE-1', 'BLD-24', 'CHG-1']
    for (let i = 0; i < 40; i++) {
      const customer = randomUUID()
      const golden = randomUUID()
      await q(`INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'h', 1)`, [customer, th.tenantId, conn.id, `K-${i}`, `Customer ${i}`])
      await q(`INSERT INTO "golden_customer" ("id", "tenant_id", "name", "lineage", "members") VALUES ($1, $2, $3, '{}', 1)`, [golden, th.tenantId, `Customer ${i}`])
      await q(`INSERT INTO "customer_identity" ("customer_id", "tenant_id", "golden_id", "linked_by") VALUES ($1, $2, $3, 'matcher')`, [customer, th.tenantId, golden])
      for (let k = 0; k < 5; k++) {
        const order = randomUUID()
        await q(
          `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "customer_external_id", "status", "ordered_at", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'closed', now() - make_interval(days => $6), 100, 'h', 1)`,
          [order, th.tenantId, conn.id, `SO-${i}-${k}`, `K-${i}`, 5 + i + k * 30],
        )
        const skus = (i + k) % 2 === 0 ? ['DRL-B', 'BAT-5'] : [accessories[(i + k) % accessories.length]]
        for (const [n, sku] of skus.entries()) await q(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, $3, $4, 1, 50)`, [th.tenantId, order, n + 1, sku])
      }
    }
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
  })

  test('a worker schedules it hub-wide; a run scores every ordering golden customer, fills the RFM segments and mines the planted pair', async () => {
    expect((await th.hub.syncQueue.schedulers()).map((s) => s.id)).toContain(ANALYTICS_SCHEDULER)
    const job = await th.hub.syncQueue.queue.add(ANALYTICS_JOB, { tenantId: th.tenantId })
    await until(async () => ((await job.getState()) === 'completed' ? true : null), 30_000, 'the analytics job to complete')
    const rfm = await th.hub.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "customer_rfm" WHERE "tenant_id" = $1`, [th.tenantId])
    expect(rfm.rows[0].n).toBe(40)
    const members = await th.hub.db.pool.query<{ n: number }>(`SELECT coalesce(sum("members"), 0)::int AS n FROM "segment" WHERE "tenant_id" = $1 AND "kind" = 'rfm'`, [th.tenantId])
    expect(members.rows[0].n).toBe(40)
    const rules = await th.hub.db.pool.query<{ antecedent: string[]; consequent: string }>(`SELECT "antecedent", "consequent" FROM "association_rule" WHERE "tenant_id" = $1 ORDER BY "lift" DESC, "id" LIMIT 2`, [th.tenantId])
    expect(rules.rows.map((r) => [...r.antecedent, r.consequent].sort())).toEqual([
      ['BAT-5', 'DRL-B'],
      ['BAT-5', 'DRL-B'],
    ])
  })
})
