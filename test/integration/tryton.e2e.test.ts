import { randomBytes } from 'node:crypto'
import { createTrytonClient, type TrytonClient } from '../../connectors/tryton/tryton.client'
import { trytonConfigSchema, type TrytonConfigInput } from '../../connectors/tryton/tryton.config'
import { trytonConnector } from '../../connectors/tryton/tryton.connector'
import { readRows } from '../../connectors/tryton/tryton.rows'
import { encodeDateTime } from '../../connectors/tryton/tryton.values'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createHttpClient, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import { checkStock, createCampaign, getCampaign, launchCampaign } from '../../src/crm/campaign/campaign.service'
import { createCase, getCase, updateCase } from '../../src/crm/service-case.service'
import { resolveTenant } from '../../src/identity/resolve-tenant'
import { availabilityTimelines, dayIn } from '../../src/scm/atp.query'
import { refreshSkus } from '../../src/sync/refresh-skus.sync'
import { startTestHub, syncNow, type RunRow, type TestHub } from '../support/hub.harness'
import { describeWithTryton } from '../support/tryton.env'

/**
 * A real Tryton synced into the hub through the queue, the worker, the tryton connector and
 * mappings/tryton, then compared with what Tryton's own API reports at that moment. Other tests
 * change the same server, and this file runs again on it: every expectation is asked of Tryton at
 * test time.
 */
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }
const saleStatus: Record<string, string> = { draft: 'draft', quotation: 'quoted', confirmed: 'confirmed', processing: 'open', done: 'closed', cancelled: 'cancelled' }
const productionStatus: Record<string, string> = { request: 'planned', draft: 'planned', waiting: 'firm', assigned: 'released', running: 'in_progress', done: 'done', cancelled: 'cancelled' }

/** Decimal text as integer millionths (the hub keeps 6 decimals), for exact sums. */
function micros(text: string | null): bigint {
  if (text === null) return 0n
  const [whole, fraction = ''] = text.replace('-', '').split('.')
  const value = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6))
  return text.startsWith('-') ? -value : value
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}

describeWithTryton('syncing a real Tryton into the hub', (server) => {
  let th: TestHub
  let conn: ConnectionView
  let api: TrytonClient
  const config: TrytonConfigInput = { url: server.url, database: server.database, login: server.login, password: server.password, pageSize: 10 }

  async function ask(model: string, domain: JsonValue[], fields: string[], context: JsonObject = {}) {
    const method = `model.${model}.search_read`
    return readRows(await api.call(method, [domain, 0, null, [['id', 'ASC']], fields], { context }), method)
  }
  async function rows<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
    return (await th.hub.db.pool.query<T>(sql, [conn.id])).rows
  }
  const run = (runs: RunRow[], entity: string) => runs.find((r) => r.entity === entity)!

  beforeAll(async () => {
    api = createTrytonClient(trytonConfigSchema.parse(config), { http: createHttpClient(), logger: silent, clock: { now: () => new Date() } })
    th = await startTestHub()
    // The connection also declares Tryton's write-only entities (opportunity, complaint); the hub
    // takes them without a mapping, since it never reads them. The write below goes through the connector.
    conn = await createConnection(th.hub.connections, th.tenantId, {
      name: `tryton-${randomBytes(3).toString('hex')}`,
      kind: 'tryton',
      config,
      schedule: { entities: { customer: null, product: null, 'sales-order': null, 'inventory-position': null, 'production-order': null, 'stock-movement': null } },
    })
    await th.worker()
  }, 60_000)
  afterAll(async () => {
    await th?.close()
    await api?.close()
  })

  test('a full sync lands what Tryton reports: parties, products, sales by state, lines, totals, stock, production', async () => {
    const runs = await syncNow(th, conn.id)
    expect(runs.map((r) => [r.entity, r.status, r.quarantined])).toEqual(['customer', 'product', 'sales-order', 'inventory-position', 'production-order', 'stock-movement'].map((e) => [e, 'succeeded', 0]))

    const parties = await ask('party.party', [], ['name'])
    expect((await rows<{ external_id: string }>(`SELECT external_id FROM customer WHERE connection_id = $1 ORDER BY external_id::int`)).map((r) => Number(r.external_id))).toEqual(parties.map((p) => p.id))

    const products = await ask('product.product', [], ['code', 'list_price'])
    const hubProducts = await rows<{ sku: string; list_price: string }>(`SELECT sku, list_price::text FROM product WHERE connection_id = $1`)
    expect(hubProducts).toHaveLength(products.length)
    for (const p of products) expect(micros(hubProducts.find((h) => h.sku === p.code)!.list_price)).toBe(micros(p.list_price as string))

    const sales = await ask('sale.sale', [], ['state', 'total_amount'])
    const hubStates = await rows<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM sales_order WHERE connection_id = $1 GROUP BY status`)
    expect(Object.fromEntries(hubStates.map((s) => [s.status, s.n]))).toEqual(countBy(sales, (s) => saleStatus[String(s.state)]))

    const [{ total }] = await rows<{ total: string }>(`SELECT sum(total_amount)::text AS total FROM sales_order WHERE connection_id = $1`)
    expect(micros(total)).toBe(sales.reduce((sum, s) => sum + micros(s.total_amount as string), 0n))

    const productLines = await api.call('model.sale.line.search_count', [[['type', '=', 'line']]])
    const [{ n: hubLines }] = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id WHERE o.connection_id = $1`)
    expect(hubLines).toBe(productLines)

    const [warehouse] = await ask('stock.location', [['type', '=', 'warehouse']], ['code', 'storage_location'])
    const hubStock = await rows<{ sku: string; location: string; on_hand: string; reserved: string; forecast: string }>(
      `SELECT sku, location, on_hand::text, reserved::text, forecast::text FROM inventory_position WHERE connection_id = $1`,
    )
    const stockable = await ask('product.product', [['type', 'in', ['goods', 'assets']]], ['code'])
    expect(hubStock.map((s) => s.sku).sort()).toEqual(stockable.map((p) => String(p.code)).sort())
    for (const product of stockable) {
      // Tryton's figures for the warehouse's storage zone, asked per product (context `product`).
      const at = async (context: JsonObject) => readRows(await api.call('model.stock.location.read', [[warehouse.storage_location as number], ['quantity', 'forecast_quantity']], { context: { product: product.id, ...context } }), 'read')[0]
      const plain = await at({})
      const assigned = await at({ stock_assign: true })
      const hub = hubStock.find((s) => s.sku === product.code)!
      expect([product.code, hub.location, Number(hub.on_hand), Number(hub.forecast), Number(hub.reserved)]).toEqual([
        product.code,
        warehouse.code,
        plain.quantity,
        plain.forecast_quantity,
        (plain.quantity as number) - (assigned.quantity as number),
      ])
    }

    const productions = await ask('production', [], ['state', 'quantity'])
    const hubProductions = await rows<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM production_order WHERE connection_id = $1 GROUP BY status`)
    expect(Object.fromEntries(hubProductions.map((s) => [s.status, s.n]))).toEqual(countBy(productions, (p) => productionStatus[String(p.state)]))
    expect(run(runs, 'production-order').inserted).toBe(productions.length)
  }, 120_000)

  test("available-to-promise: the hub's projection equals Tryton's own forecast_quantity for every product at the warehouse, on every day of the next five weeks", async () => {
    const [warehouse] = await ask('stock.location', [['type', '=', 'warehouse']], ['code', 'storage_location'])
    const stockable = await ask('product.product', [['type', 'in', ['goods', 'assets']]], ['code'])
    // Tryton counts days in its company's time zone; the hub is asked in the same one.
    const [company] = readRows(await api.call('model.company.company.search_read', [[], 0, 1, [['id', 'ASC']], ['timezone']]), 'search_read')
    const timeZone = typeof company.timezone === 'string' ? company.timezone : 'UTC'
    const today = dayIn(new Date(), timeZone)
    const days = Array.from({ length: 36 }, (_, i) => new Date(Date.parse(today) + i * 86_400_000).toISOString().slice(0, 10))
    const answers = await availabilityTimelines(th.hub.db, th.tenantId, { skus: stockable.map((p) => String(p.code)), from: days[0], to: days[days.length - 1], location: String(warehouse.code), timeZone })
    let compared = 0
    let moving = 0
    let withinWindow = 0
    for (const product of stockable) {
      const answer = answers.find((a) => a.sku === product.code)!
      expect(answer.sources.map((s) => s.basis)).toEqual(['movements'])
      const projected = answer.total.days.map((d) => Number(d.projected))
      const tryton: number[] = []
      for (const day of days) {
        const [y, m, d] = day.split('-').map(Number)
        const ctx = { product: product.id, stock_date_end: { __class__: 'date', year: y, month: m, day: d } }
        const [row] = readRows(await api.call('model.stock.location.read', [[warehouse.storage_location as number], ['forecast_quantity']], { context: ctx }), 'read')
        tryton.push(row.forecast_quantity as number)
      }
      expect([product.code, projected]).toEqual([product.code, tryton])
      // ATP is the lowest of Tryton's own forecasts from each day on (every plan of these products lies inside the window).
      if (answer.total.horizon <= days[days.length - 1]) {
        expect(answer.total.days.map((d) => Number(d.atp))).toEqual(tryton.map((_, i) => Math.min(...tryton.slice(i))))
        withinWindow++
      }
      compared += days.length
      if (new Set(tryton).size > 1) moving++
    }
    // The seeded plans (deliveries, production, shipments) make some products' forecasts move within the window.
    expect(moving).toBeGreaterThan(2)
    expect(withinWindow).toBe(stockable.length)
    expect(compared).toBe(stockable.length * days.length)
  }, 120_000)

  test('a refresh re-reads a SKU from Tryton at once: a delivery planned there after the sync is in the next answer, as in Tryton\'s forecast', async () => {
    const [company] = readRows(await api.call('model.company.company.search_read', [[], 0, 1, [['id', 'ASC']], ['timezone', 'currency']]), 'search_read')
    const timeZone = typeof company.timezone === 'string' ? company.timezone : 'UTC'
    const today = dayIn(new Date(), timeZone)
    const inThree = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)
    const [product] = await ask('product.product', [['code', '=', 'CMP-HSG']], ['default_uom', 'cost_price'])
    const [storage] = await ask('stock.location', [['code', '=', 'STO']], ['id'])
    const [supplier] = await ask('stock.location', [['type', '=', 'supplier']], ['id'])
    const query = { skus: ['CMP-HSG'], from: today, to: inThree, timeZone }
    const before = (await availabilityTimelines(th.hub.db, th.tenantId, query))[0].total.days.at(-1)!.projected
    const [y, m, d] = inThree.split('-').map(Number)
    const [moveId] = (await api.call('model.stock.move.create', [
      [{ product: product.id, quantity: 7, uom: product.default_uom, from_location: supplier.id, to_location: storage.id, planned_date: { __class__: 'date', year: y, month: m, day: d }, unit_price: { __class__: 'Decimal', decimal: '1' }, currency: company.currency, company: company.id }],
    ])) as number[]
    try {
      const refreshed = await refreshSkus(th.hub.sync, th.tenantId, ['CMP-HSG'], new AbortController().signal)
      expect(refreshed.filter((r) => r.connection.id === conn.id).map((r) => [r.entity, r.error ?? null, (r.read ?? 0) > 0])).toEqual([
        ['inventory-position', null, true],
        ['stock-movement', null, true],
      ])
      const after = (await availabilityTimelines(th.hub.db, th.tenantId, query))[0].total.days.at(-1)!.projected
      expect(Number(after) - Number(before)).toBe(7)
      const [row] = readRows(await api.call('model.stock.location.read', [[storage.id], ['forecast_quantity']], { context: { product: product.id, stock_date_end: { __class__: 'date', year: y, month: m, day: d } } }), 'read')
      expect(Number(after)).toBe(row.forecast_quantity)
    } finally {
      await api.call('model.stock.move.delete', [[moveId]])
    }
    // Deleted in Tryton: the next refresh drops it (no sync would ever see it again).
    const again = await refreshSkus(th.hub.sync, th.tenantId, ['CMP-HSG'], new AbortController().signal)
    expect(again.find((r) => r.connection.id === conn.id && r.entity === 'stock-movement')).toMatchObject({ deleted: 1 })
    expect((await availabilityTimelines(th.hub.db, th.tenantId, query))[0].total.days.at(-1)!.projected).toBe(before)
  }, 60_000)

  test('identity: the four near-duplicate pairs seeded in Tryton each become one golden customer, and no two different seeded customers are merged', async () => {
    await resolveTenant(th.hub.db, th.tenantId)
    const members = await rows<{ golden_id: string; name: string }>(
      `SELECT i.golden_id, c.name FROM customer c JOIN customer_identity i ON i.customer_id = c.id WHERE c.connection_id = $1`,
    )
    const names = new Map<string, string[]>()
    for (const m of members) names.set(m.golden_id, [...(names.get(m.golden_id) ?? []), m.name].sort())
    const merged = [...names.values()].filter((group) => group.length > 1)
    // Exactly the seeded pairs (seed.py: same person in two cases and phone formats, a transliterated
    // company with an abbreviated street, an upper-case email with a dotted phone, a trailing dot).
    expect(merged.sort()).toEqual([['Anna Schmidt', 'Anna Schmidt'], ['Green Garden Ltd', 'Green Garden Ltd.'], ['Jean Dupont', 'Jean Dupont'], ['Mueller Bau GmbH', 'Müller Bau GmbH']])
  })

  test('an incremental sync updates exactly the party and the sale changed in Tryton since', async () => {
    // Tryton has no clock call: "since" is the newest stamp in its data, read before the changes.
    const newest = async (model: string) =>
      (
        await Promise.all(
          ['write_date', 'create_date'].map(async (field) => {
            const method = `model.${model}.search_read`
            const [row] = readRows(await api.call(method, [[[field, '!=', null]], 0, 1, [[field, 'DESC']], [field]]), method)
            return row ? String(row[field]) : ''
          }),
        )
      ).reduce((a, b) => (a > b ? a : b))
    const since = [await newest('party.party'), await newest('party.contact_mechanism'), await newest('party.address'), await newest('sale.sale'), await newest('sale.line')].reduce((a, b) => (a > b ? a : b))

    const [party] = await ask('party.party', [['name', '=', 'Green Garden Ltd']], ['contact_mechanisms.type', 'contact_mechanisms.value'])
    const phone = (party.contact_mechanisms as JsonObject[]).find((m) => m.type === 'phone')!
    const newPhone = `(020) 7946 ${String(randomBytes(2).readUInt16BE() % 10000).padStart(4, '0')}`
    await api.call('model.party.party.write', [[party.id], { contact_mechanisms: [['write', [phone.id], { value: newPhone }]] }])

    const drafts = await ask('sale.sale', [['state', '=', 'draft'], ['lines.type', '=', 'line']], ['lines.type', 'lines.quantity'])
    const sale = drafts[drafts.length - 1]
    const line = (sale.lines as JsonObject[]).find((l) => l.type === 'line')!
    const quantity = (line.quantity as number) >= 5 ? 1 : (line.quantity as number) + 1
    await api.call('model.sale.sale.write', [[sale.id], { lines: [['write', [line.id], { quantity }]] }])

    // What changed since, by Tryton's own account (own stamps or a child's). Another test may change
    // more of the same server meanwhile: the hub must update at least what changed before the sync and
    // at most what changed by its end; run alone, both are the party and the sale changed here.
    const changedSince = async (model: string, children: string[]) => {
      const t = encodeDateTime(since)
      const clauses = ['', ...children.map((c) => `${c}.`)].flatMap((prefix) => [[`${prefix}write_date`, '>', t], [`${prefix}create_date`, '>', t]])
      return (await ask(model, [['OR', ...clauses]], ['id'])).map((r) => String(r.id)).sort()
    }
    const partiesBefore = await changedSince('party.party', ['contact_mechanisms', 'addresses'])
    const salesBefore = await changedSince('sale.sale', ['lines'])
    expect(partiesBefore).toContain(String(party.id))
    expect(salesBefore).toContain(String(sale.id))

    const runs = await syncNow(th, conn.id, ['customer', 'sales-order'])
    const partiesAfter = await changedSince('party.party', ['contact_mechanisms', 'addresses'])
    const salesAfter = await changedSince('sale.sale', ['lines'])
    const customers = run(runs, 'customer')
    const orders = run(runs, 'sales-order')
    const touched = async (table: string, runId: string) =>
      (await th.hub.db.pool.query<{ external_id: string }>(`SELECT external_id FROM ${table} WHERE connection_id = $1 AND sync_run_id = $2`, [conn.id, runId])).rows.map((r) => r.external_id).sort()
    const updatedParties = await touched('customer', customers.id)
    const updatedSales = await touched('sales_order', orders.id)

    expect([customers.status, customers.inserted, customers.updated, customers.quarantined]).toEqual(['succeeded', 0, updatedParties.length, 0])
    expect([orders.status, orders.inserted, orders.updated, orders.quarantined]).toEqual(['succeeded', 0, updatedSales.length, 0])
    expect(updatedParties).toEqual(expect.arrayContaining(partiesBefore))
    expect(partiesAfter).toEqual(expect.arrayContaining(updatedParties))
    expect(updatedSales).toEqual(expect.arrayContaining(salesBefore))
    expect(salesAfter).toEqual(expect.arrayContaining(updatedSales))

    const [hubParty] = await rows<{ phone: string }>(`SELECT phone FROM customer WHERE connection_id = $1 AND external_id = '${party.id}'`)
    expect(hubParty.phone).toBe(newPhone)
    const [hubLine] = await rows<{ quantity: string }>(
      `SELECT l.quantity::text FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id WHERE o.connection_id = $1 AND o.external_id = '${sale.id}' AND l.line_no = ${Number(line.id)}`,
    )
    expect(Number(hubLine.quantity)).toBe(quantity)
  }, 120_000)

  test('an opportunity written twice through the connector under one idempotency key exists once in Tryton', async () => {
    const session = await trytonConnector.connect(trytonConfigSchema.parse(config), { http: createHttpClient(), logger: silent, clock: { now: () => new Date() } })
    const [party] = await ask('party.party', [['name', '=', 'Green Garden Ltd']], ['id'])
    const key = `e2e-${Date.now()}-${randomBytes(3).toString('hex')}`
    const lead = { customer: String(party.id), description: `Spring promotion follow-up ${key}`, amount: '980.00', probability: 0.4 }
    const signal = new AbortController().signal
    const first = await session.write!('opportunity', [lead], { idempotencyKey: key, signal })
    const second = await session.write!('opportunity', [lead], { idempotencyKey: key, signal })
    await session.close()
    expect(first[0].status).toBe('created')
    expect(second).toEqual([{ status: 'unchanged', externalId: (first[0] as { externalId: string }).externalId }])
    const found = await ask('sale.opportunity', [['reference', '=', `erphub:${key}`]], ['party', 'description', 'amount'])
    expect(found).toEqual([expect.objectContaining({ party: party.id, description: lead.description, amount: '980.00' })])
  })

  test('a service case pushed through the outbox, with a crash after Tryton answered, is one complaint in Tryton', async () => {
    const [party] = await ask('party.party', [['name', '=', 'Green Garden Ltd']], ['id'])
    let crashed = false
    th.hub.push.afterErpAnswer = () => {
      if (!crashed) {
        crashed = true
        throw new Error('simulated crash between Tryton\'s answer and the hub\'s commit')
      }
    }
    try {
      const created = await createCase(th.hub.cases, th.tenantId, { connectionId: conn.id, customer: String(party.id), subject: 'Damaged delivery', description: `Two crates broken on arrival (${randomBytes(3).toString('hex')})` })
      const deadline = Date.now() + 30_000
      let settled = await getCase(th.hub.cases, th.tenantId, created.id)
      while (settled.push[0].status !== 'done') {
        if (Date.now() > deadline) throw new Error(`the push did not settle: ${JSON.stringify(settled.push)}`)
        await new Promise((r) => setTimeout(r, 100))
        settled = await getCase(th.hub.cases, th.tenantId, created.id)
      }
      expect(crashed).toBe(true)
      expect(settled.push[0].attempts).toBe(2)
      const complaints = await ask('sale.complaint', [['reference', '=', `erphub:case-${created.id}`]], ['customer', 'description'])
      expect(complaints).toEqual([expect.objectContaining({ customer: party.id, description: `Damaged delivery\n\n${created.description}` })])
      expect(settled.externalId).toBe(String(complaints[0].id))

      // The case's status follows into Tryton's workflow, by its buttons ...
      th.hub.push.afterErpAnswer = undefined
      await updateCase(th.hub.cases, th.tenantId, created.id, { status: 'in_progress' })
      const moved = await pushSettled(created.id, 2)
      expect(moved.push[1]).toMatchObject({ entity: 'complaint-status', status: 'done' })
      expect(await ask('sale.complaint', [['id', '=', complaints[0].id]], ['state'])).toEqual([expect.objectContaining({ state: 'waiting' })])
      // ... as far as Tryton lets the hub's user go: approving needs Tryton's complaint administrators.
      await updateCase(th.hub.cases, th.tenantId, created.id, { status: 'resolved' })
      const refused = await pushSettled(created.id, 3)
      expect(refused.push[2]).toMatchObject({ entity: 'complaint-status', status: 'rejected', lastError: expect.objectContaining({ message: expect.stringMatching(/refused the approve button/) }) })
      expect(await ask('sale.complaint', [['id', '=', complaints[0].id]], ['state'])).toEqual([expect.objectContaining({ state: 'waiting' })])
    } finally {
      th.hub.push.afterErpAnswer = undefined
    }
  }, 60_000)

  test('a campaign launched twice, with a crash after Tryton answered one push, is one opportunity per mailed customer in Tryton', async () => {
    const [company] = readRows(await api.call('model.company.company.search_read', [[], 0, 1, [['id', 'ASC']], ['timezone']]), 'search_read')
    const timeZone = typeof company.timezone === 'string' ? company.timezone : 'UTC'
    const today = dayIn(new Date(), timeZone)
    const created = await createCampaign(
      th.hub.cases,
      th.tenantId,
      {
        name: `Drill days ${randomBytes(3).toString('hex')}`,
        mailDate: today,
        promiseDate: today,
        controlShare: 0,
        maxTargets: 4,
        offers: [{ sku: 'DRL-B', responseRate: 0.25, quantityPerResponse: '1' }],
        selection: { behaviour: [{ orders: { withinDays: 3650 } }], ranking: 'monetary' },
      },
      'e2e',
      new Date(),
    )
    expect(created.targets).toEqual({ treated: 4, control: 0 })
    // 4 × 25 % × 1 = 1 drill against Tryton's own stock of DRL-B today.
    const check = await checkStock(th.hub.cases, th.tenantId, created.id, new Date(), { timeZone })
    expect(check.skus[0]).toMatchObject({ sku: 'DRL-B', known: true, demand: '1' })
    let crashed = false
    th.hub.push.afterErpAnswer = () => {
      if (!crashed) {
        crashed = true
        throw new Error("simulated crash between Tryton's answer and the hub's commit")
      }
    }
    let first: Awaited<ReturnType<typeof launchCampaign>> & { toErp?: number }
    try {
      first = await launchCampaign(th.hub.cases, th.tenantId, created.id, { acceptShortfall: true }, 'e2e', new Date())
      const second = await launchCampaign(th.hub.cases, th.tenantId, created.id, { acceptShortfall: true }, 'e2e', new Date())
      expect([first.launched, second.launched]).toEqual([true, false])
      const deadline = Date.now() + 30_000
      for (;;) {
        const c = await getCampaign(th.hub.cases, th.tenantId, created.id)
        if (c.push.done === first.toErp) break
        if (Date.now() > deadline) throw new Error(`the campaign's pushes did not settle: ${JSON.stringify(c.push)}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    } finally {
      th.hub.push.afterErpAnswer = undefined
    }
    expect(crashed).toBe(true)
    const opportunities = await ask('sale.opportunity', [['reference', 'like', `erphub:campaign-${created.id}-%`]], ['party', 'description', 'reference'])
    expect(opportunities).toHaveLength(first!.toErp!)
    expect(first!.toErp).toBeGreaterThan(0)
    expect(new Set(opportunities.map((o) => o.party)).size).toBe(opportunities.length)
    expect(opportunities[0].description).toBe(`${created.name}: DRL-B`)
  }, 60_000)

  async function pushSettled(caseId: string, effects: number) {
    const deadline = Date.now() + 30_000
    for (;;) {
      const c = await getCase(th.hub.cases, th.tenantId, caseId)
      if (c.push.length === effects && c.push.every((p) => p.status === 'done' || p.status === 'rejected')) return c
      if (Date.now() > deadline) throw new Error(`the pushes did not settle: ${JSON.stringify(c.push)}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
})
