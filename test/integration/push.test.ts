import type { AxiosInstance } from 'axios'
import { connectorRegistry } from '../../connectors'
import { Transient, type JsonObject, type WriteOutcome } from '../../src/connector-sdk'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createConnection } from '../../src/connections/connection.service'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { hmacBase64 } from '../support/webhook.sign'
import { until } from '../support/until'
import { writeOnlyConnector } from '../support/write-only-erp'

const WEBHOOK_SECRET = 'fake-erp-webhook-secret'

/**
 * An ERP whose writes are NOT idempotent on their own: every write call creates a record, whatever
 * the key. Only the hub's outbox (ask before retrying an uncertain write) keeps it to one record per
 * effect, so these tests fail if the hub ever writes blindly twice.
 */
class FakeErp {
  complaints: Array<{ id: string; key: string; record: JsonObject; status?: string }> = []
  down = false
  reject: string | null = null
  writeCalls = 0
  lookups = 0
}

function fakeErpConnector(erp: FakeErp) {
  return writeOnlyConnector('fake-erp', { complaint: 'id', 'complaint-status': 'complaint' }, {
    async write(entity, records, idempotencyKey): Promise<WriteOutcome[]> {
      erp.writeCalls += 1
      if (erp.down) throw new Transient('the ERP is down')
      if (erp.reject) return [{ status: 'rejected', reason: erp.reject, path: 'customer' }]
      if (entity === 'complaint-status') {
        const { complaint, status } = records[0] as { complaint: string; status: string }
        const found = erp.complaints.find((c) => c.id === complaint)
        if (!found) return [{ status: 'rejected', reason: `no complaint ${complaint}`, path: 'complaint' }]
        const changed = found.status !== status
        found.status = status
        return [{ status: changed ? 'updated' : 'unchanged', externalId: complaint }]
      }
      const id = `CMP-${erp.complaints.length + 1}`
      erp.complaints.push({ id, key: idempotencyKey, record: records[0] })
      return [{ status: 'created', externalId: id }]
    },
    async lookup(_entity, idempotencyKey) {
      erp.lookups += 1
      const found = erp.complaints.find((c) => c.key === idempotencyKey)
      return found ? { externalId: found.id } : null
    },
  })
}

describe('pushing to an ERP exactly once through the outbox', () => {
  const erp = new FakeErp()
  let th: TestHub
  let conn: ConnectionView
  let service: AxiosInstance
  let admin: AxiosInstance
  let erpWebhook: (complaint: object) => Promise<{ cases: string[] }>

  beforeAll(async () => {
    const registry = new Map([...connectorRegistry, ['fake-erp', fakeErpConnector(erp)]])
    th = await startTestHub({}, { registry })
    conn = await createConnection(th.hub.connections, th.tenantId, {
      name: 'fake-erp',
      kind: 'fake-erp',
      config: {},
      // The ERP announces its complaints (Tryton style) by webhook: the hub mirrors them as cases.
      webhook: {
        signature: { scheme: 'hmac-sha256', secret: WEBHOOK_SECRET, header: 'X-Erp-Hmac', encoding: 'base64' },
        events: { entity: 'service-case', record: '$', cases: { status: { path: 'state', map: { draft: 'open', approved: 'in_progress', done: 'resolved' } } } },
      },
    })
    const api = await th.api()
    erpWebhook = async (complaint: object) => {
      const body = JSON.stringify(complaint)
      const res = await api.as().post(`/v1/webhooks/${conn.id}`, body, { headers: { 'Content-Type': 'application/json', 'X-Erp-Hmac': hmacBase64(WEBHOOK_SECRET, body) }, transformRequest: (b) => b })
      expect(res.status).toBe(202)
      return until(async () => {
        const e = await th.hub.db.prisma.webhookEvent.findUnique({ where: { id: res.data.receiptId } })
        return e?.status === 'done' ? (e.outcome as { cases: string[] }) : null
      })
    }
    service = api.as(await createKey(th, 'service'))
    admin = api.as(await createKey(th, 'admin'))
    th.hub.push.maxAttempts = 3
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
  })
  beforeEach(() => {
    erp.down = false
    erp.reject = null
    th.hub.push.afterErpAnswer = undefined
  })

  const openCase = async (subject: string) => {
    const res = await service.post('/v1/cases', { connectionId: conn.id, customer: 'C-1001', subject, description: 'Pallet arrived with two broken crates.' })
    expect(res.status).toBe(201)
    return res.data
  }
  const caseWhen = (id: string, ok: (c: { externalId: string | null; push: Array<{ status: string }> }) => boolean) =>
    until(async () => {
      const c = (await service.get(`/v1/cases/${id}`)).data
      return ok(c) ? c : null
    }, 20_000, `case ${id} to reach the expected push state`)

  test('a new case and its push are one transaction, and the push reaches the ERP once with the case as its record', async () => {
    const created = await openCase('Broken crates')
    expect(created.push).toEqual([expect.objectContaining({ entity: 'complaint', status: expect.stringMatching(/pending|sending|done/) })])
    const done = await caseWhen(created.id, (c) => c.externalId !== null)
    const mine = erp.complaints.filter((c) => c.key === `case-${created.id}`)
    expect(mine).toHaveLength(1)
    expect(done.externalId).toBe(mine[0].id)
    expect(mine[0].record).toEqual({ customer: 'C-1001', description: 'Broken crates\n\nPallet arrived with two broken crates.' })
  })

  test('a push whose answer was lost (a crash between the ERP\'s answer and our commit) is settled by asking the ERP: one record, not two', async () => {
    let crashes = 0
    th.hub.push.afterErpAnswer = () => {
      if (crashes++ === 0) throw new Error('simulated crash after the ERP answered')
    }
    const lookupsBefore = erp.lookups
    const created = await openCase('Lost answer')
    const done = await caseWhen(created.id, (c) => c.push[0].status === 'done')
    const mine = erp.complaints.filter((c) => c.key === `case-${created.id}`)
    expect(mine).toHaveLength(1)
    expect(done.externalId).toBe(mine[0].id)
    expect(done.push[0]).toMatchObject({ status: 'done', attempts: 2 })
    expect(erp.lookups).toBeGreaterThan(lookupsBefore)
  })

  test('a record the ERP rejects is kept with its reason and not retried', async () => {
    erp.reject = 'customer C-1001 is blocked'
    const created = await openCase('Rejected')
    const c = await caseWhen(created.id, (x) => x.push[0].status === 'rejected')
    expect(c.push[0].lastError).toMatchObject({ message: 'customer C-1001 is blocked', path: 'customer' })
    const calls = erp.writeCalls
    await new Promise((r) => setTimeout(r, 500))
    expect(erp.writeCalls).toBe(calls)
  })

  test('an ERP that stays down makes the effect dead after its attempts, listed with its error; a retry by hand then delivers it once', async () => {
    erp.down = true
    const created = await openCase('ERP down')
    const dead = await caseWhen(created.id, (x) => x.push[0].status === 'dead')
    expect(dead.push[0]).toMatchObject({ attempts: 3, lastError: expect.objectContaining({ code: 'transient' }) })
    const letters = (await th.hub.db.prisma.deadLetter.findMany({ where: { queue: 'outbox', jobId: dead.push[0].id } }))
    expect(letters).toHaveLength(1)
    expect(await admin.get('/v1/outbox', { params: { status: 'dead' } }).then((r) => r.data.data.map((e: { id: string }) => e.id))).toContain(dead.push[0].id)

    erp.down = false
    const retry = await admin.post(`/v1/outbox/${dead.push[0].id}/retry`)
    expect(retry.status).toBe(202)
    const done = await caseWhen(created.id, (x) => x.push[0].status === 'done')
    expect(erp.complaints.filter((c) => c.key === `case-${created.id}`)).toHaveLength(1)
    expect(done.externalId).not.toBeNull()
    expect(await th.hub.db.prisma.auditEvent.count({ where: { action: 'outbox.retry' } })).toBe(1)
  })

  test('a case for a connection that writes no cases is refused with the reason', async () => {
    const other = await createConnection(th.hub.connections, th.tenantId, { name: 'reader', kind: 'rest', config: { baseUrl: 'http://127.0.0.1:9', auth: { type: 'none' }, entities: { customer: { path: '/c' } } }, schedule: { entities: { customer: null } } })
    const res = await service.post('/v1/cases', { connectionId: other.id, customer: 'C-1', subject: 's', description: 'd' })
    expect(res.status).toBe(400)
    expect(res.data.error.details.issues[0]).toMatchObject({ path: 'connectionId', message: expect.stringMatching(/takes no service cases/) })
    expect(await th.hub.db.prisma.serviceCase.count({ where: { connectionId: other.id } })).toBe(0)
  })

  test('an echo does not loop: the ERP announcing the complaint the hub pushed (even before the push committed) links it, creates no case and no effect', async () => {
    let echoed: { cases: string[] } | null = null
    th.hub.push.afterErpAnswer = async (effect) => {
      // The ERP's webhook for the new complaint overtakes the push's own commit.
      const made = erp.complaints.find((c) => c.key === effect.effectKey)!
      echoed = await erpWebhook({ id: made.id, reference: `erphub:${made.key}`, customer: 'C-1001', description: made.record.description, state: 'draft' })
    }
    const casesBefore = await th.hub.db.prisma.serviceCase.count()
    const created = await openCase('Echo')
    const done = await caseWhen(created.id, (c) => c.push[0]?.status === 'done')
    th.hub.push.afterErpAnswer = undefined
    expect(echoed).toEqual(expect.objectContaining({ cases: ['echo'] }))
    const mine = erp.complaints.filter((c) => c.key === `case-${created.id}`)
    expect(mine).toHaveLength(1)
    expect(done.externalId).toBe(mine[0].id)
    expect(await th.hub.db.prisma.serviceCase.count()).toBe(casesBefore + 1)

    // Later the ERP approves the complaint: the hub's case follows, and nothing is pushed back.
    const effectsBefore = await th.hub.db.prisma.outboxEffect.count()
    const writesBefore = erp.writeCalls
    expect(await erpWebhook({ id: mine[0].id, reference: `erphub:${mine[0].key}`, customer: 'C-1001', description: 'x', state: 'approved' })).toMatchObject({ cases: ['echo-updated'] })
    expect((await service.get(`/v1/cases/${created.id}`)).data.status).toBe('in_progress')
    await new Promise((r) => setTimeout(r, 600))
    expect(await th.hub.db.prisma.outboxEffect.count()).toBe(effectsBefore)
    expect(erp.writeCalls).toBe(writesBefore)
    expect(await th.hub.db.prisma.serviceCase.count()).toBe(casesBefore + 1)
  })

  test('a complaint made in the ERP itself becomes a hub case without being pushed back', async () => {
    const effectsBefore = await th.hub.db.prisma.outboxEffect.count()
    expect(await erpWebhook({ id: 'CMP-ERP-77', reference: null, customer: 'C-2002', description: 'Invoice shows the wrong VAT rate\nSee attached.', state: 'draft' })).toMatchObject({ cases: ['created'] })
    const c = await th.hub.db.prisma.serviceCase.findFirst({ where: { connectionId: conn.id, externalId: 'CMP-ERP-77' } })
    expect(c).toMatchObject({ customerExternalId: 'C-2002', subject: 'Invoice shows the wrong VAT rate', status: 'open', resolvedAt: null })
    expect(await th.hub.db.prisma.outboxEffect.count()).toBe(effectsBefore)
    // The ERP closes it: the hub's case is resolved, with the time it learnt so; reopened, it is not.
    expect(await erpWebhook({ id: 'CMP-ERP-77', reference: null, customer: 'C-2002', description: 'x', state: 'done' })).toMatchObject({ cases: ['updated'] })
    const resolved = await th.hub.db.prisma.serviceCase.findUniqueOrThrow({ where: { id: c!.id } })
    expect(resolved.status).toBe('resolved')
    expect(resolved.resolvedAt).toBeInstanceOf(Date)
    expect(await erpWebhook({ id: 'CMP-ERP-77', reference: null, customer: 'C-2002', description: 'x', state: 'draft' })).toMatchObject({ cases: ['updated'] })
    expect(await th.hub.db.prisma.serviceCase.findUniqueOrThrow({ where: { id: c!.id } })).toMatchObject({ status: 'open', resolvedAt: null })
  })

  test('a status change is pushed after the case itself, to the ERP record the case became; its echo changes nothing', async () => {
    const created = await openCase('Status change')
    const pushed = await caseWhen(created.id, (c) => c.externalId !== null)
    const changed = await service.patch(`/v1/cases/${created.id}`, { status: 'in_progress' })
    expect(changed.status).toBe(200)
    const done = await caseWhen(created.id, (c) => c.push.length === 2 && c.push.every((p) => p.status === 'done'))
    expect(done.push.map((p: { entity: string }) => p.entity)).toEqual(['complaint', 'complaint-status'])
    expect(erp.complaints.find((c) => c.id === pushed.externalId)!.status).toBe('in_progress')
    // The ERP announces its complaint, now approved (its word for in progress): the hub's own change, coming back.
    const effectsBefore = await th.hub.db.prisma.outboxEffect.count()
    expect(await erpWebhook({ id: pushed.externalId, reference: `erphub:case-${created.id}`, customer: 'C-1001', description: 'x', state: 'approved' })).toMatchObject({ cases: ['echo'] })
    await new Promise((r) => setTimeout(r, 400))
    expect(await th.hub.db.prisma.outboxEffect.count()).toBe(effectsBefore)
    // A priority change stays in the hub: no effect.
    await service.patch(`/v1/cases/${created.id}`, { priority: 'high' })
    expect(await th.hub.db.prisma.outboxEffect.count()).toBe(effectsBefore)
  })
})
