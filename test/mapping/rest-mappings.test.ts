import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { salesOrderStatuses } from '../../src/canonical/canonical.types'
import { compileMapping, parseMappingFile, type CompiledMapping, type MapResult } from '../../src/mapping'
import {
  aCustomerRecord,
  anInventoryRecord,
  aProductionOrderRecord,
  aProductRecord,
  aSalesOrderLine,
  aSalesOrderRecord,
} from './builders/simulator-record.builder'

const mappingsDir = join(__dirname, '..', '..', 'mappings')

function loadRest(entity: string): CompiledMapping {
  const name = `rest/${entity}`
  const file = join('mappings', `${name}.yaml`)
  return compileMapping(parseMappingFile(readFileSync(join(mappingsDir, `${name}.yaml`), 'utf8'), file, { expectedName: name }))
}

function valueOf(result: MapResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.issues)}`)
  return result.value as Record<string, unknown>
}

describe.each([
  ['customer', 'Customer'],
  ['product', 'Product'],
  ['sales-order', 'SalesOrder'],
  ['inventory-position', 'InventoryPosition'],
  ['production-order', 'ProductionOrder'],
])('mappings/rest/%s.yaml', (entity, target) => {
  it('loads under its own name, version 1, from the rest connector, as the hub entity', () => {
    expect(loadRest(entity)).toMatchObject({ name: `rest/${entity}`, version: 1, target, entity, sourceEntity: entity })
  })
})

describe('rest mappings turn simulator records into canonical entities', () => {
  it('maps a customer, flattening the address', () => {
    const record = aCustomerRecord()
    expect(valueOf(loadRest('customer').map(record))).toEqual({
      externalId: record.id,
      name: record.name,
      email: record.email,
      phone: record.phone,
      taxId: record.vat_id,
      street: record.address.street,
      city: record.address.city,
      postalCode: record.address.postal_code,
      country: record.address.country,
      currency: record.currency,
      updatedAt: record.updated_at,
    })
  })

  it('maps a customer without email, phone or VAT id to nulls', () => {
    const value = valueOf(loadRest('customer').map(aCustomerRecord({ email: null, phone: null, vat_id: null })))
    expect(value).toMatchObject({ email: null, phone: null, taxId: null })
  })

  it('maps a product, normalising the list price', () => {
    const record = aProductRecord({ list_price: '1249.90' })
    expect(valueOf(loadRest('product').map(record))).toEqual({
      externalId: record.id,
      sku: record.sku,
      name: record.name,
      uom: record.uom,
      category: record.category,
      listPrice: '1249.9',
      currency: record.currency,
      updatedAt: record.updated_at,
    })
  })

  it('maps a sales order with its lines', () => {
    const line = aSalesOrderLine({ line_no: 1, quantity: '3', unit_price: '411.50' })
    const record = aSalesOrderRecord({ status: 'confirmed', order_date: '2026-03-14', total: '1234.50', lines: [line] })
    expect(valueOf(loadRest('sales-order').map(record))).toEqual({
      externalId: record.id,
      number: record.number,
      customer: record.customer_id,
      status: 'confirmed',
      orderedAt: '2026-03-14T00:00:00.000Z',
      currency: record.currency,
      totalAmount: '1234.5',
      updatedAt: record.updated_at,
      lines: [{ lineNo: 1, sku: line.sku, description: line.description, quantity: '3', unitPrice: '411.5', uom: line.uom }],
    })
  })

  it('maps every simulator order status onto a canonical one', () => {
    const simulator = ['draft', 'quotation', 'confirmed', 'processing', 'shipped', 'invoiced', 'done', 'cancelled']
    const mapping = loadRest('sales-order')
    const mapped = simulator.map((status) => valueOf(mapping.map(aSalesOrderRecord({ status }))).status)
    expect(mapped).toEqual(['draft', 'quoted', 'confirmed', 'open', 'shipped', 'invoiced', 'closed', 'cancelled'])
    expect(new Set(mapped)).toEqual(new Set(salesOrderStatuses))
  })

  it('quarantines a sales order with an unknown status instead of guessing', () => {
    const result = loadRest('sales-order').map(aSalesOrderRecord({ status: 'on_hold' }))
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'status', field: 'status', code: 'lookup', value: 'on_hold' })] })
  })

  it('maps an inventory position, taking the location from the warehouse code', () => {
    const record = anInventoryRecord({ on_hand: '120', reserved: '20' })
    expect(valueOf(loadRest('inventory-position').map(record))).toEqual({
      externalId: record.id,
      sku: record.sku,
      location: record.warehouse.code,
      onHand: '120',
      reserved: '20',
      uom: record.uom,
      asOf: record.as_of,
      updatedAt: record.updated_at,
    })
  })

  it('counts nothing reserved when the simulator sends no reserved figure', () => {
    expect(valueOf(loadRest('inventory-position').map(anInventoryRecord({ reserved: null }))).reserved).toBe('0')
  })

  it('maps a production order and its state', () => {
    const record = aProductionOrderRecord({ state: 'running' })
    expect(valueOf(loadRest('production-order').map(record))).toEqual({
      externalId: record.id,
      number: record.number,
      sku: record.sku,
      quantity: record.quantity,
      location: record.warehouse,
      plannedStart: record.planned_start,
      plannedEnd: record.planned_end,
      status: 'in_progress',
      updatedAt: record.updated_at,
    })
  })

  it('maps every simulator production state', () => {
    const mapping = loadRest('production-order')
    const states = ['planned', 'released', 'running', 'done', 'cancelled']
    expect(states.map((state) => valueOf(mapping.map(aProductionOrderRecord({ state }))).status)).toEqual(['planned', 'released', 'in_progress', 'done', 'cancelled'])
  })
})
