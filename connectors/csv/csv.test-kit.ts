/**
 * Shared by the csv connector's tests: the sample layouts (one per fixture), fixture bytes, a
 * parser that collects batches from chunks cut where a test says, and a recording logger.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createHttpClient, type ConnectorContext, type DocumentBatch, type JsonObject, type Logger } from '../../src/connector-sdk'
import { csvConfigSchema, type CsvConfigInput } from './csv.config'
import { csvConnector } from './csv.connector'

export const sapCustomersLayout = {
  name: 'sap-customers-de',
  entity: 'customer',
  match: { headers: ['Kundennummer', 'Name 1'] },
  columns: {
    Kundennummer: 'customer_number',
    'Name 1': 'name',
    'Name 2': 'name_2',
    Straße: 'street',
    Postleitzahl: 'postal_code',
    Ort: 'city',
    Land: 'country',
    'USt-IdNr.': 'vat_id',
    Telefon: 'phone',
    'E-Mail': 'email',
    Währung: 'currency',
    'Kreditlimit (€)': 'credit_limit',
    'Umsatz Vorjahr': 'revenue_last_year',
    'Geändert am': 'updated_at',
  },
  key: 'customer_number',
  numbers: { columns: ['credit_limit', 'revenue_last_year'] },
  dates: { columns: ['updated_at'], order: 'dmy' },
} satisfies CsvConfigInput['layouts'][number]

export const orderLinesLayout = {
  name: 'shop-order-lines',
  entity: 'sales-order',
  match: { headers: ['Order No', 'Line', 'Item'] },
  columns: {
    'Order No': 'order_number',
    'Order Date': 'order_date',
    'Customer No': 'customer_number',
    Status: 'status',
    Currency: 'currency',
    Line: 'line_no',
    Item: 'sku',
    Description: 'description',
    Qty: 'quantity',
    Unit: 'uom',
    'Unit Price': 'unit_price',
    'Line Amount': 'amount',
  },
  key: 'order_number',
  numbers: { columns: ['quantity', 'unit_price', 'amount'], decimal: '.', grouping: ',' },
  group: { by: 'order_number', lines: ['line_no', 'sku', 'description', 'quantity', 'uom', 'unit_price', 'amount'] },
} satisfies CsvConfigInput['layouts'][number]

export const stockLayout = {
  name: 'stock',
  entity: 'inventory-position',
  match: { headers: ['sku', 'warehouse', 'on_hand'] },
  key: { fields: ['sku', 'warehouse'], into: 'position_id' },
  numbers: { columns: ['on_hand', 'reserved'] },
} satisfies CsvConfigInput['layouts'][number]

export const productsLayout = {
  name: 'pim-products',
  entity: 'product',
  match: { filename: '*.tsv', headers: ['sku', 'list_price'] },
  key: 'sku',
} satisfies CsvConfigInput['layouts'][number]

export const sampleConfig: CsvConfigInput = { layouts: [sapCustomersLayout, orderLinesLayout, stockLayout, productsLayout] }

export function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, 'fixtures', name))
}

export interface LogEntry {
  level: string
  obj: object
  msg?: string
}

export function recordingLogger(entries: LogEntry[]): Logger {
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg })
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger }
  return logger
}

export function testContext(logs: LogEntry[] = []): ConnectorContext {
  return { http: createHttpClient(), logger: recordingLogger(logs), clock: { now: () => new Date('2024-06-01T00:00:00Z') } }
}

/** The bytes cut into pieces of `size` (the last may be shorter). */
export function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size))
  return out
}

export interface ParseOptions {
  filename?: string
  /** The pieces the document arrives in; the whole document in one piece when absent. */
  chunks?: Buffer[]
  logs?: LogEntry[]
  signal?: AbortSignal
}

/** Every batch parseDocument yields for `bytes` under `config`. */
export async function parseBatches(config: CsvConfigInput, bytes: Buffer | string, options: ParseOptions = {}): Promise<DocumentBatch[]> {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8')
  const stream = Readable.from(options.chunks ?? [body])
  const batches: DocumentBatch[] = []
  const parsed = csvConfigSchema.parse(config)
  for await (const batch of csvConnector.parseDocument!(parsed, { body: stream, filename: options.filename }, testContext(options.logs), options.signal ?? new AbortController().signal)) {
    batches.push(batch)
  }
  return batches
}

/** The records of every batch, in order. */
export async function parseRecords(config: CsvConfigInput, bytes: Buffer | string, options: ParseOptions = {}): Promise<JsonObject[]> {
  return (await parseBatches(config, bytes, options)).flatMap((b) => b.records)
}

/** A one-layout config for edge-case documents: a header `a,b,c` keyed by `a`, plus `overrides`. */
export function plainConfig(overrides: Partial<CsvConfigInput['layouts'][number]> = {}): CsvConfigInput {
  return { layouts: [{ entity: 'customer', match: { headers: ['a'] }, key: 'a', ...overrides }] }
}
