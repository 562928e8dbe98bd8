import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AxiosInstance } from 'axios'
import { createConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { hmacBase64, timestampedSignature } from '../support/webhook.sign'
import { until } from '../support/until'

const SECRET = 'whsec-test-5f2c1d'
const FIXTURES = join(__dirname, '..', 'fixtures', 'real')

describe('webhooks in: a signed event is stored before 202, applied once, never older over newer', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView
  let http: AxiosInstance
  let admin: AxiosInstance

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 7, lines: 200 })
    conn = await connectSimulator(th, sim.url)
    const key = await createKey(th, 'admin')
    const api = await th.api()
    http = api.as()
    admin = api.as(key)
    const res = await admin.patch(`/v1/connections/${conn.id}`, {
      webhook: {
        signature: { scheme: 'timestamped', secret: SECRET, header: 'X-Erp-Signature', toleranceSeconds: 300 },
        eventId: { header: 'X-Erp-Event-Id' },
        events: { entity: { from: { path: 'entity' }, map: { customer: 'customer', product: 'product' } }, record: 'data' },
      },
    })
    expect(res.status).toBe(200)
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  async function send(event: object, headers: Record<string, string> = {}, sign = true) {
    const body = JSON.stringify(event)
    const id = (event as { id?: string }).id
    return http.post(`/v1/webhooks/${conn.id}`, body, {
      headers: { 'Content-Type': 'application/json', ...(id ? { 'X-Erp-Event-Id': id } : {}), ...(sign ? { 'X-Erp-Signature': timestampedSignature(SECRET, body) } : {}), ...headers },
      transformRequest: (b) => b,
    })
  }

  const customerRow = (externalId: string) => th.hub.db.prisma.customer.findFirst({ where: { connectionId: conn.id, externalId } })
  const auditCount = async () => th.hub.db.prisma.auditEvent.count({ where: { connectionId: conn.id, action: 'webhook.refused' } })
  const eventCount = () => th.hub.db.prisma.webhookEvent.count({ where: { connectionId: conn.id } })

  test('the connection view masks the webhook secret and names the webhook path', async () => {
    const view = (await admin.get(`/v1/connections/${conn.id}`)).data
    expect(view.webhook.signature.secret).toBe('********')
    expect(view.webhookPath).toBe(`/v1/webhooks/${conn.id}`)
    const stored = await th.hub.db.prisma.connection.findUnique({ where: { id: conn.id } })
    expect(JSON.stringify(stored!.webhook)).not.toContain(SECRET)
  })

  test('a signed event is answered 202 with a receipt for the stored event, and its record lands through the mapping', async () => {
    const record = sim.records('customers')[0]
    const res = await send({ id: 'evt-1', entity: 'customer', data: { ...record, name: 'Webhook Werke GmbH' } })
    expect(res.status).toBe(202)
    const stored = await th.hub.db.prisma.webhookEvent.findUnique({ where: { id: res.data.receiptId } })
    expect(stored).not.toBeNull()
    expect(res.data.duplicate).toBe(false)
    const row = await until(async () => {
      const c = await customerRow(record.id)
      return c?.name === 'Webhook Werke GmbH' ? c : null
    }, 15_000, 'the webhook record to land')
    expect(row.connectionId).toBe(conn.id)
    const done = await until(async () => {
      const e = await th.hub.db.prisma.webhookEvent.findUnique({ where: { id: res.data.receiptId } })
      return e?.status === 'done' ? e : null
    })
    expect(done.outcome).toMatchObject({ records: 1 })
  })

  test('the same event delivered twice is one stored event and one change', async () => {
    const record = sim.records('customers')[1]
    const event = { id: 'evt-dup', entity: 'customer', data: { ...record, name: 'Once Only AG', updated_at: new Date().toISOString() } }
    const first = await send(event)
    const second = await send(event)
    expect(first.status).toBe(202)
    expect(second.status).toBe(200)
    expect(second.data).toEqual({ receiptId: first.data.receiptId, duplicate: true })
    const rows = await th.hub.db.prisma.webhookEvent.findMany({ where: { connectionId: conn.id, dedupKey: 'id:evt-dup' } })
    expect(rows).toHaveLength(1)
    expect(rows[0].deliveries).toBe(2)
    const landed = await until(async () => {
      const c = await customerRow(record.id)
      return c?.name === 'Once Only AG' ? c : null
    })
    expect(landed.name).toBe('Once Only AG')
  })

  test('events arriving out of order never overwrite newer data with older', async () => {
    const record = sim.records('customers')[2]
    const t0 = Date.parse(record.updated_at)
    const newer = { id: 'evt-new', entity: 'customer', data: { ...record, name: 'Newer Name KG', updated_at: new Date(t0 + 60_000).toISOString() } }
    const older = { id: 'evt-old', entity: 'customer', data: { ...record, name: 'Older Name KG', updated_at: new Date(t0 + 30_000).toISOString() } }
    // Newer first, then older, in separate batches (the older one arrives after the newer is applied) ...
    expect((await send(newer)).status).toBe(202)
    await until(async () => (await customerRow(record.id))?.name === 'Newer Name KG')
    expect((await send(older)).status).toBe(202)
    await until(async () => (await th.hub.db.prisma.webhookEvent.findFirst({ where: { connectionId: conn.id, dedupKey: 'id:evt-old' } }))?.status === 'done')
    expect((await customerRow(record.id))!.name).toBe('Newer Name KG')
    // ... and both in one batch, older last.
    const record2 = sim.records('customers')[3]
    const t1 = Date.parse(record2.updated_at)
    await Promise.all([
      send({ id: 'evt-b-new', entity: 'customer', data: { ...record2, name: 'Batch Newer', updated_at: new Date(t1 + 60_000).toISOString() } }),
      send({ id: 'evt-b-old', entity: 'customer', data: { ...record2, name: 'Batch Older', updated_at: new Date(t1 + 30_000).toISOString() } }),
    ])
    await until(async () => (await th.hub.db.prisma.webhookEvent.count({ where: { connectionId: conn.id, dedupKey: { in: ['id:evt-b-new', 'id:evt-b-old'] }, status: 'done' } })) === 2)
    expect((await customerRow(record2.id))!.name).toBe('Batch Newer')
  })

  describe('refused calls leave an audit entry and nothing else', () => {
    test.each([
      ['a wrong signature', 401, { 'X-Erp-Signature': timestampedSignature('not-the-secret', '{"id":"evt-x"}') }, true],
      ['no signature', 401, {}, false],
    ])('%s is refused with %i', async (_what, status, headers, sign) => {
      const before = { audit: await auditCount(), events: await eventCount() }
      const res = await send({ id: `evt-refused-${status}-${sign}`, entity: 'customer', data: sim.records('customers')[4] }, headers as Record<string, string>, false)
      expect(res.status).toBe(status)
      expect(res.data.error.message).toMatch(/signature|header/)
      expect(await eventCount()).toBe(before.events)
      expect(await auditCount()).toBe(before.audit + 1)
    })

    test('a signature whose timestamp is outside the tolerance window (a replay) is refused with 401', async () => {
      const before = { audit: await auditCount(), events: await eventCount() }
      const body = JSON.stringify({ id: 'evt-replayed', entity: 'customer', data: sim.records('customers')[4] })
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600
      const res = await http.post(`/v1/webhooks/${conn.id}`, body, { headers: { 'Content-Type': 'application/json', 'X-Erp-Signature': timestampedSignature(SECRET, body, tenMinutesAgo) }, transformRequest: (b) => b })
      expect(res.status).toBe(401)
      expect(res.data.error.message).toMatch(/timestamp is 60\d s away from now \(tolerance 300 s\)/)
      expect(await eventCount()).toBe(before.events)
      const audit = await th.hub.db.prisma.auditEvent.findFirst({ where: { connectionId: conn.id }, orderBy: { id: 'desc' } })
      expect(audit).toMatchObject({ action: 'webhook.refused', status: 401 })
      expect(JSON.stringify(audit!.details)).not.toContain('evt-replayed') // the body is not kept
    })

    test('a body over the limit (1 MB by default) is refused with 413', async () => {
      const before = { audit: await auditCount(), events: await eventCount() }
      const big = JSON.stringify({ id: 'evt-big', entity: 'customer', data: { ...sim.records('customers')[4], note: 'x'.repeat(1024 * 1024) } })
      const res = await http.post(`/v1/webhooks/${conn.id}`, big, { headers: { 'Content-Type': 'application/json', 'X-Erp-Signature': timestampedSignature(SECRET, big) }, transformRequest: (b) => b, maxBodyLength: Infinity })
      expect(res.status).toBe(413)
      expect(await eventCount()).toBe(before.events)
      expect(await auditCount()).toBe(before.audit + 1)
    })

    test('a correctly signed body that is not JSON is refused with 400 and the parser\'s reason', async () => {
      const before = { audit: await auditCount(), events: await eventCount() }
      const body = '{"id": "evt-bad", "entity": "customer", '
      const res = await http.post(`/v1/webhooks/${conn.id}`, body, { headers: { 'Content-Type': 'application/json', 'X-Erp-Signature': timestampedSignature(SECRET, body) }, transformRequest: (b) => b })
      expect(res.status).toBe(400)
      expect(res.data.error.message).toMatch(/not JSON/)
      expect(await eventCount()).toBe(before.events)
      expect(await auditCount()).toBe(before.audit + 1)
    })

    test('an unknown connection is 404', async () => {
      const res = await http.post('/v1/webhooks/00000000-0000-4000-8000-000000000000', '{}', { headers: { 'Content-Type': 'application/json' } })
      expect(res.status).toBe(404)
    })
  })

  describe('XML webhooks', () => {
    let xmlConn: ConnectionView
    beforeAll(async () => {
      xmlConn = await createConnection(th.hub.connections, th.tenantId, {
        name: 'xml-erp',
        kind: 'rest',
        config: { baseUrl: sim.url, auth: { type: 'none' }, entities: { customer: { path: '/api/v1/customers', paging: { type: 'cursor' } } } },
        schedule: { entities: { customer: null } },
        webhook: { signature: { scheme: 'hmac-sha256', secret: SECRET, header: 'X-Signature', encoding: 'hex', prefix: 'sha256=' }, format: 'xml', events: { entity: 'customer' } },
      })
    })
      const postXml = (xml: string) =>
      http.post(`/v1/webhooks/${xmlConn.id}`, xml, { headers: { 'Content-Type': 'application/xml', 'X-Signature': `sha256=${createHmac('sha256', SECRET).update(xml).digest('hex')}` }, transformRequest: (b) => b })

    test.each([
      ['an entity expansion bomb', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><change><id>&lol3;</id></change>`],
      ['an external entity', `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><change><id>&xxe;</id></change>`],
    ])('%s is refused with 400 even when correctly signed', async (_what, xml) => {
      const before = { audit: await th.hub.db.prisma.auditEvent.count({ where: { connectionId: xmlConn.id } }), events: await th.hub.db.prisma.webhookEvent.count({ where: { connectionId: xmlConn.id } }) }
      const res = await postXml(xml)
      expect(res.status).toBe(400)
      expect(res.data.error.message).toMatch(/DOCTYPE/)
      expect(await th.hub.db.prisma.webhookEvent.count({ where: { connectionId: xmlConn.id } })).toBe(before.events)
      expect(await th.hub.db.prisma.auditEvent.count({ where: { connectionId: xmlConn.id } })).toBe(before.audit + 1)
    })

    test('well-formed XML without a DTD is taken; malformed XML is refused with the line and column', async () => {
      expect((await postXml('<change><id>C-1</id></change>')).status).toBe(202)
      const bad = await postXml('<change><id>C-1</change>')
      expect(bad.status).toBe(400)
      expect(bad.data.error.message).toMatch(/not well-formed XML: .*line 1/)
    })
  })

  test('Shopify style: a base64 HMAC of the raw body, the topic header says the entity, the real customer payload lands through the Shopify mapping', async () => {
    const shop = await createConnection(th.hub.connections, th.tenantId, {
      name: 'shopify',
      kind: 'rest',
      config: { baseUrl: 'https://example.myshopify.com/admin/api/2024-01', auth: { type: 'api-key', header: 'X-Shopify-Access-Token', value: 'shpat_test' }, entities: { customer: { path: '/customers.json', recordsPath: 'customers', idField: 'id', paging: { type: 'next-link' } } } },
      mappings: { customer: 'rest/shopify-customer' },
      schedule: { entities: { customer: null } },
      webhook: {
        signature: { scheme: 'hmac-sha256', secret: SECRET, header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' },
        eventId: { header: 'X-Shopify-Webhook-Id' },
        events: { entity: { from: { header: 'X-Shopify-Topic' }, map: { 'customers/create': 'customer', 'customers/update': 'customer' } }, record: '$' },
      },
    })
    // Webhook bodies are the bare object; the fixture wraps it as {"customer": {...}}.
    const customer = JSON.parse(readFileSync(join(FIXTURES, 'shopify-api-ruby', 'customers.json'), 'utf8')).customer
    const body = JSON.stringify(customer)
    const res = await http.post(`/v1/webhooks/${shop.id}`, body, {
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Topic': 'customers/update', 'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'X-Shopify-Hmac-Sha256': hmacBase64(SECRET, body) },
      transformRequest: (b) => b,
    })
    expect(res.status).toBe(202)
    const row = await until(() => th.hub.db.prisma.customer.findFirst({ where: { connectionId: shop.id, externalId: String(customer.id) } }))
    expect(row.email).toBe(customer.email)
  })

  describe('Business Central: validation-token handshake and clientState', () => {
    let bc: ConnectionView
    const notification = readFileSync(join(FIXTURES, 'ms-dynamics365-business-central-docs', 'dynamics-subscriptions.md.block2.json'))
    beforeAll(async () => {
      bc = await createConnection(th.hub.connections, th.tenantId, {
        name: 'business-central',
        kind: 'odata-v4',
        config: {
          serviceRoot: 'https://api.businesscentral.dynamics.com/v2.0/7f2e1c3a-tenant/production/api/v2.0/companies(b18aed47-c385-49d2-b954-dbdf8ad71780)',
          auth: { type: 'oauth2-client-credentials', tokenUrl: 'https://login.microsoftonline.com/7f2e1c3a-tenant/oauth2/v2.0/token', clientId: 'app', clientSecret: 'cs', scope: 'https://api.businesscentral.dynamics.com/.default' },
        },
        schedule: { entities: { customer: null, product: null, 'sales-order': null, 'inventory-position': null } },
        webhook: {
          signature: { scheme: 'business-central', clientState: 'someClientState' },
          events: {
            list: 'value',
            entity: { from: { path: 'resource' }, map: { '/\\/customers\\(/': 'customer', '/\\/items\\(/': 'product', '/\\/salesOrders\\(/': 'sales-order' } },
            ignore: { path: 'changeType', values: ['collection'] },
          },
        },
      })
    })

    test('subscribing: the validationToken is echoed back as text with 200', async () => {
      const res = await http.post(`/v1/webhooks/${bc.id}?validationToken=abc-123-token`, '', { responseType: 'text' })
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/plain/)
      expect(res.data).toBe('abc-123-token')
    })

    test('a notification with another clientState is refused with 401 and not stored', async () => {
      const forged = notification.toString('utf8').replace(/someClientState/g, 'guessed')
      const res = await http.post(`/v1/webhooks/${bc.id}`, forged, { headers: { 'Content-Type': 'application/json' }, transformRequest: (b) => b })
      expect(res.status).toBe(401)
      expect(res.data.error.message).toMatch(/clientState/)
      expect(await th.hub.db.prisma.webhookEvent.count({ where: { connectionId: bc.id } })).toBe(0)
    })

    test('the real notification (items and customers changed, a collection notice) becomes one coalesced fetch per entity', async () => {
      const res = await http.post(`/v1/webhooks/${bc.id}`, notification, { headers: { 'Content-Type': 'application/json' }, transformRequest: (b) => b })
      expect(res.status).toBe(202)
      const event = await until(async () => {
        const e = await th.hub.db.prisma.webhookEvent.findUnique({ where: { id: res.data.receiptId } })
        return e?.status === 'done' ? e : null
      })
      expect(event.outcome).toEqual({ records: 0, fetch: ['product', 'customer', 'customer'], ignored: ['changeType is collection'], cases: [] })
      // Three notices, two entities: one fetch run each, made by the worker from the coalesced jobs.
      const runs = await until(async () => {
        const r = await th.hub.db.prisma.syncRun.findMany({ where: { connectionId: bc.id, trigger: 'webhook' } })
        return r.length >= 2 ? r : null
      })
      expect(runs.map((r) => r.entity).sort()).toEqual(['customer', 'product'])
    })
  })
})
