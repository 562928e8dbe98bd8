import type { Grain, PeriodView } from './scorecard.types'

/**
 * The period a scorecard page shows, as the hash query holds it: `period=2026-Q3` (a year, quarter or
 * month) or `from` and `to` (days, both included), as the hub takes them. No period in the link means
 * the current quarter. Calendar units are UTC, as the hub counts them.
 */

export type PeriodSel = { period: string } | { from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0')

export function monthLabel(year: number, month0: number): string {
  return `${year}-${pad(month0 + 1)}`
}

export function quarterLabel(year: number, month0: number): string {
  return `${year}-Q${Math.floor(month0 / 3) + 1}`
}

export function currentQuarter(now = new Date()): string {
  return quarterLabel(now.getUTCFullYear(), now.getUTCMonth())
}

export function periodFromQuery(query: URLSearchParams): PeriodSel {
  const period = query.get('period')
  if (period) return { period }
  const from = query.get('from')
  const to = query.get('to')
  if (from || to) return { from: from ?? '', to: to ?? '' }
  return { period: currentQuarter() }
}

/** The query fields naming a period (for links and API calls). */
export function periodQuery(sel: PeriodSel): Record<string, string> {
  return 'period' in sel ? { period: sel.period } : { from: sel.from, to: sel.to }
}

export function periodKey(sel: PeriodSel): string {
  return 'period' in sel ? sel.period : `${sel.from}..${sel.to}`
}

export interface PeriodOption {
  value: string
  label: string
}

const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** Recent months, quarters and years to choose from, newest first. */
export function periodOptions(now = new Date()): Array<{ group: string; options: PeriodOption[] }> {
  const y = now.getUTCFullYear()
  const m = now.getUTCMonth()
  const months: PeriodOption[] = []
  for (let i = 0; i < 24; i++) {
    const d = new Date(Date.UTC(y, m - i, 1))
    months.push({ value: monthLabel(d.getUTCFullYear(), d.getUTCMonth()), label: `${monthName.format(d)}${i === 0 ? ' (so far)' : ''}` })
  }
  const quarters: PeriodOption[] = []
  for (let i = 0; i < 8; i++) {
    const d = new Date(Date.UTC(y, Math.floor(m / 3) * 3 - 3 * i, 1))
    const label = quarterLabel(d.getUTCFullYear(), d.getUTCMonth())
    quarters.push({ value: label, label: `${label}${i === 0 ? ' (so far)' : ''}` })
  }
  const years: PeriodOption[] = []
  for (let i = 0; i < 5; i++) years.push({ value: String(y - i), label: `${y - i}${i === 0 ? ' (so far)' : ''}` })
  return [
    { group: 'Quarters', options: quarters },
    { group: 'Months', options: months },
    { group: 'Years', options: years },
  ]
}

/** The grain a trend of this period is drawn in: its own, or months for a range of days. */
export function trendGrain(period: PeriodView): Grain {
  return period.grain && period.grain !== 'range' ? period.grain : 'month'
}

export const GRAIN_NAMES: Record<Grain, string> = { month: 'Months', quarter: 'Quarters', year: 'Years' }

/** "1 Jul 2026 – 30 Sep 2026". */
export function periodSpan(period: { from: string; to: string }, fmt: (day: string) => string): string {
  return period.from === period.to ? fmt(period.from) : `${fmt(period.from)} – ${fmt(period.to)}`
}
