import { join } from 'node:path'
import nock from 'nock'
import type { JsonObject } from '../../src/connector-sdk'
import { createMappingCatalog } from '../../src/store/mapping.catalog'
import { connectTryton, FakeTryton, readAll, seededTables } from './tryton.test-kit'

/**
 * The mapping files in mappings/tryton/ applied to what the connector yields for the real seeded
 * rows: every record maps cleanly, and the values are the ones Tryton holds.
 */
const ROOT = join(__dirname, '..', '..')
const catalog = createMappingCatalog(join(ROOT, 'mappings'))

beforeAll(() => nock.disableNetConnect())
afterAll(() => {
  nock.cleanAll()
  nock.enableNetConnect()
  nock.restore()
})

const yielded = new Map<string, JsonObject[]>()
beforeAll(async () => {
  new FakeTryton().intercept()
  const { session } = await connectTryton({ pageSize: 50 })
  for (const entity of ['customer', 'product', 'sales-order', 'inventory-position', 'production-order']) {
    yielded.set(entity, (await readAll(session, entity)).flatMap((p) => p.records))
  }
})

function mapAll(entity: string): Map<string, Record<string, unknown>> {
  const mapping = catalog.get(`tryton/${entity}`)
  const out = new Map<string, Record<string, unknown>>()
  const failures: unknown[] = []
  for (const record of yielded.get(entity)!) {
    const result = mapping.map(record)
    if (result.ok) out.set(String(record.id), result.value as Record<string, unknown>)
    else failures.push({ id: record.id, issues: result.issues })
  }
  expect(failures).toEqual([])
  return out
}

const byName = (rows: Map<string, Record<string, unknown>>, key: string, value: unknown) => [...rows.values()].find((r) => r[key] === value)!

describe('mappings/tryton on the seeded Tryton', () => {
  it('customer: Tryton’s first e-mail and phone, a mobile when there is no phone, the first address', () => {
    const customers = mapAll('customer')
    expect(customers.size).toBe(seededTables['party.party'].length)
    expect(byName(customers, 'name', 'Lukas Weber')).toMatchObject({ email: 'lukas.weber@example.com', phone: '040 / 555 12 34', city: 'Hamburg', postalCode: '20259', country: 'DE' })
    expect(byName(customers, 'name', 'Sophie Martin')).toMatchObject({ phone: '+33 6 12 34 56 78', country: 'FR' })
    const company = customers.get('1')!
    expect(company).toMatchObject({ name: 'Brightline Tools GmbH', street: 'Industriestraße 42', updatedAt: expect.stringMatching(/^2026-11-27T\d\d:\d\d:\d\d\.\d{3}Z$/) })
  })

  it('product: code as SKU, list price as an exact decimal, unit symbol and category', () => {
    const products = mapAll('product')
    expect(products.size).toBe(16)
    expect(byName(products, 'sku', 'DRL-B')).toMatchObject({ name: 'Cordless Drill Basic 12V', listPrice: '89', uom: 'u', category: 'Power Tools' })
    expect(byName(products, 'sku', 'BLD-24')).toMatchObject({ listPrice: '19.9', category: 'Accessories' })
  })

  it('sales-order: states looked up, the party as customer, totals, and only real lines (comment lines left out)', () => {
    const orders = mapAll('sales-order')
    const raw = seededTables['sale.sale']
    expect(orders.size).toBe(raw.length)
    const statusOf = { draft: 'draft', quotation: 'quoted', confirmed: 'confirmed', processing: 'open', done: 'closed', cancelled: 'cancelled' } as Record<string, string>
    for (const sale of raw) expect([sale.id, orders.get(String(sale.id))!.status]).toEqual([sale.id, statusOf[String(sale.state)]])

    const first = byName(orders, 'number', 'SO-00001')
    expect(first).toMatchObject({ customer: '13', status: 'closed', totalAmount: '1140.26', currency: 'EUR', orderedAt: '2026-09-13T00:00:00.000Z' })
    expect(first.lines).toEqual(expect.arrayContaining([{ lineNo: 1, sku: 'DRL-P', description: null, quantity: '2', unitPrice: '125.1', amount: '250.2', uom: 'u' }]))

    const linesOfType = raw.flatMap((s) => (s['lines.'] as JsonObject[]).map((l) => l.type))
    expect(linesOfType).toContain('comment')
    const mappedLines = [...orders.values()].flatMap((o) => o.lines as unknown[])
    expect(mappedLines).toHaveLength(linesOfType.filter((t) => t === 'line').length)
  })

  it('inventory-position: on hand, reserved and forecast at the warehouse, by SKU', () => {
    const positions = mapAll('inventory-position')
    expect(positions.get('WH:SAW-B')).toMatchObject({ externalId: 'WH:SAW-B', sku: 'SAW-B', location: 'WH', onHand: '58', reserved: '4', forecast: '53', uom: 'u' })
    expect(positions.get('WH:CMP-CELL')).toMatchObject({ onHand: '600', reserved: '300', forecast: '300' })
  })

  it('production-order: Tryton’s states on the hub’s, planned dates, product and warehouse', () => {
    const productions = mapAll('production-order')
    expect(productions.size).toBe(5)
    const byNumber = (n: string) => byName(productions, 'number', n)
    expect(byNumber('MO-00003')).toMatchObject({ sku: 'BAT-5', quantity: '30', status: 'released', location: 'WH' })
    expect(byNumber('MO-00001')).toMatchObject({ sku: 'DRL-X', status: 'firm' })
    expect(byNumber('MO-00002')).toMatchObject({ sku: 'SAW-X', status: 'planned', plannedStart: expect.stringMatching(/T00:00:00\.000Z$/), plannedEnd: expect.stringMatching(/T00:00:00\.000Z$/) })
  })
})
