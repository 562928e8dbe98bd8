import { InvalidDocument, type DocumentBatch, type DocumentInput, type JsonObject, type Logger } from '../../src/connector-sdk'
import type { CsvConfig } from './csv.config'
import { createRecordBuilder } from './csv-record.build'
import { CsvRowTokenizer, type CsvRow } from './csv-row.tokenize'
import { resolveFieldNames } from './header-fields.resolve'
import { isBlankRow, recogniseLayout } from './layout.recognise'
import { OrderLineGrouper } from './order-lines.group'
import { createTextStreamDecoder } from './text-stream.decode'

/** Bytes decoded at a time: a whole-file chunk must not become a whole-file string. */
const SLICE_BYTES = 64 * 1024
/** Text read before the layout is chosen: the header line must be complete within it. */
export const PREFIX_CHARS = 64 * 1024
const LOGGED_LINES = 20

/**
 * Streams one CSV document into batches of records in bounded memory: at most one slice of text,
 * one row, one open order and one batch are held at a time. Which layout applies is decided on the
 * first PREFIX_CHARS characters; the rest is never buffered.
 */
export async function* parseCsvDocument(config: CsvConfig, doc: DocumentInput, logger: Logger, signal: AbortSignal): AsyncGenerator<DocumentBatch> {
  signal.throwIfAborted()
  const decoder = createTextStreamDecoder(config.encoding)
  let prefix = ''
  let reader: DocumentReader | undefined
  for await (const chunk of doc.body) {
    signal.throwIfAborted()
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array)
    for (let at = 0; at < bytes.byteLength; at += SLICE_BYTES) {
      const text = decoder.write(bytes.subarray(at, at + SLICE_BYTES))
      if (reader !== undefined) {
        yield* checked(reader.push(text), signal)
        continue
      }
      prefix += text
      if (prefix.length >= PREFIX_CHARS) {
        reader = openReader(config, prefix, false, doc.filename, logger)
        yield* checked(reader.push(prefix), signal)
        prefix = ''
      }
    }
  }
  const rest = decoder.end()
  if (reader === undefined) {
    reader = openReader(config, prefix + rest, true, doc.filename, logger)
    yield* checked(reader.push(prefix + rest), signal)
  } else yield* checked(reader.push(rest), signal)
  yield* checked(reader.finish(decoder.encoding), signal)
}

/** The hub may cancel while it stores a batch: look at the signal before handing over the next. */
function* checked(batches: DocumentBatch[], signal: AbortSignal): Generator<DocumentBatch> {
  for (const batch of batches) {
    signal.throwIfAborted()
    yield batch
  }
}

interface DocumentReader {
  push(text: string): DocumentBatch[]
  finish(encoding: string | undefined): DocumentBatch[]
}

function openReader(config: CsvConfig, prefix: string, atEnd: boolean, filename: string | undefined, logger: Logger): DocumentReader {
  refuseBinary(prefix)
  const recognised = recogniseLayout(config, prefix, atEnd, filename)
  const { layout, delimiter } = recognised
  const fields = resolveFieldNames(layout, recognised.header, recognised.name)
  const build = createRecordBuilder(layout, fields)
  const grouper = layout.group ? new OrderLineGrouper(layout.group) : undefined
  const tokenizer = new CsvRowTokenizer({ delimiter, quote: layout.quote, maxRowChars: layout.maxRowChars })
  const log = logger.child({ layout: recognised.name, entity: layout.entity })
  log.debug({ delimiter, fields: fields.length, filename }, 'layout recognised')

  const rows: CsvRow[] = []
  let records: JsonObject[] = []
  let headerPassed = false
  let rowCount = 0
  let recordCount = 0
  let malformed = 0
  const malformedLines: number[] = []

  const batchOf = (list: JsonObject[]): DocumentBatch => (layout.variant ? { entity: layout.entity, variant: layout.variant, records: list } : { entity: layout.entity, records: list })
  const takeBatches = (final: boolean): DocumentBatch[] => {
    const out: DocumentBatch[] = []
    while (records.length >= layout.batchSize) out.push(batchOf(records.splice(0, layout.batchSize)))
    if (final && records.length > 0) out.push(batchOf(records))
    if (final) records = []
    recordCount += out.reduce((n, b) => n + b.records.length, 0)
    return out
  }
  const take = (row: CsvRow) => {
    // Rows before the header are blank (recognition read the same rows), and the header is not data.
    if (!headerPassed) {
      headerPassed = !isBlankRow(row)
      return
    }
    rowCount++
    const record = build(row)
    if (record === undefined) return
    if (Object.hasOwn(record, '_error')) {
      malformed++
      if (malformedLines.length < LOGGED_LINES) malformedLines.push(row.line)
    }
    if (grouper) grouper.add(record, row.line, records)
    else records.push(record)
  }

  return {
    push(text) {
      tokenizer.push(text, rows)
      for (const row of rows) take(row)
      rows.length = 0
      return takeBatches(false)
    },
    finish(encoding) {
      tokenizer.end(rows)
      for (const row of rows) take(row)
      rows.length = 0
      grouper?.finish(records)
      const batches = takeBatches(true)
      const summary = { rows: rowCount, records: recordCount, encoding: encoding ?? 'ascii', delimiter }
      if (malformed > 0) log.warn({ ...summary, malformed, lines: malformedLines }, 'rows that do not fit the header were yielded with _error (they land in quarantine)')
      else log.info(summary, 'document read')
      return batches
    },
  }
}

/** Text files hold no NUL characters; the usual culprits get a message that says what to do. */
function refuseBinary(prefix: string): void {
  if (!prefix.includes('\u0000')) return
  const what = prefix.startsWith('PK\u0003\u0004')
    ? 'a ZIP archive (an Excel .xlsx workbook?): save it as CSV'
    : prefix.startsWith('\u00d0\u00cf\u0011\u00e0')
      ? 'an OLE compound file (an Excel .xls workbook?): save it as CSV'
      : 'binary data, or UTF-16 text without a byte-order mark (then set `encoding`)'
  throw new InvalidDocument(`the document is not CSV text: it looks like ${what}`)
}
