import { randomBytes } from 'node:crypto'
import nock from 'nock'
import { createHttpClient, z, type JsonObject } from '../../src/connector-sdk'
import type { RemoteTarget, Scenario, World } from '../../test/conformance/conformance.types'
import { tryton as realServer } from '../../test/support/tryton.env'
import { createTrytonClient } from './tryton.client'
import { trytonConfigSchema, type TrytonConfigInput } from './tryton.config'
import { trytonConnector } from './tryton.connector'
import { readRows } from './tryton.rows'
import { answers, DATABASE, ENDPOINT, FakeTryton, LOGIN, PASSWORD, seededTables, SERVER } from './tryton.test-kit'

/**
 * The tryton connector in the conformance suite. Normal reads, bad credentials and writes go to the
 * real Tryton when TRYTON_URL is set (customers are its parties, 5 a page), else to a fake JSON-RPC
 * endpoint serving the real seeded rows over nock. Throttling, timeouts and malformed answers
 * cannot be provoked on a real server on demand: those are always faked.
 */
const PAGE_SIZE = 5
const capturedKey = (answers.login.result as [number, string])[1]
let fake: FakeTryton | undefined

function fakeConfig(overrides: Partial<TrytonConfigInput> = {}): TrytonConfigInput {
  return { url: `${SERVER}/`, database: DATABASE, login: LOGIN, password: PASSWORD, pageSize: PAGE_SIZE, timeoutMs: 300, ...overrides }
}

function realConfig(overrides: Partial<TrytonConfigInput> = {}): TrytonConfigInput {
  return { url: realServer.url!, database: realServer.database, login: realServer.login, password: realServer.password, pageSize: PAGE_SIZE, ...overrides }
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

function apiClient(config: TrytonConfigInput) {
  return createTrytonClient(trytonConfigSchema.parse(config), { http: createHttpClient(), logger: silent, clock: { now: () => new Date() } })
}

/** The parties the real Tryton has now: what a full read of customers must return. */
async function realPartyIds(config: TrytonConfigInput): Promise<string[]> {
  const client = apiClient(config)
  try {
    return z.array(z.int()).parse(await client.call('model.party.party.search', [[], 0, null, null])).map(String)
  } finally {
    await client.close()
  }
}

async function world(scenario: Scenario): Promise<World<TrytonConfigInput>> {
  const real = realServer.url !== undefined && (scenario === 'normal' || scenario === 'bad-credentials')
  if (real) {
    fake = undefined
    // A login of its own for the refusal: failed attempts are throttled per login, and the real one must keep working.
    const config = scenario === 'normal' ? realConfig() : realConfig({ login: `erphub-conformance-${randomBytes(4).toString('hex')}`, password: 'not-the-password' })
    return { config, expectedKeys: scenario === 'normal' ? await realPartyIds(config) : undefined, close: async () => undefined }
  }

  nock.disableNetConnect()
  fake = new FakeTryton({ tables: { ...seededTables, 'sale.opportunity': [] } })
  const firstRead = /party\.party\.search_read/
  if (scenario === 'rate-limited') fake.failOnce(firstRead, { status: 429, body: '', headers: { 'Retry-After': '2' } })
  if (scenario === 'malformed') fake.failOnce(firstRead, { status: 200, body: '<html><body>Service Unavailable</body></html>', headers: { 'Content-Type': 'text/html' } })
  if (scenario === 'timeout') {
    // Registered before the fake, so it catches the first data request (login and preferences pass by).
    nock(SERVER)
      .post(ENDPOINT, (body: JsonObject) => firstRead.test(String(body.method)))
      .delay(1500)
      .reply(200, (_uri, body) => ({ id: (body as JsonObject).id ?? null, result: [] }))
  }
  fake.intercept()
  return {
    config: scenario === 'bad-credentials' ? fakeConfig({ password: `${PASSWORD}-revoked` }) : fakeConfig(),
    expectedKeys: seededTables['party.party'].map((p) => String(p.id)),
    async close() {
      nock.cleanAll()
      nock.enableNetConnect()
    },
  }
}

const runId = `${Date.now()}-${randomBytes(3).toString('hex')}`

export const trytonConformance: RemoteTarget<TrytonConfigInput> = {
  kind: 'tryton',
  connector: trytonConnector as never,
  entity: 'customer',
  secrets: [PASSWORD, realServer.password, capturedKey, Buffer.from(`${LOGIN}:2:${capturedKey}`).toString('base64')],
  world,
  write: {
    entity: 'opportunity',
    // Party 13 is Van der Berg Bouw B.V. in the seeded Tryton (and in the fake, which serves its rows).
    records: (): JsonObject[] => [
      { customer: '13', description: `Conformance lead ${runId} A`, amount: '100.00' },
      { customer: '13', description: `Conformance lead ${runId} B` },
    ],
    async count(config, records) {
      const descriptions = records.map((r) => String(r.description))
      if (fake) return fake.tables['sale.opportunity'].filter((o) => descriptions.includes(String(o.description))).length
      const client = apiClient(config)
      try {
        const method = 'model.sale.opportunity.search_read'
        return readRows(await client.call(method, [[['description', 'in', descriptions]], 0, null, null, ['id']]), method).length
      } finally {
        await client.close()
      }
    },
  },
}
