import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseMappingFile } from '../../src/mapping'
import { createMappingCatalog } from '../../src/store/mapping.catalog'

/** The real Shopify REST responses (test/fixtures/real/shopify-api-ruby) through the rest connector's Shopify mappings. */
const REAL = join(__dirname, '..', 'fixtures', 'real', 'shopify-api-ruby')
const catalog = createMappingCatalog(join(__dirname, '..', '..', 'mappings'))
const fixture = (name: string) => JSON.parse(readFileSync(join(REAL, name), 'utf8'))

describe('Shopify mappings on real Shopify records', () => {
  test('a customer: first and last name joined, address from the default address, the offset time in UTC', () => {
    const result = catalog.get('rest/shopify-customer').map(fixture('customers.json').customer)
    expect(result).toEqual({
      ok: true,
      value: {
        externalId: '207119551',
        name: 'Bob Norman',
        email: 'bob.norman@hostmail.com',
        phone: '555-625-1199',
        street: 'Chestnut Street 92',
        city: 'Louisville',
        postalCode: '40202',
        country: 'US',
        currency: null,
        updatedAt: '2016-03-17T21:04:13.000Z',
      },
    })
  })

  test('an order: financial status as state, money exact, lines with SKU, quantity and price', () => {
    const result = catalog.get('rest/shopify-sales-order').map(fixture('order.json').order)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const order = result.value as { externalId: string; number: string; customer: string; status: string; orderedAt: string; currency: string; totalAmount: string; lines: Array<Record<string, unknown>> }
    expect({ ...order, lines: undefined }).toEqual(expect.objectContaining({ externalId: '450789469', number: '#1001', customer: '207119551', status: 'confirmed', orderedAt: '2008-01-10T16:00:00.000Z', currency: 'USD', totalAmount: '409.94' }))
    expect(order.lines[0]).toEqual({ lineNo: 466157049, sku: 'IPOD2008GREEN', description: 'IPod Nano - 8gb - green', quantity: '1', unitPrice: '199' })
    expect(order.lines.map((l) => l.sku)).toEqual(fixture('order.json').order.line_items.map((l: { sku: string }) => l.sku))
  })

  test('inventory levels: one position per item and location, keyed by both', () => {
    const levels = fixture('inventory_levels.json').inventory_levels as unknown[]
    const mapped = levels.map((l) => catalog.get('rest/shopify-inventory-position').map(l))
    expect(mapped.map((m) => m.ok && [(m.value as { externalId: string }).externalId, (m.value as { onHand: string }).onHand])).toEqual([
      ['39072856:487838322', '27'],
      ['808950810:905684977', '1'],
      ['808950810:487838322', '9'],
      ['39072856:905684977', '3'],
    ])
  })

  test('"join" needs a list of paths: a mapping with one path is refused at load', () => {
    expect(() => catalog.get('rest/shopify-customer')).not.toThrow()
    const text = readFileSync(join(__dirname, '..', '..', 'mappings', 'rest', 'shopify-customer.yaml'), 'utf8').replace('name:       { from: [first_name, last_name], join: " ", required: true }', 'name:       { from: first_name, join: " ", required: true }')
    expect(() => parseMappingFile(text, 'mappings/rest/shopify-customer.yaml')).toThrow(/fields\.name\.join: "join" puts several source values together/)
  })
})
