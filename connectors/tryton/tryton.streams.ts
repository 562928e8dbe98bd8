import type { JsonValue } from '../../src/connector-sdk'
import { MAX_SEEN, type Mark, type RunState } from './tryton.cursor'
import type { TrackedEntity, RelatedModel } from './tryton.entities'
import { formatStamp, parseStamp, stampMinus, type Stamp } from './tryton.stamp'
import { encodeDateTime } from './tryton.values'

/**
 * A stream is one model's rows in one segment, in a total order Tryton can sort and filter on:
 * `created` = rows never written (`write_date` null) by (`create_date`, `id`); `written` = the others
 * by (`write_date`, `id`). A row leaves `created` for `written` when first written, with a stamp
 * newer than any read so far, so it is met again further on: a keyset walk never misses a row that
 * changes while the walk is under way. See tryton.cursor.ts for how streams are stored.
 */
export interface Stream {
  key: string
  model: string
  segment: 'created' | 'written'
  stampField: 'create_date' | 'write_date'
  /** Set for a child model's stream: its rows name the records to read again. */
  related?: RelatedModel
}

export function streamsOf(spec: TrackedEntity): Stream[] {
  const pair = (model: string, related?: RelatedModel): Stream[] => [
    { key: `${model}/created`, model, segment: 'created', stampField: 'create_date', related },
    { key: `${model}/written`, model, segment: 'written', stampField: 'write_date', related },
  ]
  return [...pair(spec.model), ...spec.related.flatMap((r) => pair(r.model, r))]
}

/** The stream's own rows, nothing else: the segment clause alone. */
export function segmentDomain(stream: Stream): JsonValue[] {
  return [['write_date', stream.segment === 'created' ? '=' : '!=', null]]
}

/** Rows of the stream after `from` (exclusive) and after the keyset position `after`. */
export function streamDomain(stream: Stream, from: string | null, after: RunState['after']): JsonValue[] {
  const field = stream.stampField
  const domain = segmentDomain(stream)
  if (from !== null) domain.push([field, '>', encodeDateTime(from)])
  if (after !== null) {
    const [stamp, id] = after
    domain.push(['OR', [field, '>', encodeDateTime(stamp)], [[field, '=', encodeDateTime(stamp)], ['id', '>', id]]])
  }
  return domain
}

export function streamOrder(stream: Stream): JsonValue[] {
  return [
    [stream.stampField, 'ASC'],
    ['id', 'ASC'],
  ]
}

/** A new pass over `stream`: from its mark moved back by the overlap, or from the beginning. */
export function startPass(stream: Stream, mark: Mark | undefined, overlapMs: number): RunState {
  const at = mark ? parseStamp(mark.at) : undefined
  return { stream: stream.key, from: at === undefined ? null : formatStamp(stampMinus(at, overlapMs)), after: null, seen: [] }
}

/** Was this row (id and stamp) delivered by an earlier pass, so it has not changed since? */
export function seenBefore(mark: Mark | undefined, id: number, stamp: string): boolean {
  return mark !== undefined && mark.seen.some(([seenId, seenStamp]) => seenId === id && seenStamp === stamp)
}

/**
 * Rows delivered near the newest stamp, kept so the next pass (which re-reads the overlap) can
 * skip them. Older ones fall out of the window; at most MAX_SEEN, newest first kept: beyond that
 * a row is read again, which costs a re-read and nothing else.
 */
export function recentSeen(seen: Array<[number, string]>, newest: Stamp, overlapMs: number): Array<[number, string]> {
  const floor = stampMinus(newest, overlapMs)
  const unique = new Map<string, { entry: [number, string]; stamp: Stamp }>()
  for (const entry of seen) {
    const stamp = parseStamp(entry[1])
    if (stamp !== undefined && stamp > floor) unique.set(`${entry[0]}@${stamp}`, { entry, stamp })
  }
  return [...unique.values()]
    .sort((a, b) => b.stamp - a.stamp || b.entry[0] - a.entry[0])
    .slice(0, MAX_SEEN)
    .map((e) => e.entry)
}

/** The mark a finished pass leaves: the newest stamp ever read, and the rows delivered near it. */
export function finishPass(previous: Mark | undefined, pass: RunState, overlapMs: number): Mark | undefined {
  const candidates = [previous?.at, pass.after?.[0]].map((t) => (t === undefined ? undefined : parseStamp(t))).filter((t): t is Stamp => t !== undefined)
  if (candidates.length === 0) return undefined
  const at = Math.max(...candidates)
  return { at: formatStamp(at), seen: recentSeen([...(previous?.seen ?? []), ...pass.seen], at, overlapMs) }
}

/** The newest stamp of a record and of its nested child rows: it changes whenever any of them does. */
export function effectiveStamp(record: Record<string, JsonValue>, nestedKeys: readonly string[]): string | undefined {
  let newest: Stamp | undefined
  const consider = (row: JsonValue) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return
    for (const field of ['create_date', 'write_date']) {
      const value = row[field]
      const stamp = typeof value === 'string' ? parseStamp(value) : undefined
      if (stamp !== undefined && (newest === undefined || stamp > newest)) newest = stamp
    }
  }
  consider(record)
  for (const key of nestedKeys) {
    const nested = record[key]
    if (Array.isArray(nested)) nested.forEach(consider)
    else consider(nested)
  }
  return newest === undefined ? undefined : formatStamp(newest)
}
