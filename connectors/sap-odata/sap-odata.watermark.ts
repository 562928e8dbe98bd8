import { newestInstant as newestOf, type JsonObject } from '../../src/connector-sdk'

export { laterIso, toIso } from '../../src/connector-sdk'
import type { SapIncremental } from './sap-odata.config'

/**
 * Watermarks are ISO-8601 UTC instants whatever SAP sent, so they compare as instants and turn into
 * either literal style. SAP OData v2 sends Edm.DateTime as `/Date(ms)/` and Edm.DateTimeOffset as
 * `/Date(ms+0000)/`; the number is UTC milliseconds in both, the suffix only says which offset the
 * value was shown in. ISO text is read too (a proxy or a V4-ish service may send it).
 */

const SAP_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/
// The range of a JS Date; beyond it toISOString throws.
const MAX_MS = 8.64e15

/** A value as epoch milliseconds, or undefined when it is not a readable instant. */
export function instantOf(value: unknown): number | undefined {
  let ms: number | undefined
  if (typeof value === 'number' && Number.isInteger(value)) ms = value
  else if (typeof value === 'string') {
    const text = value.trim()
    const sap = SAP_DATE.exec(text)
    if (sap) ms = Number(sap[1])
    else if (ISO_WITH_ZONE.test(text)) ms = Date.parse(text)
    // Edm.DateTime has no zone and SAP means UTC by it.
    else if (ISO_WITHOUT_ZONE.test(text)) ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`)
  }
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_MS ? ms : undefined
}

/** The instant a record was last changed: `field`, or `createdField` for a record never changed. */
export function recordInstant(record: JsonObject, incremental: SapIncremental): number | undefined {
  const changed = record[incremental.field]
  if (changed !== undefined && changed !== null && changed !== '') return instantOf(changed)
  return incremental.createdField === undefined ? undefined : instantOf(record[incremental.createdField])
}

/**
 * The literal for an instant, rounded down to the second: the filter then sits at or before the
 * watermark, so the next run re-reads a few records rather than skipping any.
 */
export function filterLiteral(ms: number, type: SapIncremental['type']): string {
  const seconds = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)
  return type === 'datetimeoffset' ? `datetimeoffset'${seconds}Z'` : `datetime'${seconds}'`
}

/** `LastChangeDateTime gt datetimeoffset'…'`, or with a created field `(LastChangeDate ge datetime'…' or CreationDate ge datetime'…')`. */
export function changedSinceFilter(incremental: SapIncremental, sinceIso: string): string {
  const literal = filterLiteral(Date.parse(sinceIso), incremental.type)
  const changed = `${incremental.field} ${incremental.operator} ${literal}`
  if (incremental.createdField === undefined) return changed
  return `(${changed} or ${incremental.createdField} ${incremental.operator} ${literal})`
}

/** The newest instant among `records` and `high`, and how many records had none. */
export function newestInstant(records: JsonObject[], incremental: SapIncremental, high: string | undefined): { high: string | undefined; undated: number } {
  return newestOf(records, (record) => recordInstant(record, incremental), high)
}
