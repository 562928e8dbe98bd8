import nock from 'nock'
import { AuthError, ConfigError, type JsonObject } from '../../src/connector-sdk'
import { parseSetCookie } from './sap-odata.csrf'
import { idempotencyMarker } from './sap-odata.write'
import { aSalesOrder, BASE_URL, BASIC, connectSap, feed, rejection, SERVICE_ROOT, visibleText } from './sap-odata.test-kit'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

const SERVICE = `${SERVICE_ROOT}/API_SALES_ORDER_SRV`
const ORDERS = `${SERVICE}/A_SalesOrder`
const TOKEN = 'Zx9pQm3TtK2vR7yB1nWc5A=='
const SESSION_COOKIE = 'SAP_SESSIONID_S4H_100=vXkq2LmN8pQrStUvWxYz0123456789abcdEFGH%3d'
const SET_COOKIES = [`${SESSION_COOKIE}; path=/; secure; HttpOnly`, 'sap-usercontext=sap-client=100; expires=Wed, 21 Oct 2026 07:28:00 GMT; path=/']
const entities = { 'sales-order': {} }
const signal = () => new AbortController().signal

/** What the hub hands over for a new order: creatable A_SalesOrder fields with a deep-inserted item. */
function newOrder(overrides: JsonObject = {}): JsonObject {
  return {
    SalesOrderType: 'OR',
    SalesOrganization: '1710',
    DistributionChannel: '10',
    OrganizationDivision: '00',
    SoldToParty: '17100001',
    to_Item: [{ Material: 'TG11', RequestedQuantity: '2', RequestedQuantityUnit: 'PC' }],
    ...overrides,
  }
}

function lookup(scope: nock.Scope, marker: string, found: JsonObject[]): nock.Scope {
  return scope
    .get(ORDERS)
    .query({ $format: 'json', $filter: `PurchaseOrderByCustomer eq '${marker.replace(/'/g, "''")}'`, $select: 'SalesOrder', $top: '1' })
    .reply(200, feed(found))
}

function csrfFetch(scope: nock.Scope, token = TOKEN): nock.Scope {
  return scope
    .get(`${SERVICE}/`)
    .matchHeader('x-csrf-token', 'Fetch')
    .reply(200, '{"d":{"EntitySets":["A_SalesOrder"]}}', { 'X-CSRF-Token': token, 'Set-Cookie': SET_COOKIES })
}

describe('sap-odata writes sales orders', () => {
  it('creates an order: lookup by the idempotency key, CSRF token fetched with its cookies, POST with both', async () => {
    const posted: JsonObject[] = []
    const scope = lookup(nock(BASE_URL, { reqheaders: { authorization: BASIC } }), 'push-4711', [])
    csrfFetch(scope)
      .post(ORDERS, (body: JsonObject) => {
        posted.push(body)
        return true
      })
      .matchHeader('x-csrf-token', TOKEN)
      .matchHeader('cookie', `${SESSION_COOKIE}; sap-usercontext=sap-client=100`)
      .matchHeader('content-type', 'application/json')
      .reply(201, { d: { ...aSalesOrder('4711', { PurchaseOrderByCustomer: 'push-4711' }), to_Item: { results: [{ SalesOrder: '4711', SalesOrderItem: '10', Material: 'TG11' }] } } })
    const { session } = await connectSap({ entities })
    const outcomes = await session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-4711', signal: signal() })
    expect(scope.isDone()).toBe(true)
    expect(outcomes).toEqual([{ status: 'created', externalId: '4711' }])
    expect(posted).toEqual([{ ...newOrder(), PurchaseOrderByCustomer: 'push-4711' }])
  })

  it('creates nothing when a retry finds the order an earlier attempt created', async () => {
    const scope = lookup(nock(BASE_URL), 'push-4711', [{ __metadata: { type: 'API_SALES_ORDER_SRV.A_SalesOrderType' }, SalesOrder: '4711' }])
    const { session, exchanges } = await connectSap({ entities })
    const outcomes = await session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-4711', signal: signal() })
    expect(scope.isDone()).toBe(true)
    expect(outcomes).toEqual([{ status: 'unchanged', externalId: '4711' }])
    expect(exchanges.map((e) => e.method)).toEqual(['GET'])
  })

  it('fetches a new token once when the POST answers 403 (token expired), then creates', async () => {
    const scope = lookup(nock(BASE_URL), 'push-1', [])
    csrfFetch(scope, 'old-token-aaaa')
      .post(ORDERS)
      .matchHeader('x-csrf-token', 'old-token-aaaa')
      .reply(403, 'CSRF token validation failed', { 'X-CSRF-Token': 'Required' })
    csrfFetch(scope).post(ORDERS).matchHeader('x-csrf-token', TOKEN).reply(201, { d: aSalesOrder('4712') })
    const { session } = await connectSap({ entities })
    const outcomes = await session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-1', signal: signal() })
    expect(scope.isDone()).toBe(true)
    expect(outcomes).toEqual([{ status: 'created', externalId: '4712' }])
  })

  it('gives up with an AuthError when the POST is refused again with a fresh token, never showing token or cookies', async () => {
    const scope = lookup(nock(BASE_URL), 'push-1', [])
    csrfFetch(scope).post(ORDERS).reply(403, `CSRF token validation failed for ${TOKEN} (${SESSION_COOKIE})`)
    csrfFetch(scope).post(ORDERS).reply(403, `CSRF token validation failed for ${TOKEN} (${SESSION_COOKIE})`)
    const { session, logs } = await connectSap({ entities })
    const err = await rejection(session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-1', signal: signal() }))
    expect(scope.isDone()).toBe(true)
    expect(err).toBeInstanceOf(AuthError)
    expect(err.message).toContain('CSRF token validation failed')
    const seen = visibleText(err) + JSON.stringify(logs)
    expect(seen).not.toContain(TOKEN)
    expect(seen).not.toContain('vXkq2LmN8pQrStUvWxYz0123456789abcdEFGH')
  })

  it('gives one outcome per record: a record SAP refuses is rejected with SAP’s message, the others are created', async () => {
    const scope = nock(BASE_URL)
    lookup(scope, 'push-9-1', [])
    csrfFetch(scope)
      .post(ORDERS, (body: JsonObject) => body.PurchaseOrderByCustomer === 'push-9-1')
      .reply(400, { error: { code: 'V1/382', message: { lang: 'en', value: 'Sold-to party 99999999 not maintained for sales area 1710 10 00' } } })
    lookup(scope, 'push-9-2', [])
      .post(ORDERS, (body: JsonObject) => body.PurchaseOrderByCustomer === 'push-9-2')
      .reply(201, { d: aSalesOrder('4713') })
    const { session } = await connectSap({ entities })
    const outcomes = await session.write!('sales-order', [newOrder({ SoldToParty: '99999999' }), newOrder()], { idempotencyKey: 'push-9', signal: signal() })
    expect(scope.isDone()).toBe(true)
    expect(outcomes).toEqual([
      { status: 'rejected', reason: expect.stringContaining('SAP error V1/382: Sold-to party 99999999 not maintained for sales area 1710 10 00') },
      { status: 'created', externalId: '4713' },
    ])
  })

  it('rejects a record that already has its own value in the idempotency field, rather than overwrite it', async () => {
    const { session, exchanges } = await connectSap({ entities })
    const outcomes = await session.write!('sales-order', [newOrder({ PurchaseOrderByCustomer: 'PO-CUST-77' })], { idempotencyKey: 'push-2', signal: signal() })
    expect(outcomes).toEqual([{ status: 'rejected', reason: expect.stringContaining('already has a value'), path: 'PurchaseOrderByCustomer' }])
    expect(exchanges).toHaveLength(0)
  })

  it('throws a ConfigError when the entity set does not exist (404): not the record’s fault', async () => {
    const scope = lookup(nock(BASE_URL), 'push-3', [])
    csrfFetch(scope).post(ORDERS).reply(404, { error: { code: '/IWBEP/CM_MGW_RT/021', message: { lang: 'en', value: "Resource not found for segment 'A_SalesOrder'" } } })
    const { session } = await connectSap({ entities })
    expect(await rejection(session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-3', signal: signal() }))).toBeInstanceOf(ConfigError)
  })

  it('refuses to write an entity without write settings', async () => {
    const { session } = await connectSap({ entities: { customer: {} } })
    const err = await rejection(session.write!('customer', [{ BusinessPartnerFullName: 'x' }], { idempotencyKey: 'k', signal: signal() }))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/no `write` settings/)
  })

  it('sends sap-client with the lookup, the token fetch and the POST', async () => {
    const scope = nock(BASE_URL)
      .get(ORDERS)
      .query((q) => q['sap-client'] === '100' && String(q.$filter).startsWith('PurchaseOrderByCustomer eq'))
      .reply(200, feed([]))
      .get(`${SERVICE}/`)
      .query({ 'sap-client': '100' })
      .reply(200, '', { 'X-CSRF-Token': TOKEN })
      .post(ORDERS)
      .query({ 'sap-client': '100' })
      .reply(201, { d: aSalesOrder('4714') })
    const { session } = await connectSap({ sapClient: '100', entities })
    expect(await session.write!('sales-order', [newOrder()], { idempotencyKey: 'push-5', signal: signal() })).toEqual([{ status: 'created', externalId: '4714' }])
    expect(scope.isDone()).toBe(true)
  })
})

describe('idempotency markers', () => {
  it('uses the key itself for one record and key-n for several', () => {
    expect(idempotencyMarker('push-4711', 0, 1, 35)).toBe('push-4711')
    expect([0, 1, 2].map((i) => idempotencyMarker('push-4711', i, 3, 35))).toEqual(['push-4711-1', 'push-4711-2', 'push-4711-3'])
  })

  it('hashes a key that does not fit the field (a UUID is 36 characters), the same way every time', () => {
    const key = 'outbox:3f2b8c1e-9d4a-4e7b-8f6a-2c1d0e9b8a7f'
    const marker = idempotencyMarker(key, 0, 1, 35)
    expect(marker).toMatch(/^EH[0-9a-f]{33}$/)
    expect(idempotencyMarker(key, 0, 1, 35)).toBe(marker)
    expect(idempotencyMarker(key, 1, 2, 35)).not.toBe(idempotencyMarker(key, 0, 2, 35))
  })

  it('hashes a key with characters SAP might not keep as sent', () => {
    expect(idempotencyMarker('ключ-1', 0, 1, 35)).toMatch(/^EH[0-9a-f]{33}$/)
    expect(idempotencyMarker(' padded ', 0, 1, 35)).toMatch(/^EH/)
  })
})

describe('Set-Cookie parsing', () => {
  it('splits cookies joined with ", " without breaking at the comma of an Expires date', () => {
    expect(parseSetCookie(SET_COOKIES.join(', '))).toEqual([
      ['SAP_SESSIONID_S4H_100', 'vXkq2LmN8pQrStUvWxYz0123456789abcdEFGH%3d'],
      ['sap-usercontext', 'sap-client=100'],
    ])
    expect(parseSetCookie(undefined)).toEqual([])
  })
})
