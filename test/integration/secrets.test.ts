import { createLogger } from '../../src/observability/logger'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { startSimulator, type Simulator } from '../../src/simulator'
import { createKey, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'

/** Secrets go in, are used, and never come out: not in responses, stored rows, run errors or logs. */
describe('connection secrets', () => {
  const RIGHT = 'erp-token-RIGHT-4c1d'
  const WRONG = 'erp-token-WRONG-9f2e'
  const PASSWORD = 'basic-PASSWORD-77aa'
  const logs: string[] = []
  let th: TestHub
  let sim: Simulator

  beforeAll(async () => {
    th = await startTestHub({}, { logger: createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } }) })
    sim = await startSimulator({ seed: 9, lines: 200, auth: { type: 'bearer', token: RIGHT } })
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('appear nowhere while connections are created, shown, checked, synced and fail', async () => {
    const api = await th.api()
    await th.worker()
    const admin = api.as(await createKey(th, 'admin'))
    const seen: string[] = []
    const call = async (p: Promise<{ status: number; data: unknown }>) => {
      const res = await p
      seen.push(JSON.stringify(res.data))
      return res as { status: number; data: any }
    }
    const good = await call(admin.post('/v1/connections', { name: 'good', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: RIGHT }) }))
    const bad = await call(admin.post('/v1/connections', { name: 'bad', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: WRONG }) }))
    const basic = await call(admin.post('/v1/connections', { name: 'basic', kind: 'rest', config: { ...simulatorConnectionConfig(sim.url), auth: { type: 'basic', username: 'hub', password: PASSWORD } } }))
    expect([good.status, bad.status, basic.status]).toEqual([201, 201, 201])
    await call(admin.get('/v1/connections'))
    for (const c of [good, bad, basic]) await call(admin.get(`/v1/connections/${c.data.id}`))
    expect((await call(admin.post(`/v1/connections/${bad.data.id}/check`))).data.ok).toBe(false)
    expect((await call(admin.post(`/v1/connections/${basic.data.id}/check`))).data.ok).toBe(false)
    const runs = []
    for (const c of [good, bad, basic]) runs.push(...(await call(admin.post(`/v1/connections/${c.data.id}/sync`, { entities: ['customer'] }))).data.runs)
    const done = await waitForRuns(th, runs.map((r: { id: string }) => r.id))
    expect(done.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed'])
    for (const r of done) await call(admin.get(`/v1/runs/${r.id}`))

    const stored = (await th.hub.db.pool.query(`SELECT "config"::text AS c FROM "connection"`)).rows.map((r) => r.c).join('\n')
    const runErrors = done.map((r) => JSON.stringify(r.error)).join('\n')
    expect(logs.length).toBeGreaterThan(0)
    for (const secret of [RIGHT, WRONG, PASSWORD]) {
      expect(seen.join('\n')).not.toContain(secret)
      expect(stored).not.toContain(secret)
      expect(runErrors).not.toContain(secret)
      expect(logs.join('')).not.toContain(secret)
    }
  })
})
