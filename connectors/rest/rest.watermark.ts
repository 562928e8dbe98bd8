import { getPath, newestInstant as newestOf, type JsonObject } from '../../src/connector-sdk'

export { filterFrom, laterIso, toIso } from '../../src/connector-sdk'
import type { RestIncremental } from './rest.config'

/**
 * Watermarks are kept as ISO-8601 UTC instants whatever the ERP's format, so they compare as
 * instants (string order breaks across offsets such as `-04:00`) and convert to any param format.
 * Precision below a millisecond is dropped, which rounds down: the next run re-reads at most the
 * records of that millisecond, which is harmless, instead of skipping any.
 */

type Format = RestIncremental['format']

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/
const NUMERIC = /^-?\d+(\.\d+)?$/

// The range of a JS Date; beyond it toISOString throws.
const MAX_MS = 8.64e15

/** A record's `field` value as epoch milliseconds, or undefined when it is not a readable instant. */
export function fieldInstant(value: unknown, format: Format): number | undefined {
  const ms = toEpochMs(value, format)
  return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= MAX_MS ? ms : undefined
}

function toEpochMs(value: unknown, format: Format): number | undefined {
  if (typeof value === 'number') return fromEpoch(value, format)
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  if (NUMERIC.test(text)) return fromEpoch(Number(text), format)
  // JS reads a zone-less date-time as the hub's local time; the ERP almost surely meant UTC.
  return Date.parse(ISO_WITHOUT_ZONE.test(text) ? `${text.replace(' ', 'T')}Z` : text)
}

function fromEpoch(n: number, format: Format): number {
  return format === 'epoch-s' ? Math.floor(n * 1000) : Math.floor(n)
}

/** The value of the incremental param for an instant, in the configured format. */
export function formatInstant(ms: number, format: Format): string {
  if (format === 'epoch-ms') return String(ms)
  // Rounding down keeps the filter at or before the watermark: re-reading beats skipping.
  if (format === 'epoch-s') return String(Math.floor(ms / 1000))
  return new Date(ms).toISOString()
}

/** The newest readable `field` value among `records` and `high`, and how many records had none. */
export function newestInstant(records: JsonObject[], incremental: RestIncremental, high: string | undefined): { high: string | undefined; undated: number } {
  return newestOf(records, (record) => fieldInstant(getPath(record, incremental.field), incremental.format), high)
}
