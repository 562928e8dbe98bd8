import nock from 'nock'
import { ConfigError, Transient, type JsonObject } from '../../src/connector-sdk'
import { normaliseObject } from './odata-v4.records'
import { BC_HOST, BC_ROOT, BC_ROOT_PATH, collection, connectOData, fixtures, realItems, realJson, rejection, useNock } from './odata-v4.test-kit'
import { idempotencyValue } from './odata-v4.write'

useNock()

const ORDERS = `${BC_ROOT_PATH}/salesOrders`
const signal = () => new AbortController().signal
const realOrder = realJson(fixtures.bcSalesOrder)
const NEW_ID = 'a1b2c3d4-0000-4000-8000-000000000001'

/** An order as the hub pushes it (BC API v2.0 field names, deep insert of its lines). */
const push = (customerNumber = '10000'): JsonObject => ({
  customerNumber,
  orderDate: '2024-06-01',
  salesOrderLines: [{ lineType: 'Item', lineObjectNumber: '1896-S', quantity: 2 }],
})

/** The idempotency lookup the connector makes before a create. */
const lookup = (value: string) => ({ $filter: `externalDocumentNumber eq '${value.replace(/'/g, "''")}'`, $select: 'id', $top: '2' })

describe('odata-v4 writes: creates are idempotent by a looked-up field', () => {
  it('looks the key up, finds nothing, POSTs the record carrying it, and reports the new id', async () => {
    const scope = nock(BC_HOST)
      .get(ORDERS).query(lookup('push-7')).reply(200, collection([]))
      .post(ORDERS, { ...push(), externalDocumentNumber: 'push-7' }).reply(201, { ...realOrder, id: NEW_ID, externalDocumentNumber: 'push-7' })
    const { session } = await connectOData()
    expect(await session.write!('sales-order', [push()], { idempotencyKey: 'push-7', signal: signal() })).toEqual([{ status: 'created', externalId: NEW_ID }])
    expect(scope.isDone()).toBe(true)
  })

  it('a retry under the same key finds the record and creates nothing', async () => {
    const scope = nock(BC_HOST).get(ORDERS).query(lookup('push-7')).reply(200, collection([{ '@odata.etag': 'W/"x"', id: NEW_ID }]))
    const { session, exchanges } = await connectOData()
    expect(await session.write!('sales-order', [push()], { idempotencyKey: 'push-7', signal: signal() })).toEqual([{ status: 'unchanged', externalId: NEW_ID }])
    expect(exchanges.map((e) => e.method)).toEqual(['GET'])
    expect(scope.isDone()).toBe(true)
  })

  it('gives each record of a batch its own value, <key>-<n>, and one outcome per record in order, a refused one included', async () => {
    const scope = nock(BC_HOST)
      .get(ORDERS).query(lookup('batch-1-1')).reply(200, collection([]))
      .post(ORDERS, (body) => body.externalDocumentNumber === 'batch-1-1').reply(201, { id: NEW_ID })
      .get(ORDERS).query(lookup('batch-1-2')).reply(200, collection([]))
      .post(ORDERS, (body) => body.externalDocumentNumber === 'batch-1-2')
      .reply(400, { error: { code: 'Internal_RecordNotFound', message: 'The Customer does not exist. Identification fields and values: No.=\'99999\'' } })
      .get(ORDERS).query(lookup('batch-1-3')).reply(200, collection([{ id: 'b6f4017a-b749-ee11-ad0b-a1422c0f7f1f' }]))
    const { session } = await connectOData()
    const outcomes = await session.write!('sales-order', [push(), push('99999'), push()], { idempotencyKey: 'batch-1', signal: signal() })
    expect(outcomes).toEqual([
      { status: 'created', externalId: NEW_ID },
      { status: 'rejected', reason: "the ERP refused the new record (400): Internal_RecordNotFound: The Customer does not exist. Identification fields and values: No.='99999'" },
      { status: 'unchanged', externalId: 'b6f4017a-b749-ee11-ad0b-a1422c0f7f1f' },
    ])
    expect(scope.isDone()).toBe(true)
  })

  it("uses the record's own external document number as its key, quoting it as an OData literal", async () => {
    const scope = nock(BC_HOST)
      .get(ORDERS).query(lookup("PO-O'BRIEN-1")).reply(200, collection([]))
      .post(ORDERS, (body) => body.externalDocumentNumber === "PO-O'BRIEN-1").reply(201, { id: NEW_ID })
    const { session } = await connectOData()
    await session.write!('sales-order', [{ ...push(), externalDocumentNumber: "PO-O'BRIEN-1" }], { idempotencyKey: 'ignored', signal: signal() })
    expect(scope.isDone()).toBe(true)
  })

  it('reads the new id from OData-EntityId when the server answers 204 No Content', async () => {
    nock(BC_HOST)
      .get(ORDERS).query(true).reply(200, collection([]))
      .post(ORDERS).reply(204, '', { 'OData-EntityId': `${BC_ROOT}/salesOrders(${NEW_ID})` })
    const { session } = await connectOData()
    expect(await session.write!('sales-order', [push()], { idempotencyKey: 'k', signal: signal() })).toEqual([{ status: 'created', externalId: NEW_ID }])
  })

  it('fits a key longer than the field (BC Code[35]) as a stable digest of that length', () => {
    const key = 'outbox-2024-06-01T00:00:00Z-3f2c9a1e-8d7b-4c6a-9e5f-1a2b3c4d5e6f'
    const value = idempotencyValue(key, 0, 1, 35)
    expect(value).toHaveLength(35)
    expect(value).toMatch(/^H[0-9A-F]{34}$/)
    expect(idempotencyValue(key, 0, 1, 35)).toBe(value)
    expect(idempotencyValue(key, 1, 2, 35)).not.toBe(value)
    expect(idempotencyValue('short', 0, 1, 35)).toBe('short')
  })

  it('throws what concerns the whole batch (an outage), so the hub retries it under the same key', async () => {
    nock(BC_HOST).get(ORDERS).query(true).reply(200, collection([])).post(ORDERS).reply(503, 'down')
    const { session } = await connectOData()
    expect(await rejection(session.write!('sales-order', [push()], { idempotencyKey: 'k', signal: signal() }))).toBeInstanceOf(Transient)
  })

  it('refuses to create without an idempotency field, and refuses entities it does not write', async () => {
    const { session, exchanges } = await connectOData({ entities: { customer: { entitySet: 'customers', write: {} }, product: { entitySet: 'items' } } })
    expect(await session.write!('customer', [{ displayName: 'New' }], { idempotencyKey: 'k', signal: signal() })).toEqual([
      { status: 'rejected', reason: 'a record without id would be created, but no write.idempotencyField is configured to make a retried create safe', path: 'id' },
    ])
    const err = await rejection(session.write!('product', [{ displayName: 'x' }], { idempotencyKey: 'k', signal: signal() }))
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toContain('it can write: customer')
    expect(exchanges).toHaveLength(0)
  })
})

describe('odata-v4 writes: updates are guarded by the ETag the record was read with', () => {
  const entities = { customer: { entitySet: 'customers', write: {} } }
  // The real Business Central delta record, as the connector yields it (with its _etag).
  const [item] = realItems(fixtures.bcDelta)
  const superCloud = normaliseObject(item)
  const URL_PATH = `${BC_ROOT_PATH}/customers(6cb4e290-a784-4105-b340-32bb3527bb87)`
  const changed: JsonObject = { ...superCloud, displayName: 'Super Cloud Ltd' }

  it('PATCHes the record by its key with If-Match, without the connector fields or the key in the body', async () => {
    const { _etag, id, ...fields } = changed
    const scope = nock(BC_HOST, { reqheaders: { 'if-match': String(_etag) } }).patch(URL_PATH, fields).reply(200, { ...item, displayName: 'Super Cloud Ltd' })
    const { session } = await connectOData({ entities })
    expect(await session.write!('customer', [changed], { idempotencyKey: 'k', signal: signal() })).toEqual([{ status: 'updated', externalId: id }])
    expect(scope.isDone()).toBe(true)
  })

  it('a 412 is a rejected outcome saying the record changed since it was read', async () => {
    nock(BC_HOST)
      .patch(URL_PATH).reply(412, { error: { code: 'Request_EntityChanged', message: 'Could not save changes because the entity was modified by another user.' } })
      .get(URL_PATH).reply(200, { ...item, displayName: 'Changed by someone else', '@odata.etag': 'W/"newer"' })
    const { session } = await connectOData({ entities })
    expect(await session.write!('customer', [changed], { idempotencyKey: 'k', signal: signal() })).toEqual([
      { status: 'rejected', reason: 'the record changed in the ERP since it was read (412 Precondition Failed); read it again before updating', path: '_etag' },
    ])
  })

  it('a 412 on a retried update that already got through is unchanged, not a conflict', async () => {
    nock(BC_HOST)
      .patch(URL_PATH).reply(412, { error: { code: 'Request_EntityChanged', message: 'modified' } })
      .get(URL_PATH).reply(200, { ...item, displayName: 'Super Cloud Ltd', '@odata.etag': 'W/"after-our-patch"' })
    const { session } = await connectOData({ entities })
    expect(await session.write!('customer', [changed], { idempotencyKey: 'k', signal: signal() })).toEqual([{ status: 'unchanged', externalId: superCloud.id }])
  })

  it('refuses, without a request, an update without its etag or with a key that is not a GUID', async () => {
    const { _etag: _dropped, ...noEtag } = changed
    const { session, exchanges } = await connectOData({ entities })
    expect(await session.write!('customer', [noEtag, { ...changed, id: '10000' }], { idempotencyKey: 'k', signal: signal() })).toEqual([
      { status: 'rejected', reason: 'an update needs the _etag the record was read with (sent as If-Match)', path: '_etag' },
      { status: 'rejected', reason: 'cannot address the record to update: its id "10000" is not a GUID', path: 'id' },
    ])
    expect(exchanges).toHaveLength(0)
  })
})
