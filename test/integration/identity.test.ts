import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { until as waitFor } from '../support/until'

interface Source {
  externalId: string
  name: string
  email?: string
  phone?: string
  taxId?: string
  street?: string
  postalCode?: string
  city?: string
  country?: string
  updatedAt?: string
}

/**
 * Golden customers from source customers of two ERPs. The source rows are written straight into the
 * customer table (what a sync leaves there); the syncs themselves are tested elsewhere.
 */
describe('golden customers: stable ids, survivorship and lineage', () => {
  let th: TestHub
  let sap: ConnectionView
  let bc: ConnectionView
  let api: AxiosInstance
  const ids = new Map<string, string>()

  async function put(conn: ConnectionView, s: Source) {
    const key = `${conn.name}/${s.externalId}`
    const id = ids.get(key) ?? randomUUID()
    ids.set(key, id)
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "email", "phone", "tax_id", "street", "postal_code", "city", "country", "source_updated_at", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'h', 1)
ON CONFLICT ("connection_id", "external_id") DO UPDATE SET "name" = EXCLUDED."name", "email" = EXCLUDED."email", "phone" = EXCLUDED."phone", "source_updated_at" = EXCLUDED."source_updated_at"`,
      [id, th.tenantId, conn.id, s.externalId, s.name, s.email ?? null, s.phone ?? null, s.taxId ?? null, s.street ?? null, s.postalCode ?? null, s.city ?? null, s.country ?? 'DE', s.updatedAt ?? '2026-11-01T00:00:00Z'],
    )
    return id
  }
  const goldenOf = async (customerId: string) => (await th.hub.db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId } })).goldenId

  beforeAll(async () => {
    th = await startTestHub()
    const unscheduled = { entities: { customer: null } }
    const rest = (name: string) => createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: unscheduled })
    sap = await rest('sap')
    bc = await rest('business-central')
    api = (await th.api()).as(await createKey(th, 'service'))
    // The same company in both ERPs, written differently; a different company; three tenants of one office building.
    await put(sap, { externalId: '1001', name: 'Müller Bau GmbH', email: 'einkauf@mueller-bau.de', phone: '+49 89 998877-0', taxId: 'DE136695976', street: 'Landsberger Straße 112', postalCode: '80339', city: 'München', updatedAt: '2026-10-01T00:00:00Z' })
    await put(bc, { externalId: 'C-77', name: 'MUELLER BAU GMBH', email: 'Einkauf@Mueller-Bau.de', phone: '089 998877 0', taxId: 'DE 136 695 976', street: 'Landsberger Str. 112', postalCode: '80339', city: 'Muenchen', updatedAt: '2026-11-20T00:00:00Z' })
    await put(sap, { externalId: '1002', name: 'Schneider Logistik AG', email: 'dispo@schneider-log.de', phone: '+49 40 123456', postalCode: '20095', city: 'Hamburg' })
    for (const [i, name] of ['Alpha Immobilien GmbH', 'Beta Steuerberatung', 'Gamma Verwaltung KG'].entries()) {
      await put(bc, { externalId: `OFF-${i}`, name, email: 'info@buero-center.de', phone: '+49 30 1111110', street: 'Friedrichstraße 100', postalCode: '10117', city: 'Berlin' })
    }
  })
  afterAll(async () => {
    await th?.close()
  })

  test('the same company in two ERPs becomes one golden customer, a different one does not, and a shared info@ mailbox glues nobody', async () => {
    const outcome = await resolveTenant(th.hub.db, th.tenantId)
    expect(outcome).toMatchObject({ customers: 6, goldens: 5 })
    expect(await goldenOf(ids.get('sap/1001')!)).toBe(await goldenOf(ids.get('business-central/C-77')!))
    expect(await goldenOf(ids.get('sap/1002')!)).not.toBe(await goldenOf(ids.get('sap/1001')!))
    const office = await Promise.all([0, 1, 2].map((i) => goldenOf(ids.get(`business-central/OFF-${i}`)!)))
    expect(new Set(office).size).toBe(3)
  })

  test('ids are stable: resolving again, or with a third record of the same company, keeps the golden id', async () => {
    const before = await goldenOf(ids.get('sap/1001')!)
    // Nothing changed since the last resolution: nothing is written.
    expect(await resolveTenant(th.hub.db, th.tenantId)).toMatchObject({ written: 0, moved: 0 })
    expect(await goldenOf(ids.get('sap/1001')!)).toBe(before)
    await put(sap, { externalId: '1001-dup', name: 'Müller-Bau GmbH', phone: '+49 89 9988770', taxId: 'DE136695976', postalCode: '80339', city: 'München' })
    // One new record: one golden written, one customer linked.
    expect(await resolveTenant(th.hub.db, th.tenantId)).toMatchObject({ written: 1, moved: 1 })
    expect(await goldenOf(ids.get('sap/1001-dup')!)).toBe(before)
    expect((await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: before } })).members).toBe(3)
  })

  test('lineage names the source and the rule of every field, and follows a change of source priority', async () => {
    const golden = await goldenOf(ids.get('sap/1001')!)
    // Equal priorities: the most recent source (Business Central, changed 2026-11-20) wins the name.
    let lineage = (await api.get(`/v1/customers/${golden}/lineage`)).data
    expect(lineage.fields.street).toMatchObject({ value: 'Landsberger Str. 112', rule: 'most recent', source: { connection: 'business-central', externalId: 'C-77', mappingVersion: 1 } })
    expect(lineage.fields.phone).toMatchObject({ value: '+49899988770' })
    expect(lineage.fields.taxId).toMatchObject({ value: 'DE136695976' })
    expect(lineage.sources).toHaveLength(3)

    // SAP becomes the master for customers: its values win, and the lineage says why.
    const admin = (await th.api()).as(await createKey(th, 'admin'))
    expect((await admin.patch(`/v1/connections/${sap.id}`, { identityPriority: 10 })).data.identityPriority).toBe(10)
    await resolveTenant(th.hub.db, th.tenantId)
    lineage = (await api.get(`/v1/customers/${golden}/lineage`)).data
    expect(lineage.fields.street).toMatchObject({ value: 'Landsberger Straße 112', rule: 'source priority', source: { connection: 'sap', externalId: '1001' } })
    expect(lineage.fields.name.source).toMatchObject({ connection: 'sap' })
  })

  test('a golden whose members joined another answers for the survivor under its old id', async () => {
    // A new source record that the matcher puts alone, then its twin arrives and joins the bigger cluster.
    const lone = await put(bc, { externalId: 'C-90', name: 'Nordsee Fisch Handel', phone: '+49 471 5550001', postalCode: '27568', city: 'Bremerhaven' })
    await resolveTenant(th.hub.db, th.tenantId)
    const first = await goldenOf(lone)
    await put(sap, { externalId: '2090', name: 'Nordsee Fisch Handel GmbH', phone: '+49 471 5550001', postalCode: '27568', city: 'Bremerhaven' })
    await put(sap, { externalId: '2091', name: 'Nordsee-Fisch Handel GmbH', phone: '+49 471 5550001', postalCode: '27568', city: 'Bremerhaven' })
    await resolveTenant(th.hub.db, th.tenantId)
    const now = await goldenOf(lone)
    const res = await api.get(`/v1/customers/${first}/lineage`)
    expect(res.status).toBe(200)
    expect(res.data.id).toBe(now)
    if (now !== first) expect(res.data.mergedFrom).toEqual([first])
    expect(await th.hub.db.prisma.identityEvent.count({ where: { tenantId: th.tenantId, action: 'link' } })).toBeGreaterThan(0)
  })

  test('a new source customer is resolved by the background identity job within seconds (asked for here through the API)', async () => {
    await th.worker()
    const id = await put(bc, { externalId: 'C-500', name: 'Schneider Logistik AG', email: 'dispo@schneider-log.de', phone: '040 123456', postalCode: '20095', city: 'Hamburg' })
    expect((await api.post('/v1/customers/resolve')).status).toBe(202)
    const deadline = Date.now() + 15_000
    while (!(await th.hub.db.prisma.customerIdentity.findUnique({ where: { customerId: id } }))) {
      if (Date.now() > deadline) throw new Error('the identity job did not resolve the new customer')
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(await goldenOf(id)).toBe(await goldenOf(ids.get('sap/1002')!))
    // The resolution's progress and outcome are visible while it runs and after.
    const runs = await waitFor(async () => {
      const r = (await api.get('/v1/customers/resolve')).data.data
      return r[0]?.state === 'completed' ? r : null
    })
    expect(runs[0]).toMatchObject({ state: 'completed', progress: { stage: 'store' }, outcome: expect.objectContaining({ customers: expect.any(Number) }) })
  })

  test('the customer 360 of a golden customer: its sources, orders from every ERP, open production of what they ordered', async () => {
    const order = async (conn: ConnectionView, externalId: string, customer: string, sku: string, orderedAt: string) => {
      const id = randomUUID()
      await th.hub.db.pool.query(
        `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "number", "customer_external_id", "status", "ordered_at", "currency", "total_amount", "content_hash", "mapping_version") VALUES ($1, $2, $3, $4, $4, $5, 'confirmed', $6, 'EUR', 100, 'h', 1)`,
        [id, th.tenantId, conn.id, externalId, customer, orderedAt],
      )
      await th.hub.db.pool.query(`INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity") VALUES ($1, $2, 1, $3, 5)`, [th.tenantId, id, sku])
    }
    await order(sap, 'SO-1', '1001', 'SKU-CEMENT', '2026-10-02T00:00:00Z')
    await order(bc, 'BC-9', 'C-77', 'SKU-REBAR', '2026-11-05T00:00:00Z')
    await order(sap, 'SO-2', '1002', 'SKU-OTHER', '2026-11-06T00:00:00Z')
    await th.hub.db.pool.query(
      `INSERT INTO "production_order" ("tenant_id", "connection_id", "external_id", "number", "sku", "quantity", "status", "planned_end", "content_hash", "mapping_version") VALUES ($1, $2, 'PO-1', 'PO-1', 'SKU-REBAR', 500, 'released', '2026-12-01T00:00:00Z', 'h', 1), ($1, $2, 'PO-2', 'PO-2', 'SKU-REBAR', 100, 'done', '2026-11-01T00:00:00Z', 'h', 1)`,
      [th.tenantId, bc.id],
    )
    const golden = await goldenOf(ids.get('sap/1001')!)
    const view = (await api.get(`/v1/customers/${golden}`)).data
    expect(view.id).toBe(golden)
    expect(view.sources.map((s: { externalId: string }) => s.externalId).sort()).toEqual(['1001', '1001-dup', 'C-77'])
    expect(view.orders.map((o: { connection: string; externalId: string }) => [o.connection, o.externalId])).toEqual([['business-central', 'BC-9'], ['sap', 'SO-1']])
    expect(view.openProduction).toEqual([expect.objectContaining({ sku: 'SKU-REBAR', quantity: '500', status: 'released' })])
    expect(view.lineage.taxId.value).toBe('DE136695976')
    // A source customer's id still answers with its source view.
    expect((await api.get(`/v1/customers/${ids.get('sap/1001')}`)).data.source.connection.name).toBe('sap')
  })

  describe('people decide: merge, unmerge, review', () => {
    let admin: AxiosInstance
    beforeAll(async () => {
      admin = (await th.api()).as(await createKey(th, 'admin'))
    })

    test('unmerge restores both customers: the surviving id stays, the split-off one gets its own id back, and the decision sticks through re-resolution', async () => {
      // Two records the matcher links on their strong evidence: they did not belong together.
      const a = await put(sap, { externalId: '3001', name: 'Hafen Spedition GmbH', phone: '+49 421 4440001', postalCode: '28195', city: 'Bremen' })
      await resolveTenant(th.hub.db, th.tenantId)
      const first = await goldenOf(a)
      const b = await put(bc, { externalId: 'C-3001', name: 'Hafen Spedition GmbH', phone: '+49 421 4440001', postalCode: '28195', city: 'Bremen' })
      await resolveTenant(th.hub.db, th.tenantId)
      const merged = await goldenOf(b)
      expect(merged).toBe(await goldenOf(a))
      const survivor = merged

      const res = await api.post(`/v1/customers/${survivor}/unmerge`, { customers: [b], reason: 'two companies of one port, one name' })
      expect(res.status).toBe(200)
      expect(res.data.survivor).toBe(survivor)
      expect(await goldenOf(a)).toBe(survivor)
      const split = await goldenOf(b)
      expect(split).not.toBe(survivor)
      expect(first).toBe(survivor)

      // The matcher would link them again; the person's decision wins in every later resolution.
      await resolveTenant(th.hub.db, th.tenantId)
      await resolveTenant(th.hub.db, th.tenantId)
      expect(await goldenOf(a)).toBe(survivor)
      expect(await goldenOf(b)).toBe(split)
      expect(await th.hub.db.prisma.identityDecision.count({ where: { tenantId: th.tenantId, same: false } })).toBeGreaterThan(0)
    })

    test('merging two goldens by hand makes one, the bigger survives and the other id answers for it; unmerging then gives the absorbed one its id back', async () => {
      const x = await put(sap, { externalId: '4001', name: 'Lindenhof Hotelbetriebe', postalCode: '79098', city: 'Freiburg', phone: '0761 2020200' })
      const x2 = await put(bc, { externalId: 'C-4001', name: 'Lindenhof Hotelbetriebe', postalCode: '79098', city: 'Freiburg', phone: '+49 761 2020200' })
      const y = await put(bc, { externalId: 'C-4002', name: 'Hotel Lindenhof Freiburg', postalCode: '79100', city: 'Freiburg' })
      await resolveTenant(th.hub.db, th.tenantId)
      const gx = await goldenOf(x)
      const gy = await goldenOf(y)
      expect(await goldenOf(x2)).toBe(gx)
      expect(gy).not.toBe(gx)

      const merged = await api.post(`/v1/customers/${gy}/merge`, { with: gx, reason: 'same hotel, new sign' })
      expect(merged.status).toBe(200)
      expect(merged.data.survivor).toBe(gx)
      expect(await goldenOf(y)).toBe(gx)
      expect((await api.get(`/v1/customers/${gy}/lineage`)).data).toMatchObject({ id: gx, mergedFrom: [gy] })

      const unmerged = await api.post(`/v1/customers/${gx}/unmerge`, { customers: [y] })
      expect(unmerged.data).toMatchObject({ survivor: gx, split: [gy] })
      expect(await goldenOf(y)).toBe(gy)
      expect(await goldenOf(x)).toBe(gx)
    })

    test('pairs in the review band are listed with their evidence; deciding one links them and takes it off the list', async () => {
      const p = await put(sap, { externalId: '5001', name: 'Kowalski Elektro', postalCode: '01067', city: 'Dresden' })
      const q = await put(bc, { externalId: 'C-5001', name: 'Kowalsky Elektrotechnik', postalCode: '01067', city: 'Dresden' })
      await resolveTenant(th.hub.db, th.tenantId)
      expect(await goldenOf(p)).not.toBe(await goldenOf(q))
      const list = (await api.get('/v1/customers/review')).data
      const pair = list.data.find((r: { a: { id: string }; b: { id: string } }) => [r.a.id, r.b.id].sort().join() === [p, q].sort().join())
      expect(pair).toBeDefined()
      expect(pair.evidence.map((e: { field: string }) => e.field)).toContain('name')
      const decided = await api.post(`/v1/customers/review/${pair.id}`, { same: true })
      expect(decided.status).toBe(200)
      expect(await goldenOf(p)).toBe(await goldenOf(q))
      expect((await api.get('/v1/customers/review')).data.data.find((r: { id: string }) => r.id === pair.id)).toBeUndefined()
    })

    test('a marketer may read customers but not merge them; bad input names the field', async () => {
      const marketer = (await th.api()).as(await createKey(th, 'marketer'))
      const g = await goldenOf(ids.get('sap/1001')!)
      expect((await marketer.post(`/v1/customers/${g}/merge`, { with: g })).status).toBe(403)
      const bad = await admin.post(`/v1/customers/${g}/unmerge`, { customers: ['not-a-uuid'] })
      expect(bad.status).toBe(400)
      expect(bad.data.error.details.issues[0].path).toBe('customers[0]')
    })
  })
})
