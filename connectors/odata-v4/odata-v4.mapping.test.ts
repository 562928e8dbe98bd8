import { join } from 'node:path'
import nock from 'nock'
import type { JsonObject } from '../../src/connector-sdk'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { readItem } from './odata-v4.records'
import { BC_HOST, BC_ROOT_PATH, collection, connectOData, fixtures, readAll, realItems, realJson, useNock } from './odata-v4.test-kit'

useNock()

const catalog = createMappingCatalog(join(__dirname, '..', '..', 'mappings'))
const map = (name: string, record: JsonObject) => catalog.get(`odata-v4/${name}`).map(record)

/** A delta item as the connector yields it. */
function recordOf(item: JsonObject): JsonObject {
  const read = readItem(item, { key: 'id', entitySet: 'customers', constants: {} })
  if (read.kind !== 'record' && read.kind !== 'tombstone') throw new Error(`expected a record, got ${read.kind}`)
  return read.record
}

/** Sales order lines as BC API v2.0 sends them (the docs' order excerpt holds none): a test construction. */
const lines: JsonObject[] = [
  { '@odata.etag': 'W/"1"', sequence: 10000, lineType: 'Item', lineObjectNumber: '1896-S', description: 'ATHENS Desk', unitOfMeasureCode: 'PCS', quantity: 2, unitPrice: 1000.8, netAmount: 2001.6 },
  { sequence: 20000, lineType: 'Comment', lineObjectNumber: '', description: 'Deliver after 3 pm', quantity: 0 },
  { sequence: 30000, lineType: 'Item', lineObjectNumber: '1900-S', description: 'PARIS Guest Chair, black', unitOfMeasureCode: 'pcs', quantity: 4.5, unitPrice: 192.8, amountExcludingTax: 867.6 },
]

describe('odata-v4 mappings over real Business Central records', () => {
  it('customer: maps the documented customer, reading "" as no value', () => {
    expect(map('customer', realJson(fixtures.bcCustomer))).toEqual({
      ok: true,
      value: {
        externalId: 'f2a5738a-44e3-ea11-bb43-000d3a2feca1',
        name: 'Adatum Corporation',
        email: 'robert.townes@contoso.com',
        phone: null,
        taxId: null,
        street: '192 Market Square',
        city: 'Atlanta',
        postalCode: '31772',
        country: 'US',
        currency: 'USD',
        updatedAt: '2020-08-21T07:38:44.293Z',
      },
    })
  })

  it('product: maps the documented item, its float price as exact decimal text', () => {
    expect(map('product', realJson(fixtures.bcItem))).toEqual({
      ok: true,
      value: {
        externalId: 'fca5738a-44e3-ea11-bb43-000d3a2feca1',
        sku: '1896-S',
        name: 'ATHENS Desk',
        uom: 'PCS',
        category: 'TABLE',
        listPrice: '1000.8',
        updatedAt: '2020-08-21T00:24:19.347Z',
      },
    })
  })

  it('inventory-position: the item\'s inventory is on hand at location ALL when the connection names none', () => {
    expect(map('inventory-position', realJson(fixtures.bcItem))).toEqual({
      ok: true,
      value: { externalId: 'fca5738a-44e3-ea11-bb43-000d3a2feca1', sku: '1896-S', location: 'ALL', onHand: '4', reserved: '0', uom: 'PCS' },
    })
  })

  it('inventory-position: read through the connector, the configured _location constant names the location', async () => {
    nock(BC_HOST).get(`${BC_ROOT_PATH}/items`).query({ $select: 'id,number,inventory,baseUnitOfMeasureCode' }).reply(200, collection([realJson(fixtures.bcItem)]))
    const { session } = await connectOData({ entities: { 'inventory-position': { entitySet: 'items', select: 'id,number,inventory,baseUnitOfMeasureCode', constants: { _location: 'EAST' } } } })
    const [page] = await readAll(session, 'inventory-position')
    expect(map('inventory-position', page.records[0])).toMatchObject({ ok: true, value: { sku: '1896-S', location: 'EAST', onHand: '4' } })
  })

  it('sales-order: the documented excerpt has no status, and is quarantined for it rather than guessed', () => {
    const result = map('sales-order', realJson(fixtures.bcSalesOrder))
    expect(result.ok).toBe(false)
    expect(!result.ok && result.issues).toEqual([expect.objectContaining({ path: 'status', field: 'status', code: 'required' })])
  })

  it('sales-order: with a status and lines, maps header and Item lines (Edm.Date order date, .5Z fraction, local currency)', () => {
    const record = { ...realJson(fixtures.bcSalesOrder), status: 'Open', totalAmountIncludingTax: 3466.95, salesOrderLines: lines }
    expect(map('sales-order', record)).toEqual({
      ok: true,
      value: {
        externalId: 'b6f4017a-b749-ee11-ad0b-a1422c0f7f1f',
        number: '101005',
        customer: 'c04c550b-593f-ee11-be74-6045bdc8c285',
        status: 'confirmed',
        orderedAt: '2015-12-31T00:00:00.000Z',
        currency: 'GBP',
        totalAmount: '3466.95',
        updatedAt: '2023-09-02T17:49:38.500Z',
        lines: [
          { lineNo: 10000, sku: '1896-S', description: 'ATHENS Desk', quantity: '2', unitPrice: '1000.8', amount: '2001.6', uom: 'PCS' },
          { lineNo: 30000, sku: '1900-S', description: 'PARIS Guest Chair, black', quantity: '4.5', unitPrice: '192.8', amount: '867.6', uom: 'PCS' },
        ],
      },
    })
  })

  it.each([
    ['Draft', 'draft'],
    ['In Review', 'draft'],
    ['Released', 'open'],
  ])('sales-order: status %s is %s', (status, expected) => {
    expect(map('sales-order', { ...realJson(fixtures.bcSalesOrder), status })).toMatchObject({ ok: true, value: { status: expected } })
  })

  it('customer: the changed customers of the real delta map; its tombstone does not (the hub must act on it, not map it)', () => {
    const [superCloud, deleted] = realItems(fixtures.bcDelta).map(recordOf)
    expect(map('customer', superCloud)).toMatchObject({ ok: true, value: { externalId: '6cb4e290-a784-4105-b340-32bb3527bb87', name: 'Super Cloud', email: 'jesse.homer@cronuscorp.net' } })
    expect(deleted).toEqual({ id: 'e6b1c1f2-0694-46c0-96ec-6283627b1251', _deleted: true, _reason: 'changed' })
    expect(map('customer', deleted).ok).toBe(false)
  })
})
