import { getPath, type JsonObject } from '../../src/connector-sdk'
import { ublConnector } from './ubl.connector'
import { invalidUbl, oasis, parseUbl, real, recordingLogger, recordsOf } from './ubl.test-kit'

const only = (records: JsonObject[]): JsonObject => {
  expect(records).toHaveLength(1)
  return records[0]
}

describe('ubl: the real OASIS UBL 2.1 Order', () => {
  it('yields the buyer as a customer, then the order, both as variant ubl-order', async () => {
    const batches = await parseUbl(oasis('UBL-Order-2.1-Example.xml'))
    expect(batches.map((b) => [b.entity, b.variant, b.records.length])).toEqual([
      ['customer', 'ubl-order', 1],
      ['sales-order', 'ubl-order', 1],
    ])
  })

  it('keeps the header: id, dates joined into an instant, currency, totals with their currencyID', async () => {
    const order = only(recordsOf(await parseUbl(oasis('UBL-Order-2.1-Example.xml')), 'sales-order'))
    expect(order).toMatchObject({
      id: '34',
      customerId: '7300070011115',
      ID: '34',
      IssueDate: '2010-01-20',
      IssueTime: '12:30:00',
      IssueDateTime: '2010-01-20T12:30:00',
      DocumentCurrencyCode: 'SEK',
      // The closing `>` on its own line is no part of the value.
      ProfileID: 'urn:www.cenbii.eu:profile:BII01:ver1.0',
      'ProfileID@schemeAgencyID': 'BII',
      Note: ['Information text for the whole order'],
    })
    expect(order.AnticipatedMonetaryTotal).toEqual({
      LineExtensionAmount: '6225',
      'LineExtensionAmount@currencyID': 'SEK',
      AllowanceTotalAmount: '100',
      'AllowanceTotalAmount@currencyID': 'SEK',
      ChargeTotalAmount: '100',
      'ChargeTotalAmount@currencyID': 'SEK',
      PayableAmount: '6225',
      'PayableAmount@currencyID': 'SEK',
    })
    expect((order.AllowanceCharge as JsonObject[]).map((a) => [a.ChargeIndicator, a.Amount, a['Amount@currencyID']])).toEqual([
      ['true', '100', 'SEK'],
      ['false', '100', 'SEK'],
    ])
    expect(getPath(order, 'AdditionalDocumentReference.1.Attachment')).toEqual({ EmbeddedDocumentBinaryObject: 'UjBsR09EbGhjZ0dTQUxNQUFBUUNBRU1tQ1p0dU1GUXhEUzhi', 'EmbeddedDocumentBinaryObject@mimeCode': 'application/pdf' })
  })

  it('keeps each line with its quantity and unitCode, amounts and currencyID, and item ids', async () => {
    const order = only(recordsOf(await parseUbl(oasis('UBL-Order-2.1-Example.xml')), 'sales-order'))
    const lines = (order.OrderLine as JsonObject[]).map((l) => l.LineItem as JsonObject)
    expect(lines.map((l) => [l.ID, l.Quantity, l['Quantity@unitCode'], l.LineExtensionAmount, l['LineExtensionAmount@currencyID'], getPath(l, 'Price.PriceAmount'), getPath(l, 'Price.PriceAmount@currencyID')])).toEqual([
      ['1', '120', 'LTR', '6000', 'SEK', '50', 'SEK'],
      ['2', '15', 'C62', '225', 'SEK', '15', 'SEK'],
    ])
    expect(lines[0].Item).toEqual({
      Description: ['Red paint'],
      Name: 'Falu Rödfärg',
      SellersItemIdentification: { ID: 'SItemNo001' },
      StandardItemIdentification: { ID: '1234567890123', 'ID@schemeAgencyID': '6', 'ID@schemeID': 'GTIN' },
      AdditionalItemProperty: [
        { Name: 'Paint type', Value: 'Acrylic' },
        { Name: 'Solvant', Value: 'Water' },
      ],
    })
  })

  it('makes the customer record the order cut down to the buyer, Rådhusgatan kept exact', async () => {
    const customer = only(recordsOf(await parseUbl(oasis('UBL-Order-2.1-Example.xml')), 'customer'))
    expect(Object.keys(customer)).toEqual(['id', 'BuyerCustomerParty'])
    expect(customer.id).toBe('7300070011115')
    expect(getPath(customer, 'BuyerCustomerParty.Party.PartyIdentification')).toEqual([{ ID: '7300070011115', 'ID@schemeAgencyID': '9', 'ID@schemeID': 'GLN' }, { ID: 'PartyID123' }])
    expect(getPath(customer, 'BuyerCustomerParty.Party.PartyName')).toEqual([{ Name: 'Johnssons byggvaror' }])
    expect(getPath(customer, 'BuyerCustomerParty.Party.PostalAddress.StreetName')).toBe('Rådhusgatan')
    expect(getPath(customer, 'BuyerCustomerParty.Party.Contact.ElectronicMail')).toBe('pelle@johnsson.se')
  })

  it('reads the order the same in 7-byte chunks (å and ö cut in two)', async () => {
    const bytes = oasis('UBL-Order-2.1-Example.xml')
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7))
    expect(await parseUbl(chunks)).toEqual(await parseUbl(bytes))
  })

  it("prefers the seller's account number for the buyer as the customer id", async () => {
    const doc = `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:ID>A-1</cbc:ID><cac:BuyerCustomerParty><cbc:SupplierAssignedAccountID>C-000123</cbc:SupplierAssignedAccountID>
      <cac:Party><cac:PartyIdentification><cbc:ID>GLN-1</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>Buyer</cbc:Name></cac:PartyName></cac:Party></cac:BuyerCustomerParty>
      <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity>1</cbc:Quantity></cac:LineItem></cac:OrderLine></Order>`
    const batches = await parseUbl([doc])
    expect(recordsOf(batches, 'customer').map((c) => c.id)).toEqual(['C-000123'])
    expect(recordsOf(batches, 'sales-order').map((o) => [o.id, o.customerId])).toEqual([['A-1', 'C-000123']])
  })

  it('refuses an order with more lines than maxOrderLines, since an order is held whole', async () => {
    expect((await invalidUbl(oasis('UBL-Order-2.1-Example.xml'), { maxOrderLines: 1 })).message).toMatch(/more than 1 lines \(maxOrderLines\)/)
  })
})

describe('ubl: order responses', () => {
  it.each(['UBL-OrderResponse-2.1-Example.xml', 'UBL-OrderResponseSimple-2.1-Example.xml'])('reads %s but yields nothing by default, and says so', async (name) => {
    const logger = recordingLogger()
    expect(await parseUbl(oasis(name), {}, logger)).toEqual([])
    expect(logger.lines[0]).toContain('order response not ingested (orderResponses: skip)')
    expect(logger.lines[0]).toContain('"order":"34"')
  })

  it('yields the detailed response, keyed by the order it answers, with orderResponses: upsert', async () => {
    const [response] = recordsOf(await parseUbl(oasis('UBL-OrderResponse-2.1-Example.xml'), { orderResponses: 'upsert' }), 'sales-order')
    expect(response).toMatchObject({ id: '34', customerId: '7300070011115', ID: '7', OrderReference: { ID: '34' }, IssueDateTime: '2010-01-21T12:30:00' })
    expect((response.OrderLine as JsonObject[]).map((l) => [getPath(l, 'LineItem.ID'), getPath(l, 'LineItem.LineStatusCode'), getPath(l, 'LineItem.Item')])).toEqual([
      ['1', 'NoStatus', ''],
      ['2', 'Disputed', ''],
    ])
  })

  it('yields the simple response with its AcceptedIndicator, with orderResponses: upsert', async () => {
    const batches = await parseUbl(oasis('UBL-OrderResponseSimple-2.1-Example.xml'), { orderResponses: 'upsert' })
    expect(batches.map((b) => [b.entity, b.variant])).toEqual([['sales-order', 'ubl-order-response-simple']])
    expect(batches[0].records[0]).toMatchObject({ id: '34', customerId: '7300070011115', AcceptedIndicator: 'true', IssueDate: '2010-01-21' })
  })
})

describe('ubl: inventory and stock availability reports', () => {
  it('yields one inventory position per InventoryReportLine, keyed item@location', async () => {
    const batches = await parseUbl(oasis('UBL-InventoryReport-2.1-Example.xml'))
    expect(batches.map((b) => [b.entity, b.variant])).toEqual([['inventory-position', 'ubl-inventory-report']])
    const lines = batches[0].records
    expect(lines.map((r) => [r.id, getPath(r, 'InventoryReportLine.Quantity'), getPath(r, 'InventoryReportLine.Quantity@unitCode'), getPath(r, 'InventoryReportLine.InventoryValueAmount'), getPath(r, 'InventoryReportLine.InventoryValueAmount@currencyID')])).toEqual([
      ['DD88@Arancio Forniture spa', '10', 'NAR', '200', 'EUR'],
      ['DA008@Arancio Forniture spa', '15', 'NAR', '750', 'EUR'],
      ['BA058@Arancio Forniture spa', '5', 'NAR', '300', 'EUR'],
    ])
  })

  it("gives each line the report's plain fields, period and reporting party, not the whole header", async () => {
    const [first] = recordsOf(await parseUbl(oasis('UBL-InventoryReport-2.1-Example.xml')), 'inventory-position')
    expect(first).toEqual({
      id: 'DD88@Arancio Forniture spa',
      UBLVersionID: '2.1',
      ID: 'CC2679',
      CopyIndicator: 'false',
      IssueDate: '2010-04-12',
      Note: ['Report about the quantities on stock.'],
      DocumentCurrencyCode: 'EUR',
      'DocumentCurrencyCode@listID': 'ISO 4217 Alpha',
      InventoryPeriod: { StartDate: '2010-04-11', StartTime: '14:00:00', EndDate: '2010-04-11' },
      InventoryReportingParty: { PartyName: [{ Name: 'Arancio Forniture spa' }] },
      InventoryReportLine: {
        ID: '1',
        Quantity: '10',
        'Quantity@unitCode': 'NAR',
        InventoryValueAmount: '200',
        'InventoryValueAmount@currencyID': 'EUR',
        Item: { Description: ['shirt'], BuyersItemIdentification: { ID: 'SH009' }, SellersItemIdentification: { ID: 'DD88' } },
      },
    })
  })

  it('yields every stock availability line, the one with quantity 0 included', async () => {
    const lines = recordsOf(await parseUbl(oasis('UBL-StockAvailabilityReport-2.1-Example.xml')), 'inventory-position')
    expect(lines.map((r) => [r.id, getPath(r, 'StockAvailabilityReportLine.Quantity'), getPath(r, 'StockAvailabilityReportLine.AvailabilityDate'), getPath(r, 'StockAvailabilityReportLine.AvailabilityStatusCode')])).toEqual([
      ['ZZ738@Beta Shop', '50', '2010-04-20', '1'],
      ['K0058@Beta Shop', '80', '2010-04-11', '2'],
      ['PK009@Beta Shop', '0', undefined, '8'],
    ])
  })

  it('hands a long report on in batches of batchSize', async () => {
    const head = '<InventoryReport xmlns="urn:oasis:names:specification:ubl:schema:xsd:InventoryReport-2" xmlns:cac="c" xmlns:cbc="b"><cbc:ID>R</cbc:ID><cac:InventoryReportingParty><cac:PartyName><cbc:Name>W</cbc:Name></cac:PartyName></cac:InventoryReportingParty>'
    const line = (n: number) => `<cac:InventoryReportLine><cbc:ID>${n}</cbc:ID><cbc:Quantity>1</cbc:Quantity><cac:Item><cac:SellersItemIdentification><cbc:ID>S${n}</cbc:ID></cac:SellersItemIdentification></cac:Item></cac:InventoryReportLine>`
    const batches = await parseUbl([head, ...Array.from({ length: 5 }, (_, n) => line(n)), '</InventoryReport>'], { batchSize: 2 })
    expect(batches.map((b) => b.records.map((r) => r.id))).toEqual([['S0@W', 'S1@W'], ['S2@W', 'S3@W'], ['S4@W']])
  })
})

describe('ubl: despatch advice', () => {
  it('yields the delivery customer only: the despatched lines are not modelled yet, and the log says so', async () => {
    const logger = recordingLogger()
    const batches = await parseUbl(oasis('UBL-DespatchAdvice-2.0-Example.xml'), {}, logger)
    expect(batches.map((b) => [b.entity, b.variant, b.records.map((r) => r.id)])).toEqual([['customer', 'ubl-despatch-advice', ['GT00978567']]])
    expect(logger.lines.join('\n')).toContain('despatch lines not ingested: shipments are not modelled by the hub yet')
  })

  it('still refuses a truncated one', async () => {
    const bytes = oasis('UBL-DespatchAdvice-2.0-Example.xml')
    expect((await invalidUbl(bytes.subarray(0, bytes.length - 30))).message).toMatch(/truncated/)
  })
})

describe('ubl: cXML OrderRequest', () => {
  it('yields the buyer and the order as variant cxml-order-request', async () => {
    const batches = await parseUbl(real('cxml-php', 'OrderRequest.xml'))
    expect(batches.map((b) => [b.entity, b.variant, b.records.map((r) => r.id)])).toEqual([
      ['customer', 'cxml-order-request', ['inbound@prominate-platform.com']],
      ['sales-order', 'cxml-order-request', ['DO1234']],
    ])
  })

  it('keeps attributes as @name inside elements with children, and beside text elements', async () => {
    const order = only(recordsOf(await parseUbl(real('cxml-php', 'OrderRequest.xml')), 'sales-order'))
    expect(order).toMatchObject({ '@payloadID': '1625586002.193314.7293@dev', '@timestamp': '2000-10-12T18:39:09-08:00', customerId: 'inbound@prominate-platform.com' })
    expect(getPath(order, 'Request.@deploymentMode')).toBe('test')
    expect(getPath(order, 'Request.OrderRequest.OrderRequestHeader')).toMatchObject({ '@orderID': 'DO1234', '@orderDate': '2000-10-12T18:41:29-08:00', '@type': 'new', Total: { Money: '85.00', 'Money@currency': 'EUR' } })
    const items = getPath(order, 'Request.OrderRequest.ItemOut') as JsonObject[]
    expect(items.map((i) => [i['@lineNumber'], i['@quantity'], getPath(i, 'ItemID.SupplierPartID'), getPath(i, 'ItemDetail.UnitPrice.Money'), getPath(i, 'ItemDetail.UnitPrice.Money@currency'), getPath(i, 'ItemDetail.Description'), getPath(i, 'ItemDetail.Description@lang')])).toEqual([
      ['1', '10', '1233244', '2.10', 'EUR', 'hello from item 1', 'en'],
      ['2', '20', '1233245', '3.20', 'EUR', 'hello from item 2', 'en'],
    ])
  })

  it('makes the customer record the request cut down to From and BillTo', async () => {
    const customer = only(recordsOf(await parseUbl(real('cxml-php', 'OrderRequest.xml')), 'customer'))
    expect(getPath(customer, 'Header.From.Credential')).toEqual([{ '@domain': 'NetworkId', Identity: 'inbound@prominate-platform.com' }])
    expect(getPath(customer, 'Request.OrderRequest.OrderRequestHeader.BillTo.Address')).toMatchObject({ Name: 'Zinc GmbH', PostalAddress: { Street: ['An den Eichen 18'], City: 'Solingen', Country: 'Deutschland', 'Country@isoCountryCode': 'DE' } })
  })

  it('reads a ShipNoticeRequest but yields nothing, and says why', async () => {
    const logger = recordingLogger()
    expect(await parseUbl(real('cxml-php', 'ShipNoticeRequest.xml'), {}, logger)).toEqual([])
    expect(logger.lines[0]).toContain('cXML ShipNoticeRequest is not modelled by the hub yet')
  })
})

describe('ubl: Order-X (UN/CEFACT cross-industry order)', () => {
  it('yields the buyer and the order, with format-102 dates as ISO and the lines as a list', async () => {
    const batches = await parseUbl(real('horstoeko-orderx', 'reader-order-x-comfort.xml'))
    expect(batches.map((b) => [b.entity, b.variant, b.records.map((r) => r.id)])).toEqual([
      ['customer', 'orderx-order', ['BY_ID_9587456']],
      ['sales-order', 'orderx-order', ['PO123456789']],
    ])
    const order = batches[1].records[0]
    expect(getPath(order, 'ExchangedDocument.IssueDateTime')).toEqual({ DateTimeString: '2022-12-25', 'DateTimeString@format': '102' })
    const lines = getPath(order, 'SupplyChainTradeTransaction.IncludedSupplyChainTradeLineItem') as JsonObject[]
    expect(lines.map((l) => [getPath(l, 'AssociatedDocumentLineDocument.LineID'), getPath(l, 'SpecifiedTradeProduct.SellerAssignedID'), getPath(l, 'SpecifiedLineTradeDelivery.RequestedQuantity'), getPath(l, 'SpecifiedLineTradeDelivery.RequestedQuantity@unitCode')])).toEqual([
      ['1', '987654321', '6.00', 'C62'],
      ['2', '598632147', '10.00', 'C62'],
      ['3', '698325417', '6.00', 'C62'],
    ])
    expect(getPath(order, 'SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.OrderCurrencyCode')).toBe('EUR')
  })

  it('treats an Order-X response (TypeCode 231) like a UBL response, keyed by the order it answers', async () => {
    const response = real('horstoeko-orderx', 'reader-order-x-comfort.xml')
      .toString('utf8')
      .replace('<ram:TypeCode>220</ram:TypeCode>', '<ram:TypeCode>231</ram:TypeCode>')
      .replace('<ram:ID>PO123456789</ram:ID>', '<ram:ID>RSP-1</ram:ID>')
    expect(await parseUbl([response])).toEqual([])
    const batches = await parseUbl([response], { orderResponses: 'upsert' })
    expect(batches.map((b) => [b.entity, b.variant, b.records.map((r) => [r.id, r.customerId])])).toEqual([['sales-order', 'orderx-order', [['PO123456789', 'BY_ID_9587456']]]])
  })
})

describe('ubl: what it does not read', () => {
  it.each([
    ['a UBL Invoice', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>', /<Invoice> is not a document the ubl connector reads; it reads UBL Order, /],
    ['an Order in another namespace', '<Order xmlns="urn:example:orders"><ID>1</ID></Order>', /<Order> is in namespace urn:example:orders, not urn:oasis:names:specification:ubl:schema:xsd:Order-2/],
    ['cXML with a namespace', '<cXML xmlns="urn:example"><Header/></cXML>', /not \(none\)/],
    ['an IDoc', '<ORDERS05><IDOC BEGIN="1"/></ORDERS05>', /<ORDERS05> is not a document the ubl connector reads/],
    ['an empty order', '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"></Order>', /the UBL Order <Order> is empty/],
    ['JSON', '{"id": 34}', /not XML/],
  ])('refuses %s as an InvalidDocument', async (_what, text, message) => {
    expect((await invalidUbl([text])).message).toMatch(message)
  })

  it('refuses the real order cut short', async () => {
    const bytes = oasis('UBL-Order-2.1-Example.xml')
    expect((await invalidUbl(bytes.subarray(0, bytes.length / 2))).message).toMatch(/truncated/)
  })

  it('declares customers, sales orders and inventory positions, keyed by id', () => {
    expect(ublConnector.entities(ublConnector.configSchema.parse({}))).toEqual({
      customer: { key: 'id', can: { document: true } },
      'sales-order': { key: 'id', can: { document: true } },
      'inventory-position': { key: 'id', can: { document: true } },
    })
  })
})
