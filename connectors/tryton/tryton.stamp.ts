/**
 * Tryton's `create_date` / `write_date` are PostgreSQL timestamps with microseconds, meant as UTC.
 * A keyset position must be sent back exactly (`write_date = w AND id > i`), so stamps are kept at
 * full precision: as epoch microseconds for arithmetic (below 2^53 until the year 2255) and as
 * fixed-width text `YYYY-MM-DDTHH:MM:SS.ffffffZ` in cursors and records, which sorts like the instants.
 */
export type Stamp = number

const STAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/

export function parseStamp(text: string): Stamp | undefined {
  const m = STAMP_TEXT.exec(text)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number)
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  const d = new Date(ms)
  // Date.UTC rolls 2026-02-30 over into March; a stamp that does not read back is not a date.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || d.getUTCSeconds() !== second) return undefined
  const micro = Number((m[7] ?? '').padEnd(6, '0'))
  return ms * 1000 + micro
}

export function formatStamp(stamp: Stamp): string {
  const ms = Math.floor(stamp / 1000)
  const micro = stamp - ms * 1000
  const iso = new Date(ms).toISOString() // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(micro).padStart(3, '0')}Z`
}

/** The stamp `ms` milliseconds earlier. */
export function stampMinus(stamp: Stamp, ms: number): Stamp {
  return stamp - ms * 1000
}
