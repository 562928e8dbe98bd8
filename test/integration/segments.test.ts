import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { RFM_SEGMENTS } from '../../src/crm/rfm'
import { runSegmentJob } from '../../src/crm/segments.service'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { ensureTenant } from '../../src/store/tenant.repo'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

const DAY_MS = 86_400_000

/**
 * Ten golden customers with orders whose recency, frequency and revenue are chosen so that every
 * value is distinct: with n = 10, rank i (ascending, from 0) scores floor(i / 2) + 1.
 *
 *          days  R   orders F   revenue  M   FM = ⌊(F+M+1)/2⌋  segment
 *   A        3   5     9    5    9000    5   5                 Champions (orders in both ERPs)
 *   B        1   5     1    1    1000    1   1                 New Customers
 *   C       20   4     7    4   10500    5   5                 Champions (R4 needs FM5)
 *   D       15   4     3    2    3000    2   2                 Potential Loyalist
 *   E       80   3     8    4    7000    4   4                 Loyal
 *   F       60   3     5    3    5000    3   3                 Need Attention
 *   G      200   2    10    5    8000    4   5                 Cannot Lose Them
 *   H      150   2     2    1    4000    2   2                 Hibernating
 *   I      400   1     6    3    6000    3   3                 At Risk
 *   J      300   1     4    2    2000    1   2                 Lost
 *
 * K has no orders, L only a cancelled one: neither is scored. Cancelled and draft orders of others
 * (with big amounts and Tools lines) must change nothing.
 *
 * The newest order of each customer has the SKU below; older ones are MISC-9. DRILL-1, DRILL-2
 * and SAW-3 are Tools in SAP; Business Central files SAW-3 under "tools" (lower case).
 */
interface Spec {
  key: string
  name: string
  conn: 'sap' | 'bc'
  country: string | null
  city: string
  days?: number
  orders?: number
  revenue?: number
  lastSku?: string
}
const SPECS: Spec[] = [
  { key: 'A', name: 'Alpenwerk Maschinenbau GmbH', conn: 'sap', country: 'DE', city: 'Rosenheim', days: 3, orders: 9, revenue: 9000, lastSku: 'DRILL-1' },
  { key: 'B', name: 'Brandt Malerbedarf', conn: 'sap', country: 'DE', city: 'Kassel', days: 1, orders: 1, revenue: 1000, lastSku: 'PAINT-5' },
  { key: 'C', name: 'Cordes Werkzeuge GmbH', conn: 'sap', country: 'AT', city: 'Wien', days: 20, orders: 7, revenue: 10500, lastSku: 'DRILL-2' },
  { key: 'D', name: 'Dahl Holzbau', conn: 'bc', country: 'DE', city: 'Lübeck', days: 15, orders: 3, revenue: 3000, lastSku: 'SAW-3' },
  { key: 'E', name: 'Eckert Schreinerei', conn: 'sap', country: 'DE', city: 'Ulm', days: 80, orders: 8, revenue: 7000, lastSku: 'SAW-3' },
  { key: 'F', name: 'Fuchs Farben KG', conn: 'sap', country: 'DE', city: 'Gera', days: 60, orders: 5, revenue: 5000, lastSku: 'PAINT-5' },
  { key: 'G', name: 'Gerber Baumarkt', conn: 'bc', country: 'DE', city: 'Trier', days: 200, orders: 10, revenue: 8000, lastSku: 'DRILL-1' },
  { key: 'H', name: 'Hansen Handelshaus', conn: 'sap', country: 'DE', city: 'Hamburg', days: 150, orders: 2, revenue: 4000, lastSku: 'MISC-9' },
  { key: 'I', name: 'Ilse Innenausbau', conn: 'sap', country: 'DE', city: 'Jena', days: 400, orders: 6, revenue: 6000, lastSku: 'PAINT-5' },
  { key: 'J', name: 'Jolie Décor SARL', conn: 'sap', country: 'FR', city: 'Lyon', days: 300, orders: 4, revenue: 2000, lastSku: 'PAINT-5' },
  { key: 'K', name: 'Krüger Kontor', conn: 'bc', country: null, city: 'Hamburg' },
  { key: 'L', name: 'Lange Logistik', conn: 'sap', country: 'DE', city: 'Bremen' },
]
const EXPECTED_RFM: Record<string, string> = {
  A: 'Champions',
  B: 'New Customers',
  C: 'Champions',
  D: 'Potential Loyalist',
  E: 'Loyal',
  F: 'Need Attention',
  G: 'Cannot Lose Them',
  H: 'Hibernating',
  I: 'At Risk',
  J: 'Lost',
}

describe('segments: RFM and rule segments over golden customers', () => {
  let th: TestHub
  const conns = {} as Record<'sap' | 'bc', ConnectionView>
  let marketer: AxiosInstance
  let service: AxiosInstance
  /** golden id → spec key, and back. */
  const keyOf = new Map<string, string>()
  const goldenOf = new Map<string, string>()
  const now = Date.now()
  const daysAgo = (d: number) => new Date(now - d * DAY_MS - 2 * 3600_000).toISOString()

  async function putCustomer(conn: ConnectionView, externalId: string, s: Spec, i: number): Promise<string> {
    const id = randomUUID()
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "email", "phone", "tax_id", "street", "postal_code", "city", "country", "source_updated_at", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '2026-11-01T00:00:00Z', 'h', 1)`,
      [id, th.tenantId, conn.id, externalId, s.name, `info@${s.key.toLowerCase()}-firma${i}.example`, `+49 30 55500${i.toString().padStart(2, '0')}`, s.key === 'A' ? 'DE811223344' : null, `Hauptstraße ${i + 1}`, `${10100 + i * 1111}`, s.city, s.country],
    )
    return id
  }

  async function putOrder(conn: ConnectionView, customer: string, o: { status?: string; at: string; total: number; sku: string }): Promise<void> {
    const id = randomUUID()
    await th.hub.db.pool.query(
      `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "number", "customer_external_id", "status", "ordered_at", "currency", "total_amount", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, 'EUR', $8, 'h', 1)`,
      [id, th.tenantId, conn.id, `SO-${id.slice(0, 8)}`, customer, o.status ?? 'confirmed', o.at, o.total],
    )
    await th.hub.db.pool.query(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity", "amount") VALUES ($1, $2, 1, $3, 1, $4)`, [th.tenantId, id, o.sku, o.total])
  }

  async function putProducts(conn: ConnectionView, categories: Record<string, string>): Promise<void> {
    for (const [sku, category] of Object.entries(categories)) {
      await th.hub.db.pool.query(
        `INSERT INTO "product" ("tenant_id", "connection_id", "external_id", "sku", "name", "category", "content_hash", "mapping_version") VALUES ($1, $2, $3, $3, $3, $4, 'h', 1)`,
        [th.tenantId, conn.id, sku, category],
      )
    }
  }

  /** The spec keys of a stored segment's members, sorted. */
  async function membersOf(id: string): Promise<string[]> {
    const res = await marketer.get(`/v1/segments/${id}/members`, { params: { limit: 500 } })
    expect(res.status).toBe(200)
    return res.data.data.map((m: { id: string }) => keyOf.get(m.id)).sort()
  }

  async function create(name: string, conditions: unknown[]): Promise<{ id: string; members: number }> {
    const res = await marketer.post('/v1/segments', { name, conditions })
    expect(res.status).toBe(201)
    return res.data
  }

  beforeAll(async () => {
    th = await startTestHub()
    const rest = (name: string) =>
      createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    conns.sap = await rest('sap')
    conns.bc = await rest('business-central')
    const api = await th.api()
    marketer = api.as(await createKey(th, 'marketer'))
    service = api.as(await createKey(th, 'service'))

    await putProducts(conns.sap, { 'DRILL-1': 'Tools', 'DRILL-2': 'Tools', 'SAW-3': 'Tools', 'PAINT-5': 'Paint', 'MISC-9': 'Misc' })
    await putProducts(conns.bc, { 'DRILL-1': 'Tools', 'SAW-3': 'tools', 'PAINT-5': 'Paint', 'MISC-9': 'Misc' })

    const sources = new Map<string, string>()
    for (const [i, s] of SPECS.entries()) {
      sources.set(s.key, await putCustomer(conns[s.conn], `${s.key}-1`, s, i))
      // A is a customer of both ERPs: the same company, the same tax id, one golden.
      if (s.key === 'A') await putCustomer(conns.bc, 'A-2', s, i)
      for (let k = 0; k < (s.orders ?? 0); k++) {
        const inBc = s.conn === 'bc' || (s.key === 'A' && k % 2 === 1)
        await putOrder(inBc ? conns.bc : conns.sap, inBc && s.key === 'A' ? 'A-2' : `${s.key}-1`, { at: daysAgo(s.days! + 10 * k), total: s.revenue! / s.orders!, sku: k === 0 ? s.lastSku! : 'MISC-9' })
      }
    }
    // Orders that are not business: cancelled and draft, recent, big, with Tools lines.
    await putOrder(conns.sap, 'F-1', { status: 'cancelled', at: daysAgo(5), total: 50_000, sku: 'DRILL-1' })
    await putOrder(conns.sap, 'B-1', { status: 'draft', at: daysAgo(2), total: 50_000, sku: 'DRILL-2' })
    await putOrder(conns.sap, 'L-1', { status: 'cancelled', at: daysAgo(4), total: 900, sku: 'SAW-3' })

    expect(await resolveTenant(th.hub.db, th.tenantId)).toMatchObject({ customers: 13, goldens: 12 })
    for (const [key, customerId] of sources) {
      const golden = (await th.hub.db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId } })).goldenId
      keyOf.set(golden, key)
      goldenOf.set(key, golden)
    }
  })
  afterAll(async () => {
    await th?.close()
  })

  test('RFM: every golden customer lands in the segment computed by hand, orders of both ERPs counted as one customer', async () => {
    const res = await marketer.post('/v1/segments/rfm/compute')
    expect(res.status).toBe(200)
    expect(res.data.rfm.scored).toBe(10)
    const expectedCounts = Object.fromEntries(RFM_SEGMENTS.map((n) => [n, Object.values(EXPECTED_RFM).filter((s) => s === n).length]))
    expect(res.data.rfm.segments).toEqual(expectedCounts)

    const list = (await marketer.get('/v1/segments', { params: { kind: 'rfm' } })).data
    expect(list.total).toBe(RFM_SEGMENTS.length)
    const actual: Record<string, string> = {}
    for (const seg of list.data) {
      expect(seg).toMatchObject({ kind: 'rfm', members: expectedCounts[seg.name], computedAt: expect.any(String) })
      for (const key of await membersOf(seg.id)) actual[key] = seg.name
    }
    expect(actual).toEqual(EXPECTED_RFM)

    // The members list carries the scores; A's orders from SAP and Business Central are one customer's.
    const champions = list.data.find((s: { name: string }) => s.name === 'Champions')
    const members = (await marketer.get(`/v1/segments/${champions.id}/members`)).data
    expect(members.total).toBe(2)
    expect(members.data.find((m: { id: string }) => m.id === goldenOf.get('A'))).toMatchObject({
      name: 'Alpenwerk Maschinenbau GmbH',
      city: 'Rosenheim',
      country: 'DE',
      rfm: { r: 5, f: 5, m: 5, score: '555', segment: 'Champions', recencyDays: 3, frequency: 9, monetary: '9000.000000' },
    })
    const rows = await th.hub.db.prisma.customerRfm.findMany({ where: { tenantId: th.tenantId } })
    expect(rows.find((r) => r.goldenId === goldenOf.get('G'))).toMatchObject({ recencyDays: 200, frequency: 10, r: 2, f: 5, m: 4 })
  })

  test('a rule segment: bought Tools in the last 90 days, in Germany, not a big spender', async () => {
    const big = await create('Big spenders', [{ orders: { minRevenue: 8000 } }])
    expect(big.members).toBe(3)
    expect(await membersOf(big.id)).toEqual(['A', 'C', 'G'])

    const conditions = [{ orders: { categories: ['Tools'], withinDays: 90 } }, { field: 'country', op: 'eq', value: 'de' }, { not: { segment: 'Big spenders' } }]
    const tools = await create('Tools buyers DE', conditions)
    // A, C, D (Business Central's "tools"), E bought Tools lately; C is Austrian; A is a big spender.
    // F's Tools order was cancelled, B's is a draft, G's is 200 days old.
    expect(await membersOf(tools.id)).toEqual(['D', 'E'])
    expect(tools).toMatchObject({ name: 'Tools buyers DE', kind: 'rule', members: 2, conditions })

    // The preview counts what the stored segment holds, without storing anything.
    const before = await th.hub.db.prisma.segment.count({ where: { tenantId: th.tenantId } })
    const preview = await marketer.post('/v1/segments/preview', { conditions })
    expect(preview.status).toBe(200)
    expect(preview.data.count).toBe(tools.members)
    expect(preview.data.sample.map((g: { id: string }) => keyOf.get(g.id))).toEqual(['D', 'E'])
    expect(preview.data.sample[0]).toEqual({ id: goldenOf.get('D'), name: 'Dahl Holzbau', city: 'Lübeck', country: 'DE' })
    expect(await th.hub.db.prisma.segment.count({ where: { tenantId: th.tenantId } })).toBe(before)
  })

  test('any, not, and maxCount: 0 ("has not bought"), with stored members equal to the preview', async () => {
    const cases: [string, unknown[], string[]][] = [
      ['Hamburg or lost', [{ any: [{ field: 'city', op: 'eq', value: 'HAMBURG' }, { rfm: { segments: ['Lost'] } }] }], ['H', 'J', 'K']],
      // K's country is unknown: "not in DE, AT" holds for it (no three-valued surprise).
      ['Outside DACH', [{ not: { field: 'country', op: 'in', value: ['de', 'at'] } }], ['J', 'K']],
      ['Never bought', [{ orders: { maxCount: 0 } }], ['K', 'L']],
      ['No Tools lately', [{ orders: { categories: ['tools'], withinDays: 90, maxCount: 0 } }], ['B', 'F', 'G', 'H', 'I', 'J', 'K', 'L']],
      ['Regulars of MISC', [{ orders: { skus: ['MISC-9'], minCount: 8 } }], ['A', 'G']],
      ['Recent and strong', [{ rfm: { r: { min: 4 }, m: { min: 4 } } }, { field: 'name', op: 'contains', value: 'GMBH' }], ['A', 'C']],
    ]
    for (const [name, conditions, expected] of cases) {
      const seg = await create(name, conditions)
      expect([name, await membersOf(seg.id)]).toEqual([name, expected])
      const preview = (await marketer.post('/v1/segments/preview', { conditions })).data
      expect([name, preview.count]).toEqual([name, seg.members])
    }
  })

  test('a marketer writes segments; a service key reads them but may not write', async () => {
    const seg = await create('Written by marketing', [{ field: 'city', op: 'startsWith', value: 'ham' }])
    expect((await service.get('/v1/segments')).status).toBe(200)
    expect((await service.get(`/v1/segments/${seg.id}`)).data).toMatchObject({ id: seg.id, members: 2 })
    expect((await service.get(`/v1/segments/${seg.id}/members`)).status).toBe(200)
    expect((await service.post('/v1/segments/preview', { conditions: [] })).data.count).toBe(12)
    for (const res of [
      await service.post('/v1/segments', { name: 'Service try', conditions: [] }),
      await service.patch(`/v1/segments/${seg.id}`, { name: 'Renamed' }),
      await service.delete(`/v1/segments/${seg.id}`),
      await service.post(`/v1/segments/${seg.id}/compute`),
      await service.post('/v1/segments/rfm/compute'),
    ]) {
      expect(res.status).toBe(403)
      expect(res.data.error.code).toBe('forbidden')
    }
    expect((await marketer.patch(`/v1/segments/${seg.id}`, { name: 'Hamburg area', description: 'north' })).data).toMatchObject({ name: 'Hamburg area', description: 'north', members: 2 })
    expect((await marketer.delete(`/v1/segments/${seg.id}`)).status).toBe(204)
    expect((await marketer.get(`/v1/segments/${seg.id}`)).status).toBe(404)

    // Another tenant's key sees none of it.
    const other = await ensureTenant(th.hub.db, `other-${randomUUID().slice(0, 8)}`)
    const stranger = (await th.api()).as(await createKey(th, 'admin', other.id))
    expect((await stranger.get('/v1/segments')).data.total).toBe(0)
    expect((await stranger.get(`/v1/segments/${goldenOf.get('A')}/members`)).status).toBe(404)
  })

  test('bad input is a 400 naming the field', async () => {
    const bad = async (body: unknown, path: string, message?: RegExp) => {
      const res = await marketer.post('/v1/segments', body)
      expect(res.status).toBe(400)
      expect(res.data.error.code).toBe('validation_failed')
      expect(res.data.error.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, ...(message ? { message: expect.stringMatching(message) } : {}) })]))
    }
    await bad({ name: 'x', conditions: [{ orders: { withinDays: 0 } }] }, 'conditions[0].orders.withinDays')
    await bad({ name: 'x', conditions: [{ field: 'country', op: 'in', value: 'DE' }] }, 'conditions[0].value', /list/)
    await bad({ name: 'x', conditions: [{ all: [{ rfm: { segments: ['Champs'] } }] }] }, 'conditions[0].all[0].rfm.segments[0]')
    await bad({ name: '', conditions: [] }, 'name')
    await bad({ name: 'x', conditions: [], colour: 'red' }, 'colour')
    await bad({ name: 'x', conditions: [{ any: [{ segment: 'No such segment' }] }] }, 'conditions[0].any[0].segment', /no segment named/)
    await bad({ name: 'Champions', conditions: [] }, 'name', /RFM/)
    const preview = await marketer.post('/v1/segments/preview', { conditions: [{ orders: { minCount: 2, maxCount: 1 } }] })
    expect(preview.status).toBe(400)
    expect(preview.data.error.details.issues[0].path).toBe('conditions[0].orders.maxCount')
    expect((await marketer.get('/v1/segments', { params: { kind: 'other' } })).status).toBe(400)

    expect((await marketer.post('/v1/segments', { name: 'Big spenders', conditions: [] })).status).toBe(409)
    const champions = (await marketer.get('/v1/segments', { params: { kind: 'rfm' } })).data.data[0]
    expect((await marketer.delete(`/v1/segments/${champions.id}`)).status).toBe(409)
    expect((await marketer.patch(`/v1/segments/${champions.id}`, { conditions: [] })).status).toBe(409)
    expect((await marketer.get('/v1/segments/not-a-uuid')).status).toBe(404)
  })

  test('segments that refer to each other in a cycle are refused; dependents follow a change', async () => {
    const p = await create('Cycle P', [{ field: 'country', op: 'eq', value: 'DE' }])
    const q = await create('Cycle Q', [{ segment: 'Cycle P' }, { field: 'city', op: 'eq', value: 'Hamburg' }])
    expect(await membersOf(q.id)).toEqual(['H'])

    const cycle = await marketer.patch(`/v1/segments/${p.id}`, { conditions: [{ all: [{ segment: 'Cycle Q' }] }] })
    expect(cycle.status).toBe(400)
    expect(cycle.data.error.details.issues).toEqual([{ path: 'conditions[0].all[0].segment', message: expect.stringContaining('a cycle: "Cycle P" → "Cycle Q" → "Cycle P"') }])
    const self = await marketer.patch(`/v1/segments/${p.id}`, { conditions: [{ not: { segment: 'Cycle P' } }] })
    expect(self.status).toBe(400)
    expect(self.data.error.details.issues[0].path).toBe('conditions[0].not.segment')

    // P is used by Q: it may not be deleted or renamed, but changing its conditions recomputes Q too.
    expect((await marketer.delete(`/v1/segments/${p.id}`)).status).toBe(409)
    expect((await marketer.patch(`/v1/segments/${p.id}`, { name: 'Cycle P2' })).status).toBe(409)
    const changed = await marketer.patch(`/v1/segments/${p.id}`, { conditions: [{ field: 'country', op: 'missing' }] })
    expect(changed.status).toBe(200)
    expect(changed.data.members).toBe(1)
    expect(await membersOf(q.id)).toEqual(['K'])
    const computed = await marketer.post(`/v1/segments/${p.id}/compute`)
    expect(computed.data).toMatchObject({ id: p.id, members: 1, dependents: [expect.objectContaining({ id: q.id, members: 1 })] })
  })

  test('the scheduled job recomputes RFM and every rule segment after the ones it refers to', async () => {
    const before = (await marketer.get('/v1/segments', { params: { limit: 500 } })).data.data as { name: string; members: number }[]
    const outcome = await runSegmentJob(th.hub.db, th.tenantId)
    expect(outcome.rfm.scored).toBe(10)
    const names = outcome.segments.map((s) => s.name)
    expect(names.indexOf('Big spenders')).toBeLessThan(names.indexOf('Tools buyers DE'))
    expect(names.indexOf('Cycle P')).toBeLessThan(names.indexOf('Cycle Q'))
    const after = (await marketer.get('/v1/segments', { params: { limit: 500 } })).data.data as { name: string; members: number }[]
    expect(after.map((s) => [s.name, s.members])).toEqual(before.map((s) => [s.name, s.members]))
  })
})
