import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AxiosInstance } from 'axios'
import { createKey, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'

/**
 * Real document connectors end to end: files go in through the documents endpoint and come out as
 * canonical rows, with the values the files hold.
 */
const CSV = join(__dirname, '..', '..', 'connectors', 'csv', 'fixtures')
const REAL = join(__dirname, '..', 'fixtures', 'real')

const csvConfig = {
  layouts: [
    {
      name: 'sap-customers-de',
      entity: 'customer',
      match: { filename: 'KNA1_*.csv', headers: ['Kundennummer', 'Name 1'] },
      columns: { Kundennummer: 'customer_number', 'Name 1': 'name', 'Name 2': 'name_2', Straße: 'street', Postleitzahl: 'postal_code', Ort: 'city', Land: 'country', 'USt-IdNr.': 'vat_id', Telefon: 'phone', 'E-Mail': 'email', Währung: 'currency', 'Kreditlimit (€)': 'credit_limit', 'Geändert am': 'updated_at' },
      key: 'customer_number',
      numbers: { columns: ['credit_limit'] },
      dates: { columns: ['updated_at'], order: 'dmy' },
    },
    {
      name: 'shop-order-lines',
      entity: 'sales-order',
      match: { headers: ['Order No', 'Line', 'Item'] },
      columns: { 'Order No': 'order_number', 'Order Date': 'order_date', 'Customer No': 'customer_number', Status: 'status', Currency: 'currency', Line: 'line_no', Item: 'sku', Description: 'description', Qty: 'quantity', Unit: 'uom', 'Unit Price': 'unit_price', 'Line Amount': 'amount' },
      key: 'order_number',
      numbers: { columns: ['quantity', 'unit_price', 'amount'], decimal: '.', grouping: ',' },
      group: { by: 'order_number', lines: ['line_no', 'sku', 'description', 'quantity', 'uom', 'unit_price', 'amount'] },
    },
    {
      name: 'stock',
      entity: 'inventory-position',
      match: { headers: ['sku', 'warehouse', 'on_hand'] },
      key: { fields: ['sku', 'warehouse'], into: 'position_id' },
      numbers: { columns: ['on_hand', 'reserved'] },
    },
  ],
}

describe('real documents through the documents endpoint', () => {
  let th: TestHub
  let webhook: AxiosInstance
  let csvConnection: string
  let ublConnection: string
  let idocConnection: string

  beforeAll(async () => {
    th = await startTestHub()
    const api = await th.api()
    await th.worker()
    const admin = api.as(await createKey(th, 'admin'))
    webhook = api.as(await createKey(th, 'webhook'))
    const created = await admin.post('/v1/connections', { name: 'sap-exports', kind: 'csv', config: csvConfig })
    expect(created.status).toBe(201)
    csvConnection = created.data.id
    ublConnection = (await admin.post('/v1/connections', { name: 'b2b-inbox', kind: 'ubl', config: {} })).data.id
    idocConnection = (await admin.post('/v1/connections', { name: 'sap-idocs', kind: 'idoc', config: {} })).data.id
  })
  afterAll(async () => {
    await th?.close()
  })

  async function send(connectionId: string, file: string, filename: string, contentType: string) {
    const res = await webhook.post(`/v1/connections/${connectionId}/documents?filename=${encodeURIComponent(filename)}`, readFileSync(file), { headers: { 'Content-Type': contentType } })
    expect(res.status).toBe(202)
    const [run] = await waitForRuns(th, [res.data.runId])
    expect(run.status).toBe('succeeded')
    return run
  }

  test('an SAP customer export (Windows-1252, semicolons, decimal commas) lands as customers with exact text', async () => {
    const run = await send(csvConnection, join(CSV, 'sap-customers-de.csv'), 'KNA1_20240314.csv', 'text/csv')
    expect(run.readCount).toBeGreaterThan(0)
    const rows = await th.hub.db.prisma.customer.findMany({ where: { connectionId: csvConnection }, orderBy: { externalId: 'asc' } })
    expect(rows.length).toBe(run.inserted)
    expect(rows[0]).toMatchObject({ externalId: '0000100001', name: 'Müller Maschinenbau GmbH', city: 'München', country: 'DE', taxId: 'DE129273398' })
    expect(rows.find((r) => r.externalId === '0000100003')?.name).toBe('Österreichische Präzisionsteile "ÖPT" GmbH')
  })

  test('order lines, one row each, land as orders with their lines; a stock list as positions', async () => {
    await send(csvConnection, join(CSV, 'order-lines.csv'), 'orders.csv', 'text/csv')
    const order = await th.hub.db.prisma.salesOrder.findFirstOrThrow({ where: { connectionId: csvConnection, externalId: 'SO-1001' }, include: { lines: { orderBy: { lineNo: 'asc' } } } })
    expect(order.customerExternalId).toBe('0000100001')
    expect(order.lines.map((l) => [l.lineNo, l.sku, l.quantity.toString(), l.unitPrice?.toString()]).slice(0, 2)).toEqual([
      [10, 'MAT-100200', '250', '0.42'],
      [20, 'MAT-100310', '250', '0.05'],
    ])
    expect(order.lines[1].description).toBe('Washer Ø 13 mm "DIN 125"')

    await send(csvConnection, join(CSV, 'stock.csv'), 'stock.csv', 'text/csv')
    const stock = await th.hub.db.prisma.inventoryPosition.findMany({ where: { connectionId: csvConnection, sku: 'MAT-100200' }, orderBy: { location: 'asc' } })
    expect(stock.map((s) => [s.location, s.onHand.toString(), s.reserved.toString()])).toEqual([
      ['WH-HAM', '12500', '1250'],
      ['WH-MUC', '3000', '0'],
    ])
  })

  test('a UBL 2.1 Order lands as a sales order with its lines and the buyer as a customer', async () => {
    const run = await send(ublConnection, join(REAL, 'oasis-ubl-2.1', 'UBL-Order-2.1-Example.xml'), 'order-34.xml', 'application/xml')
    expect(run).toMatchObject({ quarantined: 0, inserted: 2 })
    const order = await th.hub.db.prisma.salesOrder.findFirstOrThrow({ where: { connectionId: ublConnection }, include: { lines: { orderBy: { lineNo: 'asc' } } } })
    expect(order.number).toBe('34')
    expect(order.currency).toBe('SEK')
    expect(order.lines.map((l) => [l.quantity.toString(), l.uom])).toEqual([
      ['120', 'LTR'],
      ['15', 'C62'],
    ])
    const buyer = await th.hub.db.prisma.customer.findFirstOrThrow({ where: { connectionId: ublConnection, externalId: order.customerExternalId } })
    expect(buyer.street).toContain('Rådhusgatan')
  })

  test('a SAP ORDRSP IDoc (CRLF, zero-padded text) lands as the order with its four items and its sold-to party', async () => {
    const run = await send(idocConnection, join(REAL, 'sap-samples-integration-suite-b2b', 'ordrsp-idoc.xml'), 'ordrsp.xml', 'application/xml')
    expect(run.quarantined).toBe(0)
    const order = await th.hub.db.prisma.salesOrder.findFirstOrThrow({ where: { connectionId: idocConnection }, include: { lines: { orderBy: { lineNo: 'asc' } } } })
    expect(order.lines.map((l) => [l.sku, l.quantity.toString()])).toEqual([
      ['MZ-FG-S100', '8'],
      ['MZ-FG-S200', '8'],
      ['MZ-FG-S300', '8'],
      ['MZ-FG-S400', '8'],
    ])
    expect(order.totalAmount?.toString()).toBe('158672')
    const soldTo = await th.hub.db.prisma.customer.findFirstOrThrow({ where: { connectionId: idocConnection, externalId: order.customerExternalId } })
    expect(soldTo.name).toContain('CENTRAL BIKES')
  })
})
