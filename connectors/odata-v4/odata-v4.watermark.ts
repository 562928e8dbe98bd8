import { newestInstant as newestOf, type JsonObject } from '../../src/connector-sdk'

export { filterFrom, laterIso, toIso } from '../../src/connector-sdk'

/**
 * Watermarks are ISO-8601 UTC instants at millisecond precision, compared as instants. Precision
 * below a millisecond is dropped, which rounds down: the next run re-reads at most that millisecond
 * (harmless: the hub upserts) instead of skipping a record.
 */

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i
const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

/** A DateTimeOffset value as epoch milliseconds, or undefined when it is not one. */
export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  // Edm.DateTimeOffset always has a zone; a zone-less value (a misconfigured field) is read as UTC, not local time.
  const iso = ZONED.test(text) ? text : NAIVE.test(text) ? `${text}Z` : undefined
  if (iso === undefined) return undefined
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? undefined : ms
}

/** The newest readable `field` among `records` (tombstones carry none) and `high`, and how many records had none. */
export function newestInstant(records: JsonObject[], field: string, high: string | undefined): { high: string | undefined; undated: number } {
  return newestOf(records, (record) => (record._deleted === true ? null : instantOf(record[field])), high)
}
