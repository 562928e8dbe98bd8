/**
 * Records shaped exactly like the built-in ERP simulator's JSON (see mappings/rest/*.yaml), with
 * overrides for the one detail a test is about.
 */
type Overrides<T> = { [K in keyof T]?: T[K] }

export function aCustomerRecord(overrides: Overrides<ReturnType<typeof baseCustomer>> = {}) {
  return { ...baseCustomer(), ...overrides }
}

function baseCustomer() {
  return {
    id: 'CUST-000123',
    name: 'Müller Bau GmbH',
    email: 'info@mueller-bau.de' as string | null,
    phone: '+49 89 1234567' as string | null,
    vat_id: 'DE123456789' as string | null,
    address: { street: 'Hauptstraße 12', city: 'München', postal_code: '80331', country: 'DE' },
    currency: 'EUR',
    created_at: '2026-03-02T09:14:00.000Z',
    updated_at: '2026-05-10T11:02:31.512Z',
  }
}

export function aProductRecord(overrides: Overrides<ReturnType<typeof baseProduct>> = {}) {
  return { ...baseProduct(), ...overrides }
}

function baseProduct() {
  return {
    id: 'PRD-00042',
    sku: 'SKU-00042',
    name: 'Hydraulic pump HP-20',
    uom: 'PCE',
    category: 'Pumps',
    list_price: '1249.90',
    currency: 'EUR',
    updated_at: '2026-05-11T08:00:00.000Z',
  }
}

export function aSalesOrderLine(overrides: Overrides<ReturnType<typeof baseLine>> = {}) {
  return { ...baseLine(), ...overrides }
}

function baseLine() {
  return {
    line_no: 1 as unknown,
    sku: 'SKU-00042' as unknown,
    description: 'Hydraulic pump HP-20',
    quantity: '3' as unknown,
    unit_price: '411.50',
    uom: 'PCE',
  }
}

/** `lines` defaults to `lineCount` lines numbered 1..n; pass `lines` to replace them. */
export function aSalesOrderRecord(overrides: Overrides<ReturnType<typeof baseSalesOrder>> = {}, lineCount = 1) {
  return { ...baseSalesOrder(lineCount), ...overrides }
}

function baseSalesOrder(lineCount: number) {
  return {
    id: 'SO-0000123',
    number: 'SO-2026-000123',
    customer_id: 'CUST-000045',
    status: 'confirmed',
    order_date: '2026-03-14',
    currency: 'EUR',
    total: '1234.50',
    lines: Array.from({ length: lineCount }, (_, i) => aSalesOrderLine({ line_no: i + 1, sku: `SKU-${String(i + 1).padStart(5, '0')}` })) as unknown,
    updated_at: '2026-05-10T11:02:31.512Z',
  }
}

export function anInventoryRecord(overrides: Overrides<ReturnType<typeof baseInventory>> = {}) {
  return { ...baseInventory(), ...overrides }
}

function baseInventory() {
  return {
    id: 'WH-BER:SKU-00042',
    sku: 'SKU-00042',
    warehouse: { code: 'WH-BER', name: 'Berlin' },
    on_hand: '120',
    reserved: '20' as string | null,
    uom: 'PCE',
    as_of: '2026-05-10T06:00:00.000Z',
    updated_at: '2026-05-10T06:00:05.000Z',
  }
}

export function aProductionOrderRecord(overrides: Overrides<ReturnType<typeof baseProductionOrder>> = {}) {
  return { ...baseProductionOrder(), ...overrides }
}

function baseProductionOrder() {
  return {
    id: 'MO-000017',
    number: 'MO-2026-000017',
    sku: 'SKU-00042',
    quantity: '500',
    warehouse: 'WH-BER',
    planned_start: '2026-12-01T06:00:00.000Z',
    planned_end: '2026-12-03T18:00:00.000Z',
    state: 'planned',
    updated_at: '2026-11-20T10:00:00.000Z',
  }
}
