import type { AxiosInstance } from 'axios'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { startSimulator, type Simulator } from '../../src/simulator'
import { ensureTenant } from '../../src/store/tenant.repo'
import { connectSimulator, createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { until } from '../support/until'
import { timestampedSignature } from '../support/webhook.sign'

const SECRET = 'whsec-log-3b9e71'
const OTHER_SECRET = 'whsec-other-tenant-77aa'
// Named so that the inbox's "headers a later step needs" rule (x-…event…) would keep it: the log must still never show it.
const SIGNATURE_HEADER = 'X-Erp-Event-Signature'

type LoggedEvent = { id: string; connectionId: string; connectionName: string; dedupKey: string; status: string; deliveries: number; outcome: unknown; error: unknown; bytes: number; headers: Record<string, string>; receivedAt: string; processedAt: string | null }
type RefusedCall = { id: string; connectionId: string | null; connectionName: string | null; status: number; reason: string; bytes: number | null; headerNames: string[]; at: string }

describe('GET /v1/webhook-events: the webhook log (events received, calls refused)', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView
  let second: ConnectionView
  let foreign: ConnectionView
  let http: AxiosInstance
  let admin: AxiosInstance
  let otherAdmin: AxiosInstance
  let api: Awaited<ReturnType<TestHub['api']>>
  const signatures: string[] = []

  const webhook = (secret: string) => ({
    signature: { scheme: 'timestamped', secret, header: SIGNATURE_HEADER, toleranceSeconds: 300 },
    eventId: { header: 'X-Erp-Event-Id' },
    events: { entity: { from: { path: 'entity' }, map: { customer: 'customer' } }, record: 'data' },
  })

  async function send(connectionId: string, event: { id: string; [key: string]: unknown }, secret: string | null) {
    const body = JSON.stringify(event)
    const signature = secret ? timestampedSignature(secret, body) : undefined
    if (signature) signatures.push(signature)
    return http.post(`/v1/webhooks/${connectionId}`, body, {
      headers: { 'Content-Type': 'application/json', 'X-Erp-Event-Id': event.id, ...(signature ? { [SIGNATURE_HEADER]: signature } : {}) },
      transformRequest: (b) => b,
    })
  }

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 31, lines: 100 })
    conn = await connectSimulator(th, sim.url, { name: 'erp-a' })
    second = await connectSimulator(th, sim.url, { name: 'erp-b' })
    api = await th.api()
    http = api.as()
    admin = api.as(await createKey(th, 'admin'))
    for (const c of [conn, second]) expect((await admin.patch(`/v1/connections/${c.id}`, { webhook: webhook(SECRET) })).status).toBe(200)

    const other = await ensureTenant(th.hub.db, `t-other-${Date.now()}`, 'Other tenant')
    foreign = await connectSimulator(th, sim.url, { name: 'erp-foreign', tenantId: other.id })
    otherAdmin = api.as(await createKey(th, 'admin', other.id))
    expect((await otherAdmin.patch(`/v1/connections/${foreign.id}`, { webhook: webhook(OTHER_SECRET) })).status).toBe(200)
    await th.worker()

    const customers = sim.records('customers')
    // Accepted: two events on erp-a (one delivered twice), one on erp-b, one in the other tenant.
    expect((await send(conn.id, { id: 'evt-a1', entity: 'customer', data: customers[0] }, SECRET)).status).toBe(202)
    expect((await send(conn.id, { id: 'evt-a2', entity: 'customer', data: customers[1] }, SECRET)).status).toBe(202)
    expect((await send(conn.id, { id: 'evt-a2', entity: 'customer', data: customers[1] }, SECRET)).status).toBe(200)
    expect((await send(second.id, { id: 'evt-b1', entity: 'customer', data: customers[2] }, SECRET)).status).toBe(202)
    expect((await send(foreign.id, { id: 'evt-f1', entity: 'customer', data: customers[3] }, OTHER_SECRET)).status).toBe(202)
    // Refused: a wrong secret and no signature on erp-a, a wrong secret in the other tenant, an unknown connection.
    expect((await send(conn.id, { id: 'evt-forged', entity: 'customer', data: customers[4] }, 'not-the-secret')).status).toBe(401)
    expect((await send(conn.id, { id: 'evt-unsigned', entity: 'customer', data: customers[4] }, null)).status).toBe(401)
    expect((await send(foreign.id, { id: 'evt-f-forged', entity: 'customer' }, 'nope')).status).toBe(401)
    expect((await send('00000000-0000-4000-8000-000000000000', { id: 'evt-nowhere' }, null)).status).toBe(404)
    await until(async () => (await th.hub.db.prisma.webhookEvent.count({ where: { status: 'done' } })) === 4, 20_000, 'the four events to be processed')
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('lists the tenant’s events newest first with status, dedup key, deliveries and outcome, and never a body or a signature', async () => {
    const res = await admin.get('/v1/webhook-events')
    expect(res.status).toBe(200)
    const events = res.data.data as LoggedEvent[]
    expect(res.data.total).toBe(3)
    expect(events.map((e) => e.dedupKey)).toEqual(['id:evt-b1', 'id:evt-a2', 'id:evt-a1'])
    const a2 = events.find((e) => e.dedupKey === 'id:evt-a2')!
    expect(a2).toMatchObject({ connectionId: conn.id, connectionName: 'erp-a', status: 'done', deliveries: 2, outcome: expect.objectContaining({ records: 1 }), error: null })
    expect(a2.bytes).toBeGreaterThan(20)
    expect(a2.processedAt).not.toBeNull()
    expect(a2.headers['x-erp-event-id']).toBe('evt-a2')
    expect(Object.keys(a2.headers).map((h) => h.toLowerCase())).not.toContain(SIGNATURE_HEADER.toLowerCase())
    const text = JSON.stringify(res.data)
    for (const s of signatures) expect(text).not.toContain(s)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain('"body"')
  })

  test('filters by connection and status, and pages', async () => {
    const byConn = await admin.get('/v1/webhook-events', { params: { connectionId: second.id } })
    expect((byConn.data.data as LoggedEvent[]).map((e) => e.dedupKey)).toEqual(['id:evt-b1'])
    for (const status of ['done', 'received', 'failed']) {
      const res = await admin.get('/v1/webhook-events', { params: { status } })
      expect(res.status).toBe(200)
      expect(res.data.total).toBe(await th.hub.db.prisma.webhookEvent.count({ where: { tenantId: th.tenantId, status } }))
    }
    const paged = await admin.get('/v1/webhook-events', { params: { limit: 2, offset: 2 } })
    expect(paged.data).toMatchObject({ total: 3, limit: 2, offset: 2 })
    expect((paged.data.data as LoggedEvent[]).map((e) => e.dedupKey)).toEqual(['id:evt-a1'])
    const bad = await admin.get('/v1/webhook-events', { params: { status: 'lost', connectionId: 'nope' } })
    expect(bad.status).toBe(400)
    expect((bad.data.error.details.issues as Array<{ path: string }>).map((i) => i.path).sort()).toEqual(['query.connectionId', 'query.status'])
  })

  test('lists refused calls with their reason and status, header names only, never the other tenant’s or an unknown connection’s', async () => {
    const res = await admin.get('/v1/webhook-events/refused')
    expect(res.status).toBe(200)
    const refused = res.data.data as RefusedCall[]
    expect(res.data.total).toBe(2)
    expect(refused.every((r) => r.connectionId === conn.id && r.connectionName === 'erp-a' && r.status === 401)).toBe(true)
    expect(refused.map((r) => r.reason).join('\n')).toMatch(/signature/i)
    const unsigned = refused[0]
    expect(unsigned.headerNames).toContain('x-erp-event-id')
    expect(unsigned.headerNames).not.toContain(SIGNATURE_HEADER.toLowerCase())
    expect(refused[1].headerNames).toContain(SIGNATURE_HEADER.toLowerCase())
    expect(unsigned.bytes).toBeGreaterThan(0)
    const text = JSON.stringify(res.data)
    for (const s of signatures) expect(text).not.toContain(s)
    expect(text).not.toContain('evt-nowhere')

    const byStatus = await admin.get('/v1/webhook-events/refused', { params: { status: '413' } })
    expect(byStatus.data.total).toBe(0)
    const byOther = await admin.get('/v1/webhook-events/refused', { params: { connectionId: second.id } })
    expect(byOther.data.total).toBe(0)
  })

  test('a tenant sees only its own events and refusals, even when it names another tenant’s connection', async () => {
    const events = await otherAdmin.get('/v1/webhook-events')
    expect((events.data.data as LoggedEvent[]).map((e) => e.dedupKey)).toEqual(['id:evt-f1'])
    const refused = await otherAdmin.get('/v1/webhook-events/refused')
    expect((refused.data.data as RefusedCall[]).map((r) => r.connectionId)).toEqual([foreign.id])
    const peek = await otherAdmin.get('/v1/webhook-events', { params: { connectionId: conn.id } })
    expect(peek.data).toMatchObject({ total: 0, data: [] })
    const peekRefused = await admin.get('/v1/webhook-events/refused', { params: { connectionId: foreign.id } })
    expect(peekRefused.data).toMatchObject({ total: 0, data: [] })
  })

  test('only admin keys may read the log; no key is 401', async () => {
    for (const role of ['marketer', 'service', 'manager', 'webhook'] as const) {
      const as = api.as(await createKey(th, role))
      for (const path of ['/v1/webhook-events', '/v1/webhook-events/refused']) {
        const res = await as.get(path)
        expect([role, path, res.status, res.data.error?.code]).toEqual([role, path, 403, 'forbidden'])
      }
    }
    expect((await http.get('/v1/webhook-events')).status).toBe(401)
  })
})
