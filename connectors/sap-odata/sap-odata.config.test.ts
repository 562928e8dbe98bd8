import { findSecretPaths } from '../../src/connector-sdk'
import { sapODataConfigSchema } from './sap-odata.config'
import { sapODataConnector } from './sap-odata.connector'
import { BASE_URL } from './sap-odata.test-kit'

const minimal = { baseUrl: BASE_URL }

function issuesOf(input: unknown) {
  const parsed = sapODataConfigSchema.safeParse(input)
  if (parsed.success) throw new Error('expected the config to be rejected')
  return parsed.error.issues
}

describe('sap-odata config', () => {
  it('gives a minimal config the five S/4 entities with their documented services, entity sets and keys', () => {
    const config = sapODataConfigSchema.parse(minimal)
    expect(config).toMatchObject({ servicePath: '/sap/opu/odata/sap', auth: { type: 'none' }, timeoutMs: 30_000 })
    const summary = Object.fromEntries(Object.entries(config.entities).map(([name, e]) => [name, `${e.service}/${e.entitySet} by ${e.keyFields.join('+')}`]))
    expect(summary).toEqual({
      customer: 'API_BUSINESS_PARTNER/A_BusinessPartner by BusinessPartner',
      product: 'API_PRODUCT_SRV/A_Product by Product',
      'sales-order': 'API_SALES_ORDER_SRV/A_SalesOrder by SalesOrder',
      'inventory-position':
        'API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod by Material+Plant+StorageLocation+Batch+Supplier+Customer+WBSElementInternalID+SDDocument+SDDocumentItem+InventorySpecialStockType+InventoryStockType',
      'production-order': 'API_PRODUCTION_ORDER_2_SRV/A_ProductionOrder_2 by ManufacturingOrder',
    })
  })

  it('resolves the sales-order preset completely: expanded items, incremental on LastChangeDateTime, writes keyed by PurchaseOrderByCustomer', () => {
    const config = sapODataConfigSchema.parse({ ...minimal, entities: { 'sales-order': {} } })
    expect(config.entities['sales-order']).toEqual({
      service: 'API_SALES_ORDER_SRV',
      entitySet: 'A_SalesOrder',
      keyFields: ['SalesOrder'],
      expand: ['to_Item'],
      select: null,
      filter: null,
      orderBy: ['SalesOrder'],
      pageSize: 500,
      paging: 'auto',
      inlineCount: false,
      incremental: { field: 'LastChangeDateTime', type: 'datetimeoffset', operator: 'gt', lookbackMs: 0 },
      write: { idempotencyField: 'PurchaseOrderByCustomer', maxLength: 35 },
      derived: { _status: { join: ['OverallSDDocumentRejectionSts', 'OverallSDProcessStatus'], separator: '/' } },
    })
  })

  it('lets a connection override preset keys and switch optional ones off with null', () => {
    const config = sapODataConfigSchema.parse({
      ...minimal,
      entities: { customer: { expand: ['to_BusinessPartnerAddress'], incremental: null, pageSize: 200 }, 'inventory-position': { filter: null } },
    })
    expect(config.entities.customer).toMatchObject({ service: 'API_BUSINESS_PARTNER', expand: ['to_BusinessPartnerAddress'], incremental: null, pageSize: 200 })
    expect(config.entities['inventory-position'].filter).toBeNull()
  })

  it('reads a date-only incremental field with ge by default, and a datetimeoffset one with gt', () => {
    const config = sapODataConfigSchema.parse({
      ...minimal,
      entities: {
        a: { service: 'ZSRV', entitySet: 'A', keyFields: ['Id'], incremental: { field: 'LastChangeDate', type: 'datetime' } },
        b: { service: 'ZSRV', entitySet: 'B', keyFields: ['Id'], incremental: { field: 'LastChangeDateTime' } },
      },
    })
    expect(config.entities.a.incremental).toEqual({ field: 'LastChangeDate', type: 'datetime', operator: 'ge', lookbackMs: 0 })
    expect(config.entities.b.incremental).toEqual({ field: 'LastChangeDateTime', type: 'datetimeoffset', operator: 'gt', lookbackMs: 0 })
  })

  it('parses its own output to the same config (the hub stores the parsed config and parses it again)', () => {
    const once = sapODataConfigSchema.parse({
      ...minimal,
      auth: { type: 'basic', username: 'HUB', password: 'pw-1' },
      apiKey: { value: 'key-1' },
      sapClient: '100',
      entities: { customer: { incremental: null }, 'sales-order': { write: null }, 'inventory-position': { filter: null, derived: { _plant: { join: ['Plant'] } } } },
    })
    const twice = sapODataConfigSchema.parse(JSON.parse(JSON.stringify(once)))
    expect(twice).toEqual(once)
  })

  it('requires service, entitySet and keyFields for an entity without a preset, each at its path', () => {
    const issues = issuesOf({ ...minimal, entities: { 'service-order': {} } })
    expect(issues.map((i) => i.path)).toEqual([
      ['entities', 'service-order', 'service'],
      ['entities', 'service-order', 'entitySet'],
      ['entities', 'service-order', 'keyFields'],
    ])
  })

  it('reports a typo in an entity on the entity, naming the key', () => {
    const issues = issuesOf({ ...minimal, entities: { 'sales-order': { expnd: ['to_Item'] } } })
    expect(issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['expnd'], path: ['entities', 'sales-order'] })])
  })

  it.each([
    [{ entities: { customer: { expand: ['to_Address,to_Bank'] } } }, ['entities', 'customer', 'expand', 0]],
    [{ entities: { customer: { entitySet: 'A_BusinessPartner?$top=1' } } }, ['entities', 'customer', 'entitySet']],
    [{ entities: { customer: { filter: "Customer ne ''\r\nX-Evil: 1" } } }, ['entities', 'customer', 'filter']],
    [{ entities: { customer: { derived: { name: { join: ['FirstName'] } } } } }, ['entities', 'customer', 'derived', 'name']],
    [{ entities: { customer: { derived: { _key: { join: ['FirstName'] } } } } }, ['entities', 'customer', 'derived', '_key']],
    [{ entities: { 'sales-order': { select: ['SalesOrder', 'SoldToParty'] } } }, ['entities', 'sales-order', 'select']],
    [{ sapClient: '1000' }, ['sapClient']],
    [{ servicePath: 'sap/opu/odata/sap' }, ['servicePath']],
  ])('rejects %j at its path', (input, path) => {
    expect(issuesOf({ ...minimal, ...input }).map((i) => i.path)).toContainEqual(path)
  })

  it('rejects a baseUrl with credentials or a query string, without echoing them', () => {
    const issues = issuesOf({ baseUrl: 'https://HUB:hunter2@s4.example.test' })
    expect(issues.map((i) => i.path)).toEqual([['baseUrl']])
    expect(JSON.stringify(issues)).not.toContain('hunter2')
    expect(issuesOf({ baseUrl: `${BASE_URL}?sap-client=100` }).map((i) => i.path)).toEqual([['baseUrl']])
  })

  it('marks the password and the API key as secrets so the hub seals them', () => {
    const config = sapODataConfigSchema.parse({ ...minimal, auth: { type: 'basic', username: 'HUB', password: 'pw-1' }, apiKey: { value: 'key-1' } })
    expect(config.apiKey).toEqual({ header: 'APIKey', value: 'key-1' })
    expect(findSecretPaths(sapODataConnector.configSchema, config)).toEqual([
      ['auth', 'password'],
      ['apiKey', 'value'],
    ])
  })
})

describe('sap-odata entities()', () => {
  it('declares every entity readable, sales orders writable, keys by their key field or the composite _key', () => {
    const config = sapODataConfigSchema.parse(minimal)
    expect(sapODataConnector.entities(config)).toEqual({
      customer: { key: 'BusinessPartner', can: { read: true }, incremental: true },
      product: { key: 'Product', can: { read: true }, incremental: true },
      'sales-order': { key: 'SalesOrder', can: { read: true, write: true }, incremental: true },
      'inventory-position': { key: '_key', can: { read: true }, incremental: false },
      'production-order': { key: 'ManufacturingOrder', can: { read: true }, incremental: true },
    })
  })
})
