import { ConfigError, z, type Cursor, type JsonObject } from '../../src/connector-sdk'

/**
 * The cursor the hub stores after each page (opaque to the hub):
 *
 *   { since?: string, run?: { since?: string, high?: string, token: string | number } }
 *
 * - `since`: the watermark, an ISO-8601 UTC instant: the newest `incremental.field` value seen by the
 *   last completed run (never moves backwards). Absent until a run has seen a dated record.
 * - `run`: present only while a run is unfinished, so a crash resumes at the following page:
 *   - `run.since`: the filter this run sends (watermark minus lookback, already applied), kept so a
 *     resumed run filters exactly like the run it continues;
 *   - `run.high`: the newest field value seen so far in this run;
 *   - `run.token`: where the next page starts: page number, offset, cursor token or next URL.
 *
 * The last page of an incremental run yields `{ since: max(since, high) }`; the last page of a
 * non-incremental entity yields `null` (nothing to resume: the next run re-reads everything).
 */

const instant = z.iso.datetime({ offset: true })

export const restCursorSchema = z.strictObject({
  since: instant.optional(),
  run: z
    .strictObject({
      since: instant.optional(),
      high: instant.optional(),
      token: z.union([z.string().min(1), z.number()]),
    })
    .optional(),
})

export type RestCursor = z.infer<typeof restCursorSchema>
export type RunState = NonNullable<RestCursor['run']>

/** Validates a cursor handed back by the hub; a cursor of the wrong shape cannot be resumed from. */
export function parseRestCursor(cursor: Cursor | null): RestCursor {
  if (cursor === null) return {}
  const parsed = restCursorSchema.safeParse(cursor)
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => (i.path.length ? i.path.join('.') : '(root)')).join(', ')
    throw new ConfigError(`the stored cursor is unreadable (invalid at ${where}); reset the cursor to read from the beginning`, {
      cause: parsed.error,
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    })
  }
  return parsed.data
}

/** A cursor as the JSON the hub stores: absent fields are left out rather than set to undefined. */
export function cursorJson(cursor: RestCursor): JsonObject {
  const out: JsonObject = {}
  if (cursor.since !== undefined) out.since = cursor.since
  if (cursor.run) {
    const run: JsonObject = { token: cursor.run.token }
    if (cursor.run.since !== undefined) run.since = cursor.run.since
    if (cursor.run.high !== undefined) run.high = cursor.run.high
    out.run = run
  }
  return out
}
