import { join } from 'node:path'
import type { JsonObject } from '../../src/connector-sdk'
import type { MapResult } from '../../src/mapping'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import type { UblConfigInput } from './ubl.config'
import { oasis, parseUbl, real, recordsOf, ROOT } from './ubl.test-kit'

const catalog = createMappingCatalog(join(ROOT, 'mappings'))

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a canonical value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

/** Every record of `entity` in the document, mapped by the mapping its batch names. */
async function mapped(body: Buffer, entity: string, config: UblConfigInput = {}): Promise<MapResult[]> {
  const batches = (await parseUbl(body, config)).filter((b) => b.entity === entity)
  return batches.flatMap((b) => b.records.map((record) => catalog.get(`ubl/${b.variant}-${entity}`).map(record)))
}

it.each([
  ['ubl-order', 'sales-order'],
  ['ubl-order', 'customer'],
  ['ubl-order-response', 'sales-order'],
  ['ubl-order-response-simple', 'sales-order'],
  ['ubl-inventory-report', 'inventory-position'],
  ['ubl-stock-availability', 'inventory-position'],
  ['cxml-order-request', 'sales-order'],
  ['cxml-order-request', 'customer'],
  ['orderx-order', 'sales-order'],
  ['orderx-order', 'customer'],
  ['ubl-despatch-advice', 'customer'],
])('mappings/ubl/%s-%s.yaml loads under its own name', (variant, entity) => {
  expect(catalog.get(`ubl/${variant}-${entity}`)).toMatchObject({ name: `ubl/${variant}-${entity}`, version: 1, entity })
})

describe('mappings/ubl: the real UBL 2.1 Order', () => {
  it('maps the order: id, buyer, issue instant, currency, payable amount and both lines with their units', async () => {
    const [order] = await mapped(oasis('UBL-Order-2.1-Example.xml'), 'sales-order')
    expect(valueOf(order)).toEqual({
      externalId: '34',
      number: '34',
      customer: '7300070011115',
      status: 'open',
      orderedAt: '2010-01-20T12:30:00.000Z',
      currency: 'SEK',
      totalAmount: '6225',
      lines: [
        { lineNo: 1, sku: 'SItemNo001', description: 'Falu Rödfärg', quantity: '120', unitPrice: '50', amount: '6000', uom: 'LTR' },
        { lineNo: 2, sku: 'SItemNo011', description: 'Pensel 20 mm', quantity: '15', unitPrice: '15', amount: '225', uom: 'C62' },
      ],
    })
  })

  it('maps the buyer as the customer the order points at, Rådhusgatan kept exact', async () => {
    const [customer] = await mapped(oasis('UBL-Order-2.1-Example.xml'), 'customer')
    expect(valueOf(customer)).toEqual({
      externalId: '7300070011115',
      name: 'Johnssons byggvaror',
      email: 'pelle@johnsson.se',
      phone: '123456',
      taxId: 'SE1234567801',
      street: 'Rådhusgatan',
      city: 'Stockholm',
      postalCode: '11000',
      country: 'SE',
    })
  })
})

describe('mappings/ubl: the real UBL DespatchAdvice', () => {
  it('maps the delivery customer (the supplier\'s account number for it is the id)', async () => {
    const [customer] = await mapped(oasis('UBL-DespatchAdvice-2.0-Example.xml'), 'customer')
    expect(valueOf(customer)).toMatchObject({ externalId: 'GT00978567', name: 'IYT Corporation' })
  })
})

describe('mappings/ubl: order responses (orderResponses: upsert)', () => {
  it('quarantines the detailed response whose lines name no item, at each line, instead of wiping the order', async () => {
    const [response] = await mapped(oasis('UBL-OrderResponse-2.1-Example.xml'), 'sales-order', { orderResponses: 'upsert' })
    expect(response.ok).toBe(false)
    expect(!response.ok && response.issues.map((i) => [i.path, i.field, i.code])).toEqual([
      ['OrderLine[0].LineItem.Item.SellersItemIdentification.ID', 'lines[0].sku', 'required'],
      ['OrderLine[0].LineItem.Quantity', 'lines[0].quantity', 'required'],
      ['OrderLine[1].LineItem.Item.SellersItemIdentification.ID', 'lines[1].sku', 'required'],
      ['OrderLine[1].LineItem.Quantity', 'lines[1].quantity', 'required'],
    ])
  })

  it('maps the detailed response, once its lines name items, as the confirmed order', async () => {
    const [record] = recordsOf(await parseUbl(oasis('UBL-OrderResponse-2.1-Example.xml'), { orderResponses: 'upsert' }), 'sales-order')
    const lines = (record.OrderLine as JsonObject[]).map((l) => ({ LineItem: { ...(l.LineItem as JsonObject), Quantity: '120', Item: { SellersItemIdentification: { ID: 'SItemNo001' } } } }))
    expect(valueOf(catalog.get('ubl/ubl-order-response-sales-order').map({ ...record, OrderLine: lines }))).toMatchObject({ externalId: '34', customer: '7300070011115', status: 'confirmed', updatedAt: '2010-01-21T12:30:00.000Z' })
  })

  it('maps the simple response as a status update of order 34: confirmed, no lines', async () => {
    const [response] = await mapped(oasis('UBL-OrderResponseSimple-2.1-Example.xml'), 'sales-order', { orderResponses: 'upsert' })
    expect(valueOf(response)).toEqual({ externalId: '34', number: '34', customer: '7300070011115', status: 'confirmed', orderedAt: null, updatedAt: '2010-01-21T12:30:00.000Z', lines: [] })
  })

  it('reads AcceptedIndicator false as a cancelled order', async () => {
    const [record] = recordsOf(await parseUbl(oasis('UBL-OrderResponseSimple-2.1-Example.xml'), { orderResponses: 'upsert' }), 'sales-order')
    expect(valueOf(catalog.get('ubl/ubl-order-response-simple-sales-order').map({ ...record, AcceptedIndicator: 'false' }))).toMatchObject({ status: 'cancelled' })
  })
})

describe('mappings/ubl: inventory', () => {
  it('maps the InventoryReport lines to positions at the reporting party, as of the issue date', async () => {
    const results = await mapped(oasis('UBL-InventoryReport-2.1-Example.xml'), 'inventory-position')
    expect(results.map(valueOf)).toEqual([
      { externalId: 'DD88@Arancio Forniture spa', sku: 'DD88', location: 'Arancio Forniture spa', onHand: '10', reserved: '0', uom: 'NAR', asOf: '2010-04-12T00:00:00.000Z' },
      { externalId: 'DA008@Arancio Forniture spa', sku: 'DA008', location: 'Arancio Forniture spa', onHand: '15', reserved: '0', uom: 'NAR', asOf: '2010-04-12T00:00:00.000Z' },
      { externalId: 'BA058@Arancio Forniture spa', sku: 'BA058', location: 'Arancio Forniture spa', onHand: '5', reserved: '0', uom: 'NAR', asOf: '2010-04-12T00:00:00.000Z' },
    ])
  })

  it('maps the StockAvailabilityReport lines, the 0 line included, as of their availability date', async () => {
    const results = await mapped(oasis('UBL-StockAvailabilityReport-2.1-Example.xml'), 'inventory-position')
    expect(results.map(valueOf)).toEqual([
      { externalId: 'ZZ738@Beta Shop', sku: 'ZZ738', location: 'Beta Shop', onHand: '50', reserved: '0', uom: 'NAR', asOf: '2010-04-20T00:00:00.000Z' },
      { externalId: 'K0058@Beta Shop', sku: 'K0058', location: 'Beta Shop', onHand: '80', reserved: '0', uom: 'NAR', asOf: '2010-04-11T00:00:00.000Z' },
      { externalId: 'PK009@Beta Shop', sku: 'PK009', location: 'Beta Shop', onHand: '0', reserved: '0', uom: 'NAR', asOf: '2010-04-11T00:00:00.000Z' },
    ])
  })
})

describe('mappings/ubl: cXML OrderRequest', () => {
  it('maps the order with its offset dates in UTC, total and lines', async () => {
    const [order] = await mapped(real('cxml-php', 'OrderRequest.xml'), 'sales-order')
    expect(valueOf(order)).toEqual({
      externalId: 'DO1234',
      number: 'DO1234',
      customer: 'inbound@prominate-platform.com',
      status: 'open',
      orderedAt: '2000-10-13T02:41:29.000Z',
      currency: 'EUR',
      totalAmount: '85',
      updatedAt: '2000-10-13T02:39:09.000Z',
      lines: [
        { lineNo: 1, sku: '1233244', description: 'hello from item 1', quantity: '10', unitPrice: '2.1', uom: 'EA' },
        { lineNo: 2, sku: '1233245', description: 'hello from item 2', quantity: '20', unitPrice: '3.2', uom: 'EA' },
      ],
    })
  })

  it('maps the BillTo party as the customer', async () => {
    const [customer] = await mapped(real('cxml-php', 'OrderRequest.xml'), 'customer')
    expect(valueOf(customer)).toEqual({ externalId: 'inbound@prominate-platform.com', name: 'Zinc GmbH', email: null, street: 'An den Eichen 18', city: 'Solingen', postalCode: '42699', country: 'DE' })
  })
})

describe('mappings/ubl: Order-X', () => {
  it('maps the order with its grand total and three lines', async () => {
    const [order] = await mapped(real('horstoeko-orderx', 'reader-order-x-comfort.xml'), 'sales-order')
    expect(valueOf(order)).toEqual({
      externalId: 'PO123456789',
      number: 'PO123456789',
      customer: 'BY_ID_9587456',
      status: 'open',
      orderedAt: '2022-12-25T00:00:00.000Z',
      currency: 'EUR',
      totalAmount: '360',
      lines: [
        { lineNo: 1, sku: '987654321', description: 'Product Name', quantity: '6', unitPrice: '10', amount: '60', uom: 'C62' },
        { lineNo: 2, sku: '598632147', description: 'Product Name', quantity: '10', unitPrice: '20', amount: '100', uom: 'C62' },
        { lineNo: 3, sku: '698325417', description: 'Product Name', quantity: '6', unitPrice: '25', amount: '150', uom: 'C62' },
      ],
    })
  })

  it('maps the buyer trade party as the customer', async () => {
    const [customer] = await mapped(real('horstoeko-orderx', 'reader-order-x-comfort.xml'), 'customer')
    expect(valueOf(customer)).toEqual({ externalId: 'BY_ID_9587456', name: 'BUYER_NAME', email: 'contact@buyer.com', phone: '+33 6 65 98 75 32', taxId: 'FR 05 987 654 321', street: 'BUYER_ADDR_1', city: 'BUYER_CITY', postalCode: '69001', country: 'FR' })
  })
})
