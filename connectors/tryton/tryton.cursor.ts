import { ConfigError, z, type Cursor } from '../../src/connector-sdk'
import { parseStamp } from './tryton.stamp'

/**
 * The cursors the hub stores after each page (opaque to the hub). Two shapes, one per kind of read.
 *
 * Change-tracked entities (customer, product, sales-order, production-order) read "streams": a
 * model's rows in one segment, ordered by the segment's stamp and id. `created` holds the rows never
 * written (`write_date` null, ordered by `create_date`), `written` the others (by `write_date`), so
 * each stream has a total order on a real column; Tryton cannot order by COALESCE(write_date,
 * create_date). A run reads the entity's own streams, then the streams of its child models
 * (lines, contact mechanisms …), whose changes do not move the parent's stamps.
 *
 *   { v: 1,
 *     marks: { "<model>/<segment>": { at, seen: [[id, stamp], …] } },
 *     run?: { stream, from, after: [stamp, id] | null, seen: [[id, stamp], …] } }
 *
 * - `marks[s].at`: the newest stamp stream `s` has read in a completed pass; the next run reads
 *   `stamp > at − overlapMs`, and skips rows in `seen` (id and stamp delivered before, so unchanged).
 * - `run`: only while a run is unfinished: the stream being read, its lower bound for this run,
 *   the keyset position of its last row read, and the rows it delivered near that position.
 *   A resumed run continues after `after`: nothing after a stored page is skipped.
 *
 * Stock (inventory-position) is computed, not stamped, so every run reads it all:
 *
 *   { v: 1, stock: { warehouse: <location id>, after: <product id> | null } }  mid-run, null at the end.
 */

export const MAX_SEEN = 200

const stamp = z.string().refine((text) => parseStamp(text) !== undefined, 'expected a stamp such as 2026-11-27T16:31:48.015839Z')
const id = z.int().nonnegative()
const seenList = z.array(z.tuple([id, stamp])).max(MAX_SEEN)

const markSchema = z.strictObject({ at: stamp, seen: seenList })

const runSchema = z.strictObject({
  stream: z.string().min(1),
  from: stamp.nullable(),
  after: z.tuple([stamp, id]).nullable(),
  seen: seenList,
})

export const trackedCursorSchema = z.strictObject({
  v: z.literal(1),
  marks: z.record(z.string(), markSchema),
  run: runSchema.optional(),
})

export const stockCursorSchema = z.strictObject({
  v: z.literal(1),
  stock: z.strictObject({ warehouse: id, after: id.nullable() }),
})

export type Mark = z.infer<typeof markSchema>
export type RunState = z.infer<typeof runSchema>
export type TrackedCursor = z.infer<typeof trackedCursorSchema>
export type StockCursor = z.infer<typeof stockCursorSchema>

/** A cursor handed back by the hub, checked; one of the wrong shape cannot be resumed from. */
export function parseCursor<T>(schema: z.ZodType<T>, cursor: Cursor | null, entity: string): T | null {
  if (cursor === null) return null
  const parsed = schema.safeParse(cursor)
  if (parsed.success) return parsed.data
  const where = parsed.error.issues.map((i) => (i.path.length ? i.path.join('.') : '(root)')).join(', ')
  throw new ConfigError(`the stored ${entity} cursor is unreadable (invalid at ${where}); reset the cursor to read from the beginning`, {
    details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
  })
}
