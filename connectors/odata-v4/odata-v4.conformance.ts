import nock from 'nock'
import { z, type JsonObject } from '../../src/connector-sdk'
import type { RemoteTarget, Scenario, World } from '../../test/conformance/conformance.types'
import type { ODataConfigInput } from './odata-v4.config'
import { odataV4Connector } from './odata-v4.connector'

/**
 * The odata-v4 connector in the conformance suite: a fake Business Central company (nock) behind an
 * Entra ID-style token endpoint, with seven customers in pages of three linked by
 * `@odata.nextLink`, and sales orders that can be created (looked up by externalDocumentNumber).
 */
const HOST = 'https://bc.conformance.test'
const ROOT = '/v2.0/conformance-tenant/production/api/v2.0/companies(5d9f0c3e-1a2b-4c3d-8e9f-0a1b2c3d4e5f)'
const TOKEN_HOST = 'https://login.conformance.test'
const TOKEN_PATH = '/conformance-tenant/oauth2/v2.0/token'
const CLIENT_SECRET = 'odata-conformance-secret-9c1d'
const ACCESS_TOKEN = 'odata-conformance-access-7b2e'
const PAGE = 3

const customers = Array.from({ length: 7 }, (_, i) => ({
  '@odata.etag': `W/"JzE5OzE${i}MDAwMDAwMDAwMDAwMDAwMDAxOzAwOyc="`,
  id: `0c6a1f2e-0000-4000-8000-00000000000${i + 1}`,
  number: `C0000${i + 1}`,
  displayName: `Customer ${i + 1}`,
  lastModifiedDateTime: `2026-01-0${i + 1}T08:30:00.5Z`,
}))

const orderBody = z.looseObject({ externalDocumentNumber: z.string().min(1) })

/** The ERP's sales orders created by the write check, by externalDocumentNumber (reset per world). */
const orders = new Map<string, JsonObject>()

function config(clientSecret: string): ODataConfigInput {
  return {
    serviceRoot: `${HOST}${ROOT}`,
    timeoutMs: 300,
    auth: { type: 'oauth2-client-credentials', tokenUrl: `${TOKEN_HOST}${TOKEN_PATH}`, clientId: 'conformance-app', clientSecret, scope: 'https://api.businesscentral.dynamics.com/.default' },
    entities: {
      customer: { entitySet: 'customers', pageSize: PAGE, incremental: { mode: 'modified-since' } },
      'sales-order': { entitySet: 'salesOrders', expand: 'salesOrderLines', write: { idempotencyField: 'externalDocumentNumber' } },
    },
  }
}

function serveCustomers(scope: nock.Scope): void {
  scope
    .get(`${ROOT}/customers`)
    .query(true)
    .reply(200, (uri) => {
      const query = new URL(uri, HOST).searchParams
      const start = Number(query.get('$skiptoken') ?? 0)
      const size = Math.min(Number(query.get('$top') ?? PAGE), PAGE)
      const page = customers.slice(start, start + size)
      const more = !query.has('$top') && start + size < customers.length
      return { '@odata.context': `${HOST}${ROOT}/$metadata#customers`, value: page, ...(more ? { '@odata.nextLink': `${HOST}${ROOT}/customers?$skiptoken=${start + size}` } : {}) }
    })
    .persist()
}

function serveOrders(scope: nock.Scope): void {
  scope
    .get(`${ROOT}/salesOrders`)
    .query(true)
    .reply(200, (uri) => {
      const filter = new URL(uri, HOST).searchParams.get('$filter') ?? ''
      const wanted = /^externalDocumentNumber eq '((?:[^']|'')*)'$/.exec(filter)?.[1].replace(/''/g, "'")
      const found = wanted === undefined ? [...orders.values()] : [...orders.values()].filter((o) => o.externalDocumentNumber === wanted)
      return { value: found }
    })
    .persist()
    .post(`${ROOT}/salesOrders`)
    .reply(201, (_uri, body) => {
      const order: JsonObject = { ...orderBody.parse(body), id: `0d7b2a3c-0000-4000-8000-${String(orders.size + 1).padStart(12, '0')}` }
      orders.set(String(order.externalDocumentNumber), order)
      return order
    })
    .persist()
}

async function world(scenario: Scenario): Promise<World<ODataConfigInput>> {
  nock.disableNetConnect()
  orders.clear()
  const identity = nock(TOKEN_HOST)
  if (scenario === 'bad-credentials') {
    identity.post(TOKEN_PATH).reply(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }).persist()
  } else {
    identity.post(TOKEN_PATH).reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: ACCESS_TOKEN }).persist()
  }
  const erp = nock(HOST, { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
  if (scenario === 'rate-limited') erp.get(`${ROOT}/customers`).query(true).reply(429, { error: { code: 'Application_TooManyRequests', message: 'Too many requests' } }, { 'Retry-After': '2' })
  if (scenario === 'timeout') erp.get(`${ROOT}/customers`).query(true).delay(1500).reply(200, { value: [] })
  if (scenario === 'malformed') erp.get(`${ROOT}/customers`).query(true).reply(200, '<html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html' })
  serveCustomers(erp)
  serveOrders(erp)
  return {
    config: config(scenario === 'bad-credentials' ? `${CLIENT_SECRET}-expired` : CLIENT_SECRET),
    expectedKeys: customers.map((c) => c.id),
    async close() {
      nock.cleanAll()
      nock.enableNetConnect()
    },
  }
}

export const odataV4Conformance: RemoteTarget<ODataConfigInput> = {
  kind: 'odata-v4',
  connector: odataV4Connector as never,
  entity: 'customer',
  secrets: [CLIENT_SECRET, ACCESS_TOKEN],
  world,
  write: {
    entity: 'sales-order',
    records: () => [
      { customerNumber: 'C00001', orderDate: '2026-01-15', salesOrderLines: [{ lineType: 'Item', lineObjectNumber: '1896-S', quantity: 2 }] },
      { customerNumber: 'C00002', orderDate: '2026-01-15', salesOrderLines: [{ lineType: 'Item', lineObjectNumber: '1900-S', quantity: 1 }] },
    ],
    async count() {
      return orders.size
    },
  },
}
