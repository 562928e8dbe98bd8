import { getPath, InvalidDocument, type JsonObject } from '../../src/connector-sdk'
import { generatedOrderIdoc } from './idoc.conformance'
import { idocConnector } from './idoc.connector'
import { parseIdoc, realOrdrsp, recordingLogger, recordsOf, sample } from './idoc.test-kit'

const one = (records: JsonObject[]): JsonObject => {
  expect(records).toHaveLength(1)
  return records[0]
}

async function invalid(body: Buffer | string[]): Promise<InvalidDocument> {
  try {
    await parseIdoc(body)
  } catch (err) {
    if (err instanceof InvalidDocument) return err
    throw err
  }
  throw new Error('expected an InvalidDocument')
}

describe('idoc: the real ORDERS05 / ORDRSP IDoc from SAP (CRLF, tabs, CENTRAL BIKES)', () => {
  it('yields the sold-to customer, then the sales order, both as variant orders05', async () => {
    const batches = await parseIdoc(realOrdrsp())
    expect(batches.map((b) => [b.entity, b.variant, b.records.length])).toEqual([
      ['customer', 'orders05', 1],
      ['sales-order', 'orders05', 1],
    ])
  })

  it('keeps the control record, with SAP dates and times as ISO and an instant joining them', async () => {
    const order = one(recordsOf(await parseIdoc(realOrdrsp()), 'sales-order'))
    expect(order.EDI_DC40).toMatchObject({ DOCNUM: '5220230', IDOCTYP: 'ORDERS05', MESTYP: 'ORDRSP', SNDPRN: 'HE4CLNT400', CREDAT: '2023-10-04', CRETIM: '18:00:11', CREDAT_CRETIM: '2023-10-04T18:00:11', SERIAL: '20231004180011' })
  })

  it('keeps the order number as zero-padded text and uses it as the record id', async () => {
    const order = one(recordsOf(await parseIdoc(realOrdrsp()), 'sales-order'))
    expect(order.id).toBe('0000347163')
    expect(order.E1EDK01).toMatchObject({ BELNR: '0000347163', CURCY: 'USD', WKURS: '1.00000', RECIPNT_NO: '0001000654' })
    expect(getPath(order, idocConnector.entities({} as never)['sales-order'].key)).toBe('0000347163')
  })

  it('keys qualifier-coded header segments by their qualifier', async () => {
    const order = one(recordsOf(await parseIdoc(realOrdrsp()), 'sales-order'))
    expect(Object.keys(order.E1EDK14 as JsonObject)).toEqual(['006', '007', '008', '012'])
    expect(getPath(order, 'E1EDK14.012.ORGID')).toBe('TA')
    expect(getPath(order, 'E1EDK14.008.ORGID')).toBe('1710')
    expect(order.E1EDK03).toEqual({
      '002': { IDDAT: '002', DATUM: '2023-10-07' },
      '012': { IDDAT: '012', DATUM: '2023-10-04' },
      '025': { IDDAT: '025', DATUM: '2023-10-04', UZEIT: '18:00:09', DATUM_UZEIT: '2023-10-04T18:00:09' },
      '023': { IDDAT: '023', DATUM: '2023-10-04' },
    })
    expect(Object.keys(order.E1EDKA1 as JsonObject)).toEqual(['AG', 'RE', 'RG', 'WE'])
    expect(getPath(order, 'E1EDS01.002')).toEqual({ SUMID: '002', SUMME: '158672.00', SUNIT: 'USD' })
  })

  it('reads dates by field name, never by look: a PO number that looks like a date stays a number, 00000000 is no date', async () => {
    const order = one(recordsOf(await parseIdoc(realOrdrsp()), 'sales-order'))
    expect(getPath(order, 'E1EDK02.001')).toEqual({ QUALF: '001', BELNR: '20231004', DATUM: '' })
    expect(getPath(order, 'E1EDK02.002')).toEqual({ QUALF: '002', BELNR: '0000347163', DATUM: '2023-10-04' })
  })

  it('yields the four items as a list, each with its material, quantity and price as SAP sent them', async () => {
    const order = one(recordsOf(await parseIdoc(realOrdrsp()), 'sales-order'))
    const items = order.E1EDP01 as JsonObject[]
    expect(items.map((i) => [i.POSEX, getPath(i, 'E1EDP19.002.IDTNR'), i.MENGE, i.MENEE, i.VPREI, i.NETWR])).toEqual([
      ['000010', 'MZ-FG-S100', '8.000', 'PCE', '5250.00', '42000.00'],
      ['000020', 'MZ-FG-S200', '8.000', 'PCE', '4400.00', '35200.00'],
      ['000030', 'MZ-FG-S300', '8.000', 'PCE', '4884.00', '39072.00'],
      ['000040', 'MZ-FG-S400', '8.000', 'PCE', '5300.00', '42400.00'],
    ])
    expect(getPath(items[0], 'E1EDP19.002.KTEXT')).toBe('Standard E-Bike S100 Series')
    expect(getPath(items[0], 'E1EDP03.026.DATUM')).toBe('2023-10-07')
    // Segments that repeat without a qualifier are lists, even with one entry.
    expect(items[0].E1EDP05).toEqual([{ ALCKZ: '+', KOTXT: 'Gross Value', BETRG: '42000.00', KRATE: '5250.00', UPRBS: '1', MEAUN: 'PCE', KOEIN: 'USD' }])
    expect(items[0].E1EDP20).toEqual([{ WMENG: '8.000', EDATU: '2023-10-07' }])
  })

  it('leaves no line ending, tab or SEGMENT marker in the record', async () => {
    const json = JSON.stringify(await parseIdoc(realOrdrsp()))
    expect(json).not.toMatch(/\\r|\\t|SEGMENT|BEGIN/)
  })

  it('makes the customer record the IDoc cut down to its control record and the sold-to party', async () => {
    const customer = one(recordsOf(await parseIdoc(realOrdrsp()), 'customer'))
    expect(Object.keys(customer)).toEqual(['id', 'EDI_DC40', 'E1EDKA1'])
    expect(customer.id).toBe('0001000654')
    expect(customer.E1EDKA1).toEqual({
      AG: { PARVW: 'AG', PARTN: '0001000654', NAME1: 'CENTRAL BIKES', STRAS: '201 1st St', ORT01: 'Palestine', PSTLZ: '758033901', LAND1: 'US', SPRAS: 'E', ANRED: 'Company', HAUSN: '000000', REGIO: 'TX', SPRAS_ISO: 'en' },
    })
  })

  it('logs what it read, and nothing of the content', async () => {
    const logger = recordingLogger()
    await parseIdoc(realOrdrsp(), {}, logger)
    expect(logger.lines).toEqual([JSON.stringify({ idocs: 1, records: 2, msg: 'IDoc file read' })])
  })
})

describe('idoc: master data and production orders (hand-made samples)', () => {
  it('reads DEBMAS customers with their sales areas and company codes as lists', async () => {
    const customers = recordsOf(await parseIdoc(sample('debmas07-customers.xml')), 'customer')
    expect(customers.map((c) => [c.id, getPath(c, 'E1KNA1M.NAME1'), getPath(c, 'E1KNA1M.STCEG')])).toEqual([
      ['0001000654', 'CENTRAL BIKES', undefined],
      ['0001000711', 'Fahrradhaus Müller & Söhne GmbH', 'DE123456789'],
    ])
    expect((getPath(customers[0], 'E1KNA1M.E1KNVVM') as JsonObject[]).map((s) => s.WAERS)).toEqual(['USD'])
    expect((getPath(customers[1], 'E1KNA1M.E1KNVVM') as JsonObject[]).map((s) => s.VTWEG)).toEqual(['10', '20'])
    expect(getPath(customers[0], 'E1KNA1M.E1KNB1M')).toEqual([{ MSGFN: '005', BUKRS: '1710', AKONT: '0012100000', ZTERM: '0004' }])
  })

  it('reads a MATMAS material with descriptions keyed by language and units keyed by unit', async () => {
    const [product] = recordsOf(await parseIdoc(sample('matmas05-material.xml')), 'product')
    expect(product.id).toBe('MZ-FG-S100')
    expect(getPath(product, 'E1MARAM.E1MAKTM.EN.MAKTX')).toBe('Standard E-Bike S100 Series')
    expect(getPath(product, 'E1MARAM.E1MAKTM.DE.MAKTX')).toBe('Standard-E-Bike Serie S100')
    expect(getPath(product, 'E1MARAM.E1MARMM.PAL.UMREZ')).toBe('12')
    expect(getPath(product, 'E1MARAM')).toMatchObject({ ERSDA: '2023-01-12', LAEDA: '2023-10-02', MEINS: 'PCE', MATKL: 'ZSTANDARD' })
  })

  it('reads LOIPRO orders with statuses keyed by code, an inactive one under its own key', async () => {
    const orders = recordsOf(await parseIdoc(sample('loipro01-orders.xml')), 'production-order')
    expect(orders.map((o) => [o.id, Object.keys(getPath(o, 'E1AFKOL.E1JSTKL') as JsonObject)])).toEqual([
      ['000001000123', ['I0002', 'I0340']],
      ['000001000124', ['I0002', 'I0045', 'I0076_INACTIVE']],
    ])
    expect(getPath(orders[0], 'E1AFKOL')).toMatchObject({ GAMNG: '25.000', GSTRS_GSUZS: '2024-03-15T08:00:00', GLTRS_GLUZS: '2024-03-17T16:00:00', GSTRP: '2024-03-15', FTRMS: '2024-03-14' })
    expect((getPath(orders[0], 'E1AFKOL.E1AFFLL.0.E1AFVOL.0.E1RESBL') as JsonObject[]).map((r) => r.MATNR)).toEqual(['MZ-RM-F100', 'MZ-RM-M500'])
  })

  it('takes the basic type from the root when an IDoc has no control record', async () => {
    const batches = await parseIdoc(['<MATMAS05><IDOC BEGIN="1"><E1MARAM SEGMENT="1"><MATNR>RAW-1</MATNR></E1MARAM></IDOC></MATMAS05>'])
    expect(batches).toEqual([{ entity: 'product', variant: 'matmas', records: [{ id: 'RAW-1', E1MARAM: { MATNR: 'RAW-1' } }] }])
  })
})

describe('idoc: record shape rules', () => {
  const idocWith = (segments: string) =>
    `<ORDERS05><IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><IDOCTYP>ORDERS05</IDOCTYP><MESTYP>ORDERS</MESTYP></EDI_DC40><E1EDK01 SEGMENT="1"><BELNR>4711</BELNR></E1EDK01>${segments}</IDOC></ORDERS05>`

  it('keeps a repeated qualifier under numbered keys and a missing one under "_"', async () => {
    const [order] = recordsOf(
      await parseIdoc([idocWith('<E1EDK03 SEGMENT="1"><IDDAT>012</IDDAT><DATUM>20240101</DATUM></E1EDK03><E1EDK03 SEGMENT="1"><IDDAT>012</IDDAT><DATUM>20240102</DATUM></E1EDK03><E1EDK03 SEGMENT="1"><DATUM>20240103</DATUM></E1EDK03>')]),
      'sales-order',
    )
    expect(order.E1EDK03).toEqual({ '012': { IDDAT: '012', DATUM: '2024-01-01' }, '012_2': { IDDAT: '012', DATUM: '2024-01-02' }, _: { DATUM: '2024-01-03' } })
  })

  it('leaves a date SAP got wrong as it is, for mapping to quarantine with its path', async () => {
    const [order] = recordsOf(await parseIdoc([idocWith('<E1EDK03 SEGMENT="1"><IDDAT>012</IDDAT><DATUM>20231399</DATUM><UZEIT>256000</UZEIT></E1EDK03>')]), 'sales-order')
    expect(getPath(order, 'E1EDK03.012')).toEqual({ IDDAT: '012', DATUM: '20231399', UZEIT: '256000' })
  })

  it('yields only the order when it names no sold-to party', async () => {
    const batches = await parseIdoc([idocWith('<E1EDKA1 SEGMENT="1"><PARVW>WE</PARVW><PARTN>9</PARTN></E1EDKA1>')])
    expect(batches.map((b) => b.entity)).toEqual(['sales-order'])
  })
})

describe('idoc: files of many IDocs', () => {
  const file = (count: number) => ['<?xml version="1.0"?>\r\n<ORDERS05>\r\n', ...Array.from({ length: count }, (_, n) => generatedOrderIdoc(n, 2)), '</ORDERS05>']

  it('hands records on in batches of batchSize, customers before their orders', async () => {
    const batches = await parseIdoc(file(5), { batchSize: 2 })
    expect(batches.map((b) => [b.entity, b.records.map((r) => r.id)])).toEqual([
      ['customer', ['0001000000', '0001000001']],
      ['sales-order', ['0000000000', '0000000001']],
      ['customer', ['0001000002', '0001000003']],
      ['sales-order', ['0000000002', '0000000003']],
      ['customer', ['0001000004']],
      ['sales-order', ['0000000004']],
    ])
  })

  it('stops at an IDoc of a type it does not read, naming it, instead of skipping it silently', async () => {
    const delvry = '<IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><DOCNUM>0000000000000099</DOCNUM><IDOCTYP>DELVRY03</IDOCTYP><MESTYP>DESADV</MESTYP></EDI_DC40></IDOC>'
    const err = await invalid(['<ORDERS05>', generatedOrderIdoc(1, 1), delvry, '</ORDERS05>'])
    expect(err.message).toMatch(/IDoc 0000000000000099 is a DELVRY03 \(message DESADV\), which the idoc connector does not read/)
  })
})

describe('idoc: what is not an IDoc file', () => {
  it('refuses a UBL order', async () => {
    expect((await invalid(['<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><cbc:ID>1</cbc:ID></Order>'])).message).toMatch(/<Order> holds <ID>/)
  })

  it('refuses a root without IDocs', async () => {
    expect((await invalid(['<ORDERS05></ORDERS05>'])).message).toMatch(/holds no <IDOC>/)
  })

  it('refuses the real IDoc cut short', async () => {
    const bytes = realOrdrsp()
    expect((await invalid(bytes.subarray(0, bytes.length - 40))).message).toMatch(/truncated/)
  })
})
