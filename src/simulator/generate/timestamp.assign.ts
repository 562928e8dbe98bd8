import type { KeyedRecord } from '../simulator.types'

/**
 * Gives each record its `updated_at` from a wished-for instant and returns the records sorted by
 * (updated_at, id). Equal instants are pushed apart by whole milliseconds so that no two records of
 * an entity share an `updated_at`; instants only ever move later, so anything derived from the wish
 * (created_at, as_of) stays at or before it.
 */
export function assignUpdatedAt<R extends KeyedRecord>(records: R[], wishedMs: Float64Array): R[] {
  const order = new Uint32Array(records.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  // Ties keep generation order, which is id order.
  order.sort((a, b) => wishedMs[a] - wishedMs[b] || a - b)
  const sorted: R[] = new Array(records.length)
  let previous = -Infinity
  for (let k = 0; k < order.length; k++) {
    const i = order[k]
    const ms = Math.max(Math.floor(wishedMs[i]), previous + 1)
    previous = ms
    records[i].updated_at = new Date(ms).toISOString()
    sorted[k] = records[i]
  }
  return sorted
}

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
