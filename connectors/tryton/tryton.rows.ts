import { MalformedResponse, z, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import { normaliseObject } from './tryton.values'

const rowsSchema = z.array(z.record(z.string(), z.json()))
const idSchema = z.int().nonnegative()

export type Row = JsonObject & { id: number }

/**
 * The answer of `search_read` / `read`: a list of objects, each with an integer `id` (the keyset and
 * the hub's key depend on it), normalised (typed values decoded, dotted keys merged). Anything else
 * is the server's fault, never an empty page that would end a run as if complete.
 */
export function readRows(result: unknown, method: string): Row[] {
  const parsed = rowsSchema.safeParse(result)
  if (!parsed.success) throw new MalformedResponse(`Tryton answered ${method} with something that is not a list of records`, { details: { method } })
  return parsed.data.map((raw, index) => {
    const id = idSchema.safeParse(raw.id)
    if (!id.success) throw new MalformedResponse(`Tryton answered ${method} with record ${index} lacking an integer id`, { details: { method, index } })
    return { ...normaliseObject(raw), id: id.data }
  })
}

/** The ids a child row names in a field: a Many2One id, a merged `{id, …}`, or a list of ids. */
export function idsIn(value: JsonValue | undefined): number[] {
  if (Array.isArray(value)) return value.flatMap((v) => (Array.isArray(v) ? [] : idsIn(v)))
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? [value] : []
  if (value !== null && typeof value === 'object') return idsIn(value.id)
  return []
}

/** The value as a JSON object (a merged related record), or undefined. */
export function objectIn(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined
}
