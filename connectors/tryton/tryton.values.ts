import { z, type JsonObject, type JsonValue } from '../../src/connector-sdk'
import { formatStamp, parseStamp } from './tryton.stamp'

/**
 * Tryton's JSON-RPC encodes Python types as `{"__class__": …}` objects and answers dotted field
 * names (`party.name`) under keys ending in a dot (`"party.": {id, name}`). Records leave the
 * connector in plain JSON the mapping files can address: decimals as their exact text, dates as
 * `YYYY-MM-DD`, naive UTC date-times as ISO 8601 with `Z` (microseconds kept), and `"party."`
 * merged into `party` (which then holds the id too).
 */

const int = z.int()
const classShapes = {
  Decimal: z.strictObject({ __class__: z.literal('Decimal'), decimal: z.string() }),
  date: z.strictObject({ __class__: z.literal('date'), year: int, month: int, day: int }),
  datetime: z.strictObject({
    __class__: z.literal('datetime'),
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    microsecond: int.default(0),
  }),
  time: z.strictObject({ __class__: z.literal('time'), hour: int, minute: int, second: int, microsecond: int.default(0) }),
  timedelta: z.strictObject({ __class__: z.literal('timedelta'), seconds: z.number() }),
  bytes: z.strictObject({ __class__: z.literal('bytes'), base64: z.string() }),
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/**
 * One value, decoded. An object whose `__class__` is unknown or malformed is left as it came: it is
 * one field of one record, so the mapping quarantines that record instead of the read failing.
 */
export function decodeValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(decodeValue)
  if (value === null || typeof value !== 'object') return value
  const kind = value.__class__
  if (typeof kind === 'string') return decodeClass(kind, value) ?? value
  return normaliseObject(value)
}

function decodeClass(kind: string, value: JsonObject): JsonValue | undefined {
  switch (kind) {
    case 'Decimal': {
      const v = classShapes.Decimal.safeParse(value)
      return v.success ? v.data.decimal : undefined
    }
    case 'date': {
      const v = classShapes.date.safeParse(value)
      return v.success ? `${pad(v.data.year, 4)}-${pad(v.data.month)}-${pad(v.data.day)}` : undefined
    }
    case 'datetime': {
      const v = classShapes.datetime.safeParse(value)
      if (!v.success) return undefined
      const d = v.data
      const text = `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}.${pad(d.microsecond, 6)}Z`
      // Round-tripping through the stamp parser refuses impossible dates (month 13) and keeps one spelling.
      const stamp = parseStamp(text)
      return stamp === undefined ? undefined : formatStamp(stamp)
    }
    case 'time': {
      const v = classShapes.time.safeParse(value)
      if (!v.success) return undefined
      const t = v.data
      return `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.microsecond ? `.${pad(t.microsecond, 6)}` : ''}`
    }
    case 'timedelta': {
      const v = classShapes.timedelta.safeParse(value)
      return v.success ? v.data.seconds : undefined
    }
    case 'bytes': {
      const v = classShapes.bytes.safeParse(value)
      return v.success ? v.data.base64 : undefined
    }
    default:
      return undefined
  }
}

/**
 * A record (or a nested related record) with its values decoded and its dotted keys merged:
 * `{"party": 13, "party.": {"name": "X", "id": 13}}` becomes `{"party": {"name": "X", "id": 13}}`;
 * an empty Many2One (`"party.": null`) becomes `party: null`; a One2Many (`"lines.": [...]`)
 * becomes the list of line objects instead of the list of ids.
 */
export function normaliseObject(record: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(record)) {
    if (key.endsWith('.') && key.length > 1) {
      out[key.slice(0, -1)] = decodeValue(value)
      continue
    }
    // The plain id must not overwrite the related record already merged from its dotted key.
    if (Object.hasOwn(record, `${key}.`)) continue
    out[key] = decodeValue(value)
  }
  return out
}

/** A date-time as Tryton's JSON-RPC expects it in a domain or a value (naive, meant as UTC). */
export function encodeDateTime(stampText: string): JsonObject {
  const stamp = parseStamp(stampText)
  if (stamp === undefined) throw new Error(`not a stamp: ${stampText}`)
  const d = new Date(Math.floor(stamp / 1000))
  return {
    __class__: 'datetime',
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: ((stamp % 1_000_000) + 1_000_000) % 1_000_000,
  }
}

/** A calendar date (`YYYY-MM-DD`) as Tryton's JSON-RPC expects it. */
export function encodeDate(ymd: string): JsonObject {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd)
  if (!match) throw new Error(`not a date: ${ymd}`)
  return { __class__: 'date', year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
}

/** A decimal as Tryton's JSON-RPC expects it (a JSON number would become a float and lose cents). */
export function encodeDecimal(text: string): JsonObject {
  return { __class__: 'Decimal', decimal: text }
}
