import { Readable } from 'node:stream'
import type { DocumentTarget } from '../../test/conformance/conformance.types'
import type { CsvConfigInput } from './csv.config'
import { csvConnector } from './csv.connector'
import { fixture, orderLinesLayout, sapCustomersLayout, stockLayout } from './csv.test-kit'

/**
 * The csv connector in the conformance suite: the hand-made sample exports (fixtures/README.md), an
 * Excel workbook uploaded where a CSV was expected, and a stock list of a few hundred MB generated
 * row by row while it is read.
 */
const config: CsvConfigInput = { layouts: [sapCustomersLayout, orderLinesLayout, stockLayout] }

/** The first bytes of an .xlsx file (a ZIP archive): what people upload when they forget to export CSV. */
const xlsxUpload = Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000\u0008\u0000\u0000\u0000!\u0000', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(64, 0xa5)])

const LARGE_ROWS = 6_000_000
const ROWS_PER_CHUNK = 1000

/**
 * The large stock list's rows: `sku;warehouse;on_hand;reserved;note` with a decimal comma and a
 * quoted `;`. Every number has a fixed width, so the document's size is known without generating it
 * twice, and each chunk is the template repeated with the digits written in place: the generator
 * itself allocates almost nothing, so the heap the suite measures is the parser's.
 */
const template = Buffer.from('MAT-#########;WH-###;####,##;#;"bin ###; shelf ##"\r\n', 'latin1')
const digitRuns = [...template.toString('latin1').matchAll(/#+/g)].map((m) => ({ at: m.index, width: m[0].length }))

function writeRow(chunk: Buffer, offset: number, i: number): void {
  const values = [i, i % 97, (i % 1000) + 1, i % 100, i % 7, i % 500, i % 40]
  for (let k = 0; k < digitRuns.length; k++) {
    const { at, width } = digitRuns[k]
    let n = values[k]
    for (let d = offset + at + width - 1; d >= offset + at; d--) {
      chunk[d] = 0x30 + (n % 10)
      n = (n - (n % 10)) / 10
    }
  }
}

/** 312 MB, made chunk by chunk while it is read: never whole in memory. */
function largeStockList(): { body: NodeJS.ReadableStream; records: number; bytes: number } {
  const header = Buffer.from('sku;warehouse;on_hand;reserved;note\r\n')
  function* chunks(): Generator<Buffer> {
    yield header
    for (let first = 0; first < LARGE_ROWS; first += ROWS_PER_CHUNK) {
      const rows = Math.min(ROWS_PER_CHUNK, LARGE_ROWS - first)
      const chunk = Buffer.alloc(rows * template.length, template)
      for (let r = 0; r < rows; r++) writeRow(chunk, r * template.length, first + r)
      yield chunk
    }
  }
  return { body: Readable.from(chunks(), { objectMode: false }), records: LARGE_ROWS, bytes: header.length + LARGE_ROWS * template.length }
}

export const csvConformance: DocumentTarget<CsvConfigInput> = {
  kind: 'csv',
  connector: csvConnector as never,
  config,
  documents: [
    { name: 'SAP-style German customer export (Windows-1252)', bytes: fixture('sap-customers-de.csv'), contentType: 'text/csv', expect: { customer: 6 } },
    { name: 'order-lines export grouped into orders (UTF-8 with BOM)', bytes: fixture('order-lines.csv'), contentType: 'text/csv; charset=utf-8', expect: { 'sales-order': 3 } },
    { name: 'stock list', bytes: fixture('stock.csv'), expect: { 'inventory-position': 6 } },
  ],
  malformed: xlsxUpload,
  large: largeStockList,
}
