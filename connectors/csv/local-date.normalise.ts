import type { CsvDates } from './csv.config'

/**
 * Dates written the local way turned into ISO 8601 (`24.03.2024` → `2024-03-24`, with a time
 * `2024-03-24T13:45:00`), which mappings read with `as: date` / `as: datetime` in the mapping's
 * time zone. Only the order of the parts is taken from the config; whether the day exists (30
 * February) is left to the mapping, which rejects it with its path. Text that does not have the
 * shape comes back unchanged, so the mapping rejects that too, instead of the connector guessing.
 * SAP writes an empty date as `00000000` (and `00.00.0000`): that becomes empty text, i.e. no date.
 */
const separated = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/
const compact = /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2})(?::?(\d{2}))?)?$/

export function createDateNormaliser(order: CsvDates['order']): (text: string) => string {
  return (text) => {
    const trimmed = text.trim()
    const parts = readParts(trimmed, order)
    if (parts === undefined) return text
    const { year, month, day, hour, minute, second } = parts
    if (Number(year) === 0 && Number(month) === 0 && Number(day) === 0) return ''
    if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > 31) return text
    const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
    if (hour === undefined) return date
    if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? '0') > 59) return text
    return `${date}T${hour.padStart(2, '0')}:${minute}:${second ?? '00'}`
  }
}

interface DateParts {
  year: string
  month: string
  day: string
  hour?: string
  minute?: string
  second?: string
}

function readParts(text: string, order: CsvDates['order']): DateParts | undefined {
  if (order === 'ymd') {
    const c = compact.exec(text)
    if (c !== null) return { year: c[1], month: c[2], day: c[3], hour: c[4], minute: c[5], second: c[6] }
  }
  const s = separated.exec(text)
  if (s === null) return undefined
  const [, a, , b, c, hour, minute, second] = s
  const time = { hour, minute, second }
  if (order === 'ymd') return a.length === 4 && c.length <= 2 ? { year: a, month: b, day: c, ...time } : undefined
  if (c.length !== 4 || a.length > 2) return undefined
  return order === 'dmy' ? { year: c, month: b, day: a, ...time } : { year: c, month: a, day: b, ...time }
}
