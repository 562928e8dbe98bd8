import { ConfigError, z, type Cursor, type JsonObject } from '../../src/connector-sdk'

/**
 * The cursor the hub stores after each page (opaque to the hub):
 *
 *   { since?: string, run?: { since?: string, high?: string, skip: number, next?: string, seen?: number } }
 *
 * - `since`: the watermark, an ISO-8601 UTC instant: the newest last-change value seen by the last
 *   completed run (never moves backwards).
 * - `run`: present only while a run is unfinished, so a crash resumes at the following page:
 *   - `run.since`: the filter this run sends (watermark minus lookback), so a resumed run filters alike;
 *   - `run.high`: the newest last-change value seen so far in this run;
 *   - `run.skip`: the `$skip` of the current client page (window) of `$top = pageSize` records;
 *   - `run.next`: the server's `__next` link to follow (absolute), when the server is paging;
 *   - `run.seen`: how many records of the current window the `__next` chain has delivered so far.
 *
 * The last page of an incremental run yields `{ since }`; of any other entity, `null`.
 */

const instant = z.iso.datetime({ offset: true })

export const sapCursorSchema = z.strictObject({
  since: instant.optional(),
  run: z
    .strictObject({
      since: instant.optional(),
      high: instant.optional(),
      skip: z.int().min(0),
      next: z.url({ protocol: /^https?$/ }).optional(),
      seen: z.int().min(0).optional(),
    })
    .optional(),
})

export type SapCursor = z.infer<typeof sapCursorSchema>
export type RunPosition = NonNullable<SapCursor['run']>

/** Validates a cursor handed back by the hub; a cursor of the wrong shape cannot be resumed from. */
export function parseSapCursor(cursor: Cursor | null): SapCursor {
  if (cursor === null) return {}
  const parsed = sapCursorSchema.safeParse(cursor)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => (i.path.length ? i.path.join('.') : '(root)')).join(', ')
    throw new ConfigError(`the stored cursor is unreadable (invalid at ${where}); reset the cursor to read from the beginning`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    })
  }
  return parsed.data
}

/** A cursor as the JSON the hub stores: absent fields are left out rather than set to undefined. */
export function cursorJson(cursor: SapCursor): JsonObject {
  const out: JsonObject = {}
  if (cursor.since !== undefined) out.since = cursor.since
  if (cursor.run) {
    const run: JsonObject = { skip: cursor.run.skip }
    for (const key of ['since', 'high', 'next', 'seen'] as const) {
      const value = cursor.run[key]
      if (value !== undefined) run[key] = value
    }
    out.run = run
  }
  return out
}
