import { join } from 'node:path'
import type { JsonObject } from '../../src/connector-sdk'
import type { MapResult } from '../../src/mapping'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { fixture, parseRecords, sampleConfig } from './csv.test-kit'

const ROOT = join(__dirname, '..', '..')
const catalog = createMappingCatalog(join(ROOT, 'mappings'))

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

function issuesOf(result: MapResult) {
  if (result.ok) throw new Error(`expected issues, got ${JSON.stringify(result.value)}`)
  return result.issues
}

describe.each([
  ['customer', 'Customer'],
  ['product', 'Product'],
  ['sales-order', 'SalesOrder'],
  ['inventory-position', 'InventoryPosition'],
  ['production-order', 'ProductionOrder'],
])('mappings/csv/%s.yaml', (entity, target) => {
  it('loads under its own name, version 1, from the csv connector, as the hub entity', () => {
    expect(catalog.get(`csv/${entity}`)).toMatchObject({ name: `csv/${entity}`, version: 1, target, entity, sourceEntity: entity })
  })
})

describe('csv mappings turn the sample exports into canonical entities', () => {
  it('maps the SAP-style German customers: leading zeros kept, date as midnight UTC, codes upper-cased', async () => {
    const records = await parseRecords(sampleConfig, fixture('sap-customers-de.csv'))
    const mapping = catalog.get('csv/customer')
    expect(valueOf(mapping.map(records[0]))).toEqual({
      externalId: '0000100001',
      name: 'Müller Maschinenbau GmbH',
      email: 'einkauf@mueller-maschinenbau.example',
      phone: '+49 89 4711-0',
      taxId: 'DE129273398',
      street: 'Hauptstraße 12',
      city: 'München',
      postalCode: '80331',
      country: 'DE',
      currency: 'EUR',
      updatedAt: '2024-03-14T00:00:00.000Z',
    })
    // Padded name, lower-case currency, no e-mail, SAP's empty date: all still a valid customer.
    expect(valueOf(mapping.map(records[5]))).toMatchObject({ name: 'Weiß & Groß Elektrotechnik oHG', currency: 'EUR' })
    expect(valueOf(mapping.map(records[1]))).toMatchObject({ email: null })
    expect(valueOf(mapping.map(records[4]))).toMatchObject({ externalId: '0000100005', updatedAt: null })
  })

  it('maps grouped order lines into one SalesOrder with numbered lines and exact decimals', async () => {
    const [order] = await parseRecords(sampleConfig, fixture('order-lines.csv'))
    expect(valueOf(catalog.get('csv/sales-order').map(order))).toEqual({
      externalId: 'SO-1001',
      number: 'SO-1001',
      customer: '0000100001',
      status: 'confirmed',
      orderedAt: '2024-05-02T00:00:00.000Z',
      currency: 'EUR',
      totalAmount: null,
      updatedAt: null,
      lines: [
        { lineNo: 10, sku: 'MAT-100200', description: 'Hex bolt M12x60, zinc plated', quantity: '250', unitPrice: '0.42', amount: '105', uom: 'PCE' },
        { lineNo: 20, sku: 'MAT-100310', description: 'Washer Ø 13 mm "DIN 125"', quantity: '250', unitPrice: '0.05', amount: '12.5', uom: 'PCE' },
        { lineNo: 30, sku: 'MAT-900001', description: 'Assembly service,\non site (per hour)', quantity: '6', unitPrice: '1250', amount: '7500', uom: 'HUR' },
      ],
    })
  })

  it('maps every sample order, with the shop’s status words', async () => {
    const orders = await parseRecords(sampleConfig, fixture('order-lines.csv'))
    expect(orders.map((o) => valueOf(catalog.get('csv/sales-order').map(o)).status)).toEqual(['confirmed', 'open', 'shipped'])
  })

  it('maps stock positions with the composite key, decimal-comma quantities and an empty reserved as 0', async () => {
    const records = await parseRecords(sampleConfig, fixture('stock.csv'))
    const mapping = catalog.get('csv/inventory-position')
    expect(valueOf(mapping.map(records[0]))).toEqual({
      externalId: 'MAT-100200@WH-HAM',
      sku: 'MAT-100200',
      location: 'WH-HAM',
      onHand: '12500',
      reserved: '1250',
      forecast: null,
      uom: null,
      asOf: null,
      updatedAt: null,
    })
    expect(valueOf(mapping.map(records[3]))).toMatchObject({ externalId: 'MAT-200100@WH-MUC', onHand: '112.25', reserved: '0' })
  })

  it('quarantines a quantity the layout could not read, with the path of the bad field', async () => {
    const records = await parseRecords(sampleConfig, fixture('stock.csv'))
    expect(issuesOf(catalog.get('csv/inventory-position').map(records[5]))).toEqual([expect.objectContaining({ path: 'on_hand', field: 'onHand', code: 'type', value: 'n/a' })])
  })

  it('maps products from the tab-delimited export', async () => {
    const records = await parseRecords(sampleConfig, fixture('products.tsv'), { filename: 'products.tsv' })
    expect(valueOf(catalog.get('csv/product').map(records[2]))).toEqual({
      externalId: 'MAT-200100',
      sku: 'MAT-200100',
      name: 'Café crème beans – 1 kg',
      uom: 'KGM',
      category: 'Canteen',
      listPrice: '19.5',
      currency: 'EUR',
      updatedAt: '2024-03-01T00:00:00.000Z',
    })
  })

  it('maps a production order', () => {
    const record: JsonObject = { order_number: 'PO-7001', sku: 'MAT-300500', quantity: '120.5', warehouse: 'WH-HAM', planned_start: '2024-06-03T06:00:00Z', planned_end: '2024-06-05', status: 'Released' }
    expect(valueOf(catalog.get('csv/production-order').map(record))).toEqual({
      externalId: 'PO-7001',
      number: 'PO-7001',
      sku: 'MAT-300500',
      quantity: '120.5',
      location: 'WH-HAM',
      plannedStart: '2024-06-03T06:00:00.000Z',
      plannedEnd: '2024-06-05T00:00:00.000Z',
      status: 'released',
      updatedAt: null,
    })
  })

  it('quarantines a row that did not fit the header: no key, and the raw payload says why', () => {
    const malformed: JsonObject = { _error: 'line 9 has 5 fields where the header has 4', _line: 9, _fields: ['MAT-1', 'WH', '1', '2', '3'] }
    expect(issuesOf(catalog.get('csv/inventory-position').map(malformed))).toContainEqual(expect.objectContaining({ path: 'position_id', code: 'required' }))
  })

  it('quarantines an order line whose quantity is not a number, naming the line', async () => {
    const [order] = await parseRecords(sampleConfig, fixture('order-lines.csv'))
    const lines = order.lines as JsonObject[]
    const broken = { ...order, lines: [lines[0], { ...lines[1], quantity: '25O' }] }
    expect(issuesOf(catalog.get('csv/sales-order').map(broken))).toEqual([expect.objectContaining({ path: 'lines[1].quantity', field: 'lines[1].quantity', code: 'type' })])
  })

  it('quarantines an unknown status word with its value', () => {
    const order: JsonObject = { order_number: 'SO-9', customer_number: 'C-1', status: 'on hold', lines: [] }
    expect(issuesOf(catalog.get('csv/sales-order').map(order))).toEqual([expect.objectContaining({ path: 'status', code: 'lookup', value: 'on hold' })])
  })
})
