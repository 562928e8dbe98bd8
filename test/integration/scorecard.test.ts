import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

/**
 * The balanced scorecard over a small dataset whose every KPI is worked out by hand below. Source
 * customers in two ERPs are resolved into golden customers; orders, cases, knowledge links, campaigns,
 * rules and ladders are written straight into their tables (what syncs and the CRM leave there).
 *
 * Golden customers (7 active): GA = Alpha (one customer in each ERP), GB Beta, GC Gamma, GD Delta,
 * GE Epsilon, GZ1 and GZ2 = Zeta, two goldens a person has yet to review as one.
 *
 * Counted orders (Q2 = previous period, Q3 = the period):
 *   Q2: GA 1000 (BASIC) · GB 500 (BOLT) · GC 300 (NUT)                                → 1800
 *   Q3: GA 07-20 1200 (PLUS 800 up-sell, NUT 400) · GA 08-05 600 (PREMIUM up-sell)
 *       GB 07-03 700 (NUT cross-sell: rule BOLT → NUT) · GD 09-10 400 (BOLT)
 *       GD 09-30 23:30 100 (BOLT, a repeat) · GE 07-10 200 (BOLT)                      → 3200 in 6 orders
 *   not counted: GC 08-01 999 cancelled · GB 10-01 00:00 50 (Q4) · 07-15 5000 of an unknown customer
 *   revenue growth (3200 − 1800) / 1800 = 0.7778 · retention {GA, GB} of {GA, GB, GC} = 2/3
 *   repeat purchase {GA, GD} of {GA, GB, GD, GE} = 0.5 · cross/up-sell (800 + 600 + 700) / 3200 = 0.65625
 * Campaign "Autumn" mailed 07-01, window 30 days: treated GA, GB, GD → 1200 + 700 = 1900; control
 *   GC, GE → 200. Incremental (1900/3 − 200/2) × 3 = 1600; cost 3 × 1.0 → ROI 533.33 ("No control"
 *   is listed but left out; a draft and a Q2 campaign are not in it).
 * Cases: c1 GA 07-05 → 07-07 (2 d, K1) · c2 GB 08-01 → 08-05 12:00 (4.5 d, K1) · c3 GD 09-01 open (K2)
 *   c4 GC 06-20 → 07-02 (12 d, no article) · c5 unknown customer (K2) · c6 GA 09-20 → 10-02 (K2 on 10-01)
 *   complaints {c1, c2, c3, c6} / 6 orders = 0.6667 · resolution (2 + 4.5 + 12) / 3 = 6.1667 days
 *   KB link rate {c1, c2} of {c1, c2, c4} = 2/3 · article reuse 3 links / 2 articles = 1.5
 * Master data: duplicates {GZ1, GZ2} / 7 = 0.2857 · lineage: 43 filled fields (GA 7, the others 6
 *   each), GB's email lineage removed and GC's city edited by hand → 41 / 43 = 0.9535
 */
describe('balanced scorecard', () => {
  let th: TestHub
  let erpA: ConnectionView
  let erpB: ConnectionView
  let manager: AxiosInstance
  let marketer: AxiosInstance
  let service: AxiosInstance
  const customerIds = new Map<string, string>()
  const golden = new Map<string, string>()
  const caseIds = new Map<string, string>()

  const sql = (text: string, params: unknown[] = []) => th.hub.db.pool.query(text, params)

  async function customer(conn: ConnectionView, externalId: string, c: { name: string; email: string; phone: string; taxId?: string; postalCode: string; city: string }) {
    const id = randomUUID()
    customerIds.set(externalId, id)
    await sql(
      `INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "email", "phone", "tax_id", "postal_code", "city", "country", "source_updated_at", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'DE', '2026-03-01T00:00:00Z', 'h', 1)`,
      [id, th.tenantId, conn.id, externalId, c.name, c.email, c.phone, c.taxId ?? null, c.postalCode, c.city],
    )
  }

  async function order(conn: ConnectionView, externalId: string, customerExternalId: string, orderedAt: string, lines: Array<[sku: string, amount: number]>, status = 'confirmed') {
    const id = randomUUID()
    const total = lines.reduce((s, [, a]) => s + a, 0)
    await sql(
      `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "number", "customer_external_id", "status", "ordered_at", "currency", "total_amount", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, 'EUR', $8, 'h', 1)`,
      [id, th.tenantId, conn.id, externalId, customerExternalId, status, orderedAt, total],
    )
    for (const [i, [sku, amount]] of lines.entries()) {
      await sql(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "unit_price", "amount") VALUES ($1, $2, $3, $4, 1, $5, $5)`, [th.tenantId, id, i + 1, sku, amount])
    }
  }

  async function serviceCase(key: string, conn: ConnectionView, customerExternalId: string, createdAt: string, status: string, resolvedAt: string | null) {
    const id = randomUUID()
    caseIds.set(key, id)
    await sql(
      `INSERT INTO "service_case" ("id", "tenant_id", "connection_id", "customer_external_id", "subject", "description", "status", "resolved_at", "created_at", "updated_at")
VALUES ($1, $2, $3, $4, $5, 'hand-computed scorecard case', $6, $7, $8, $8)`,
      [id, th.tenantId, conn.id, customerExternalId, `case ${key}`, status, resolvedAt, createdAt],
    )
  }

  async function campaign(name: string, status: string, mailDate: string, targets: Array<[golden: string, group: 'treated' | 'control']>) {
    const id = randomUUID()
    await sql(
      `INSERT INTO "campaign" ("id", "tenant_id", "name", "status", "mail_date", "promise_date", "response_window_days", "selection", "launched_at")
VALUES ($1, $2, $3, $4, $5, $5, 30, '{}', CASE WHEN $4 = 'launched' THEN $5::date::timestamptz END)`,
      [id, th.tenantId, name, status, mailDate],
    )
    for (const [rank, [g, grp]] of targets.entries()) {
      await sql(`INSERT INTO "campaign_target" ("campaign_id", "golden_id", "group", "rank") VALUES ($1, $2, $3, $4)`, [id, golden.get(g), grp, rank + 1])
    }
    return id
  }

  const scorecard = async (query = 'period=2026-Q3', as = manager) => {
    const res = await as.get(`/v1/scorecard?${query}`)
    expect(res.status).toBe(200)
    return res.data as { period: unknown; perspectives: Array<{ id: string; name: string; kpis: Array<Record<string, any>> }> }
  }
  const kpiOf = (card: Awaited<ReturnType<typeof scorecard>>, id: string) => card.perspectives.flatMap((p) => p.kpis).find((k) => k.id === id)!

  beforeAll(async () => {
    th = await startTestHub()
    const rest = (name: string) =>
      createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    erpA = await rest('erp-a')
    erpB = await rest('erp-b')
    const api = await th.api()
    manager = api.as(await createKey(th, 'manager'))
    marketer = api.as(await createKey(th, 'marketer'))
    service = api.as(await createKey(th, 'service'))

    await customer(erpA, 'A-100', { name: 'Alpha Maschinenbau GmbH', email: 'einkauf@alpha-maschinen.de', phone: '+49 711 4455660', taxId: 'DE136695976', postalCode: '70173', city: 'Stuttgart' })
    await customer(erpB, 'B-100', { name: 'ALPHA MASCHINENBAU GMBH', email: 'Einkauf@Alpha-Maschinen.de', phone: '0711 4455660', taxId: 'DE 136 695 976', postalCode: '70173', city: 'Stuttgart' })
    await customer(erpA, 'A-200', { name: 'Beta Logistik AG', email: 'dispo@beta-logistik.de', phone: '+49 40 2233440', postalCode: '20095', city: 'Hamburg' })
    await customer(erpA, 'A-300', { name: 'Gamma Handel KG', email: 'info@gamma-handel.de', phone: '+49 221 5566770', postalCode: '50667', city: 'Köln' })
    await customer(erpB, 'B-400', { name: 'Delta Werkzeuge GmbH', email: 'service@delta-werkzeuge.de', phone: '+49 911 3344550', postalCode: '90402', city: 'Nürnberg' })
    await customer(erpB, 'B-500', { name: 'Epsilon Foods GmbH', email: 'order@epsilon-foods.de', phone: '+49 89 7788990', postalCode: '80331', city: 'München' })
    await customer(erpA, 'A-600', { name: 'Zeta Bau GmbH', email: 'zentrale@zeta-bau.de', phone: '+49 30 1234567', postalCode: '10115', city: 'Berlin' })
    await customer(erpB, 'B-600', { name: 'Zeta Hochbau und Sanierung', email: 'kontakt@zetahochbau-berlin.de', phone: '+49 30 7654321', postalCode: '10119', city: 'Berlin' })
    await resolveTenant(th.hub.db, th.tenantId)
    const goldenOf = async (externalId: string) => (await th.hub.db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId: customerIds.get(externalId)! } })).goldenId
    for (const [g, externalId] of [['GA', 'A-100'], ['GB', 'A-200'], ['GC', 'A-300'], ['GD', 'B-400'], ['GE', 'B-500'], ['GZ1', 'A-600'], ['GZ2', 'B-600']]) golden.set(g, await goldenOf(externalId))
    expect(await goldenOf('B-100')).toBe(golden.get('GA'))
    expect(new Set(golden.values()).size).toBe(7)
    // The review queue holds exactly the Zeta pair (open) and one pair a person already told apart.
    await sql(`DELETE FROM "match_review" WHERE "tenant_id" = $1`, [th.tenantId])
    const pair = (a: string, b: string) => [customerIds.get(a)!, customerIds.get(b)!].sort()
    await sql(`INSERT INTO "match_review" ("tenant_id", "customer_a", "customer_b", "score", "evidence") VALUES ($1, $2, $3, 14.5, '[]')`, [th.tenantId, ...pair('A-600', 'B-600')])
    await sql(`INSERT INTO "match_review" ("tenant_id", "customer_a", "customer_b", "score", "evidence", "status") VALUES ($1, $2, $3, 9.0, '[]', 'different')`, [th.tenantId, ...pair('A-200', 'A-300')])
    // Lineage gaps: GB's email has lost its source, GC's city was edited by hand (the lineage says Köln).
    await sql(`UPDATE "golden_customer" SET "lineage" = "lineage" - 'email' WHERE "id" = $1`, [golden.get('GB')])
    await sql(`UPDATE "golden_customer" SET "city" = 'Koeln' WHERE "id" = $1`, [golden.get('GC')])

    await order(erpA, 'SO-A1', 'A-100', '2026-05-10T10:00:00Z', [['SKU-BASIC', 1000]])
    await order(erpA, 'SO-B1', 'A-200', '2026-06-01T10:00:00Z', [['SKU-BOLT', 500]])
    await order(erpA, 'SO-C1', 'A-300', '2026-04-15T10:00:00Z', [['SKU-NUT', 300]])
    await order(erpB, 'BC-A2', 'B-100', '2026-07-20T10:00:00Z', [['SKU-PLUS', 800], ['SKU-NUT', 400]])
    await order(erpA, 'SO-A3', 'A-100', '2026-08-05T10:00:00Z', [['SKU-PREMIUM', 600]])
    await order(erpA, 'SO-B2', 'A-200', '2026-07-03T10:00:00Z', [['SKU-NUT', 700]])
    await order(erpB, 'BC-D1', 'B-400', '2026-09-10T10:00:00Z', [['SKU-BOLT', 400]])
    await order(erpB, 'BC-D2', 'B-400', '2026-09-30T23:30:00Z', [['SKU-BOLT', 100]])
    await order(erpB, 'BC-E1', 'B-500', '2026-07-10T10:00:00Z', [['SKU-BOLT', 200]])
    await order(erpA, 'SO-C2', 'A-300', '2026-08-01T10:00:00Z', [['SKU-NUT', 999]], 'cancelled')
    await order(erpA, 'SO-B3', 'A-200', '2026-10-01T00:00:00Z', [['SKU-NUT', 50]])
    await order(erpA, 'SO-X1', 'X-999', '2026-07-15T10:00:00Z', [['SKU-PLUS', 5000]])

    await sql(`INSERT INTO "product_ladder" ("tenant_id", "name", "rungs") VALUES ($1, 'Machines', ARRAY['SKU-BASIC', 'SKU-PLUS', 'SKU-PREMIUM'])`, [th.tenantId])
    // BOLT → NUT makes Beta's NUT a cross-sell; {BOLT, BASIC} → NUT must not fire for Alpha, who never bought BOLT.
    await sql(
      `INSERT INTO "association_rule" ("tenant_id", "antecedent", "consequent", "support", "confidence", "lift", "count", "mined_at")
VALUES ($1, ARRAY['SKU-BOLT'], 'SKU-NUT', 0.2, 0.5, 2, 4, now()), ($1, ARRAY['SKU-BOLT', 'SKU-BASIC'], 'SKU-NUT', 0.1, 0.9, 3, 2, now())`,
      [th.tenantId],
    )

    await campaign('Autumn', 'launched', '2026-07-01', [['GA', 'treated'], ['GB', 'treated'], ['GD', 'treated'], ['GC', 'control'], ['GE', 'control']])
    await campaign('No control', 'launched', '2026-09-01', [['GD', 'treated']])
    await campaign('Draft idea', 'draft', '2026-08-01', [['GA', 'treated'], ['GC', 'control']])
    await campaign('Spring', 'launched', '2026-04-10', [['GA', 'treated'], ['GC', 'control']])

    await serviceCase('c1', erpA, 'A-100', '2026-07-05T09:00:00Z', 'resolved', '2026-07-07T09:00:00Z')
    await serviceCase('c2', erpA, 'A-200', '2026-08-01T00:00:00Z', 'closed', '2026-08-05T12:00:00Z')
    await serviceCase('c3', erpB, 'B-400', '2026-09-01T08:00:00Z', 'open', null)
    await serviceCase('c4', erpA, 'A-300', '2026-06-20T00:00:00Z', 'resolved', '2026-07-02T00:00:00Z')
    await serviceCase('c5', erpA, 'X-999', '2026-07-15T08:00:00Z', 'resolved', '2026-07-16T08:00:00Z')
    await serviceCase('c6', erpB, 'B-100', '2026-09-20T08:00:00Z', 'resolved', '2026-10-02T08:00:00Z')
    const article = async (title: string) =>
      (await sql(`INSERT INTO "knowledge_article" ("tenant_id", "title", "body", "tags") VALUES ($1, $2, 'how to', ARRAY['kpi']) RETURNING "id"`, [th.tenantId, title])).rows[0].id as string
    const k1 = await article('Resetting the controller')
    const k2 = await article('Replacing a worn bolt')
    for (const [c, k, at] of [['c1', k1, '2026-07-06T10:00:00Z'], ['c2', k1, '2026-08-03T10:00:00Z'], ['c3', k2, '2026-09-02T10:00:00Z'], ['c5', k2, '2026-07-15T09:00:00Z'], ['c6', k2, '2026-10-01T09:00:00Z']]) {
      await sql(`INSERT INTO "case_article" ("case_id", "article_id", "linked_by", "linked_at") VALUES ($1, $2, 'svc', $3)`, [caseIds.get(c), k, at])
    }
  })
  afterAll(async () => {
    await th?.close()
  })

  test('the four perspectives with every KPI at its hand-computed value, target and status', async () => {
    const card = await scorecard()
    expect(card.period).toEqual({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30', grain: 'quarter', previous: { label: '2026-Q2', from: '2026-04-01', to: '2026-06-30' } })
    expect(card.perspectives.map((p) => [p.id, p.name, p.kpis.length])).toEqual([
      ['financial', 'Financial', 3],
      ['customer', 'Customer', 3],
      ['internal-process', 'Internal process', 4],
      ['learning-growth', 'Learning and growth', 4],
    ])
    const expected: Array<[id: string, value: number, numerator: number, denominator: number, target: number, status: string]> = [
      ['revenue-growth', 1400 / 1800, 1400, 1800, 0.05, 'on-track'],
      ['campaign-roi', 1600 / 3, 1600, 3, 2, 'on-track'],
      ['cross-up-sell-share', 2100 / 3200, 2100, 3200, 0.15, 'on-track'],
      ['retention-rate', 2 / 3, 2, 3, 0.8, 'off-track'],
      ['repeat-purchase-rate', 0.5, 2, 4, 0.3, 'on-track'],
      ['complaint-rate', 4 / 6, 4, 6, 0.05, 'off-track'],
      ['case-resolution-time', 18.5 / 3, 18.5, 3, 3, 'off-track'],
      ['kb-link-rate', 2 / 3, 2, 3, 0.6, 'on-track'],
      ['kb-article-reuse', 1.5, 3, 2, 2, 'off-track'],
      ['duplicate-rate', 2 / 7, 2, 7, 0.02, 'off-track'],
      ['lineage-coverage', 41 / 43, 41, 43, 0.99, 'at-risk'],
    ]
    for (const [id, value, numerator, denominator, target, status] of expected) {
      const k = kpiOf(card, id)
      expect({ id, value: k.value, numerator: k.numerator, denominator: k.denominator }).toEqual({ id, value: expect.closeTo(value, 9), numerator: expect.closeTo(numerator, 9), denominator: expect.closeTo(denominator, 9) })
      expect({ id, target: k.target, status: k.status, targetIsDefault: k.targetIsDefault }).toEqual({ id, target, status, targetIsDefault: true })
      expect(k.drillDown).toBe(`/v1/scorecard/kpis/${id}/rows?period=2026-Q3`)
      expect(k.definition.length).toBeGreaterThan(40)
    }
    expect(kpiOf(card, 'campaign-roi').parameters).toEqual({ costPerMail: 1 })
    expect(kpiOf(card, 'case-resolution-time')).toMatchObject({ unit: 'days', direction: 'lower', scope: 'period' })
    expect(kpiOf(card, 'duplicate-rate')).toMatchObject({ unit: 'ratio', direction: 'lower', scope: 'snapshot' })
  })

  test('KPIs the data cannot measure have no value and name what is missing', async () => {
    const card = await scorecard()
    for (const id of ['on-time-delivery', 'order-cycle-time', 'promise-accuracy']) {
      const k = kpiOf(card, id)
      expect(k).toMatchObject({ value: null, numerator: null, denominator: null, status: 'no-data', reason: expect.stringContaining('SalesOrder') })
      expect(k.reason).toMatch(/delivery|delivered/)
    }
    const rows = await manager.get('/v1/scorecard/kpis/on-time-delivery/rows?period=2026-Q3')
    expect(rows.status).toBe(200)
    expect(rows.data).toMatchObject({ data: [], total: 0, reason: expect.stringContaining('promised delivery date') })
    // A measurable KPI with nothing to measure in the period says so too: no revenue in 2026-Q1 to grow from.
    expect(kpiOf(await scorecard('period=2026-Q2'), 'revenue-growth')).toMatchObject({ value: null, numerator: 1800, denominator: 0, status: 'no-data', reason: expect.stringContaining('2026-Q1') })
  })

  test('drill-down: the rows behind each value, paged in a stable order', async () => {
    const rows = async (id: string, query = 'period=2026-Q3') => {
      const res = await manager.get(`/v1/scorecard/kpis/${id}/rows?${query}`)
      expect(res.status).toBe(200)
      return res.data
    }
    const name = (g: string) => [...golden.entries()].find(([, id]) => id === g)?.[0]

    const retention = await rows('retention-rate')
    expect(retention.total).toBe(3)
    expect(retention.data.map((r: any) => [name(r.goldenId), r.retained, r.previousOrders, r.orders])).toEqual([
      ['GA', true, 1, 2],
      ['GB', true, 1, 1],
      ['GC', false, 1, 0],
    ])
    const page2 = await rows('retention-rate', 'period=2026-Q3&limit=1&offset=1')
    expect(page2).toMatchObject({ total: 3, limit: 1, offset: 1, data: [expect.objectContaining({ goldenId: golden.get('GB') })] })

    const resolution = await rows('case-resolution-time')
    expect(resolution.data.map((r: any) => [r.caseId, r.resolutionDays])).toEqual([
      [caseIds.get('c4'), 12],
      [caseIds.get('c2'), 4.5],
      [caseIds.get('c1'), 2],
    ])

    const lines = await rows('cross-up-sell-share')
    expect(lines.total).toBe(7)
    expect(lines.data.slice(0, 3).map((r: any) => [name(r.goldenId), r.sku, r.amount, r.kind, r.ladder ?? r.antecedent])).toEqual([
      ['GB', 'SKU-NUT', 700, 'cross-sell', ['SKU-BOLT']],
      ['GA', 'SKU-PLUS', 800, 'up-sell', 'Machines'],
      ['GA', 'SKU-PREMIUM', 600, 'up-sell', 'Machines'],
    ])
    expect(lines.data.find((r: any) => r.orderNumber === 'BC-D2')).toMatchObject({ kind: 'repeat' })
    expect(lines.data.find((r: any) => r.orderNumber === 'BC-A2' && r.sku === 'SKU-NUT')).toMatchObject({ kind: null })

    const campaigns = await rows('campaign-roi')
    expect(campaigns.data).toEqual([
      expect.objectContaining({ name: 'Autumn', mailDate: '2026-07-01', windowEnds: '2026-07-31', treated: 3, control: 2, treatedResponders: 2, controlResponders: 1, treatedRevenue: 1900, controlRevenue: 200, incrementalRevenue: 1600, cost: 3, excluded: null }),
      expect.objectContaining({ name: 'No control', treated: 1, control: 0, incrementalRevenue: null, excluded: 'no control group' }),
    ])
    expect(campaigns.data[0].roi).toBeCloseTo(1600 / 3, 9)

    const duplicates = await rows('duplicate-rate')
    expect(duplicates.total).toBe(2)
    expect(Object.fromEntries(duplicates.data.map((r: any) => [name(r.goldenId), r.duplicateOf.map(name)]))).toEqual({ GZ1: ['GZ2'], GZ2: ['GZ1'] })

    const lineage = await rows('lineage-coverage')
    expect(lineage.total).toBe(7)
    expect(lineage.data.slice(0, 2).map((r: any) => [name(r.goldenId), r.filled, r.covered, r.uncovered])).toEqual([
      ['GB', 6, 5, ['email']],
      ['GC', 6, 5, ['city']],
    ])

    const reuse = await rows('kb-article-reuse')
    expect(reuse.data.map((r: any) => [r.title, r.cases])).toEqual([
      ['Resetting the controller', 2],
      ['Replacing a worn bolt', 1],
    ])
    const complaints = await rows('complaint-rate')
    expect(complaints.data.map((r: any) => r.caseId)).toEqual(['c1', 'c2', 'c3', 'c6'].map((c) => caseIds.get(c)))

    expect((await manager.get('/v1/scorecard/kpis/no-such-kpi/rows?period=2026-Q3')).status).toBe(404)
  })

  test('a range of days measures the same as the quarter it spells, and its links keep the range', async () => {
    const card = await scorecard('from=2026-07-01&to=2026-09-30')
    expect(card.period).toMatchObject({ label: '2026-07-01..2026-09-30', previous: { from: '2026-03-31', to: '2026-06-30' } })
    const growth = kpiOf(card, 'revenue-growth')
    expect(growth.value).toBeCloseTo(1400 / 1800, 9)
    expect(growth.drillDown).toBe('/v1/scorecard/kpis/revenue-growth/rows?from=2026-07-01&to=2026-09-30')
    // Every golden customer with revenue in either period: GA, GB, GC (previous only), GD, GE (this one only).
    expect((await manager.get(growth.drillDown)).data.total).toBe(5)
  })

  test('a tenant target overrides the default, changes the status, and can be reset', async () => {
    const put = await manager.put('/v1/scorecard/targets/retention-rate', { target: 0.7 })
    expect(put.status).toBe(200)
    expect(put.data).toEqual({ kpi: 'retention-rate', target: 0.7, defaultTarget: 0.8 })
    expect(kpiOf(await scorecard(), 'retention-rate')).toMatchObject({ target: 0.7, targetIsDefault: false, status: 'at-risk' })
    await manager.put('/v1/scorecard/targets/retention-rate', { target: 0.6 })
    expect(kpiOf(await scorecard(), 'retention-rate')).toMatchObject({ target: 0.6, status: 'on-track' })
    expect((await manager.get('/v1/scorecard/kpis')).data.data.find((k: any) => k.id === 'retention-rate')).toMatchObject({ target: 0.6, defaultTarget: 0.8, targetIsDefault: false })
    expect((await manager.delete('/v1/scorecard/targets/retention-rate')).data).toMatchObject({ target: 0.8 })
    expect(kpiOf(await scorecard(), 'retention-rate')).toMatchObject({ target: 0.8, targetIsDefault: true, status: 'off-track' })

    const bad = await manager.put('/v1/scorecard/targets/retention-rate', { target: 'high' })
    expect(bad.status).toBe(400)
    expect(bad.data.error.details.issues[0].path).toBe('target')
    expect((await manager.put('/v1/scorecard/targets/no-such-kpi', { target: 1 })).status).toBe(404)
  })

  test('the cost per mail piece is a KPI parameter: campaign ROI follows it', async () => {
    const put = await manager.put('/v1/scorecard/parameters/campaign-roi', { costPerMail: 100 })
    expect(put.status).toBe(200)
    expect(put.data).toEqual({ kpi: 'campaign-roi', parameters: { costPerMail: 100 } })
    const roi = kpiOf(await scorecard(), 'campaign-roi')
    expect(roi).toMatchObject({ numerator: 1600, denominator: 300, parameters: { costPerMail: 100 } })
    expect(roi.value).toBeCloseTo(1600 / 300, 9)
    expect((await manager.put('/v1/scorecard/parameters/campaign-roi', { costPerMail: -1 })).data.error.details.issues[0].path).toBe('costPerMail')
    expect((await manager.put('/v1/scorecard/parameters/retention-rate', { costPerMail: 1 })).status).toBe(400)
    await manager.put('/v1/scorecard/parameters/campaign-roi', { costPerMail: 1 })
  })

  test('trend: a KPI over the last N periods, each against its own previous period', async () => {
    const months = await manager.get('/v1/scorecard/trend?kpi=repeat-purchase-rate&periods=3&grain=month&until=2026-09-15')
    expect(months.status).toBe(200)
    expect(months.data.kpi).toMatchObject({ id: 'repeat-purchase-rate', target: 0.3 })
    expect(months.data.points.map((p: any) => [p.period.label, p.value, p.numerator, p.denominator, p.status, p.partial])).toEqual([
      ['2026-07', 0, 0, 3, 'off-track', false],
      ['2026-08', 0, 0, 1, 'off-track', false],
      ['2026-09', 1, 1, 1, 'on-track', false],
    ])
    const quarters = await manager.get('/v1/scorecard/trend?kpi=revenue-growth&periods=3&grain=quarter&until=2026-09-30')
    expect(quarters.data.points.map((p: any) => [p.period.label, p.status])).toEqual([
      ['2026-Q1', 'no-data'],
      ['2026-Q2', 'no-data'],
      ['2026-Q3', 'on-track'],
    ])
    expect(quarters.data.points[1].reason).toContain('2026-Q1')
    expect(quarters.data.points[2].value).toBeCloseTo(1400 / 1800, 9)
    // Defaults: six months up to now, the current one still running.
    const recent = await manager.get('/v1/scorecard/trend?kpi=retention-rate')
    expect(recent.data.points).toHaveLength(6)
    expect(recent.data.points[5].partial).toBe(true)

    const snapshot = await manager.get('/v1/scorecard/trend?kpi=duplicate-rate')
    expect(snapshot.status).toBe(400)
    expect(snapshot.data.error.details.issues[0].path).toBe('query.kpi')
    expect((await manager.get('/v1/scorecard/trend?kpi=nope')).data.error.details.issues[0].path).toBe('query.kpi')
    expect((await manager.get('/v1/scorecard/trend?kpi=retention-rate&grain=week')).data.error.details.issues[0].path).toBe('query.grain')
  })

  test('roles: managers and marketers read; managers set targets, service staff may not', async () => {
    expect((await marketer.get('/v1/scorecard?period=2026-Q3')).status).toBe(200)
    expect((await service.get('/v1/scorecard?period=2026-Q3')).status).toBe(200)
    expect((await marketer.get('/v1/scorecard/kpis/retention-rate/rows?period=2026-Q3')).status).toBe(200)
    const denied = await service.put('/v1/scorecard/targets/retention-rate', { target: 0.1 })
    expect(denied.status).toBe(403)
    expect(denied.data.error.code).toBe('forbidden')
    expect((await marketer.put('/v1/scorecard/targets/retention-rate', { target: 0.1 })).status).toBe(403)
    expect((await service.put('/v1/scorecard/parameters/campaign-roi', { costPerMail: 5 })).status).toBe(403)
    const webhook = (await th.api()).as(await createKey(th, 'webhook'))
    expect((await webhook.get('/v1/scorecard?period=2026-Q3')).status).toBe(403)
    expect(kpiOf(await scorecard(), 'retention-rate').target).toBe(0.8)
  })

  test('a bad period is a 400 naming the field', async () => {
    for (const [query, path] of [
      ['period=2026-Q5', 'query.period'],
      ['period=2026-13', 'query.period'],
      ['', 'query.period'],
      ['period=2026-Q3&from=2026-07-01', 'query.period'],
      ['from=2026-07-01', 'query.to'],
      ['from=2026-07-01&to=2026-06-30', 'query.to'],
      ['from=2026-02-30&to=2026-03-31', 'query.from'],
    ]) {
      const res = await manager.get(`/v1/scorecard?${query}`)
      expect({ query, status: res.status, code: res.data.error?.code, path: res.data.error?.details.issues[0].path }).toEqual({ query, status: 400, code: 'validation_failed', path })
    }
    expect((await manager.get('/v1/scorecard/kpis/retention-rate/rows?period=Q3')).data.error.details.issues[0].path).toBe('query.period')
    expect((await manager.get('/v1/scorecard/kpis/retention-rate/rows?period=2026-Q3&limit=0')).data.error.details.issues[0].path).toBe('query.limit')
  })
})
