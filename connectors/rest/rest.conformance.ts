import nock from 'nock'
import type { RemoteTarget, Scenario, World } from '../../test/conformance/conformance.types'
import type { RestConfigInput } from './rest.config'
import { restConnector } from './rest.connector'

/**
 * The rest connector in the conformance suite: a fake JSON API (nock) with three pages of
 * customers behind keyset cursors and a bearer token.
 */
const HOST = 'https://erp.conformance.test'
const TOKEN = 'rest-conformance-token-5e1f'
const customers = Array.from({ length: 7 }, (_, i) => ({ id: `C-${i + 1}`, name: `Customer ${i + 1}`, updated_at: `2026-01-0${i + 1}T00:00:00Z` }))

function config(token: string): RestConfigInput {
  return {
    baseUrl: HOST,
    timeoutMs: 300,
    auth: { type: 'bearer', token },
    entities: { customer: { path: '/api/customers', pageSize: 3, paging: { type: 'cursor' }, incremental: { param: 'updated_since', field: 'updated_at' } } },
  }
}

function serveCustomers(scope: nock.Scope): nock.Scope {
  return scope
    .get('/api/customers')
    .query(true)
    .reply(200, (uri) => {
      const cursor = new URL(uri, HOST).searchParams.get('cursor')
      const start = cursor ? Number(cursor) : 0
      const page = customers.slice(start, start + 3)
      return { data: page, next_cursor: start + 3 < customers.length ? String(start + 3) : null }
    })
    .persist()
}

async function world(scenario: Scenario): Promise<World<RestConfigInput>> {
  nock.disableNetConnect()
  const scope = nock(HOST, { reqheaders: scenario === 'bad-credentials' ? {} : { authorization: `Bearer ${TOKEN}` } })
  if (scenario === 'bad-credentials') scope.get(/.*/).query(true).reply(401, { error: 'invalid token' }).persist()
  if (scenario === 'rate-limited') scope.get('/api/customers').query(true).reply(429, { error: 'slow down' }, { 'Retry-After': '2' })
  if (scenario === 'timeout') scope.get('/api/customers').query(true).delay(1500).reply(200, { data: [], next_cursor: null })
  if (scenario === 'malformed') scope.get('/api/customers').query(true).reply(200, '<html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html' })
  serveCustomers(scope)
  return {
    config: config(scenario === 'bad-credentials' ? `${TOKEN}-revoked` : TOKEN),
    expectedKeys: customers.map((c) => c.id),
    async close() {
      nock.cleanAll()
      nock.enableNetConnect()
    },
  }
}

export const restConformance: RemoteTarget<RestConfigInput> = {
  kind: 'rest',
  connector: restConnector as never,
  entity: 'customer',
  secrets: [TOKEN],
  world,
}
