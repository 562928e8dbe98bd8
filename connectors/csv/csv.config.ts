import { z } from '../../src/connector-sdk'

/**
 * The `csv` connector is configured as data: one layout per kind of file a connection receives.
 * Every object is strict, so a typo'd key is an issue with its path (`layouts.0.numbers.grouping`)
 * instead of a silently ignored setting.
 */

/** The hub entities a layout can feed (src/canonical); spelled out because connectors import only the SDK. */
export const csvEntities = ['customer', 'product', 'sales-order', 'inventory-position', 'production-order'] as const

/**
 * A record field name the connector writes. It must be addressable by a mapping path (no `.`, `[`,
 * `]`) and start with a letter: names starting with `_` are the connector's own (`_error`, `_line` …).
 */
const fieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a field name such as customer_number (a letter, then letters, digits, _ or -)')
const kebabName = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. sap-de')

export const csvEncodings = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'] as const
export const csvDelimiters = [',', ';', '\t', '|'] as const

const matchSchema = z
  .strictObject({
    /** Glob on the file's base name (`*` any run, `?` one character), case-insensitive, e.g. `KNA1_*.csv`. */
    filename: z.string().min(1).optional(),
    /** Header names (as in the file) that must all be present, compared trimmed and case-insensitively. */
    headers: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .refine((m) => m.filename !== undefined || m.headers !== undefined, 'say how to recognise the file: `filename`, `headers` or both')

const compositeKeySchema = z.strictObject({
  /** Fields whose values together identify a record (stock: sku and warehouse). */
  fields: z.array(fieldName).min(2),
  /** The field the connector writes the joined values into; the entity's key. */
  into: fieldName,
  separator: z.string().min(1).default('@'),
})

const numbersSchema = z
  .strictObject({
    /** Record fields (after `columns`) holding numbers written the local way. */
    columns: z.array(fieldName).min(1),
    decimal: z.enum([',', '.']).default(','),
    /** Thousands separator; `' '` also accepts the no-break spaces French and Swiss exports use. */
    grouping: z.enum(['.', ',', ' ', "'", '']).default('.'),
  })
  .refine((n) => n.decimal !== n.grouping, { message: 'the decimal and grouping separators must differ', path: ['grouping'] })

const datesSchema = z.strictObject({
  /** Record fields (after `columns`) holding dates such as 24.03.2024 or 20240324. */
  columns: z.array(fieldName).min(1),
  /** Day-month-year (`24.03.2024`), month-day-year (`03/24/2024`) or year-month-day (`20240324`, `2024.03.24`). */
  order: z.enum(['dmy', 'mdy', 'ymd']),
})

const groupSchema = z.strictObject({
  /** Consecutive rows with the same value here become one record. */
  by: fieldName,
  /** The fields that belong to each line; every other field belongs to the record. */
  lines: z.array(fieldName).min(1),
  into: fieldName.default('lines'),
  /** For exports without a line number column: each line gets its position (1, 2, …) in this field. */
  number: fieldName.optional(),
  /** A bound on memory: a record with more lines than this stops the document (InvalidDocument). */
  maxLines: z.int().min(1).max(100_000).default(10_000),
})

export const csvLayoutSchema = z
  .strictObject({
    /** For messages and logs; defaults to the entity name. */
    name: z.string().min(1).optional(),
    entity: z.enum(csvEntities, { error: `must be one of ${csvEntities.join(', ')}` }),
    /** Batches carry it, so the hub maps them with `csv/<variant>-<entity>` instead of `csv/<entity>`. */
    variant: kebabName.optional(),
    match: matchSchema,
    /** Source header → record field name. Headers not listed keep their own name. */
    columns: z.record(z.string().trim().min(1), fieldName).default({}),
    delimiter: z.enum(['auto', ...csvDelimiters]).default('auto'),
    quote: z
      .string()
      .length(1)
      .refine((q) => q !== '\r' && q !== '\n', 'must not be a line break')
      .default('"'),
    trim: z.boolean().default(true),
    skipEmptyLines: z.boolean().default(true),
    /** The record field that identifies a record, or several joined into one. */
    key: z.union([fieldName, compositeKeySchema]),
    batchSize: z.int().min(1).max(10_000).default(1000),
    numbers: numbersSchema.optional(),
    dates: datesSchema.optional(),
    group: groupSchema.optional(),
    /** A bound on memory: a row longer than this (usually an unclosed quote) stops the document. */
    maxRowChars: z.int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  })
  .superRefine((layout, ctx) => {
    if (layout.delimiter !== 'auto' && layout.delimiter === layout.quote) ctx.addIssue({ code: 'custom', path: ['quote'], message: 'must differ from the delimiter' })
    const seen = new Map<string, string>()
    for (const header of Object.keys(layout.columns)) {
      const folded = header.trim().toLowerCase()
      if (seen.has(folded)) ctx.addIssue({ code: 'custom', path: ['columns', header], message: `names the same header as "${seen.get(folded)}" (headers are compared case-insensitively)` })
      seen.set(folded, header)
    }
    for (const field of layout.numbers?.columns ?? []) {
      if (layout.dates?.columns.includes(field)) ctx.addIssue({ code: 'custom', path: ['dates', 'columns'], message: `"${field}" is also listed in numbers.columns` })
    }
    const group = layout.group
    if (group) {
      const lines = new Set(group.lines)
      if (lines.has(group.by)) ctx.addIssue({ code: 'custom', path: ['group', 'lines'], message: `must not contain the group field "${group.by}"` })
      if (lines.has(group.into) || group.into === group.by) ctx.addIssue({ code: 'custom', path: ['group', 'into'], message: 'must be a field of its own, not a line field or the group field' })
      if (group.number !== undefined && (lines.has(group.number) || group.number === group.by || group.number === group.into)) {
        ctx.addIssue({ code: 'custom', path: ['group', 'number'], message: 'must be a field of its own, not a line field, the group field or `into`' })
      }
      for (const field of keyFields(layout.key)) {
        if (lines.has(field)) ctx.addIssue({ code: 'custom', path: ['key'], message: `"${field}" is a line field; the key must belong to the grouped record` })
      }
    }
  })

export const csvConfigSchema = z
  .strictObject({
    /** `auto`: a BOM decides; else UTF-8 when the first non-ASCII bytes are valid UTF-8, Windows-1252 when not. */
    encoding: z.enum(csvEncodings).default('auto'),
    layouts: z.array(csvLayoutSchema).min(1, 'configure at least one layout'),
  })
  .superRefine((config, ctx) => {
    // The hub knows one key path per entity, so every layout of an entity must put the id in the same field.
    const keyOfEntity = new Map<string, { field: string; index: number }>()
    config.layouts.forEach((layout, index) => {
      const field = keyField(layout)
      const first = keyOfEntity.get(layout.entity)
      if (first && first.field !== field) {
        ctx.addIssue({ code: 'custom', path: ['layouts', index, 'key'], message: `layouts of ${layout.entity} must share one key field; layouts.${first.index} uses "${first.field}"` })
      }
      if (!first) keyOfEntity.set(layout.entity, { field, index })
    })
  })

export type CsvConfig = z.infer<typeof csvConfigSchema>
/** What a caller may write: defaults filled in by parsing. */
export type CsvConfigInput = z.input<typeof csvConfigSchema>
export type CsvLayout = z.infer<typeof csvLayoutSchema>
export type CsvEncoding = (typeof csvEncodings)[number]
export type CsvDelimiter = (typeof csvDelimiters)[number]
export type CsvNumbers = z.infer<typeof numbersSchema>
export type CsvDates = z.infer<typeof datesSchema>
export type CsvGroup = z.infer<typeof groupSchema>

/** The field the hub reads a record's id from. */
export function keyField(layout: Pick<CsvLayout, 'key'>): string {
  return typeof layout.key === 'string' ? layout.key : layout.key.into
}

function keyFields(key: CsvLayout['key']): string[] {
  return typeof key === 'string' ? [key] : [...key.fields, key.into]
}

export function layoutName(layout: CsvLayout, index: number): string {
  return layout.name ?? `layouts.${index} (${layout.entity})`
}
