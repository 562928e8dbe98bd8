import type { JsonObject } from '../../src/connector-sdk'

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

export function toIso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The later of two ISO instants (either may be missing). */
export function laterIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Date.parse(b) > Date.parse(a) ? b : a
}

/** The filter a new run sends: the watermark moved back by the lookback. */
export function filterFrom(watermark: string, lookbackMs: number): string {
  return toIso(Date.parse(watermark) - lookbackMs)
}

/** The newest readable `field` among `records` (tombstones carry none) and `high`, and how many records had none. */
export function newestInstant(records: JsonObject[], field: string, high: string | undefined): { high: string | undefined; undated: number } {
  let newest = high === undefined ? undefined : Date.parse(high)
  let undated = 0
  for (const record of records) {
    if (record._deleted === true) continue
    const ms = instantOf(record[field])
    if (ms === undefined) undated++
    else if (newest === undefined || ms > newest) newest = ms
  }
  return { high: newest === undefined ? undefined : toIso(newest), undated }
}
