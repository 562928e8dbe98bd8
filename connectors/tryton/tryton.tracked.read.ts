import { MalformedResponse, type Cursor, type JsonObject, type JsonValue, type Logger, type Page } from '../../src/connector-sdk'
import type { TrytonClient } from './tryton.client'
import { MAX_SEEN, parseCursor, trackedCursorSchema, type Mark, type RunState } from './tryton.cursor'
import type { TrackedEntity } from './tryton.entities'
import { idsIn, readRows, type Row } from './tryton.rows'
import { effectiveStamp, finishPass, recentSeen, seenBefore, segmentDomain, startPass, streamDomain, streamOrder, streamsOf, type Stream } from './tryton.streams'
import { parseStamp } from './tryton.stamp'

export interface TrackedReadDeps {
  client: TrytonClient
  logger: Logger
  pageSize: number
  overlapMs: number
}

/**
 * Reads one change-tracked entity (see tryton.cursor.ts and tryton.streams.ts): the entity's own
 * streams, then its child models' streams, each from its mark minus the overlap. Every page's
 * `next` can be stored once the page is durable: a run resumed from it re-reads nothing before it
 * and skips nothing after it.
 */
export async function* readTracked(deps: TrackedReadDeps, entity: string, spec: TrackedEntity, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  signal.throwIfAborted()
  const log = deps.logger.child({ entity, model: spec.model })
  const stored = parseCursor(trackedCursorSchema, cursor, entity)
  const marks: Record<string, Mark> = { ...stored?.marks }
  const streams = streamsOf(spec)

  let pass = stored?.run
  if (pass && !streams.some((s) => s.key === pass!.stream)) {
    // The connector's entity definition changed since the cursor was stored: start the run over.
    log.warn({ stream: pass.stream }, 'the stored run names a stream this entity no longer reads; starting the run over')
    pass = undefined
  }
  if (!pass) {
    if (Object.keys(marks).length === 0) await markChildStreams(deps, streams, marks, signal)
    pass = startPass(streams[0], marks[streams[0].key], deps.overlapMs)
  }
  log.debug({ resumed: stored?.run !== undefined, stream: pass.stream, from: pass.from }, 'read started')

  // Versions delivered in this run (record id → effective stamp): a child row changed together with
  // its record (one transaction, one stamp) does not send the record twice. Memory only: after a
  // resume it starts empty, which re-sends at most a few records.
  const delivered = new Map<number, string>()
  let index = streams.findIndex((s) => s.key === pass!.stream)
  let state: RunState | undefined = pass
  let total = 0

  while (state !== undefined) {
    signal.throwIfAborted()
    const stream = streams[index]
    const mark = marks[stream.key]
    const rows = await fetchStreamRows(deps, spec, stream, state, signal)

    const fresh: Row[] = []
    let seen = state.seen
    let after = state.after
    for (const row of rows) {
      const stamp = row[stream.stampField]
      if (typeof stamp !== 'string' || parseStamp(stamp) === undefined) {
        throw new MalformedResponse(`Tryton answered ${stream.model}.search_read with row ${row.id} lacking a readable ${stream.stampField}`)
      }
      after = [stamp, row.id]
      if (seenBefore(mark, row.id, stamp)) continue
      fresh.push(row)
      seen = [...seen, [row.id, stamp]]
    }
    if (after !== null) seen = recentSeen(seen, parseStamp(after[0])!, deps.overlapMs)
    state = { ...state, after, seen }

    const records = stream.related ? await recordsOfChildren(deps, spec, stream, fresh, delivered, signal) : fresh
    for (const record of records) delivered.set(record.id, effectiveStamp(record, spec.nestedStamps) ?? '')

    if (rows.length < deps.pageSize) {
      const finished = finishPass(mark, state, deps.overlapMs)
      if (finished) marks[stream.key] = finished
      index++
      state = index < streams.length ? startPass(streams[index], marks[streams[index].key], deps.overlapMs) : undefined
    }
    total += records.length
    // Pages that deliver nothing are not handed over, except the last: its cursor carries the new marks.
    if (records.length > 0 || state === undefined) yield { records, next: cursorJson(marks, state) }
  }
  log.info({ records: total }, 'read finished')
}

async function fetchStreamRows(deps: TrackedReadDeps, spec: TrackedEntity, stream: Stream, state: RunState, signal: AbortSignal): Promise<Row[]> {
  const method = `model.${stream.model}.search_read`
  const domain = streamDomain(stream, state.from, state.after)
  // A child row names its record; an archived child (an old address) still counts as a change.
  const fields = stream.related ? ['create_date', 'write_date', stream.related.parentField] : spec.fields
  const context = stream.related ? { active_test: false } : undefined
  return readRows(await deps.client.call(method, [domain, 0, deps.pageSize, streamOrder(stream), fields], { signal, context }), method)
}

/** The records named by changed child rows, minus those this run already sent in the same version. */
async function recordsOfChildren(deps: TrackedReadDeps, spec: TrackedEntity, stream: Stream, children: Row[], delivered: Map<number, string>, signal: AbortSignal): Promise<Row[]> {
  const ids = [...new Set(children.flatMap((child) => idsIn(child[stream.related!.parentField])))].sort((a, b) => a - b)
  if (ids.length === 0) return []
  const method = `model.${spec.model}.search_read`
  // search_read, not read: archived records stay out, as they do from the entity's own streams.
  const records = readRows(await deps.client.call(method, [[['id', 'in', ids]], 0, null, [['id', 'ASC']], spec.fields], { signal }), method)
  return records.filter((record) => {
    const version = delivered.get(record.id)
    return version === undefined || version !== (effectiveStamp(record, spec.nestedStamps) ?? '')
  })
}

/**
 * Before the first run of an entity, the child streams start at the newest child row: the run
 * reads every record anyway, so older child changes are already in it. Changes during the run have
 * newer stamps and are read by the child streams at its end.
 */
async function markChildStreams(deps: TrackedReadDeps, streams: Stream[], marks: Record<string, Mark>, signal: AbortSignal): Promise<void> {
  for (const stream of streams) {
    if (!stream.related) continue
    const method = `model.${stream.model}.search_read`
    const newestFirst = [
      [stream.stampField, 'DESC'],
      ['id', 'DESC'],
    ]
    const rows = readRows(await deps.client.call(method, [segmentDomain(stream), 0, MAX_SEEN, newestFirst, [stream.stampField]], { signal, context: { active_test: false } }), method)
    const newest = rows[0]?.[stream.stampField]
    if (typeof newest !== 'string' || parseStamp(newest) === undefined) continue
    const seen = rows.flatMap((row): Array<[number, string]> => {
      const stamp = row[stream.stampField]
      return typeof stamp === 'string' ? [[row.id, stamp]] : []
    })
    marks[stream.key] = { at: newest, seen: recentSeen(seen, parseStamp(newest)!, deps.overlapMs) }
  }
}

function cursorJson(marks: Record<string, Mark>, run: RunState | undefined): Cursor {
  const markJson: JsonObject = {}
  for (const [key, mark] of Object.entries(marks)) markJson[key] = { at: mark.at, seen: mark.seen.map(([id, stamp]) => [id, stamp]) }
  const out: JsonObject = { v: 1, marks: markJson }
  if (run) {
    const after: JsonValue = run.after === null ? null : [run.after[0], run.after[1]]
    out.run = { stream: run.stream, from: run.from, after, seen: run.seen.map(([id, stamp]) => [id, stamp]) }
  }
  return out
}
