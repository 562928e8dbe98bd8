import { ConfigError, z, type Cursor, type JsonObject } from '../../src/connector-sdk'

/**
 * The cursor the hub stores after each page (opaque to the hub), one shape per way of reading:
 *
 *   { mode: 'full',           run: { link } }                        (mid-run only; a finished full read yields null)
 *   { mode: 'modified-since', since?, run?: { since?, high?, link } }
 *   { mode: 'delta',          delta?, run?: { link } }
 *
 * - `run.link`: the `@odata.nextLink` of the page just stored: a resumed run continues exactly there
 *   (it carries the filter and the server's skip token), so no page after a stored one is skipped.
 * - `since`: the newest `field` value of the last completed modified-since run (ISO-8601 UTC, never
 *   moves back); `run.since` is the filter the unfinished run sends, `run.high` the newest value it saw.
 * - `delta`: the `@odata.deltaLink` of the last completed delta run; the next run starts there.
 */

const instant = z.iso.datetime({ offset: true })
const link = z.url({ protocol: /^https?$/ })

export const odataCursorSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('full'), run: z.strictObject({ link }) }),
  z.strictObject({
    mode: z.literal('modified-since'),
    since: instant.optional(),
    run: z.strictObject({ since: instant.optional(), high: instant.optional(), link }).optional(),
  }),
  z.strictObject({ mode: z.literal('delta'), delta: link.optional(), run: z.strictObject({ link }).optional() }),
])

export type ODataCursor = z.infer<typeof odataCursorSchema>
export type CursorMode = ODataCursor['mode']

/** Validates a cursor handed back by the hub; one of the wrong shape cannot be resumed from. */
export function parseODataCursor(cursor: Cursor | null): ODataCursor | undefined {
  if (cursor === null) return undefined
  const parsed = odataCursorSchema.safeParse(cursor)
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
export function cursorJson(cursor: ODataCursor): JsonObject {
  const out: JsonObject = { mode: cursor.mode }
  for (const [name, value] of Object.entries(cursor)) {
    if (name === 'mode' || value === undefined) continue
    out[name] = typeof value === 'string' ? value : definedOnly(value)
  }
  return out
}

function definedOnly(run: Record<string, string | undefined>): JsonObject {
  const out: JsonObject = {}
  for (const [name, value] of Object.entries(run)) if (value !== undefined) out[name] = value
  return out
}
