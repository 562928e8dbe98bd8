import type { JsonObject } from '../../src/connector-sdk'
import type { CsvLayout } from './csv.config'
import type { CsvRow } from './csv-row.tokenize'
import { unnamedColumn } from './header-fields.resolve'
import { isBlankRow } from './layout.recognise'
import { createDateNormaliser } from './local-date.normalise'
import { createNumberNormaliser } from './local-number.normalise'

/**
 * A row that cannot be read as the header's columns. It is yielded, not dropped, so it lands in
 * quarantine with its raw payload: it carries no column fields (values in the wrong columns would
 * map into the wrong canonical fields), so the mapping fails on its first required field.
 */
export function malformedRecord(row: CsvRow, reason: string): JsonObject {
  return { _error: reason, _line: row.line, _fields: row.fields }
}

/**
 * Turns rows into records keyed by field name: values trimmed when the layout says so, local numbers
 * and dates normalised in their configured columns, and the composite key joined. Returns undefined
 * for a blank row the layout skips.
 */
export function createRecordBuilder(layout: CsvLayout, fields: string[]): (row: CsvRow) => JsonObject | undefined {
  const width = fields.length
  const numberColumns = new Set(layout.numbers?.columns ?? [])
  const dateColumns = new Set(layout.dates?.columns ?? [])
  const toNumber = layout.numbers ? createNumberNormaliser(layout.numbers) : undefined
  const toDate = layout.dates ? createDateNormaliser(layout.dates.order) : undefined
  const convert = fields.map((name) => (numberColumns.has(name) ? toNumber : dateColumns.has(name) ? toDate : undefined))
  const unnamed = fields.map((name, i) => name === unnamedColumn(i))
  const { trim, skipEmptyLines } = layout
  const composite = typeof layout.key === 'string' ? undefined : layout.key

  return (row) => {
    if (skipEmptyLines && isBlankRow(row)) return undefined
    if (row.problem !== undefined) return malformedRecord(row, row.problem)
    const cells = row.fields
    // Trailing delimiters with nothing after them are padding, not data.
    if (cells.length < width || (cells.length > width && !cells.slice(width).every((cell) => cell.trim() === ''))) {
      return malformedRecord(row, `line ${row.line} has ${cells.length} fields where the header has ${width}`)
    }
    const record: JsonObject = {}
    for (let j = 0; j < width; j++) {
      let value = trim ? cells[j].trim() : cells[j]
      if (unnamed[j] && value === '') continue
      const normalise = convert[j]
      if (normalise !== undefined) value = normalise(value)
      record[fields[j]] = value
    }
    if (composite !== undefined) {
      const parts = composite.fields.map((field) => record[field])
      // A missing part leaves the key out, so the record is quarantined instead of sharing a key.
      if (parts.every((part) => typeof part === 'string' && part !== '')) record[composite.into] = parts.join(composite.separator)
    }
    return record
  }
}
