import { MalformedResponse, type JsonObject, type JsonValue } from '../../src/connector-sdk'

/**
 * Reading an OData v2 JSON ("verbose") body. A collection is `{ d: { results: [...], __count?, __next? } }`,
 * a single entity is `{ d: {...} }`, and OData v1 servers answer `{ d: [...] }`. Records are handed on
 * as the mapping wants to address them:
 * - `__metadata` (URIs, types, etags) is dropped, at every level, complex types included;
 * - a navigation that was not expanded (`{ __deferred: { uri } }`) is dropped: it holds no data;
 * - an expanded to-many navigation `{ results: [...] }` becomes the array itself (`to_Item: [...]`);
 * - a key containing `.` (`@odata.context`) gets `_` instead, since mapping paths split on dots;
 * - values are kept as sent: `/Date(…)/`, `PT17H49M05S` and Edm.Decimal strings stay text for the
 *   mapping to coerce, and integers beyond 2^53 arrive as exact strings from the SDK's JSON parser.
 * Delta responses (an SAP/Olingo extension) may mix in deleted entries; the hub has no deletes, so
 * they are counted and left out instead of landing in quarantine as records without fields.
 */

export interface ODataPage {
  records: JsonObject[]
  /** `d.__next`: where the server continues (absolute or relative), when it pages. */
  next?: string
  /** `d.__count` with `$inlinecount=allpages`: a string in v2. */
  count?: string
  deleted: number
}

export interface CleanNotes {
  /** An expanded navigation that the server cut short (it carries its own `__next`). */
  truncatedNavigation(name: string): void
}

export function readODataPage(body: unknown, where: string, notes: CleanNotes): ODataPage {
  if (!isObject(body) || !('d' in body)) {
    throw new MalformedResponse(`${where}: expected an OData v2 JSON body {"d": …}, found ${describe(body)}${isObject(body) && 'value' in body ? ' (an OData v4 body? this connector speaks v2)' : ''}`)
  }
  const d = body.d
  let items: JsonValue[]
  let next: unknown
  let count: unknown
  if (Array.isArray(d)) items = d
  else if (isObject(d) && Array.isArray(d.results)) {
    items = d.results
    next = d.__next
    count = d.__count
  } else if (isObject(d) && d.results === undefined) items = [d]
  else throw new MalformedResponse(`${where}: expected d.results to be an array of entities, found ${describe(isObject(d) ? d.results : d)}`)

  if (next !== undefined && next !== null && typeof next !== 'string') throw new MalformedResponse(`${where}: d.__next is ${describe(next)}, not a URL`)
  const records: JsonObject[] = []
  let deleted = 0
  items.forEach((item, index) => {
    if (!isObject(item)) throw new MalformedResponse(`${where}: entity ${index} in d.results is ${describe(item)}, not an object`)
    if (isDeletedEntry(item)) deleted++
    else records.push(cleanEntity(item, notes))
  })
  return {
    records,
    ...(typeof next === 'string' && next !== '' ? { next } : {}),
    ...(typeof count === 'string' || typeof count === 'number' ? { count: String(count) } : {}),
    deleted,
  }
}

/** An entity as the mapping sees it (see the header comment). */
export function cleanEntity(entity: JsonObject, notes: CleanNotes): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(entity)) {
    if (key === '__metadata') continue
    const name = key.includes('.') ? key.replace(/\./g, '_') : key
    if (isObject(value)) {
      if (isDeferred(value)) continue
      if (isInlineFeed(value)) {
        if (typeof value.__next === 'string' && value.__next !== '') notes.truncatedNavigation(name)
        out[name] = value.results.map((item) => cleanValue(item, notes))
        continue
      }
      out[name] = cleanEntity(value, notes)
    } else out[name] = cleanValue(value, notes)
  }
  return out
}

function cleanValue(value: JsonValue, notes: CleanNotes): JsonValue {
  if (Array.isArray(value)) return value.map((item) => cleanValue(item, notes))
  if (isObject(value)) return isInlineFeed(value) ? value.results.map((item) => cleanValue(item, notes)) : cleanEntity(value, notes)
  return value
}

function isDeferred(value: JsonObject): boolean {
  const keys = Object.keys(value)
  return keys.length === 1 && keys[0] === '__deferred'
}

const FEED_KEYS = new Set(['results', '__count', '__next', '__delta'])

function isInlineFeed(value: JsonObject): value is JsonObject & { results: JsonValue[] } {
  return Array.isArray(value.results) && Object.keys(value).every((k) => FEED_KEYS.has(k))
}

// The Olingo V2 delta form reuses V4's annotation: "@odata.context": "$metadata#Rooms/$deletedEntity".
function isDeletedEntry(entity: JsonObject): boolean {
  const context = entity['@odata.context']
  return typeof context === 'string' && /\/\$deletedEntity$/.test(context)
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`
}
