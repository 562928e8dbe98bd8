import nock from 'nock'
import type { JsonObject } from '../../src/connector-sdk'
import type { RemoteTarget, Scenario, World } from '../../test/conformance/conformance.types'
import type { SapODataConfigInput } from './sap-odata.config'
import { sapODataConnector } from './sap-odata.connector'

/**
 * The sap-odata connector in the conformance suite: a fake S/4HANA (nock) serving API_SALES_ORDER_SRV
 * the way SAP Gateway does: basic auth, sap-client, server-driven paging of three orders per page
 * with a relative `__next` ($skiptoken), SAP JSON error bodies, and creation behind the CSRF token
 * dance (token and session cookie from a `X-CSRF-Token: Fetch` GET, checked on every POST).
 */
const HOST = 'https://s4.conformance.test'
const SERVICE = '/sap/opu/odata/sap/API_SALES_ORDER_SRV'
const ORDERS = `${SERVICE}/A_SalesOrder`
const USER = 'HUB_CONFORMANCE'
const PASSWORD = 'sap-conformance-pw-8c2d'
const CSRF_TOKEN = 'csrf-conformance-token-Qw7e=='
const SESSION_COOKIE = 'SAP_SESSIONID_CNF_100'
const SESSION_ID = 'session-conformance-5b9a1f'
const SERVER_PAGE = 3

const orders: JsonObject[] = Array.from({ length: 7 }, (_, i) => ({
  __metadata: { type: 'API_SALES_ORDER_SRV.A_SalesOrderType' },
  SalesOrder: String(5000001 + i),
  SalesOrderType: 'OR',
  SoldToParty: '17100001',
  SalesOrderDate: `/Date(${Date.UTC(2026, 0, i + 1)})/`,
  TotalNetAmount: `${100 + i}.50`,
  TransactionCurrency: 'EUR',
  LastChangeDateTime: `/Date(${Date.UTC(2026, 0, i + 1, 12)}+0000)/`,
  OverallSDProcessStatus: 'A',
  OverallSDDocumentRejectionSts: '',
  to_Item: { results: [{ SalesOrder: String(5000001 + i), SalesOrderItem: '10', Material: 'TG11', RequestedQuantity: '1', NetAmount: `${100 + i}.50` }] },
}))

/** Orders created through the connector in the current world. */
let created: JsonObject[] = []

function sapError(code: string, message: string): JsonObject {
  return { error: { code, message: { lang: 'en', value: message }, innererror: { transactionid: '0A1B2C3D4E5F', timestamp: '20260101120000.0000000' } } }
}

function config(password: string): SapODataConfigInput {
  return {
    baseUrl: HOST,
    timeoutMs: 300,
    auth: { type: 'basic', username: USER, password },
    sapClient: '100',
    entities: { 'sales-order': {} },
  }
}

/** GET A_SalesOrder: a lookup by PurchaseOrderByCustomer, or a page of the orders from $skiptoken on. */
function answerGet(uri: string): JsonObject {
  const query = new URL(uri, HOST).searchParams
  const marker = /^PurchaseOrderByCustomer eq '((?:[^']|'')*)'$/.exec(query.get('$filter') ?? '')?.[1]?.replace(/''/g, "'")
  if (marker !== undefined) return { d: { results: created.filter((o) => o.PurchaseOrderByCustomer === marker).slice(0, 1).map((o) => ({ SalesOrder: o.SalesOrder })) } }
  const start = Number(query.get('$skiptoken') ?? query.get('$skip') ?? 0)
  const size = query.has('$top') && !query.has('$skiptoken') ? Math.min(SERVER_PAGE, Number(query.get('$top'))) : SERVER_PAGE
  const end = Math.min(orders.length, start + size)
  return { d: { results: orders.slice(start, end), ...(end < orders.length && size === SERVER_PAGE ? { __next: `A_SalesOrder?$skiptoken=${end}` } : {}) } }
}

function serveSap(scope: nock.Scope): void {
  scope.get(ORDERS).query(true).reply(200, (uri) => answerGet(uri)).persist()
  scope
    .get(`${SERVICE}/`)
    .query(true)
    .matchHeader('x-csrf-token', 'Fetch')
    .reply(200, '', { 'X-CSRF-Token': CSRF_TOKEN, 'Set-Cookie': [`${SESSION_COOKIE}=${SESSION_ID}; path=/; secure; HttpOnly`, 'sap-usercontext=sap-client=100; path=/'] })
    .persist()
  scope
    .post(ORDERS)
    .query(true)
    .reply(function (_uri, body) {
      const headers = this.req.headers
      if (headers['x-csrf-token'] !== CSRF_TOKEN || !String(headers.cookie ?? '').includes(`${SESSION_COOKIE}=${SESSION_ID}`)) {
        return [403, 'CSRF token validation failed', { 'X-CSRF-Token': 'Required' }]
      }
      const order = { ...(body as JsonObject), SalesOrder: String(6000001 + created.length) }
      created.push(order)
      return [201, { d: { __metadata: { type: 'API_SALES_ORDER_SRV.A_SalesOrderType' }, ...order } }]
    })
    .persist()
}

async function world(scenario: Scenario): Promise<World<SapODataConfigInput>> {
  nock.disableNetConnect()
  created = []
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
  const scope = nock(HOST, { reqheaders: scenario === 'bad-credentials' ? {} : { authorization: basic } })
  if (scenario === 'bad-credentials') scope.get(/.*/).query(true).reply(401, sapError('/IWFND/CM_CONSUMER/101', 'Logon failed')).persist()
  if (scenario === 'rate-limited') scope.get(ORDERS).query(true).reply(429, sapError('SPIKE_ARREST', 'Rate limit quota violation'), { 'Retry-After': '2' })
  if (scenario === 'timeout') scope.get(ORDERS).query(true).delay(1500).reply(200, { d: { results: [] } })
  if (scenario === 'malformed') scope.get(ORDERS).query(true).reply(200, '<html><body>SAP NetWeaver Application Server: Logon</body></html>', { 'Content-Type': 'text/html' })
  serveSap(scope)
  return {
    config: config(scenario === 'bad-credentials' ? `${PASSWORD}-revoked` : PASSWORD),
    expectedKeys: orders.map((o) => String(o.SalesOrder)),
    async close() {
      nock.cleanAll()
      nock.enableNetConnect()
    },
  }
}

export const sapODataConformance: RemoteTarget<SapODataConfigInput> = {
  kind: 'sap-odata',
  connector: sapODataConnector as never,
  entity: 'sales-order',
  secrets: [PASSWORD, CSRF_TOKEN, SESSION_ID],
  world,
  write: {
    entity: 'sales-order',
    records: () => [
      { SalesOrderType: 'OR', SalesOrganization: '1710', DistributionChannel: '10', OrganizationDivision: '00', SoldToParty: '17100001', to_Item: [{ Material: 'TG11', RequestedQuantity: '2' }] },
      { SalesOrderType: 'OR', SalesOrganization: '1710', DistributionChannel: '10', OrganizationDivision: '00', SoldToParty: '17100002', to_Item: [{ Material: 'TG12', RequestedQuantity: '5' }] },
    ],
    async count() {
      return created.length
    },
  },
}
