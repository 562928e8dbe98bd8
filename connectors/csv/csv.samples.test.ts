import { chunksOf, fixture, parseBatches, parseRecords, sampleConfig, type LogEntry } from './csv.test-kit'

/** The hand-made sample exports (fixtures/README.md) read end to end, values asserted. */
describe('csv samples', () => {
  describe('SAP-style German customer export (Windows-1252, `;`, CRLF, decimal commas)', () => {
    const bytes = fixture('sap-customers-de.csv')

    it('is recognised by its German headers and yields one customer batch with six customers', async () => {
      const batches = await parseBatches(sampleConfig, bytes)
      expect(batches.map((b) => [b.entity, b.variant, b.records.length])).toEqual([['customer', undefined, 6]])
    })

    it('decodes Windows-1252 (umlauts, ß, €, „“, –) and renames the headers to stable field names', async () => {
      const [first, , , , , sixth] = await parseRecords(sampleConfig, bytes)
      expect(first).toEqual({
        customer_number: '0000100001',
        name: 'Müller Maschinenbau GmbH',
        name_2: '',
        street: 'Hauptstraße 12',
        postal_code: '80331',
        city: 'München',
        country: 'DE',
        vat_id: 'DE129273398',
        phone: '+49 89 4711-0',
        email: 'einkauf@mueller-maschinenbau.example',
        currency: 'EUR',
        credit_limit: '250000.00',
        revenue_last_year: '1234567.89',
        updated_at: '2024-03-14',
      })
      expect(sixth).toMatchObject({ name: 'Weiß & Groß Elektrotechnik oHG', name_2: '„Lager Nord“', street: 'Am Hafen 3 – Halle B', currency: 'eur' })
    })

    it('keeps a quoted `;` and a doubled quote inside their fields', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records[1].name_2).toBe('Filiale Süd; Tor 3')
      expect(records[2].name).toBe('Österreichische Präzisionsteile "ÖPT" GmbH')
    })

    it('normalises decimal commas, `.` grouping and the SAP trailing minus, and leaves an unreadable number as it is', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => [r.credit_limit, r.revenue_last_year])).toEqual([
        ['250000.00', '1234567.89'],
        ['15000.00', '98765.4'],
        ['100000.00', '0.00'],
        ['50000.00', '-12500.00'],
        ['n. v.', '45000.00'],
        ['7500.00', '1100.50'],
      ])
    })

    it('turns DD.MM.YYYY into ISO dates and SAP’s empty date 00.00.0000 into an empty value', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => r.updated_at)).toEqual(['2024-03-14', '2024-01-02', '2024-02-29', '2023-11-05', '', '2023-12-31'])
    })

    it('skips the blank line and drops the empty column of the trailing `;`', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => r.customer_number)).toEqual(['0000100001', '0000100002', '0000100003', '0000100004', '0000100005', '0000100006'])
      for (const record of records) expect(Object.keys(record).filter((k) => k.startsWith('_'))).toEqual([])
    })

    it('logs the encoding it settled on', async () => {
      const logs: LogEntry[] = []
      await parseRecords(sampleConfig, bytes, { logs })
      expect(logs).toContainEqual(expect.objectContaining({ level: 'info', obj: expect.objectContaining({ encoding: 'windows-1252', delimiter: ';', rows: 7, records: 6 }) }))
    })
  })

  describe('order-lines export (UTF-8 with BOM, `,`, one row per line)', () => {
    const bytes = fixture('order-lines.csv')

    it('groups consecutive rows of an order into one sales-order record with its lines', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => [r.order_number, (r.lines as unknown[]).length])).toEqual([
        ['SO-1001', 3],
        ['SO-1002', 1],
        ['SO-1003', 2],
      ])
    })

    it('keeps order fields once and line fields per line, with embedded commas, quotes and line breaks', async () => {
      const [first] = await parseRecords(sampleConfig, bytes)
      expect(first).toEqual({
        order_number: 'SO-1001',
        order_date: '2024-05-02',
        customer_number: '0000100001',
        status: 'confirmed',
        currency: 'EUR',
        lines: [
          { line_no: '10', sku: 'MAT-100200', description: 'Hex bolt M12x60, zinc plated', quantity: '250', uom: 'PCE', unit_price: '0.42', amount: '105.00' },
          { line_no: '20', sku: 'MAT-100310', description: 'Washer Ø 13 mm "DIN 125"', quantity: '250', uom: 'PCE', unit_price: '0.05', amount: '12.50' },
          { line_no: '30', sku: 'MAT-900001', description: 'Assembly service,\non site (per hour)', quantity: '6', uom: 'HUR', unit_price: '1250.00', amount: '7500.00' },
        ],
      })
    })

    it('drops the BOM, so the first header is matched and the first field is clean', async () => {
      const [first] = await parseRecords(sampleConfig, bytes)
      expect(Object.keys(first)[0]).toBe('order_number')
    })
  })

  describe('stock export (`sku;warehouse;on_hand;reserved`)', () => {
    const bytes = fixture('stock.csv')

    it('keys each position by sku and warehouse joined, so one SKU in two warehouses stays two records', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => r.position_id)).toEqual(['MAT-100200@WH-HAM', 'MAT-100200@WH-MUC', 'MAT-100310@WH-HAM', 'MAT-200100@WH-MUC', 'MAT-300500@WH-HAM', 'MAT-900001@WH-HAM'])
    })

    it('reads 12.500 as twelve thousand five hundred and 112,25 as a decimal', async () => {
      const records = await parseRecords(sampleConfig, bytes)
      expect(records.map((r) => [r.on_hand, r.reserved])).toEqual([
        ['12500', '1250'],
        ['3000', '0'],
        ['48000.5', '250'],
        ['112.25', ''],
        ['0', '0'],
        ['n/a', '0'],
      ])
    })
  })

  describe('product export (tab-delimited, recognised by file name)', () => {
    it('is read when the file name matches *.tsv', async () => {
      const records = await parseRecords(sampleConfig, fixture('products.tsv'), { filename: 'exports/PIM/products-2024-05.TSV' })
      expect(records).toHaveLength(4)
      expect(records[1]).toEqual({ sku: 'MAT-100310', name: 'Washer Ø 13 mm "DIN 125"', uom: 'PCE', category: 'Fasteners', list_price: '0.06', currency: 'EUR', updated_at: '2024-04-30T08:15:00Z' })
    })

    it('is refused without a matching file name, since its layout asks for one', async () => {
      await expect(parseRecords(sampleConfig, fixture('products.tsv'))).rejects.toThrow(/pim-products: the document has no file name/)
    })
  })

  describe.each(['sap-customers-de.csv', 'order-lines.csv', 'stock.csv'])('%s cut into chunks', (name) => {
    const bytes = fixture(name)

    it('yields the same records whatever the chunk size (1, 2, 3, 5, 7, 64 bytes)', async () => {
      const whole = await parseRecords(sampleConfig, bytes)
      for (const size of [1, 2, 3, 5, 7, 64]) expect(await parseRecords(sampleConfig, bytes, { chunks: chunksOf(bytes, size) })).toEqual(whole)
    })

    it('yields the same records when cut in two at every byte', async () => {
      const whole = await parseRecords(sampleConfig, bytes)
      for (let at = 0; at <= bytes.length; at++) {
        const records = await parseRecords(sampleConfig, bytes, { chunks: [bytes.subarray(0, at), bytes.subarray(at)] })
        if (JSON.stringify(records) !== JSON.stringify(whole)) throw new Error(`cut at byte ${at} changed the records`)
      }
    })
  })
})
