import { randomUUID } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { generateBaskets } from '../../src/crm/basket.generate'
import { runOfferMiningJob } from '../../src/crm/offers.service'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'

interface Rule {
  antecedent: string[]
  consequent: string
  lift: number
}

const PLANTED = [
  { antecedent: ['SKU-0040'], consequent: 'DRILL-BITS', probability: 0.9 },
  { antecedent: ['SKU-0025'], consequent: 'SAFETY-GLOVES', probability: 0.9 },
  { antecedent: ['SKU-0003', 'SKU-0006'], consequent: 'CEMENT-MIXER', probability: 0.9 },
]
const HISTORY_ORDERS = 3000
const HISTORY_CUSTOMERS = 40
const ruleKey = (r: { antecedent: string[]; consequent: string }) => `${r.antecedent.join('+')}→${r.consequent}`

/**
 * Order history with known associations (generated baskets) as sales orders of golden customers in
 * two ERPs, written straight into the tables a sync fills; then mining and offers through the API.
 */
describe('next-best offers: association rules mined from orders, product ladders as data', () => {
  let th: TestHub
  let sap: ConnectionView
  let bc: ConnectionView
  let admin: AxiosInstance
  let marketer: AxiosInstance
  let service: AxiosInstance
  let anonymous: AxiosInstance
  let webhook: AxiosInstance
  const customerIds = new Map<string, string>()
  const goldenOf = async (key: string) => (await th.hub.db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId: customerIds.get(key)! } })).goldenId

  async function putCustomer(conn: ConnectionView, externalId: string, c: { name: string; phone: string; postalCode: string; city: string; taxId?: string; email?: string }) {
    const id = randomUUID()
    customerIds.set(`${conn.name}/${externalId}`, id)
    await th.hub.db.pool.query(
      `INSERT INTO "customer" ("id", "tenant_id", "connection_id", "external_id", "name", "email", "phone", "tax_id", "postal_code", "city", "country", "source_updated_at", "content_hash", "mapping_version")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'DE', '2026-10-01T00:00:00Z', 'h', 1)`,
      [id, th.tenantId, conn.id, externalId, c.name, c.email ?? null, c.phone, c.taxId ?? null, c.postalCode, c.city],
    )
  }

  /** Orders and their lines in two statements, however many. */
  async function putOrders(orders: Array<{ conn: ConnectionView; customer: string; skus: string[]; status?: string; orderedAt?: Date }>) {
    const o = { id: [] as string[], conn: [] as string[], ext: [] as string[], cust: [] as string[], status: [] as string[], at: [] as Date[] }
    const l = { order: [] as string[], lineNo: [] as number[], sku: [] as string[] }
    for (const order of orders) {
      const id = randomUUID()
      o.id.push(id)
      o.conn.push(order.conn.id)
      o.ext.push(`SO-${id.slice(0, 8)}`)
      o.cust.push(order.customer)
      o.status.push(order.status ?? 'confirmed')
      o.at.push(order.orderedAt ?? new Date(Date.now() - 86_400_000 * (1 + (o.id.length % 300))))
      order.skus.forEach((sku, i) => {
        l.order.push(id)
        l.lineNo.push(i + 1)
        l.sku.push(sku)
      })
    }
    await th.hub.db.pool.query(
      `INSERT INTO "sales_order" ("id", "tenant_id", "connection_id", "external_id", "number", "customer_external_id", "status", "ordered_at", "currency", "total_amount", "content_hash", "mapping_version")
SELECT o.id, $1, o.conn, o.ext, o.ext, o.cust, o.status, o.at, 'EUR', 100, 'h', 1 FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS o(id, conn, ext, cust, status, at)`,
      [th.tenantId, o.id, o.conn, o.ext, o.cust, o.status, o.at],
    )
    await th.hub.db.pool.query(
      `INSERT INTO "sales_order_line" ("tenant_id", "order_id", "line_no", "sku", "quantity") SELECT $1, l.o, l.n, l.sku, 1 FROM unnest($2::uuid[], $3::int[], $4::text[]) AS l(o, n, sku)`,
      [th.tenantId, l.order, l.lineNo, l.sku],
    )
  }

  beforeAll(async () => {
    th = await startTestHub()
    const unscheduled = { entities: { customer: null } }
    const rest = (name: string) => createConnection(th.hub.connections, th.tenantId, { name, kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: unscheduled })
    sap = await rest('sap')
    bc = await rest('business-central')
    const api = await th.api()
    admin = api.as(await createKey(th, 'admin'))
    marketer = api.as(await createKey(th, 'marketer'))
    service = api.as(await createKey(th, 'service'))
    webhook = api.as(await createKey(th, 'webhook'))
    anonymous = api.as()

    // The history's customers: half in each ERP, nothing alike, so each is its own golden customer.
    const firms = ['Adler', 'Birke', 'Condor', 'Delta', 'Eiche', 'Falke', 'Granit', 'Hafen', 'Iris', 'Jaspis', 'Kranich', 'Lerche', 'Marmor', 'Nordlicht', 'Orkan', 'Pirol', 'Quarz', 'Rubin', 'Saphir', 'Tanne']
    const trades = ['Bau', 'Holz']
    const history: Array<{ conn: ConnectionView; externalId: string }> = []
    for (let i = 0; i < HISTORY_CUSTOMERS; i++) {
      const conn = i % 2 ? bc : sap
      const externalId = `H-${i}`
      await putCustomer(conn, externalId, { name: `${firms[i % 20]} ${trades[Math.floor(i / 20)]} ${['GmbH', 'KG', 'AG', 'OHG'][i % 4]}`, phone: `+49 30 ${String(4_100_000 + i * 7919)}`, postalCode: String(10_000 + i * 1_931), city: `Stadt ${firms[(i * 7) % 20]}` })
      history.push({ conn, externalId })
    }
    // The customers whose offers are checked.
    await putCustomer(sap, 'A-1', { name: 'Anna Werkzeuge GmbH', phone: '+49 89 1000001', postalCode: '80331', city: 'München' })
    // One company in both ERPs: its orders in either are its orders.
    await putCustomer(sap, 'B-1', { name: 'Bertram Beton AG', phone: '+49 221 2000002', postalCode: '50667', city: 'Köln', taxId: 'DE811569869', email: 'einkauf@bertram-beton.de' })
    await putCustomer(bc, 'BERT-9', { name: 'BERTRAM BETON AG', phone: '0221 2000002', postalCode: '50667', city: 'Koeln', taxId: 'DE 811 569 869', email: 'Einkauf@Bertram-Beton.de' })
    await putCustomer(sap, 'C-1', { name: 'Clara Hausverwaltung', phone: '+49 40 3000003', postalCode: '20095', city: 'Hamburg' })
    await putCustomer(bc, 'D-1', { name: 'Dornbusch Immobilien KG', phone: '+49 711 4000004', postalCode: '70173', city: 'Stuttgart' })
    await putCustomer(sap, 'E-1', { name: 'Emsland Agrar eG', phone: '+49 591 5000005', postalCode: '49808', city: 'Lingen' })
    await putCustomer(sap, 'F-1', { name: 'Fichtel Forst GmbH', phone: '+49 921 6000006', postalCode: '95444', city: 'Bayreuth' })
    await putCustomer(bc, 'G-7', { name: 'Gebrüder Ostwald', phone: '+49 331 7000007', postalCode: '14467', city: 'Potsdam' })
    const outcome = await resolveTenant(th.hub.db, th.tenantId)
    expect(outcome).toMatchObject({ customers: HISTORY_CUSTOMERS + 8, goldens: HISTORY_CUSTOMERS + 7 })
    expect(await goldenOf('sap/B-1')).toBe(await goldenOf('business-central/BERT-9'))

    const baskets = generateBaskets({ seed: 11, baskets: HISTORY_ORDERS, skus: 60, planted: PLANTED })
    await putOrders([
      ...baskets.map((skus, i) => ({ ...history[i % HISTORY_CUSTOMERS], customer: history[i % HISTORY_CUSTOMERS].externalId, skus })),
      // Drafts are not business yet: were they counted, FAKE-X would come with SKU-0050 in 300 orders.
      ...Array.from({ length: 300 }, (_, i) => ({ conn: i % 2 ? bc : sap, customer: `H-${i % 2 ? 1 : 0}`, skus: ['SKU-0050', 'FAKE-X'], status: 'draft' })),
      { conn: sap, customer: 'A-1', skus: ['SKU-0040', 'SKU-0001'] },
      // Cancelled: Anna has not bought the drill bits.
      { conn: sap, customer: 'A-1', skus: ['DRILL-BITS'], status: 'cancelled' },
      { conn: sap, customer: 'B-1', skus: ['SKU-0003'] },
      { conn: bc, customer: 'BERT-9', skus: ['SKU-0006'] },
      { conn: sap, customer: 'C-1', skus: ['BASIC'] },
      { conn: bc, customer: 'D-1', skus: ['BASIC'] },
      { conn: bc, customer: 'D-1', skus: ['PREMIUM'] },
      { conn: sap, customer: 'E-1', skus: ['GREEN', 'SKU-0040'] },
      { conn: sap, customer: 'F-1', skus: ['SKU-0025'] },
      { conn: bc, customer: 'G-7', skus: ['SKU-0040'] },
    ])
    await th.hub.db.pool.query(
      `INSERT INTO "product" ("tenant_id", "connection_id", "external_id", "sku", "name", "content_hash", "mapping_version") VALUES ($1, $2, 'P-1', 'DRILL-BITS', 'HSS drill bit set', 'h', 1), ($1, $2, 'P-2', 'PLUS', 'Service plan Plus', 'h', 1)`,
      [th.tenantId, sap.id],
    )
  }, 60_000)
  afterAll(async () => {
    await th?.close()
  })

  test('mining: the planted associations come out on top by lift, only counted orders are baskets, and a new mining replaces the rules', async () => {
    // The scheduled job's entry point, as of a time before any order: nothing to mine, nothing stored.
    expect(await runOfferMiningJob(th.hub.db, th.tenantId, new Date('2000-01-01T00:00:00Z'))).toMatchObject({ baskets: 0, stored: 0 })

    expect((await service.post('/v1/association-rules/mine')).status).toBe(403)
    const res = await marketer.post('/v1/association-rules/mine')
    expect(res.status).toBe(200)
    // 3,000 history orders and 9 counted orders of the customers below; drafts and the cancelled order are not baskets.
    expect(res.data).toMatchObject({ baskets: HISTORY_ORDERS + 9, options: { minSupport: 5 / (HISTORY_ORDERS + 9), maxItemsetSize: 3 } })
    expect(res.data.stored).toBeGreaterThanOrEqual(5)
    expect(res.data.examined).toBeGreaterThan(res.data.stored)

    // Lift is symmetric: each planted pair comes out in both directions; {3, 6} → mixer is the rule its antecedent earns.
    const top5 = new Set(['SKU-0040→DRILL-BITS', 'DRILL-BITS→SKU-0040', 'SKU-0025→SAFETY-GLOVES', 'SAFETY-GLOVES→SKU-0025', 'SKU-0003+SKU-0006→CEMENT-MIXER'])
    expect(new Set(res.data.top.slice(0, 5).map(ruleKey))).toEqual(top5)
    const listed = (await service.get('/v1/association-rules', { params: { limit: 5 } })).data
    expect(listed.total).toBe(res.data.stored)
    expect(new Set(listed.data.map(ruleKey))).toEqual(top5)
    const lifts = listed.data.map((r: Rule) => r.lift)
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a))
    expect(listed.data[0]).toMatchObject({ support: expect.any(Number), confidence: expect.any(Number), count: expect.any(Number), minedAt: expect.any(String) })
    // Every rule left is about the planted items: chance companions and flukes of small counts are not kept.
    const all = (await service.get('/v1/association-rules', { params: { limit: 500 } })).data.data as Rule[]
    for (const r of all) expect([r.consequent, ...r.antecedent].some((sku) => ['DRILL-BITS', 'SAFETY-GLOVES', 'CEMENT-MIXER'].includes(sku))).toBe(true)
    expect(all.some((r) => [r.consequent, ...r.antecedent].includes('FAKE-X'))).toBe(false)

    const drill = (await service.get('/v1/association-rules', { params: { sku: 'DRILL-BITS' } })).data
    expect(drill.total).toBeGreaterThanOrEqual(2)
    for (const r of drill.data as Rule[]) expect([r.consequent, ...r.antecedent]).toContain('DRILL-BITS')

    // Mining again replaces the rules, never adds to them.
    const again = await marketer.post('/v1/association-rules/mine', { maxRules: 3 })
    expect(again.data.stored).toBe(3)
    expect(await th.hub.db.prisma.associationRule.count({ where: { tenantId: th.tenantId } })).toBe(3)
    expect((await admin.post('/v1/association-rules/mine')).data.stored).toBe(res.data.stored)
    expect(await th.hub.db.prisma.associationRule.count({ where: { tenantId: th.tenantId } })).toBe(res.data.stored)
  })

  test('ladders are data: created, replaced, listed, deleted; a SKU sits on one ladder only', async () => {
    let res = await marketer.put('/v1/product-ladders/Service plans', { rungs: ['BASIC', 'PLUS'] })
    expect(res.status).toBe(201)
    res = await marketer.put('/v1/product-ladders/Service plans', { rungs: ['BASIC', 'PLUS', 'PREMIUM'] })
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ name: 'Service plans', rungs: ['BASIC', 'PLUS', 'PREMIUM'] })
    expect((await admin.put('/v1/product-ladders/Card tiers', { rungs: ['GREEN', 'GOLD', 'PLATINUM'] })).status).toBe(201)

    const clash = await marketer.put('/v1/product-ladders/Bundles', { rungs: ['STARTER', 'PREMIUM'] })
    expect(clash.status).toBe(409)
    expect(clash.data.error.details.issues).toEqual([expect.objectContaining({ path: 'rungs[1]', message: expect.stringContaining('Service plans') })])

    expect((await marketer.put('/v1/product-ladders/Temporary', { rungs: ['T1', 'T2'] })).status).toBe(201)
    expect((await service.delete('/v1/product-ladders/Temporary')).status).toBe(403)
    expect((await marketer.delete('/v1/product-ladders/Temporary')).status).toBe(204)
    expect((await marketer.delete('/v1/product-ladders/Temporary')).status).toBe(404)

    const list = (await service.get('/v1/product-ladders')).data
    expect(list.total).toBe(2)
    expect(list.data.map((l: { name: string; rungs: string[] }) => [l.name, l.rungs])).toEqual([
      ['Card tiers', ['GREEN', 'GOLD', 'PLATINUM']],
      ['Service plans', ['BASIC', 'PLUS', 'PREMIUM']],
    ])
  })

  test('cross-sell: who bought the antecedent but not the consequent is offered it, with the rule and its lift', async () => {
    const rules = (await service.get('/v1/association-rules', { params: { sku: 'DRILL-BITS' } })).data.data as Array<Rule & { support: number; confidence: number }>
    const rule = rules.find((r) => ruleKey(r) === 'SKU-0040→DRILL-BITS')!
    const res = await service.get(`/v1/customers/${await goldenOf('sap/A-1')}/offers`)
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ id: await goldenOf('sap/A-1'), bought: 2, rulesMinedAt: expect.any(String) })
    expect(res.data.data[0]).toEqual({
      sku: 'DRILL-BITS',
      name: 'HSS drill bit set',
      kind: 'cross-sell',
      score: rule.lift,
      reason: { rule: { antecedent: ['SKU-0040'], consequent: 'DRILL-BITS', support: rule.support, confidence: rule.confidence, lift: rule.lift } },
    })
    for (const o of res.data.data) expect(['SKU-0040', 'SKU-0001']).not.toContain(o.sku)

    // Bought in two ERPs, one order each: together they are the antecedent of the mixer's best rule.
    const bert = (await service.get(`/v1/customers/${await goldenOf('business-central/BERT-9')}/offers`)).data
    const mixer = bert.data.find((o: { sku: string }) => o.sku === 'CEMENT-MIXER')
    expect(mixer).toMatchObject({ kind: 'cross-sell', reason: { rule: { antecedent: ['SKU-0003', 'SKU-0006'], consequent: 'CEMENT-MIXER' } } })
    expect(mixer.score).toBe(mixer.reason.rule.lift)
  })

  test('up-sell: the rung above the highest bought, never a skipped or a lower one; scores rank it against the rules', async () => {
    const clara = (await service.get(`/v1/customers/${await goldenOf('sap/C-1')}/offers`)).data.data
    expect(clara).toEqual([{ sku: 'PLUS', name: 'Service plan Plus', kind: 'up-sell', score: 5, reason: { ladder: { name: 'Service plans', from: 'BASIC', to: 'PLUS', rung: 2, of: 3 } } }])

    // Premium is the top of its ladder: nothing more from it, and nothing lower either.
    const dora = (await service.get(`/v1/customers/${await goldenOf('business-central/D-1')}/offers`)).data.data
    expect(dora.filter((o: { sku: string }) => ['BASIC', 'PLUS', 'PREMIUM'].includes(o.sku))).toEqual([])

    // An up-sell scores the ladder weight (default 5), a cross-sell its rule's lift: the strong rule comes first, unless the weight says otherwise.
    const emil = await goldenOf('sap/E-1')
    const byDefault = (await service.get(`/v1/customers/${emil}/offers`)).data.data
    expect(byDefault.map((o: { sku: string; kind: string }) => [o.sku, o.kind])).toEqual([
      ['DRILL-BITS', 'cross-sell'],
      ['GOLD', 'up-sell'],
    ])
    expect(byDefault[1].reason).toEqual({ ladder: { name: 'Card tiers', from: 'GREEN', to: 'GOLD', rung: 2, of: 3 } })
    const weighted = (await marketer.get(`/v1/customers/${emil}/offers`, { params: { ladderWeight: 100, limit: 1 } })).data.data
    expect(weighted).toEqual([expect.objectContaining({ sku: 'GOLD', kind: 'up-sell', score: 100 })])
  })

  test('a golden customer merged into another answers for the survivor under its old id', async () => {
    const [f, g] = [await goldenOf('sap/F-1'), await goldenOf('business-central/G-7')]
    const merged = await admin.post(`/v1/customers/${f}/merge`, { with: g, reason: 'one forestry business, two ERPs' })
    expect(merged.status).toBe(200)
    const survivor = merged.data.survivor as string
    const absorbed = survivor === f ? g : f
    expect(await th.hub.db.prisma.goldenCustomer.findUniqueOrThrow({ where: { id: absorbed } })).toMatchObject({ status: 'merged', mergedInto: survivor })

    const res = await service.get(`/v1/customers/${absorbed}/offers`)
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ id: survivor, mergedFrom: [absorbed], bought: 2 })
    // The survivor bought both antecedents (one in each ERP): both planted consequents are offered.
    expect(res.data.data.map((o: { sku: string }) => o.sku).sort()).toEqual(['DRILL-BITS', 'SAFETY-GLOVES'])
    expect((await service.get(`/v1/customers/${survivor}/offers`)).data.data).toEqual(res.data.data)
  })

  test('unknown customers are 404; roles: service and marketer read offers, only marketing and admins write', async () => {
    expect((await service.get(`/v1/customers/${randomUUID()}/offers`)).status).toBe(404)
    expect((await service.get('/v1/customers/not-a-uuid/offers')).status).toBe(404)
    const anna = await goldenOf('sap/A-1')
    expect((await anonymous.get(`/v1/customers/${anna}/offers`)).status).toBe(401)
    expect((await webhook.get(`/v1/customers/${anna}/offers`)).status).toBe(403)
    expect((await marketer.get(`/v1/customers/${anna}/offers`)).status).toBe(200)
    expect((await service.get('/v1/product-ladders')).status).toBe(200)
    expect((await service.put('/v1/product-ladders/Card tiers', { rungs: ['GREEN', 'GOLD'] })).status).toBe(403)
    expect((await webhook.get('/v1/association-rules')).status).toBe(403)
    // The customers routes behind the offers router still answer.
    expect((await service.get(`/v1/customers/${anna}`)).data.id).toBe(anna)
  })

  test('bad input is 400 with the path of each offending value', async () => {
    const issues = (res: { status: number; data: { error: { details: { issues: Array<{ path: string }> } } } }) => {
      expect(res.status).toBe(400)
      return res.data.error.details.issues.map((i) => i.path).sort()
    }
    expect(issues(await marketer.put('/v1/product-ladders/Dup', { rungs: ['A', 'B', 'A'] }))).toEqual(['rungs[2]'])
    expect(issues(await marketer.put('/v1/product-ladders/Short', { rungs: ['A'] }))).toEqual(['rungs'])
    expect(issues(await marketer.put('/v1/product-ladders/Blank', { rungs: ['A', '  '], colour: 'red' }))).toEqual(['colour', 'rungs[1]'])
    expect(issues(await marketer.put(`/v1/product-ladders/${'x'.repeat(101)}`, { rungs: ['A', 'B'] }))).toEqual(['params.name'])
    expect(issues(await marketer.put('/v1/product-ladders/Eleven', { rungs: Array.from({ length: 11 }, (_, i) => `R${i}`) }))).toEqual(['rungs'])
    const anna = await goldenOf('sap/A-1')
    expect(issues(await service.get(`/v1/customers/${anna}/offers`, { params: { limit: 0 } }))).toEqual(['query.limit'])
    expect(issues(await service.get(`/v1/customers/${anna}/offers`, { params: { ladderWeight: 'high', colour: 'red' } }))).toEqual(['query.colour', 'query.ladderWeight'])
    expect(issues(await service.get('/v1/association-rules', { params: { limit: 'many' } }))).toEqual(['query.limit'])
    expect(issues(await marketer.post('/v1/association-rules/mine', { minSupport: 0, maxItemsetSize: 9 }))).toEqual(['maxItemsetSize', 'minSupport'])
    expect(issues(await marketer.post('/v1/association-rules/mine', { minConfidence: 'high' }))).toEqual(['minConfidence'])
    // Nothing of the rejected ladders was stored.
    expect((await service.get('/v1/product-ladders')).data.total).toBe(2)
  })
})
