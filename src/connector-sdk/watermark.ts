import type { JsonObject } from './connector.contract'

/**
 * Watermarks of incremental reads, shared by connectors: instants kept as ISO text in cursors,
 * compared as times (offsets such as -04:00 break string order).
 */
export function toIso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The later of two ISO instants (either may be missing): a watermark never moves back. */
export function laterIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return Date.parse(b) > Date.parse(a) ? b : a
}

/** The filter a new run sends: the watermark moved back by the lookback. */
export function filterFrom(watermark: string, lookbackMs: number): string {
  return toIso(Date.parse(watermark) - lookbackMs)
}

/**
 * The newest instant among `records` and `high`, and how many records had none. `instantOf` gives a
 * record's change time in ms, `undefined` when it has no readable one, or `null` for records that
 * carry no time by nature (tombstones) and are not counted as undated.
 */
export function newestInstant(records: JsonObject[], instantOf: (record: JsonObject) => number | undefined | null, high: string | undefined): { high: string | undefined; undated: number } {
  let newest = high === undefined ? undefined : Date.parse(high)
  let undated = 0
  for (const record of records) {
    const ms = instantOf(record)
    if (ms === null) continue
    if (ms === undefined) undated++
    else if (newest === undefined || ms > newest) newest = ms
  }
  return { high: newest === undefined ? undefined : toIso(newest), undated }
}
