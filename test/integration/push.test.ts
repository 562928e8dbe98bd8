import type { AxiosInstance } from 'axios'
import { connectorRegistry } from '../../connectors'
import { Transient, z, type Connector, type JsonObject, type WriteOutcome } from '../../src/connector-sdk'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createConnection } from '../../src/connections/connection.service'
import { createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { until } from '../support/webhook.sign'

/**
 * An ERP whose writes are NOT idempotent on their own: every write call creates a record, whatever
 * the key. Only the hub's outbox (ask before retrying an uncertain write) keeps it to one record per
 * effect, so these tests fail if the hub ever writes blindly twice.
 */
class FakeErp {
  complaints: Array<{ id: string; key: string; record: JsonObject }> = []
  down = false
  reject: string | null = null
  writeCalls = 0
  lookups = 0
}

function fakeErpConnector(erp: FakeErp): Connector<Record<string, never>> {
  return {
    kind: 'fake-erp',
    version: '1.0.0',
    configSchema: z.object({}).strict() as never,
    entities: () => ({ complaint: { key: 'id', can: { write: true } } }),
    async connect() {
      return {
        async check() {},
        // eslint-disable-next-line require-yield
        async *read() {
          throw new Error('writes only')
        },
        async write(_entity, records, { idempotencyKey }): Promise<WriteOutcome[]> {
          erp.writeCalls += 1
          if (erp.down) throw new Transient('the ERP is down')
          if (erp.reject) return [{ status: 'rejected', reason: erp.reject, path: 'customer' }]
          const id = `CMP-${erp.complaints.length + 1}`
          erp.complaints.push({ id, key: idempotencyKey, record: records[0] })
          return [{ status: 'created', externalId: id }]
        },
        async lookup(_entity, idempotencyKey) {
          erp.lookups += 1
          const found = erp.complaints.find((c) => c.key === idempotencyKey)
          return found ? { externalId: found.id } : null
        },
        async close() {},
      }
    },
  }
}

describe('pushing to an ERP exactly once through the outbox', () => {
  const erp = new FakeErp()
  let th: TestHub
  let conn: ConnectionView
  let service: AxiosInstance
  let admin: AxiosInstance

  beforeAll(async () => {
    const registry = new Map([...connectorRegistry, ['fake-erp', fakeErpConnector(erp)]])
    th = await startTestHub({}, { registry })
    conn = await createConnection(th.hub.connections, th.tenantId, { name: 'fake-erp', kind: 'fake-erp', config: {} })
    const api = await th.api()
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
})
