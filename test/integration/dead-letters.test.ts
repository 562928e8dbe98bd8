import type { AxiosInstance } from 'axios'
import { updateConnection } from '../../src/connections/connection.service'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, createKey, startTestHub, syncNow, waitForRuns, type TestHub } from '../support/hub.harness'
import { until } from '../support/until'

const TOKEN = 'dl-token-7f3a'

describe('dead letters: work out of retries is kept with its errors and can be retried by hand', () => {
  let th: TestHub
  let sim: Simulator
  let admin: AxiosInstance
  let marketer: AxiosInstance

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 3, lines: 200, auth: { type: 'bearer', token: TOKEN } })
    const api = await th.api()
    admin = api.as(await createKey(th, 'admin'))
    marketer = api.as(await createKey(th, 'marketer'))
    await th.worker()
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('a sync that fails for good becomes a dead letter with its error; after the fix, a retry runs it again as a new run', async () => {
    const conn = await connectSimulator(th, sim.url, { token: 'wrong-token' })
    const [failed] = await syncNow(th, conn.id, ['customer'])
    expect(failed.status).toBe('failed')
    const letter = await until(async () => (await admin.get('/v1/dead-letters', { params: { connectionId: conn.id } })).data.data[0])
    expect(letter).toMatchObject({ queue: 'sync', jobName: 'sync', status: 'dead', connectionId: conn.id, data: expect.objectContaining({ entity: 'customer', runId: failed.id }) })
    expect(letter.errors.at(-1).message).toMatch(/401|unauthor|rejected the credentials|auth/i)

    await updateConnection(th.hub.connections, th.tenantId, conn.id, { config: simulatorConnectionConfig(sim.url, { token: TOKEN, pageSize: 100 }) })
    const retried = await admin.post(`/v1/dead-letters/${letter.id}/retry`)
    expect(retried.status).toBe(202)
    const [run] = await waitForRuns(th, [retried.data.runId])
    expect(run).toMatchObject({ status: 'succeeded', entity: 'customer' })
    expect(await th.hub.db.prisma.customer.count({ where: { connectionId: conn.id } })).toBe(sim.counts().customers)
    expect((await admin.get(`/v1/dead-letters/${letter.id}`)).data).toMatchObject({ status: 'retried' })
    expect((await admin.post(`/v1/dead-letters/${letter.id}/retry`)).status).toBe(409)
    expect(await th.hub.db.prisma.auditEvent.count({ where: { action: 'dead-letter.retry', connectionId: conn.id } })).toBe(1)
  })

  test('only admins see or act on dead letters', async () => {
    expect((await marketer.get('/v1/dead-letters')).status).toBe(403)
  })
})
