import { Readable } from 'node:stream'
import { InvalidDocument, type JsonObject } from '../../src/connector-sdk'
import { csvConfigSchema } from './csv.config'
import { csvConnector } from './csv.connector'
import { PREFIX_CHARS } from './csv-document.parse'
import { chunksOf, parseBatches, parseRecords, plainConfig, testContext, type LogEntry } from './csv.test-kit'

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected the document to be refused')
}

describe('csv documents', () => {
  describe('batches', () => {
    it('yields records in batches of batchSize, in file order, all of the layout’s entity', async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => `C-${i},n${i}`)
      const batches = await parseBatches(plainConfig(), `a,b\n${rows.join('\n')}\n`)
      expect(batches.map((b) => [b.entity, b.records.length])).toEqual([
        ['customer', 1000],
        ['customer', 1000],
        ['customer', 500],
      ])
      expect(batches.flatMap((b) => b.records).map((r) => r.a)).toEqual(rows.map((r) => r.split(',')[0]))
    })

    it('puts the layout’s variant on every batch, so the hub maps with csv/<variant>-<entity>', async () => {
      const batches = await parseBatches(plainConfig({ variant: 'sap-de', batchSize: 1 }), 'a\n1\n2\n')
      expect(batches).toEqual([
        { entity: 'customer', variant: 'sap-de', records: [{ a: '1' }] },
        { entity: 'customer', variant: 'sap-de', records: [{ a: '2' }] },
      ])
    })

    it('yields no batch for a document with a header and no rows', async () => {
      expect(await parseBatches(plainConfig(), 'a,b\r\n\r\n')).toEqual([])
    })
  })

  describe('headers and fields', () => {
    it('renames headers through columns (trimmed, case-insensitive) and keeps unplanned columns under their own name', async () => {
      const config = plainConfig({ match: { headers: ['KUNDENNUMMER'] }, key: 'customer_number', columns: { kundennummer: 'customer_number', 'Name 1': 'name' } })
      expect(await parseRecords(config, ' Kundennummer ; NAME 1 ;Branche\n100;Acme;Maschinenbau\n')).toEqual([{ customer_number: '100', name: 'Acme', Branche: 'Maschinenbau' }])
    })

    it('names a column without a header _column<n> and keeps it only where it holds a value', async () => {
      expect(await parseRecords(plainConfig(), 'a;b;\n1;2;\n3;4;x\n')).toEqual([{ a: '1', b: '2' }, { a: '3', b: '4', _column3: 'x' }])
    })

    it.each([
      [',', 'a,b;c,d\n1,2;3,4\n', { a: '1', 'b;c': '2;3', d: '4' }],
      [';', 'a;b,c;d\n1;2,3;4\n', { a: '1', 'b,c': '2,3', d: '4' }],
      ['the first listed on a tie (`,` before `;`)', 'a,b;c\n1,2;3\n', { a: '1', 'b;c': '2;3' }],
      ['tab', 'a\tb\n1\t2\n', { a: '1', b: '2' }],
      ['|', 'a|b\n1|2\n', { a: '1', b: '2' }],
      ['the most frequent outside quotes', 'a;"b,c,d";e\n1;2;3\n', { a: '1', 'b,c,d': '2', e: '3' }],
    ])('detects the delimiter %s from the header line', async (_name, text, record) => {
      expect(await parseRecords(plainConfig(), text)).toEqual([record])
    })

    it('uses a configured delimiter and quote instead of guessing', async () => {
      expect(await parseRecords(plainConfig({ delimiter: ',', quote: "'" }), "a,b;c\n'1,5',x;y\n")).toEqual([{ a: '1,5', 'b;c': 'x;y' }])
    })

    it('refuses a header line where two columns become one field', async () => {
      const err = await failure(parseRecords(plainConfig({ columns: { Nr: 'a' } }), 'a,Nr\n1,2\n'))
      expect(err).toBeInstanceOf(InvalidDocument)
      expect(err.message).toMatch(/columns 1 and 2 both become field "a"/)
    })

    it('refuses a header line without the key column, naming the field', async () => {
      const err = await failure(parseRecords(plainConfig({ key: 'customer_number' }), 'a,b\n1,2\n'))
      expect(err).toBeInstanceOf(InvalidDocument)
      expect(err.message).toMatch(/no column becomes field "customer_number" \(the key\)/)
    })

    it('refuses a column named like the field the grouped lines go to', async () => {
      const config = plainConfig({ group: { by: 'a', lines: ['b'] } })
      expect((await failure(parseRecords(config, 'a,b,lines\n1,2,3\n'))).message).toMatch(/column 3 is already field "lines", where the grouped lines go/)
    })

    it('refuses headers that would become the connector’s own fields or the object prototype', async () => {
      expect((await failure(parseRecords(plainConfig(), 'a,_error\n1,2\n'))).message).toMatch(/field "_error", a name the connector keeps/)
      expect((await failure(parseRecords(plainConfig(), 'a,__proto__\n1,2\n'))).message).toMatch(/field "__proto__"/)
    })
  })

  describe('values', () => {
    it('trims values by default and keeps them as written with trim: false', async () => {
      expect(await parseRecords(plainConfig(), 'a,b\n 1 ,"  x  "\n')).toEqual([{ a: '1', b: 'x' }])
      expect(await parseRecords(plainConfig({ trim: false }), 'a,b\n 1 ,"  x  "\n')).toEqual([{ a: ' 1 ', b: '  x  ' }])
    })

    it('normalises only the configured number and date columns', async () => {
      const config = plainConfig({ numbers: { columns: ['b'] }, dates: { columns: ['c'], order: 'dmy' } })
      expect(await parseRecords(config, 'a;b;c;d\n1.234,5;1.234,5;01.02.2024;01.02.2024\n')).toEqual([{ a: '1.234,5', b: '1234.5', c: '2024-02-01', d: '01.02.2024' }])
    })

    it('joins a composite key, and leaves it out when a part is empty (the mapping then quarantines the record)', async () => {
      const config = plainConfig({ match: { headers: ['sku'] }, key: { fields: ['sku', 'warehouse'], into: 'position_id', separator: '/' } })
      expect(await parseRecords(config, 'sku;warehouse\nM-1;W1\nM-2;\n')).toEqual([
        { sku: 'M-1', warehouse: 'W1', position_id: 'M-1/W1' },
        { sku: 'M-2', warehouse: '' },
      ])
    })
  })

  describe('rows that do not fit', () => {
    it('yields a row with too many or too few fields as a record with _error, _line and its raw fields, in place', async () => {
      const logs: LogEntry[] = []
      const records = await parseRecords(plainConfig(), 'a,b\n1,2\n3,4,5\n6\n7,8\n', { logs })
      expect(records).toEqual([
        { a: '1', b: '2' },
        { _error: 'line 3 has 3 fields where the header has 2', _line: 3, _fields: ['3', '4', '5'] },
        { _error: 'line 4 has 1 fields where the header has 2', _line: 4, _fields: ['6'] },
        { a: '7', b: '8' },
      ])
      expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ malformed: 2, lines: [3, 4] }) }))
    })

    it('accepts extra trailing delimiters with nothing after them', async () => {
      expect(await parseRecords(plainConfig(), 'a,b\n1,2,,\n')).toEqual([{ a: '1', b: '2' }])
    })

    it('yields a row with broken quoting as a record with _error', async () => {
      expect(await parseRecords(plainConfig(), 'a,b\n"1"x,2\n3,4\n')).toEqual([{ _error: 'line 2: text after the closing quote of a field', _line: 2, _fields: ['1x', '2'] }, { a: '3', b: '4' }])
    })

    it('skips blank lines (and rows of empty fields) by default', async () => {
      expect(await parseRecords(plainConfig(), '\n\na,b\n\n1,2\n,\n  ,  \n3,4\n')).toEqual([
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ])
    })

    it('with skipEmptyLines: false, keeps a row of empty fields and reports an empty line that has too few fields', async () => {
      expect(await parseRecords(plainConfig({ skipEmptyLines: false }), 'a,b\n,\n\n')).toEqual([
        { a: '', b: '' },
        { _error: 'line 3 has 1 fields where the header has 2', _line: 3, _fields: [''] },
      ])
    })
  })

  describe('documents that are not CSV of a configured layout', () => {
    it('refuses a document no layout fits, saying why for each', async () => {
      const config = { layouts: [...plainConfig().layouts, { name: 'stock', entity: 'inventory-position' as const, match: { filename: 'stock_*.csv' }, key: 'sku' }] }
      const err = await failure(parseRecords(config, 'x,y\n1,2\n', { filename: 'orders.csv' }))
      expect(err).toBeInstanceOf(InvalidDocument)
      expect(err.message).toBe('no configured layout fits this document: layouts.0 (customer): the header line (line 1) lacks "a"; stock: file name "orders.csv" does not match "stock_*.csv"')
    })

    it('takes the first layout that fits, in config order', async () => {
      const config = { layouts: [plainConfig({ name: 'first' }).layouts[0], { ...plainConfig().layouts[0], name: 'second', entity: 'product' as const }] }
      expect((await parseBatches(config, 'a\n1\n')).map((b) => b.entity)).toEqual(['customer'])
    })

    it('refuses an empty document', async () => {
      expect((await failure(parseRecords(plainConfig(), ''))).message).toMatch(/has no header line \(it is empty\)/)
    })

    it('refuses an Excel workbook, saying so', async () => {
      const xlsx = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000', 'latin1'), Buffer.from('[Content_Types].xml')])
      const err = await failure(parseRecords(plainConfig(), xlsx))
      expect(err).toBeInstanceOf(InvalidDocument)
      expect(err.message).toMatch(/an Excel \.xlsx workbook\?\): save it as CSV/)
    })

    it('refuses UTF-16 without a byte-order mark as binary, pointing at the encoding setting', async () => {
      expect((await failure(parseRecords(plainConfig(), Buffer.from('a,b\r\n1,2\r\n', 'utf16le')))).message).toMatch(/UTF-16 text without a byte-order mark \(then set `encoding`\)/)
    })
  })

  describe('streaming', () => {
    it('reads a quoted multi-line field that crosses the end of the text the layout was recognised on', async () => {
      const filler = Array.from({ length: Math.ceil(PREFIX_CHARS / 20) }, (_, i) => `F-${String(i).padStart(6, '0')},filler`).join('\n')
      const text = `a,b\n${filler.slice(0, PREFIX_CHARS - 10)}`.replace(/[^\n]*$/, '') + 'X-1,"spans\nthe, boundary"\nX-2,after\n'
      const records = await parseRecords(plainConfig(), text, { chunks: chunksOf(Buffer.from(text), 4096) })
      expect(records.slice(-2)).toEqual([
        { a: 'X-1', b: 'spans\nthe, boundary' },
        { a: 'X-2', b: 'after' },
      ])
      expect(await parseRecords(plainConfig(), text)).toEqual(records)
    })

    it('reads a stream that delivers strings instead of bytes', async () => {
      const body = Readable.from(['a,b\n1,', 'ü\n'], { objectMode: true })
      const batches = []
      for await (const batch of csvConnector.parseDocument!(csvConfigSchema.parse(plainConfig()), { body }, testContext(), new AbortController().signal)) batches.push(batch)
      expect(batches.flatMap((b) => b.records)).toEqual([{ a: '1', b: 'ü' }])
    })

    it('stops with the signal’s reason when aborted between batches', async () => {
      const controller = new AbortController()
      const text = `a\n${Array.from({ length: 5000 }, (_, i) => i).join('\n')}\n`
      const seen: JsonObject[][] = []
      const run = (async () => {
        const body = Readable.from(chunksOf(Buffer.from(text), 1024))
        for await (const batch of csvConnector.parseDocument!(csvConfigSchema.parse(plainConfig({ batchSize: 100 })), { body }, testContext(), controller.signal)) {
          seen.push(batch.records)
          controller.abort(new Error('run cancelled'))
        }
      })()
      await expect(run).rejects.toThrow('run cancelled')
      expect(seen.length).toBeLessThan(50)
    })

    it('does not start reading when the signal is already aborted', async () => {
      const controller = new AbortController()
      controller.abort(new Error('too late'))
      await expect(parseRecords(plainConfig(), 'a\n1\n', { signal: controller.signal })).rejects.toThrow('too late')
    })
  })
})
