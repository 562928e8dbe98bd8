/** Formatting shared by every page: the browser's locale, dates in the browser's time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const numberFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const percentFmt = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 })

export function fmtDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d)
}

/** A calendar day `YYYY-MM-DD` as the locale writes it (no time-zone shift). */
export function fmtDay(day: string | null | undefined): string {
  if (!day) return '—'
  const [y, m, d] = day.slice(0, 10).split('-').map(Number)
  return Number.isNaN(y) ? day : dateOnly.format(new Date(y, m - 1, d))
}

/** Numbers and the hub's exact decimals (sent as strings). */
export function fmtNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? numberFmt.format(n) : String(value)
}

export function fmtPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : percentFmt.format(value)
}

/** "3 min ago" for recent times, the date otherwise. */
export function fmtAgo(value: string | Date | null | undefined): string {
  if (!value) return '—'
  const ms = Date.now() - new Date(value).getTime()
  if (!Number.isFinite(ms)) return String(value)
  if (ms < 0) return fmtDateTime(value)
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h ago`
  return fmtDateTime(value)
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
