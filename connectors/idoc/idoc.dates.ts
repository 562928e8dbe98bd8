import type { JsonObject } from '../../src/connector-sdk'

/**
 * SAP writes dates as `YYYYMMDD` (`00000000` for "none") and times as `HHMMSS`, which the mapping
 * engine does not read. Known date and time fields are rewritten in place to ISO (`2023-10-04`,
 * `18:00:11`), and a date with its time gets a third field `<DATE>_<TIME>` (`CREDAT_CRETIM:
 * "2023-10-04T18:00:11"`, the sending system's local time) so a mapping can read an instant.
 * Fields are chosen by name, never by value: `BELNR 20231004` is an order number, not a date.
 * A value that is not a plausible date stays as it is, so mapping quarantines it with its path.
 */
const DATE_TIME_PAIRS: ReadonlyArray<readonly [date: string, time: string]> = [
  ['CREDAT', 'CRETIM'], // EDI_DC40: when the IDoc was created
  ['DATUM', 'UZEIT'], // E1EDK02/E1EDK03/E1EDP02/E1EDP03: qualified dates
  ['EDATU', 'EZEIT'], // E1EDP20: schedule line delivery date
  ['GSTRP', 'GSUZP'], // E1AFKOL: basic start
  ['GLTRP', 'GLUZP'], // E1AFKOL: basic finish
  ['GSTRS', 'GSUZS'], // E1AFKOL: scheduled start
  ['GLTRS', 'GLUZS'], // E1AFKOL: scheduled finish
  ['GSTRI', 'GSUZI'], // E1AFKOL: actual start
  ['GLTRI', 'GLUZI'], // E1AFKOL: actual finish
  ['ERDAT', 'ERZET'], // created on / at
]

const DATES_ONLY: readonly string[] = ['ERSDA', 'LAEDA', 'AEDAT', 'FTRMS', 'FTRMI', 'GETRI', 'BSTDK', 'LFDAT', 'VDATU']

const SAP_DATE = /^(\d{4})(\d{2})(\d{2})$/
const SAP_TIME = /^(\d{2})(\d{2})(\d{2})$/

export function normaliseSapDates(fields: JsonObject): void {
  for (const [dateName, timeName] of DATE_TIME_PAIRS) {
    const date = rewrite(fields, dateName, isoDate)
    const time = rewrite(fields, timeName, isoTime)
    if (date && time) fields[`${dateName}_${timeName}`] = `${date}T${time}`
  }
  for (const name of DATES_ONLY) rewrite(fields, name, isoDate)
}

/** Rewrites one field when it converts; returns the ISO value (undefined when absent, empty or odd). */
function rewrite(fields: JsonObject, name: string, convert: (raw: string) => string | undefined): string | undefined {
  const raw = fields[name]
  if (typeof raw !== 'string') return undefined
  const iso = convert(raw)
  if (iso === undefined) return undefined
  fields[name] = iso
  return iso === '' ? undefined : iso
}

function isoDate(raw: string): string | undefined {
  if (raw === '00000000') return ''
  const m = SAP_DATE.exec(raw)
  if (m === null) return undefined
  const [, y, mo, d] = m
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined
  return `${y}-${mo}-${d}`
}

function isoTime(raw: string): string | undefined {
  const m = SAP_TIME.exec(raw)
  if (m === null) return undefined
  const [, h, mi, s] = m
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined
  return `${h}:${mi}:${s}`
}
