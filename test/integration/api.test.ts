import type { AxiosInstance } from 'axios'
import { startSimulator, type Simulator } from '../../src/simulator'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { ensureTenant } from '../../src/store/tenant.repo'
import { createKey, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'

describe('the REST API', () => {
  let th: TestHub
  let sim: Simulator
  let admin: AxiosInstance
  let marketer: AxiosInstance
  let otherTenant: AxiosInstance
  let anonymous: AxiosInstance
  const ERP_TOKEN = 'erp-secret-token-7f3a9c'

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 3, lines: 400, auth: { type: 'bearer', token: ERP_TOKEN } })
    const api = await th.api()
    await th.worker()
    admin = api.as(await createKey(th, 'admin'))
    marketer = api.as(await createKey(th, 'marketer'))
    const b = await ensureTenant(th.hub.db, `other-${Date.now()}`)
    otherTenant = api.as(await createKey(th, 'admin', b.id))
    anonymous = api.as()
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  const connectionBody = (name: string) => ({ name, kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: ERP_TOKEN, pageSize: 200 }), schedule: { everySeconds: 3600 } })

  test('GET /health reports PostgreSQL and Redis', async () => {
    const res = await anonymous.get('/health')
    expect(res.status).toBe(200)
    expect(res.data).toMatchObject({ status: 'ok', postgres: { ok: true }, redis: { ok: true } })
  })

  test('requests without a valid key get 401', async () => {
    expect((await anonymous.get('/v1/connections')).status).toBe(401)
    const wrong = (await anonymous.get('/v1/connections', { headers: { Authorization: 'Bearer ehk_not-a-key' } }))
    expect(wrong.status).toBe(401)
    expect(wrong.data.error.code).toBe('unauthenticated')
  })

  test('a connection is created, stored without a plaintext secret, shown masked, checked, scheduled, synced and read back', async () => {
    const created = await admin.post('/v1/connections', connectionBody('erp-main'))
    expect(created.status).toBe(201)
    expect(created.data.config.auth).toEqual({ type: 'bearer', token: '********' })
    expect(created.data.entities).toEqual(['customer', 'product', 'sales-order', 'inventory-position', 'production-order'])

    const stored = await th.hub.db.pool.query(`SELECT "config"::text AS config FROM "connection" WHERE "id" = $1`, [created.data.id])
    expect(stored.rows[0].config).not.toContain(ERP_TOKEN)
    expect(stored.rows[0].config).toContain('"$secret"')

    const schedulers = await th.hub.syncQueue.schedulers(created.data.id)
    expect(schedulers.map((s) => [s.id.split('.')[1], s.every]).sort()).toEqual(created.data.entities.map((e: string) => [e, 3_600_000]).sort())
    // The first scheduled sync is one interval away: creating a connection does not start reading the ERP.
    for (const s of schedulers) expect(s.next! - Date.now()).toBeGreaterThan(3_500_000)

    const check = await admin.post(`/v1/connections/${created.data.id}/check`)
    expect(check.status).toBe(200)
    expect(check.data.ok).toBe(true)

    const sync = await admin.post(`/v1/connections/${created.data.id}/sync`, { entities: ['customer', 'sales-order'] })
    expect(sync.status).toBe(202)
    expect(sync.data.runs.map((r: { entity: string }) => r.entity)).toEqual(['customer', 'sales-order'])
    const runs = await waitForRuns(th, sync.data.runs.map((r: { id: string }) => r.id))
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded'])

    const run = await admin.get(`/v1/runs/${runs[1].id}`)
    const orders = sim.counts()['sales-orders']
    expect(run.data).toMatchObject({ entity: 'sales-order', trigger: 'manual', status: 'succeeded', counts: { read: orders, inserted: orders, quarantined: 0 } })
    expect(typeof run.data.durationMs).toBe('number')
    expect(await th.hub.db.prisma.salesOrder.count({ where: { connectionId: created.data.id } })).toBe(orders)
  })

  test('a secret sent back masked is kept; a changed secret replaces it', async () => {
    const [conn] = (await admin.get('/v1/connections')).data.data
    const kept = await admin.patch(`/v1/connections/${conn.id}`, { config: conn.config, name: 'erp-main-renamed' })
    expect(kept.status).toBe(200)
    expect((await admin.post(`/v1/connections/${conn.id}/check`)).data.ok).toBe(true)

    const changed = await admin.patch(`/v1/connections/${conn.id}`, { config: { ...conn.config, auth: { type: 'bearer', token: 'wrong-token' } } })
    expect(changed.status).toBe(200)
    const check = await admin.post(`/v1/connections/${conn.id}/check`)
    expect(check.data).toMatchObject({ ok: false, error: { code: 'connector_auth' } })
    await admin.patch(`/v1/connections/${conn.id}`, { config: { ...conn.config, auth: { type: 'bearer', token: ERP_TOKEN } } })
  })

  test('a bad config gets 400 naming the field', async () => {
    const body = connectionBody('bad')
    const res = await admin.post('/v1/connections', { ...body, config: { ...body.config, baseUrl: 'not a url', entities: { ...body.config.entities, customer: { ...body.config.entities.customer, paging: { type: 'pages' } } } } })
    expect(res.status).toBe(400)
    expect(res.data.error.code).toBe('validation_failed')
    const paths = res.data.error.details.issues.map((i: { path: string }) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['config.baseUrl', 'config.entities.customer.paging.type']))

    const unknownKind = await admin.post('/v1/connections', { ...body, kind: 'sap-rfc' })
    expect(unknownKind.status).toBe(400)
    expect(unknownKind.data.error.details.issues[0]).toMatchObject({ path: 'kind' })

    const notHubEntity = await admin.post('/v1/connections', { ...body, config: { ...body.config, entities: { invoices: { path: '/api/v1/invoices' } } } })
    expect(notHubEntity.status).toBe(400)
    expect(notHubEntity.data.error.details.issues[0].path).toBe('config.entities.invoices')
  })

  test('a marketer key gets 403 on connection changes and reads customers and availability', async () => {
    const [conn] = (await admin.get('/v1/connections')).data.data
    expect((await marketer.post('/v1/connections', connectionBody('m'))).status).toBe(403)
    expect((await marketer.patch(`/v1/connections/${conn.id}`, { name: 'x' })).status).toBe(403)
    expect((await marketer.delete(`/v1/connections/${conn.id}`)).status).toBe(403)
    expect((await marketer.post(`/v1/connections/${conn.id}/sync`)).status).toBe(403)
    const forbidden = await marketer.post(`/v1/connections/${conn.id}/check`)
    expect(forbidden.data.error.code).toBe('forbidden')
    expect((await marketer.get('/v1/customers')).status).toBe(200)
    expect((await marketer.get('/v1/availability', { params: { sku: 'SKU-00001' } })).status).toBe(200)
  })

  test('customers are searched by name, email and phone, and shown with their orders and lines', async () => {
    const simCustomers = sim.records('customers') as Array<{ id: string; name: string; email: string | null; phone: string | null }>
    const orders = sim.records('sales-orders') as Array<{ id: string; customer_id: string; lines: unknown[] }>
    const withOrders = simCustomers.find((c) => c.email && c.phone && orders.some((o) => o.customer_id === c.id))!

    const byName = await marketer.get('/v1/customers', { params: { q: withOrders.name.slice(0, 8) } })
    expect(byName.data.data.map((c: { externalId: string }) => c.externalId)).toContain(withOrders.id)
    const byEmail = await marketer.get('/v1/customers', { params: { q: withOrders.email!.toUpperCase() } })
    expect(byEmail.data.data.map((c: { externalId: string }) => c.externalId)).toContain(withOrders.id)
    const digits = withOrders.phone!.replace(/\D/g, '')
    const byPhone = await marketer.get('/v1/customers', { params: { q: digits.slice(-7).replace(/(\d{3})/, '$1 ') } })
    expect(byPhone.data.data.map((c: { externalId: string }) => c.externalId)).toContain(withOrders.id)

    const hit = byEmail.data.data.find((c: { externalId: string }) => c.externalId === withOrders.id)
    const view = await marketer.get(`/v1/customers/${hit.id}`, { params: { ordersLimit: 500 } })
    expect(view.status).toBe(200)
    const expectedOrders = orders.filter((o) => o.customer_id === withOrders.id)
    expect(view.data.orderCount).toBe(expectedOrders.length)
    expect(view.data.orders.map((o: { externalId: string }) => o.externalId).sort()).toEqual(expectedOrders.map((o) => o.id).sort())
    expect(view.data.orders[0].lines.length).toBeGreaterThan(0)
    expect(view.data.source.payload.id).toBe(withOrders.id)
  })

  test('a key of another tenant gets 404 for this tenant\'s customer and sees none of its data', async () => {
    const some = (await admin.get('/v1/customers', { params: { limit: 1 } })).data.data[0]
    expect((await admin.get(`/v1/customers/${some.id}`)).status).toBe(200)
    const foreign = await otherTenant.get(`/v1/customers/${some.id}`)
    expect(foreign.status).toBe(404)
    expect(foreign.data.error.code).toBe('not_found')
    expect((await otherTenant.get('/v1/customers')).data.total).toBe(0)
    expect((await otherTenant.get('/v1/connections')).data.data).toEqual([])
    const [conn] = (await admin.get('/v1/connections')).data.data
    expect((await otherTenant.get(`/v1/connections/${conn.id}`)).status).toBe(404)
    expect((await otherTenant.post(`/v1/connections/${conn.id}/sync`)).status).toBe(404)
  })

  test('availability answers on hand and reserved per location, production by date, and the as-of time', async () => {
    const [conn] = (await admin.get('/v1/connections')).data.data
    const sync = await admin.post(`/v1/connections/${conn.id}/sync`, { entities: ['inventory-position', 'production-order'] })
    await waitForRuns(th, sync.data.runs.map((r: { id: string }) => r.id))
    const production = sim.records('production-orders') as Array<{ sku: string; quantity: string; state: string; planned_end: string }>
    const open = production.filter((p) => ['planned', 'released', 'running'].includes(p.state))
    const sku = open[0].sku
    const stock = (sim.records('stock') as Array<{ sku: string; on_hand: string; reserved: string; warehouse: { code: string } }>).filter((s) => s.sku === sku)

    const res = await marketer.get('/v1/availability', { params: { sku } })
    expect(res.status).toBe(200)
    expect(res.data.locations.map((l: { location: string; onHand: string; reserved: string }) => [l.location, Number(l.onHand), Number(l.reserved)]).sort()).toEqual(
      stock.map((s) => [s.warehouse.code, Number(s.on_hand), Number(s.reserved)]).sort(),
    )
    const expectedByDate = new Map<string, number>()
    for (const p of open.filter((p) => p.sku === sku)) expectedByDate.set(p.planned_end.slice(0, 10), (expectedByDate.get(p.planned_end.slice(0, 10)) ?? 0) + Number(p.quantity))
    expect(res.data.production.map((p: { date: string; quantity: string }) => [p.date, Number(p.quantity)])).toEqual([...expectedByDate.entries()].sort())
    expect(Object.keys(res.data.asOf)).toEqual(stock.length ? [conn.name] : [])

    expect((await marketer.get('/v1/availability')).status).toBe(400)
  })

  test('runs and quarantine are listed for admins only', async () => {
    expect((await admin.get('/v1/runs')).data.total).toBeGreaterThan(0)
    expect((await admin.get('/v1/quarantine')).status).toBe(200)
    expect((await marketer.get('/v1/runs')).status).toBe(403)
    expect((await admin.get('/v1/runs', { params: { status: 'nope' } })).data.error.details.issues[0].path).toBe('query.status')
  })

  test('deleting a connection removes its schedules and its data', async () => {
    const created = await admin.post('/v1/connections', connectionBody('to-delete'))
    expect((await th.hub.syncQueue.schedulers(created.data.id)).length).toBe(5)
    expect((await admin.delete(`/v1/connections/${created.data.id}`)).status).toBe(204)
    expect(await th.hub.syncQueue.schedulers(created.data.id)).toEqual([])
    expect((await admin.get(`/v1/connections/${created.data.id}`)).status).toBe(404)
  })
})
