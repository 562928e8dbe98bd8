import { Writable } from 'node:stream'
import type { AxiosInstance } from 'axios'
import { startSimulator, type Simulator } from '../../src/simulator'
import { createLogger } from '../../src/observability/logger'
import { connectSimulator, createKey, startTestHub, type TestHub } from '../support/hub.harness'
import { until } from '../support/until'

const ERP_TOKEN = 'erp-bearer-9d1e77c4b2'
const REQUEST_ID = 'req-sync-7731'

/**
 * One correlation id from the HTTP request through the job it queued to each ERP call the job made,
 * in the hub's own JSON logs (debug level, captured here line by line), and no secret in any of them.
 */
describe('correlation ids and redaction in the logs', () => {
  let th: TestHub
  let sim: Simulator
  let admin: AxiosInstance
  let apiKey: string
  const lines: Array<Record<string, unknown>> = []
  const raw: string[] = []

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          raw.push(line)
          lines.push(JSON.parse(line))
        }
        done()
      },
    })
    th = await startTestHub({ logLevel: 'debug' }, { logger: createLogger({ level: 'debug', destination: sink }) })
    sim = await startSimulator({ seed: 5, lines: 100, auth: { type: 'bearer', token: ERP_TOKEN } })
    const api = await th.api()
    await th.worker()
    apiKey = await createKey(th, 'admin')
    admin = api.as(apiKey)
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('a sync asked for over HTTP logs its ERP calls under the request id, which the answer carries', async () => {
    const conn = await connectSimulator(th, sim.url, { token: ERP_TOKEN })
    const res = await admin.post(`/v1/connections/${conn.id}/sync`, { entities: ['customer'] }, { headers: { 'X-Request-Id': REQUEST_ID } })
    expect(res.status).toBe(202)
    expect(res.headers['x-request-id']).toBe(REQUEST_ID)
    const runId = res.data.runs[0].id
    await until(async () => ((await th.hub.db.prisma.syncRun.findUnique({ where: { id: runId } }))?.status === 'succeeded' ? true : null))
    const calls = lines.filter((l) => l.msg === 'erp call' && l.correlationId === REQUEST_ID)
    expect(calls.length).toBeGreaterThan(0)
    expect(calls[0]).toMatchObject({ connectionId: conn.id, erp: { method: 'GET', status: 200 } })
    expect(String((calls[0].erp as { url: string }).url)).not.toContain('?')
    // The run's own lines carry it too.
    expect(lines.some((l) => l.msg === 'sync run succeeded' && l.correlationId === REQUEST_ID)).toBe(true)
    // A request without an id gets one of its own, answered back.
    const other = await admin.get('/v1/runs')
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  test('no secret appears in any log line: the ERP token, the API key, the hub secret key', async () => {
    // The lines the first test wrote (its ERP calls among them) are what is searched.
    expect(raw.filter((l) => l.includes('"erp call"')).length).toBeGreaterThan(0)
    for (const secret of [ERP_TOKEN, apiKey, th.config.secretKey.toString('hex'), th.config.secretKey.toString('base64')]) {
      expect(raw.filter((l) => l.includes(secret))).toEqual([])
    }
  })
})
