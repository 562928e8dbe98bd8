import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { connectorRegistry } from '../../connectors'
import type { JsonObject } from '../../src/connector-sdk'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createConnection } from '../../src/connections/connection.service'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { until } from '../support/until'
import { writeOnlyConnector } from '../support/write-only-erp'

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/** An ERP that creates an opportunity on every write call, whatever the key: only the hub keeps it to one per target. */
class OpportunityErp {
  records: Array<{ key: string; record: JsonObject }> = []
}

function opportunityConnector(erp: OpportunityErp) {
  return writeOnlyConnector('crm-erp', { opportunity: 'id' }, {
    async write(_entity, records, idempotencyKey) {
      erp.records.push({ key: idempotencyKey, record: records[0] })
      return [{ status: 'created', externalId: `OPP-${erp.records.length}` }]
    },
    async lookup(_entity, idempotencyKey) {
      const i = erp.records.findIndex((r) => r.key === idempotencyKey)
      return i < 0 ? null : { externalId: `OPP-${i + 1}` }
    },
  })
}

/**
 * A direct-mail campaign end to end on 60 golden customers (worked out by hand below): the funnel's
 * counts per stage, the control group, the stock check against ATP (short, then feasible), a launch
 * that reaches the ERP once however often it is asked for, the campaign's hold on ATP, and results
 * with uplift against the control group.
 */
describe('direct-mail campaigns', () => {
  const erp = new OpportunityErp()
  let th: TestHub
  let marketer: AxiosInstance
  let erpConn: ConnectionView
  let stockConn: ConnectionView
  const golden: string[] = []
  let campaignId: string

  const q = (sql: string, params: unknown[]) => th.hub.db.pool.query(sql, params)

  beforeAll(async () => {
    th = await startTestHub({}, { registry: new Map([...connectorRegistry, ['crm-erp', opportunityConnector(erp)]]) })
    erpConn = await createConnection(th.hub.connections, th.tenantId, { name: 'crm-erp', kind: 'crm-erp', config: {} })
    stockConn = await createConnection(th.hub.connections, th.tenantId, { name: 'warehouse', kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    marketer = (await th.api()).as(await createKey(th, 'marketer'))
    // 60 customers, each its own golden: i < 50 in DE, the rest in AT; i % 3 ≠ 0 bought Tools 10 days ago, the others Garden.
    for (let i = 0; i < 60; i++) {
      const customer = randomUUID()
      const g = randomUUID()
      golden.push(g)
      const country = i < 50 ? 'DE' : 'AT'
      await q(`INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "country", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, $6, 'h', 1)`, [customer, th.tenantId, erpConn.id, `K-${i}`, `Customer ${i}`, country])
      await q(`INSERT INTO "golden_customer" ("id", "tenant_id", "name", "country", "lineage", "members") VALUES ($1, $2, $3, $4, '{}', 1)`, [g, th.tenantId, `Customer ${i}`, country])
      await q(`INSERT INTO "customer_identity" ("customer_id", "tenant_id", "golden_id", "linked_by") VALUES ($1, $2, $3, 'matcher')`, [customer, th.tenantId, g])
      const order = randomUUID()
      await q(
        `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "customer_external_id", "status", "ordered_at", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'closed', now() - interval '10 days', $6, 'h', 1)`,
        [order, th.tenantId, erpConn.id, `SO-${i}`, `K-${i}`, 100 + i],
      )
      await q(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, 1, $3, 1, $4)`, [th.tenantId, order, i % 3 === 0 ? 'RAKE-1' : 'SAW-1', 100 + i])
    }
    await q(`INSERT INTO "product" ("tenant_id", "connection_id", "external_id", "sku", "name", "category", "content_hash", "mapping_version") VALUES ($1, $2, 'P1', 'SAW-1', 'Saw', 'Tools', 'h', 1), ($1, $2, 'P2', 'RAKE-1', 'Rake', 'Garden', 'h', 1)`, [th.tenantId, erpConn.id])
    // Stock of the offered drill: 10 on hand; production of 5 lands on day 20.
    await q(`INSERT INTO "inventory_position" ("tenant_id", "connection_id", "external_id", "sku", "location", "on_hand", "reserved", "as_of", "content_hash", "mapping_version") VALUES ($1, $2, 'DRL-1', 'DRL-1', 'WH', 10, 0, now(), 'h', 1)`, [th.tenantId, stockConn.id])
    await q(`INSERT INTO "production_order" ("tenant_id", "connection_id", "external_id", "sku", "quantity", "location", "planned_end", "status", "content_hash", "mapping_version") VALUES ($1, $2, 'MO-1', 'DRL-1', 5, 'WH', $3::date, 'firm', 'h', 1)`, [th.tenantId, stockConn.id, day(20)])
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
  })

  const selection = {
    eligibility: [{ field: 'country', op: 'eq', value: 'DE' }],
    behaviour: [{ orders: { categories: ['Tools'], withinDays: 90 } }],
    ranking: 'monetary',
  }

  test('the funnel counts each stage; the selection is cut to the budget and a seeded control group is held out', async () => {
    // 60 → DE: 50 → bought Tools (i % 3 ≠ 0 among 0..49: 50 − 17): 33 → no exclusions: 33 → cut: 30 → control 20 % of 30 = 6, mailed 24.
    const preview = await marketer.post('/v1/campaigns/funnel', { selection, maxTargets: 30 })
    expect(preview.status).toBe(200)
    expect(preview.data.stages.map((s: { stage: string; kept: number }) => [s.stage, s.kept])).toEqual([
      ['customers', 60],
      ['eligibility', 50],
      ['behaviour', 33],
      ['exclusions', 33],
      ['ranking and cut', 30],
    ])
    const created = await marketer.post('/v1/campaigns', {
      name: 'Winter drills',
      mailDate: day(0),
      promiseDate: day(10),
      responseWindowDays: 30,
      controlShare: 0.2,
      maxTargets: 30,
      offers: [{ sku: 'DRL-1', responseRate: 0.5, quantityPerResponse: '1' }],
      selection,
    })
    expect(created.status).toBe(201)
    campaignId = created.data.id
    expect(created.data.funnel.stages.map((s: { stage: string; in: number; out: number }) => [s.stage, s.in, s.out])).toEqual([
      ['customers', 60, 0],
      ['eligibility', 60, 10],
      ['behaviour', 50, 17],
      ['exclusions', 33, 0],
      ['ranking and cut', 33, 3],
      ['control group', 30, 6],
    ])
    expect(created.data.targets).toEqual({ treated: 24, control: 6 })
    // Ranked by revenue (100 + i): the three cut are the smallest spenders among the selected (i = 1, 2, 4).
    const { rows } = await th.hub.db.pool.query<{ golden_id: string }>(`SELECT "golden_id" FROM "campaign_target" WHERE "campaign_id" = $1`, [campaignId])
    const chosen = new Set(rows.map((r) => r.golden_id))
    expect([1, 2, 4].map((i) => chosen.has(golden[i]))).toEqual([false, false, false])
    expect([5, 49].map((i) => chosen.has(golden[i]))).toEqual([true, true])
    // Selecting again draws the same control group (the seed is the campaign's).
    const controlBefore = (await th.hub.db.pool.query<{ golden_id: string }>(`SELECT "golden_id" FROM "campaign_target" WHERE "campaign_id" = $1 AND "group" = 'control' ORDER BY 1`, [campaignId])).rows
    expect((await marketer.post(`/v1/campaigns/${campaignId}/select`)).status).toBe(200)
    expect((await th.hub.db.pool.query(`SELECT "golden_id" FROM "campaign_target" WHERE "campaign_id" = $1 AND "group" = 'control' ORDER BY 1`, [campaignId])).rows).toEqual(controlBefore)
  })

  test('the stock check reports the shortfall, the earliest feasible date and the largest feasible target count; the launch waits for a feasible one', async () => {
    // 24 mailed × 50 % × 1 = 12 drills on day 10; ATP there is 10 (the production of 5 lands on day 20).
    const check = await marketer.post(`/v1/campaigns/${campaignId}/stock-check`)
    expect(check.status).toBe(200)
    expect(check.data).toMatchObject({ feasible: false, targets: 24, earliestFeasibleDate: day(20), maxFeasibleTargets: 20 })
    expect(check.data.skus).toEqual([{ sku: 'DRL-1', known: true, demand: '12', atpAtPromise: '10', shortBy: '2', earliestFeasibleDate: day(20) }])
    expect(check.data.atp[0].sources).toEqual([{ connection: 'warehouse', location: 'WH', basis: 'positions', atpAtPromise: '10' }])
    // The snapshot is kept with the campaign.
    expect((await marketer.get(`/v1/campaigns/${campaignId}`)).data.stockCheck).toMatchObject({ feasible: false, skus: [{ shortBy: '2' }] })
    const refused = await marketer.post(`/v1/campaigns/${campaignId}/launch`, {})
    expect(refused.status).toBe(409)
    expect(refused.data.error.message).toMatch(/DRL-1 short by 2.*20 targets.*/)

    // Cut to 25: control 5, mailed 20 → demand 10 = ATP.
    const smaller = await marketer.patch(`/v1/campaigns/${campaignId}`, { maxTargets: 25 })
    expect(smaller.data).toMatchObject({ targets: { treated: 20, control: 5 }, stockCheck: null })
    expect((await marketer.post(`/v1/campaigns/${campaignId}/stock-check`)).data).toMatchObject({ feasible: true, maxFeasibleTargets: 20, skus: [{ demand: '10', shortBy: '0' }] })
  })

  test('launching twice puts each mailed target into the ERP once; the campaign then holds its demand on ATP', async () => {
    const first = await marketer.post(`/v1/campaigns/${campaignId}/launch`, {})
    expect(first.status).toBe(201)
    expect(first.data).toMatchObject({ launched: true, targets: 20, toErp: 20, notInErp: 0 })
    const again = await marketer.post(`/v1/campaigns/${campaignId}/launch`, {})
    expect(again.status).toBe(200)
    expect(again.data.launched).toBe(false)
    await until(async () => (erp.records.length >= 20 ? true : null))
    const done = await until(async () => {
      const c = (await marketer.get(`/v1/campaigns/${campaignId}`)).data
      return c.push.done === 20 ? c : null
    })
    expect(done.status).toBe('launched')
    expect(erp.records).toHaveLength(20)
    expect(new Set(erp.records.map((r) => r.key)).size).toBe(20)
    expect(erp.records[0].record).toMatchObject({ description: 'Winter drills: DRL-1', startDate: day(0), lines: [{ sku: 'DRL-1', quantity: 1 }] })
    // A launched campaign can no longer change.
    expect((await marketer.patch(`/v1/campaigns/${campaignId}`, { maxTargets: 5 })).status).toBe(409)
    // It holds 10 drills on day 10: ATP before the production lands is 0.
    const atp = await marketer.get('/v1/availability', { params: { skus: 'DRL-1', from: day(0), to: day(21) } })
    expect(atp.data.data[0].holds).toEqual([{ campaign: { id: campaignId, name: 'Winter drills' }, date: day(10), quantity: '10' }])
    expect(atp.data.data[0].total.days.find((d: { date: string }) => d.date === day(5)).atp).toBe('0')
  })

  test('results: responses within the window per group, uplift against the control group, units per offer', async () => {
    const targets = (await th.hub.db.pool.query<{ golden_id: string; group: string }>(`SELECT "golden_id", "group" FROM "campaign_target" WHERE "campaign_id" = $1 ORDER BY "rank"`, [campaignId])).rows
    const treated = targets.filter((t) => t.group === 'treated').slice(0, 6)
    const control = targets.filter((t) => t.group === 'control').slice(0, 1)
    // 6 mailed customers and 1 held-out one order today (after the mail date): 2 drills each.
    for (const t of [...treated, ...control]) {
      const ext = (await th.hub.db.pool.query<{ external_id: string }>(`SELECT c."external_id" FROM "customer" c JOIN "customer_identity" i ON i."customer_id" = c."id" WHERE i."golden_id" = $1`, [t.golden_id])).rows[0].external_id
      const order = randomUUID()
      await q(`INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "customer_external_id", "status", "ordered_at", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $5, 'confirmed', now(), 200, 'h', 1)`, [order, th.tenantId, erpConn.id, `R-${ext}`, ext])
      await q(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, 1, 'DRL-1', 2, 200)`, [th.tenantId, order])
    }
    const res = await marketer.get(`/v1/campaigns/${campaignId}/results`)
    expect(res.status).toBe(200)
    // Treated 6 / 20 = 0.3, control 1 / 5 = 0.2: uplift 0.1 (relative 0.5); revenue 1200 / 20 = 60 against 200 / 5 = 40 per target.
    expect(res.data.groups).toEqual({ treated: { size: 20, responders: 6, revenue: 1200, orders: 6 }, control: { size: 5, responders: 1, revenue: 200, orders: 1 } })
    expect(res.data.uplift.rate).toBeCloseTo(0.1, 10)
    expect(res.data.uplift.relative).toBeCloseTo(0.5, 10)
    expect(res.data.uplift.incrementalRevenue).toBeCloseTo(400, 6)
    expect(res.data.significance.significantAt95).toBe(false)
    expect(res.data.offers).toEqual([{ sku: 'DRL-1', expectedResponseRate: 0.5, buyers: 6, responseRate: 0.3, quantity: '12' }])
    expect(res.data.window).toMatchObject({ from: day(0), complete: false })
  })

  test('roles and bad input: service staff cannot see campaigns; fields are named', async () => {
    const service = (await th.api()).as(await createKey(th, 'service'))
    expect((await service.get('/v1/campaigns')).status).toBe(403)
    const bad = await marketer.post('/v1/campaigns', { name: 'x', mailDate: day(5), promiseDate: day(1), offers: [{ sku: 'A', responseRate: 2, quantityPerResponse: '-1' }] })
    expect(bad.status).toBe(400)
    expect([...new Set(bad.data.error.details.issues.map((i: { path: string }) => i.path))].sort()).toEqual(['offers[0].quantityPerResponse', 'offers[0].responseRate', 'promiseDate'])
    const badRule = await marketer.post('/v1/campaigns/funnel', { selection: { behaviour: [{ orders: { withinDays: 0 } }] } })
    expect(badRule.status).toBe(400)
    expect(badRule.data.error.details.issues[0].path).toBe('selection.behaviour[0].orders.withinDays')
    expect((await marketer.get('/v1/campaigns')).data).toMatchObject({ total: 1, data: [{ name: 'Winter drills', status: 'launched' }] })
  })
})
