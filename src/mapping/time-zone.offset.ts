/**
 * UTC offsets of an IANA zone, read from Intl (the only tz database a Node process carries). Wall
 * clock → instant follows the "compatible" rule of Temporal and java.time: a time skipped by a spring
 * DST change moves forward by the gap (02:30 → 03:30 in Berlin), a time repeated in autumn takes the
 * earlier of its two instants (the one still on summer time).
 */
export type OffsetOf = (epochMs: number) => number

const dayMs = 86_400_000
const offsetCache = new Map<string, OffsetOf>()

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** Offset in ms (local − UTC) at an instant; built once per zone, cached for the process. */
export function offsetFunction(zone: string): OffsetOf {
  const cached = offsetCache.get(zone)
  if (cached !== undefined) return cached
  const offsetOf = zone === 'UTC' || zone === 'Etc/UTC' ? () => 0 : memoised(intlOffset(zone))
  offsetCache.set(zone, offsetOf)
  return offsetOf
}

const bucketMs = 15 * 60_000
const maxBuckets = 100_000

/**
 * Intl is slow (microseconds per call) and a sync converts ~100k values, mostly on the same few days.
 * No zone changes its offset twice within 15 minutes, so a bucket whose two ends agree holds one offset
 * throughout and is remembered; a bucket that contains a transition is computed exactly every time.
 */
function memoised(offsetOf: OffsetOf): OffsetOf {
  const buckets = new Map<number, number>()
  return (epochMs) => {
    const bucket = Math.floor(epochMs / bucketMs)
    const known = buckets.get(bucket)
    if (known !== undefined) return known
    const start = bucket * bucketMs
    const offset = offsetOf(start)
    if (offsetOf(start + bucketMs - 1) !== offset) return offsetOf(epochMs)
    if (buckets.size >= maxBuckets) buckets.clear()
    buckets.set(bucket, offset)
    return offset
  }
}

function intlOffset(zone: string): OffsetOf {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  return (epochMs) => {
    const wall = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 }
    for (const part of format.formatToParts(epochMs)) {
      if (part.type in wall) wall[part.type as keyof typeof wall] = Number(part.value)
    }
    const wallMs = utcFromFields(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, 0)
    const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000)
    return wallMs - wholeSeconds
  }
}

/** The instant at which a zone's wall clock shows `wallMs` (a wall time encoded as if it were UTC). */
export function wallClockToEpoch(wallMs: number, offsetOf: OffsetOf): number {
  // A day either side is outside any single transition, so these are the offsets before and after it.
  const before = offsetOf(wallMs - dayMs)
  const after = offsetOf(wallMs + dayMs)
  if (before === after) return wallMs - before
  const early = wallMs - before
  const late = wallMs - after
  const earlyFits = offsetOf(early) === before
  const lateFits = offsetOf(late) === after
  if (earlyFits && lateFits) return Math.min(early, late)
  if (earlyFits) return early
  if (lateFits) return late
  // The wall time was skipped: read it on the clock as it was before the change.
  return wallMs - before
}

/** Date.UTC without its quirk of reading years 0–99 as 1900–1999. Months are 1-based here. */
export function utcFromFields(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms))
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}
