import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { parse as parseYaml } from 'yaml'
import { XMLParser, type JsonObject } from '../../src/connector-sdk'
import type { MapResult } from '../../src/mapping'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { aSalesOrder, BASE_URL, connectSap, feed, readAll, realFixture, realFixtureText } from './sap-odata.test-kit'

const ROOT = join(__dirname, '..', '..')
const catalog = createMappingCatalog(join(ROOT, 'mappings'))
const ENTITIES = ['customer', 'product', 'sales-order', 'inventory-position', 'production-order'] as const

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

/** The records the connector yields for `body` with the entity's S/4 preset: what the hub stores raw and maps. */
async function yielded(entity: (typeof ENTITIES)[number], body: unknown): Promise<JsonObject[]> {
  nock(BASE_URL).get(/.*/).query(true).reply(200, body as nock.Body)
  const { session } = await connectSap({ entities: { [entity]: { incremental: null } } })
  return (await readAll(session, entity)).flatMap((p) => p.records)
}

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

describe.each(ENTITIES)('mappings/sap-odata/%s.yaml', (entity) => {
  it('loads under its own name, version 1, from the sap-odata connector, as the hub entity', () => {
    expect(catalog.get(`sap-odata/${entity}`)).toMatchObject({ name: `sap-odata/${entity}`, version: 1, entity, sourceEntity: entity })
  })
})

describe('sap-odata/customer maps a real S/4 business partner (SAP codejam sample-response.json)', () => {
  const body = realFixture('sap-samples-connecting-systems-codejam/sample-response.json')

  it('takes the name and the first address, and dates a never-changed partner by its CreationDate', async () => {
    const [partner] = await yielded('customer', body)
    expect(valueOf(catalog.get('sap-odata/customer').map(partner))).toEqual({
      externalId: '1003764',
      name: 'John Doe',
      email: null,
      phone: null,
      street: 'Dietmar-Hopp-Allee',
      city: 'Walldorf',
      postalCode: '69190',
      country: 'DE',
      updatedAt: '2018-02-12T00:00:00.000Z',
    })
  })

  it('keeps an invalid Edm.Time ("ABC", as in the SAP cloud SDK Ticket fixture) as text: it is not mapped, so nothing is quarantined for it', async () => {
    const ticket = (realFixture('sap-cloud-sdk-java/Ticket_Collection_V2.json').d as { results: JsonObject[] }).results[0]
    const [partner] = await yielded('customer', { d: { ...(body.d as JsonObject), LastChangeTime: ticket.LastChangeTime, LastChangeDate: ticket.LastChangeDate } })
    expect(partner.LastChangeTime).toBe('ABC')
    // The date beside it still counts: /Date(1524009600000)/ is 2018-04-18.
    expect(valueOf(catalog.get('sap-odata/customer').map(partner)).updatedAt).toBe('2018-04-18T00:00:00.000Z')
  })

  it('reads e-mail and phone from the nested expansions when the server sends them', async () => {
    const d = body.d as JsonObject
    const address = (d.to_BusinessPartnerAddress as { results: JsonObject[] }).results[0]
    const expanded = {
      d: {
        ...d,
        to_BusinessPartnerAddress: {
          results: [
            {
              ...address,
              to_EmailAddress: { results: [{ AddressID: '28238', Person: '28237', OrdinalNumber: '1', IsDefaultEmailAddress: true, EmailAddress: 'john.doe@example.com' }] },
              to_PhoneNumber: { results: [{ AddressID: '28238', Person: '28237', OrdinalNumber: '1', DestinationLocationCountry: 'DE', PhoneNumber: '06227 7 47474' }] },
            },
          ],
        },
      },
    }
    const [partner] = await yielded('customer', expanded)
    expect(valueOf(catalog.get('sap-odata/customer').map(partner))).toMatchObject({ email: 'john.doe@example.com', phone: '06227 7 47474' })
  })
})

describe('sap-odata/sales-order maps A_SalesOrder with its items', () => {
  const order = aSalesOrder('4969', {
    TotalNetAmount: '12345678901234.567',
    to_Item: {
      results: [
        {
          __metadata: { type: 'API_SALES_ORDER_SRV.A_SalesOrderItemType' },
          SalesOrder: '4969',
          SalesOrderItem: '10',
          SalesOrderItemText: 'Trading Good 11, PD, Reg. Trading',
          Material: 'TG11',
          RequestedQuantity: '3',
          RequestedQuantityUnit: 'PC',
          NetAmount: '35.100',
          TransactionCurrency: 'USD',
          to_ScheduleLine: { __deferred: { uri: `${BASE_URL}/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrderItem(SalesOrder='4969',SalesOrderItem='10')/to_ScheduleLine` } },
        },
        { SalesOrder: '4969', SalesOrderItem: '20', Material: 'TG12', RequestedQuantity: '1.500', RequestedQuantityUnit: 'KG', NetAmount: '17.550' },
      ],
    },
  })

  it('maps header and lines with dates in UTC and decimals exact', async () => {
    const [record] = await yielded('sales-order', feed([order]))
    expect(record._status).toBe('/A')
    expect(valueOf(catalog.get('sap-odata/sales-order').map(record))).toEqual({
      externalId: '4969',
      number: '4969',
      customer: '17100001',
      status: 'open',
      orderedAt: '2023-11-15T00:00:00.000Z',
      currency: 'USD',
      totalAmount: '12345678901234.567',
      updatedAt: '2023-11-16T10:20:00.123Z',
      lines: [
        { lineNo: 10, sku: 'TG11', description: 'Trading Good 11, PD, Reg. Trading', quantity: '3', amount: '35.1', uom: 'PC' },
        { lineNo: 20, sku: 'TG12', description: null, quantity: '1.5', amount: '17.55', uom: 'KG' },
      ],
    })
  })

  it.each([
    ['', 'C', 'closed'],
    ['C', 'C', 'cancelled'],
    ['B', 'B', 'open'],
  ])('reads rejection status %j with processing status %j as %s', async (rejection, processing, status) => {
    const [record] = await yielded('sales-order', feed([aSalesOrder('1', { OverallSDDocumentRejectionSts: rejection, OverallSDProcessStatus: processing })]))
    expect(valueOf(catalog.get('sap-odata/sales-order').map(record)).status).toBe(status)
  })

  it('reads only properties that API_SALES_ORDER_SRV declares (its real $metadata, SalesOrderA2X.xml)', () => {
    const edmx = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, isArray: (name) => ['EntityType', 'Property', 'NavigationProperty', 'Schema'].includes(name) }).parse(
      realFixtureText('sap-samples-s4-material-availability/SalesOrderA2X.xml'),
    ) as { Edmx: { DataServices: { Schema: Array<{ EntityType?: Array<{ Name: string; Property?: Array<{ Name: string }>; NavigationProperty?: Array<{ Name: string }> }> }> } } }
    const types = new Map(edmx.Edmx.DataServices.Schema.flatMap((s) => s.EntityType ?? []).map((t) => [t.Name, new Set([...(t.Property ?? []), ...(t.NavigationProperty ?? [])].map((p) => p.Name))]))
    const mapping = parseYaml(readFileSync(join(ROOT, 'mappings', 'sap-odata', 'sales-order.yaml'), 'utf8')) as { fields: Record<string, { from?: string | string[]; each?: string; fields?: Record<string, { from?: string | string[] }> }> }
    const sources = (spec: { from?: string | string[] }) => (spec.from === undefined ? [] : Array.isArray(spec.from) ? spec.from : [spec.from])
    const header = Object.values(mapping.fields).flatMap((spec) => [...sources(spec), ...(spec.each ? [spec.each] : [])])
    const items = Object.values(mapping.fields.lines.fields!).flatMap(sources)
    // `_status` is the connector's own, from two properties checked here too.
    const own = header.filter((p) => p.startsWith('_'))
    expect(own).toEqual(['_status'])
    for (const property of [...header.filter((p) => !p.startsWith('_')), 'OverallSDDocumentRejectionSts', 'OverallSDProcessStatus']) expect(types.get('A_SalesOrderType')).toContain(property)
    for (const property of items) expect(types.get('A_SalesOrderItemType')).toContain(property)
  })
})

describe('sap-odata/product maps A_Product with its descriptions', () => {
  const product = {
    __metadata: { type: 'API_PRODUCT_SRV.A_ProductType' },
    Product: 'TG11',
    ProductType: 'HAWA',
    CreationDate: '/Date(1471392000000)/',
    LastChangeDate: '/Date(1700006400000)/',
    LastChangeDateTime: '/Date(1700049600000+0000)/',
    ProductGroup: 'L001',
    BaseUnit: 'PC',
    to_Description: {
      results: [
        { Product: 'TG11', Language: 'DE', ProductDescription: 'Handelsware 11, PD, reg. Handel' },
        { Product: 'TG11', Language: 'EN', ProductDescription: 'Trading Good 11, PD, Reg. Trading' },
      ],
    },
    to_Plant: { __deferred: { uri: `${BASE_URL}/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product('TG11')/to_Plant` } },
  }

  it('names the product by its English description', async () => {
    const [record] = await yielded('product', feed([product]))
    expect(valueOf(catalog.get('sap-odata/product').map(record))).toEqual({
      externalId: 'TG11',
      sku: 'TG11',
      name: 'Trading Good 11, PD, Reg. Trading',
      uom: 'PC',
      category: 'L001',
      updatedAt: '2023-11-15T12:00:00.000Z',
    })
  })

  it('falls back to the first description, then to the product number', async () => {
    const [german, bare] = await yielded('product', feed([{ ...product, to_Description: { results: [product.to_Description.results[0]] } }, { ...product, Product: 'TG12', to_Description: { results: [] } }]))
    const map = catalog.get('sap-odata/product')
    expect(valueOf(map.map(german)).name).toBe('Handelsware 11, PD, reg. Handel')
    expect(valueOf(map.map(bare)).name).toBe('TG12')
  })
})

describe('sap-odata/inventory-position maps A_MatlStkInAcctMod rows', () => {
  const row = (overrides: JsonObject) => ({
    __metadata: { type: 'API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType' },
    Material: 'TG11',
    Plant: '1010',
    StorageLocation: '101A',
    Batch: '',
    Supplier: '',
    Customer: '',
    WBSElementInternalID: '0',
    SDDocument: '',
    SDDocumentItem: '0',
    InventorySpecialStockType: '',
    InventoryStockType: '01',
    WBSElementExternalID: '',
    MaterialBaseUnit: 'PC',
    MatlWrhsStkQtyInMatlBaseUnit: '1160.000',
    ...overrides,
  })

  it('keys each row by its composite key and places it at plant/storage location, quantities exact', async () => {
    const records = await yielded('inventory-position', feed([row({}), row({ Batch: 'B-0042', MatlWrhsStkQtyInMatlBaseUnit: '7073.500' }), row({ StorageLocation: '', MatlWrhsStkQtyInMatlBaseUnit: '0.001' })]))
    const mapped = records.map((r) => valueOf(catalog.get('sap-odata/inventory-position').map(r)))
    expect(mapped.map((m) => [m.location, m.onHand, m.reserved, m.uom])).toEqual([
      ['1010/101A', '1160', '0', 'PC'],
      ['1010/101A', '7073.5', '0', 'PC'],
      ['1010/', '0.001', '0', 'PC'],
    ])
    expect(mapped[0]).toMatchObject({ sku: 'TG11', externalId: expect.stringMatching(/^Material='TG11',Plant='1010',StorageLocation='101A',Batch='',/) })
    expect(new Set(mapped.map((m) => m.externalId)).size).toBe(3)
  })
})

describe('sap-odata/production-order maps A_ProductionOrder_2', () => {
  const order = {
    __metadata: { type: 'API_PRODUCTION_ORDER_2_SRV.A_ProductionOrder_2Type' },
    ManufacturingOrder: '1000000',
    ManufacturingOrderCategory: '10',
    ManufacturingOrderType: 'YBM1',
    OrderIsCreated: '',
    OrderIsReleased: '',
    OrderIsConfirmed: '',
    OrderIsPartiallyConfirmed: '',
    OrderIsDelivered: '',
    OrderIsDeleted: '',
    OrderIsPreCosted: 'X',
    OrderIsTechnicallyCompleted: 'X',
    OrderIsClosed: '',
    OrderIsMarkedForDeletion: '',
    MfgOrderCreationDate: '/Date(1470268800000)/',
    MfgOrderCreationTime: 'PT12H26M00S',
    LastChangeDateTime: '/Date(1595508838000+0000)/',
    Material: 'MZ-FG-R10',
    StorageLocation: '171A',
    ProductionPlant: '1710',
    Plant: '1710',
    MfgOrderPlannedStartDate: '/Date(1496707200000)/',
    MfgOrderPlannedStartTime: 'PT00H00M00S',
    MfgOrderPlannedEndDate: '/Date(1496880000000)/',
    MfgOrderPlannedEndTime: 'PT00H00M00S',
    ProductionUnit: 'PC',
    TotalQuantity: '500',
    to_ProductionOrderItem: { __deferred: { uri: `${BASE_URL}/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV/A_ProductionOrder_2('1000000')/to_ProductionOrderItem` } },
  }

  it('maps quantity, planned dates and the most advanced status flag', async () => {
    const [record] = await yielded('production-order', feed([order]))
    expect(valueOf(catalog.get('sap-odata/production-order').map(record))).toEqual({
      externalId: '1000000',
      number: '1000000',
      sku: 'MZ-FG-R10',
      quantity: '500',
      location: '1710',
      plannedStart: '2017-06-06T00:00:00.000Z',
      plannedEnd: '2017-06-08T00:00:00.000Z',
      status: 'done',
      updatedAt: '2020-07-23T12:53:58.000Z',
    })
  })

  it.each([
    [{ OrderIsTechnicallyCompleted: '', OrderIsReleased: 'X', OrderIsCreated: 'X' }, 'released'],
    [{ OrderIsTechnicallyCompleted: '', OrderIsCreated: 'X' }, 'planned'],
    [{ OrderIsTechnicallyCompleted: '', OrderIsPartiallyConfirmed: 'X', OrderIsReleased: 'X' }, 'in_progress'],
    [{ OrderIsMarkedForDeletion: 'X' }, 'cancelled'],
    [{ OrderIsTechnicallyCompleted: '' }, 'planned'],
  ])('reads flags %j as %s', async (flags, status) => {
    const [record] = await yielded('production-order', feed([{ ...order, ...flags }]))
    expect(valueOf(catalog.get('sap-odata/production-order').map(record)).status).toBe(status)
  })
})
