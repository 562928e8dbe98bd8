import { join } from 'node:path'
import type { JsonObject } from '../../src/connector-sdk'
import type { MapResult } from '../../src/mapping'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { idocLayouts } from './idoc.layouts'
import { parseIdoc, realOrdrsp, recordsOf, ROOT, sample } from './idoc.test-kit'

const catalog = createMappingCatalog(join(ROOT, 'mappings'))

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a canonical value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

async function mapped(body: Buffer, variant: string, entity: string): Promise<MapResult[]> {
  const mapping = catalog.get(`idoc/${variant}-${entity}`)
  return recordsOf(await parseIdoc(body), entity).map((record) => mapping.map(record))
}

it('has a mapping, loading cleanly under its own name, for every variant and entity the connector yields', () => {
  for (const layout of idocLayouts) {
    for (const entity of layout.entities) expect(catalog.get(`idoc/${layout.variant}-${entity}`)).toMatchObject({ name: `idoc/${layout.variant}-${entity}`, version: 1, entity })
  }
})

describe('mappings/idoc/orders05-*: the real ORDRSP IDoc', () => {
  it('maps the order: number, sold-to, confirmed status, dates, currency, total and every item', async () => {
    const [order] = await mapped(realOrdrsp(), 'orders05', 'sales-order')
    expect(valueOf(order)).toEqual({
      externalId: '0000347163',
      number: '0000347163',
      customer: '0001000654',
      status: 'confirmed',
      orderedAt: '2023-10-04T00:00:00.000Z',
      currency: 'USD',
      totalAmount: '158672',
      updatedAt: '2023-10-04T18:00:11.000Z',
      lines: [
        { lineNo: 10, sku: 'MZ-FG-S100', description: 'Standard E-Bike S100 Series', quantity: '8', unitPrice: '5250', amount: '42000', uom: 'PCE' },
        { lineNo: 20, sku: 'MZ-FG-S200', description: 'S200 E-Bike Racer', quantity: '8', unitPrice: '4400', amount: '35200', uom: 'PCE' },
        { lineNo: 30, sku: 'MZ-FG-S300', description: 'S300 E-Bike Mountain', quantity: '8', unitPrice: '4884', amount: '39072', uom: 'PCE' },
        { lineNo: 40, sku: 'MZ-FG-S400', description: 'S400 E-Bike All Terrain', quantity: '8', unitPrice: '5300', amount: '42400', uom: 'PCE' },
      ],
    })
  })

  it('maps the sold-to party as the customer the order points at', async () => {
    const [customer] = await mapped(realOrdrsp(), 'orders05', 'customer')
    expect(valueOf(customer)).toEqual({
      externalId: '0001000654',
      name: 'CENTRAL BIKES',
      phone: null,
      street: '201 1st St',
      city: 'Palestine',
      postalCode: '758033901',
      country: 'US',
      updatedAt: '2023-10-04T18:00:11.000Z',
    })
  })

  it('quarantines an odd item with the path of the bad field, not the whole file', async () => {
    const [record] = recordsOf(await parseIdoc(realOrdrsp()), 'sales-order')
    const items = record.E1EDP01 as JsonObject[]
    const odd = { ...record, E1EDP01: [{ ...items[0], MENGE: '8,000' }, ...items.slice(1)] }
    const result = catalog.get('idoc/orders05-sales-order').map(odd)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.issues).toEqual([expect.objectContaining({ path: 'E1EDP01[0].MENGE', field: 'lines[0].quantity', code: 'type', value: '8,000' })])
  })

  it('quarantines a message type it has no status for', async () => {
    const [record] = recordsOf(await parseIdoc(realOrdrsp()), 'sales-order')
    const result = catalog.get('idoc/orders05-sales-order').map({ ...record, EDI_DC40: { ...(record.EDI_DC40 as JsonObject), MESTYP: 'INVOIC' } })
    expect(!result.ok && result.issues).toEqual([expect.objectContaining({ path: 'EDI_DC40.MESTYP', field: 'status', code: 'lookup' })])
  })
})

describe('mappings/idoc: master data and production orders (hand-made samples)', () => {
  it('maps DEBMAS customers, with VAT id and the first sales area currency', async () => {
    const results = await mapped(sample('debmas07-customers.xml'), 'debmas', 'customer')
    expect(results.map(valueOf)).toEqual([
      { externalId: '0001000654', name: 'CENTRAL BIKES', phone: '+1 903 555 0142', taxId: null, street: '201 1st St', city: 'Palestine', postalCode: '75803-3901', country: 'US', currency: 'USD', updatedAt: '2024-03-12T09:15:02.000Z' },
      { externalId: '0001000711', name: 'Fahrradhaus Müller & Söhne GmbH', phone: '+49 221 555 0190', taxId: 'DE123456789', street: 'Hohe Straße 12', city: 'Köln', postalCode: '50667', country: 'DE', currency: 'EUR', updatedAt: '2024-03-12T09:15:03.000Z' },
    ])
  })

  it('maps a MATMAS material with its English description', async () => {
    const [product] = await mapped(sample('matmas05-material.xml'), 'matmas', 'product')
    expect(valueOf(product)).toEqual({ externalId: 'MZ-FG-S100', sku: 'MZ-FG-S100', name: 'Standard E-Bike S100 Series', uom: 'PCE', category: 'ZSTANDARD', updatedAt: '2023-10-02T14:30:00.000Z' })
  })

  it('maps LOIPRO orders: scheduled dates, released and technically completed, an inactive deletion flag ignored', async () => {
    const results = await mapped(sample('loipro01-orders.xml'), 'loipro', 'production-order')
    expect(results.map(valueOf)).toEqual([
      { externalId: '000001000123', number: '000001000123', sku: 'MZ-FG-S100', quantity: '25', location: '1710', plannedStart: '2024-03-15T08:00:00.000Z', plannedEnd: '2024-03-17T16:00:00.000Z', status: 'released', updatedAt: '2024-03-14T07:05:12.000Z' },
      { externalId: '000001000124', number: '000001000124', sku: 'MZ-FG-S200', quantity: '10', location: '1710', plannedStart: '2024-03-11T06:00:00.000Z', plannedEnd: '2024-03-12T14:00:00.000Z', status: 'done', updatedAt: '2024-03-20T18:15:30.000Z' },
    ])
  })

  it('reads an active deletion flag as cancelled', async () => {
    const [, record] = recordsOf(await parseIdoc(sample('loipro01-orders.xml')), 'production-order')
    const header = record.E1AFKOL as JsonObject
    const flagged = { ...record, E1AFKOL: { ...header, E1JSTKL: { ...(header.E1JSTKL as JsonObject), I0076: { STAT: 'I0076' } } } }
    expect(valueOf(catalog.get('idoc/loipro-production-order').map(flagged))).toMatchObject({ status: 'cancelled' })
  })
})
