import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/**
 * ATP across two ERPs through `GET /v1/availability`: one reports stock positions (reserved, production
 * orders), the other its planned stock moves; a launched campaign holds its expected demand. The
 * expected figures are worked out by hand in the comments.
 */
describe('available-to-promise across ERPs', () => {
  let th: TestHub
  let api: AxiosInstance
  let sap: ConnectionView
  let tryton: ConnectionView

  const insert = (sql: string, params: unknown[]) => th.hub.db.pool.query(sql, params)

  beforeAll(async () => {
    th = await startTestHub()
    const rest = (name: string) =>
      createConnection(th.hub.connections, th.tenantId, {
        name,
        kind: 'rest',
        config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' }, 'inventory-position': { path: '/stock' } } },
        schedule: { entities: { customer: null, 'inventory-position': null } },
      })
    sap = await rest('sap')
    tryton = await rest('tryton')
    api = (await th.api()).as(await createKey(th, 'marketer'))
    // SAP: 10 on hand, 3 reserved now; production of 20 due on day 5 (and a cancelled one that adds nothing).
    await insert(`INSERT INTO "inventory_position" ("tenant_id", "connection_id", "external_id", "sku", "location", "on_hand", "reserved", "as_of", "content_hash", "mapping_version") VALUES ($1, $2, 'DRL-1@HH', 'DRL-1', 'HH', 10, 3, now(), 'h', 1)`, [th.tenantId, sap.id])
    await insert(
      `INSERT INTO "production_order" ("tenant_id", "connection_id", "external_id", "sku", "quantity", "location", "planned_end", "status", "content_hash", "mapping_version") VALUES ($1, $2, 'P1', 'DRL-1', 20, 'HH', $3::date, 'firm', 'h', 1), ($1, $2, 'P2', 'DRL-1', 99, 'HH', $3::date, 'cancelled', 'h', 1)`,
      [th.tenantId, sap.id, day(5)],
    )
    // Tryton: 5 on hand (its reserved figure is in its moves, not counted twice); a reserved issue of 2
    // (now, whatever its date), a planned receipt of 8 on day 2, a planned issue of 6 on day 3, and a
    // plan that lapsed (yesterday, never reserved or done) which counts for nothing.
    await insert(`INSERT INTO "inventory_position" ("tenant_id", "connection_id", "external_id", "sku", "location", "on_hand", "reserved", "as_of", "content_hash", "mapping_version") VALUES ($1, $2, 'WH:DRL-1', 'DRL-1', 'WH', 5, 2, now(), 'h', 1)`, [th.tenantId, tryton.id])
    await insert(
      `INSERT INTO "stock_movement" ("tenant_id", "connection_id", "external_id", "sku", "quantity", "direction", "location", "planned_date", "status", "content_hash", "mapping_version") VALUES
  ($1, $2, '1:out', 'DRL-1', 2, 'out', 'WH', $3::date, 'reserved', 'h', 1),
  ($1, $2, '2:in', 'DRL-1', 8, 'in', 'WH', $4::date, 'planned', 'h', 1),
  ($1, $2, '3:out', 'DRL-1', 6, 'out', 'WH', $5::date, 'planned', 'h', 1),
  ($1, $2, '4:in', 'DRL-1', 50, 'in', 'WH', $6::date, 'planned', 'h', 1),
  ($1, $2, '5:in', 'DRL-1', 7, 'in', 'WH', $4::date, 'done', 'h', 1)`,
      [th.tenantId, tryton.id, day(9), day(2), day(3), day(-1)],
    )
  })
  afterAll(async () => {
    await th?.close()
  })

  test('per source and in total: positions with reserved and production, movements on their dates, lapsed plans left out', async () => {
    const res = await api.get('/v1/availability', { params: { skus: 'DRL-1,UNKNOWN', from: day(0), to: day(6) } })
    expect(res.status).toBe(200)
    const [drill, unknown] = res.data.data
    expect(unknown).toMatchObject({ sku: 'UNKNOWN', known: false })
    expect(unknown.total.days.map((d: { projected: string }) => d.projected)).toEqual(['0', '0', '0', '0', '0', '0', '0'])

    const bySource = Object.fromEntries(drill.sources.map((s: { connection: { name: string }; basis: string; timeline: { days: Array<{ projected: string; atp: string }> } }) => [s.connection.name, s]))
    expect(bySource.sap.basis).toBe('positions')
    expect(bySource.tryton.basis).toBe('movements')
    // SAP: 10 − 3 = 7 until day 5, then 27.
    expect(bySource.sap.timeline.days.map((d: { projected: string }) => d.projected)).toEqual(['7', '7', '7', '7', '7', '27', '27'])
    // Tryton: 5 − 2 = 3; day 2 +8 = 11; day 3 −6 = 5. ATP looks ahead: 3 on days 0–1 (the receipt of day 2 is not promised before it).
    expect(bySource.tryton.timeline.days.map((d: { projected: string }) => d.projected)).toEqual(['3', '3', '11', '5', '5', '5', '5'])
    expect(bySource.tryton.timeline.days.map((d: { atp: string }) => d.atp)).toEqual(['3', '3', '5', '5', '5', '5', '5'])
    // Total: 10, 10, 18, 12, 12, 32, 32.
    expect(drill.total.days.map((d: { projected: string }) => d.projected)).toEqual(['10', '10', '18', '12', '12', '32', '32'])
    expect(drill.total.days.map((d: { atp: string }) => d.atp)).toEqual(['10', '10', '12', '12', '12', '32', '32'])
    expect(Object.keys(drill.asOf).sort()).toEqual(['sap', 'tryton'])
  })

  test('a launched campaign holds its expected demand at its promise date; a draft one holds nothing', async () => {
    const campaign = async (name: string, status: string, treated: number) => {
      const { rows } = await insert(
        `INSERT INTO "campaign" ("tenant_id", "name", "status", "mail_date", "promise_date", "selection", "updated_at") VALUES ($1, $2, $3, $4::date, $5::date, '{}', now()) RETURNING "id"`,
        [th.tenantId, name, status, day(1), day(4)],
      )
      await insert(`INSERT INTO "campaign_offer" ("campaign_id", "sku", "response_rate", "quantity_per_response", "position") VALUES ($1, 'DRL-1', 0.05, 2, 0)`, [rows[0].id])
      for (let i = 0; i < treated; i++) await insert(`INSERT INTO "campaign_target" ("campaign_id", "golden_id", "group", "rank") VALUES ($1, gen_random_uuid(), 'treated', $2)`, [rows[0].id, i])
      await insert(`INSERT INTO "campaign_target" ("campaign_id", "golden_id", "group", "rank") VALUES ($1, gen_random_uuid(), 'control', 999)`, [rows[0].id])
    }
    // 40 treated × 5 % × 2 = 4 held on day 4; the control group orders nothing from the stock plan.
    await campaign('Winter drills', 'launched', 40)
    await campaign('Spring draft', 'draft', 40)
    const res = await api.get('/v1/availability', { params: { sku: 'DRL-1', from: day(0), to: day(6) } })
    expect([res.status, res.data.error]).toEqual([200, undefined])
    expect(res.data.totals).toBeDefined() // the per-ERP figures of one SKU are still there
    expect(res.data.timeline.holds).toEqual([{ campaign: { id: expect.any(String), name: 'Winter drills' }, date: day(4), quantity: '4' }])
    expect(res.data.timeline.total.days.map((d: { projected: string }) => d.projected)).toEqual(['10', '10', '18', '12', '8', '28', '28'])
    expect(res.data.timeline.total.days.map((d: { atp: string }) => d.atp)).toEqual(['8', '8', '8', '8', '8', '28', '28'])
  })

  test('a refresh says, per ERP, what it re-read; an ERP whose connector cannot re-read by SKU answers from its last sync', async () => {
    const res = await api.get('/v1/availability', { params: { skus: 'DRL-1', from: day(0), to: day(6), refresh: 'true' } })
    expect(res.status).toBe(200)
    expect(res.data.refreshed).toEqual([
      { connection: { id: sap.id, name: 'sap' }, entity: 'inventory-position', skipped: 'the rest connector cannot re-read single SKUs; its figures are those of its last sync' },
      { connection: { id: tryton.id, name: 'tryton' }, entity: 'inventory-position', skipped: 'the rest connector cannot re-read single SKUs; its figures are those of its last sync' },
    ])
    // The answer is still there, from the stored figures.
    expect(res.data.data[0].total.days.map((d: { projected: string }) => d.projected)).toEqual(['10', '10', '18', '12', '8', '28', '28'])
    expect((await api.get('/v1/availability', { params: { skus: 'DRL-1', refresh: 'yes' } })).data.error.details.issues[0].path).toBe('query.refresh')
  })

  test('bad input names the field', async () => {
    const bad = async (params: Record<string, string>) => {
      const res = await api.get('/v1/availability', { params })
      expect(res.status).toBe(400)
      return res.data.error.details.issues.map((i: { path: string }) => i.path)
    }
    expect(await bad({ skus: 'A', from: day(-2) })).toEqual(['query.from'])
    expect(await bad({ skus: 'A', from: day(3), to: day(1) })).toEqual(['query.to'])
    expect(await bad({ skus: 'A', from: day(0), to: day(400) })).toEqual(['query.to'])
    expect(await bad({ skus: 'A', timeZone: 'Mars/Olympus' })).toEqual(['query.timeZone'])
    expect(await bad({ skus: 'A', from: '2026-13-01' })).toEqual(['query.from'])
    expect(await bad({})).toEqual(['query.sku'])
  })
})
