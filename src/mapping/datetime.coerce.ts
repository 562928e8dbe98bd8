import { describeKind, Rejection, type CoercionContext, type Coercer } from './coercion.types'
import { offsetFunction, utcFromFields, wallClockToEpoch } from './time-zone.offset'

/**
 * Dates and date-times as ERPs send them, turned into the canonical forms: `YYYY-MM-DD` for dates and
 * UTC ISO 8601 with milliseconds for instants. Accepted input:
 * - ISO 8601 with `Z` or an offset (`+01:00`, `+0100`, `+01`): an instant;
 * - naive `YYYY-MM-DD[(T| )HH:mm[:ss[.fff]]]`: a wall-clock time in the mapping's time zone;
 *   fractions finer than a millisecond are truncated, never rounded into the next second;
 * - SAP OData v2 `/Date(1700000000000)/` and `/Date(1700000000000+0100)/`: the number is always
 *   UTC milliseconds; the suffix only says which offset the ERP displayed it in (read as hhmm, as
 *   .NET and SAP Gateway write it), so it matters for a date, not for the instant;
 * - a JS number: epoch milliseconds.
 */
type Moment =
  /** An instant; `offsetMs` is the offset it was written in, when the source said. */
  | { epochMs: number; offsetMs: number | undefined }
  /** A wall-clock time with no zone, encoded as if it were UTC. */
  | { wallMs: number }

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i
const offsetPattern = /^([+-])(\d{2}):?(\d{2})?$/
const sapDatePattern = /^\/Date\((-?\d+)(?:([+-])(\d{2})(\d{2}))?\)\/$/
const minEpoch = utcFromFields(1, 1, 1, 0, 0, 0, 0)
const maxEpoch = utcFromFields(9999, 12, 31, 23, 59, 59, 999)
const expected = 'expected an ISO 8601 date or date-time, /Date(ms)/ or epoch milliseconds'

export function createDateTimeCoercer(context: CoercionContext): Coercer {
  const offsetOf = offsetFunction(context.timeZone)
  return (value) => {
    const moment = readMoment(value)
    if (moment instanceof Rejection) return moment
    const epochMs = 'wallMs' in moment ? wallClockToEpoch(moment.wallMs, offsetOf) : moment.epochMs
    if (epochMs < minEpoch || epochMs > maxEpoch) return new Rejection('date-time is outside the years 1 to 9999')
    return new Date(epochMs).toISOString()
  }
}

/**
 * A date is the calendar day the source meant: the day as written for ISO text and /Date()/ (in
 * the offset given, UTC when none), and the day in the mapping's zone for epoch numbers.
 */
export function createDateCoercer(context: CoercionContext): Coercer {
  const offsetOf = offsetFunction(context.timeZone)
  return (value) => {
    const moment = readMoment(value)
    if (moment instanceof Rejection) return moment
    const wallMs = 'wallMs' in moment ? moment.wallMs : moment.epochMs + (moment.offsetMs ?? offsetOf(moment.epochMs))
    if (wallMs < minEpoch || wallMs > maxEpoch) return new Rejection('date is outside the years 1 to 9999')
    return new Date(wallMs).toISOString().slice(0, 10)
  }
}

function readMoment(value: unknown): Moment | Rejection {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return new Rejection('expected epoch milliseconds as a whole number')
    return { epochMs: value, offsetMs: undefined }
  }
  if (typeof value !== 'string') return new Rejection(`${expected}, got ${describeKind(value)}`)
  const text = value.trim()
  const sap = sapDatePattern.exec(text)
  if (sap !== null) {
    const [, ms, sign, hh, mm] = sap
    const offsetMs = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000
    return { epochMs: Number(ms), offsetMs }
  }
  return readIso(text)
}

function readIso(text: string): Moment | Rejection {
  const match = isoPattern.exec(text)
  if (match === null) return new Rejection(expected)
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return new Rejection(`${y}-${mo}-${d} is not a calendar date`)
  if (hour > 23 || minute > 59 || second > 59) return new Rejection(`${h}:${mi}:${s} is not a time of day`)
  const ms = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'))
  const wallMs = utcFromFields(year, month, day, hour, minute, second, ms)
  if (zone === undefined) return { wallMs }
  const offsetMs = readOffset(zone)
  if (offsetMs instanceof Rejection) return offsetMs
  return { epochMs: wallMs - offsetMs, offsetMs }
}

function readOffset(zone: string): number | Rejection {
  if (zone === 'Z' || zone === 'z') return 0
  const match = offsetPattern.exec(zone)
  if (match === null) return new Rejection(`"${zone}" is not a UTC offset`)
  const [, sign, hh, mm = '00'] = match
  if (Number(hh) > 23 || Number(mm) > 59) return new Rejection(`"${zone}" is not a UTC offset`)
  return (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}
