import { z } from 'zod'

/**
 * The time a scorecard measures: a calendar year, quarter or month (`2026`, `2026-Q3`, `2026-11`) or
 * a range of days (`from=2026-01-01&to=2026-03-31`, both days included). Days are UTC days. Internally
 * a period is the half-open interval [from, to) so that an order at 23:59 on the last day counts and
 * one at 00:00 the next day does not. Growth and retention compare with `previous`: the calendar unit
 * before (Q2 for Q3, October for November, 2025 for 2026) or, for a range, as many days right before.
 */
export type Grain = 'year' | 'quarter' | 'month'
export const GRAINS = ['year', 'quarter', 'month'] as const satisfies readonly Grain[]

export interface Interval {
  label: string
  /** First instant (UTC midnight of the first day). */
  from: Date
  /** First instant after the period (UTC midnight of the day after the last). */
  to: Date
}

export interface Period extends Interval {
  grain: Grain | 'range'
  previous: Interval
}

const DAY_MS = 86_400_000
/** A range longer than this is more likely a typo than a question a scorecard answers. */
export const MAX_RANGE_DAYS = 3660

const utc = (y: number, m0: number, d = 1) => new Date(Date.UTC(y, m0, d))
const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `2026-07-01`: the UTC day of an instant. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10)
}

function calendarLabel(grain: Grain, start: Date): string {
  const y = pad(start.getUTCFullYear(), 4)
  if (grain === 'year') return y
  if (grain === 'quarter') return `${y}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`
  return `${y}-${pad(start.getUTCMonth() + 1)}`
}

const MONTHS_OF: Record<Grain, number> = { year: 12, quarter: 3, month: 1 }

/** The calendar interval of `grain` that starts `offset` units after the one holding `at`. */
function calendarInterval(grain: Grain, at: Date, offset = 0): Interval {
  const months = MONTHS_OF[grain]
  const startMonth = Math.floor(at.getUTCMonth() / months) * months + offset * months
  const from = utc(at.getUTCFullYear(), startMonth)
  const to = utc(at.getUTCFullYear(), startMonth + months)
  return { label: calendarLabel(grain, from), from, to }
}

/** The calendar period of `grain` holding the instant `at`, with its previous one. */
export function calendarPeriod(grain: Grain, at: Date): Period {
  return { ...calendarInterval(grain, at), grain, previous: calendarInterval(grain, at, -1) }
}

/** A range of whole days, `last` included; the previous period has as many days and ends where this one starts. */
export function rangePeriod(first: Date, last: Date): Period {
  const from = utc(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate())
  const to = new Date(utc(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate()).getTime() + DAY_MS)
  const days = Math.round((to.getTime() - from.getTime()) / DAY_MS)
  const previousFrom = new Date(from.getTime() - days * DAY_MS)
  return {
    label: rangeLabel(from, to),
    from,
    to,
    grain: 'range',
    previous: { label: rangeLabel(previousFrom, from), from: previousFrom, to: from },
  }
}

function rangeLabel(from: Date, to: Date): string {
  return `${isoDay(from)}..${isoDay(new Date(to.getTime() - DAY_MS))}`
}

/** `YYYY-MM-DD` as a real calendar day, or null (2026-02-30 is not one). */
export function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = utc(y, mo - 1, d)
  return y >= 1970 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null
}

/** `2026`, `2026-Q3` or `2026-11` as a period; a string saying what is wrong otherwise. */
export function parsePeriodLabel(text: string): Period | string {
  const m = /^(\d{4})(?:-(?:Q([1-4])|(\d{2})))?$/i.exec(text.trim())
  if (!m) return 'must be a year (2026), a quarter (2026-Q3) or a month (2026-11)'
  const year = Number(m[1])
  if (year < 1970) return 'must be a year from 1970 on'
  if (m[2]) return calendarPeriod('quarter', utc(year, (Number(m[2]) - 1) * 3))
  if (m[3]) {
    const month = Number(m[3])
    if (month < 1 || month > 12) return `has no month ${m[3]} (01 to 12)`
    return calendarPeriod('month', utc(year, month - 1))
  }
  return calendarPeriod('year', utc(year, 0))
}

const periodShape = {
  period: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
}
type PeriodFields = { period?: string; from?: string; to?: string }

/**
 * A period from request fields: `period` or `from` and `to`; each problem is reported on the
 * field that has it, so a caller sees which one to fix.
 */
export function periodFrom(v: PeriodFields, ctx: z.RefinementCtx): Period | typeof z.NEVER {
  const issue = (path: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [path], message })
    return z.NEVER
  }
  if (v.period !== undefined) {
    if (v.from !== undefined || v.to !== undefined) return issue('period', 'give either period or from and to, not both')
    const p = parsePeriodLabel(v.period)
    return typeof p === 'string' ? issue('period', p) : p
  }
  if (v.from === undefined && v.to === undefined) return issue('period', 'is required: a year (2026), a quarter (2026-Q3), a month (2026-11), or from and to (YYYY-MM-DD)')
  if (v.from === undefined) return issue('from', 'is required with to (YYYY-MM-DD)')
  if (v.to === undefined) return issue('to', 'is required with from (YYYY-MM-DD, the last day included)')
  const first = parseDay(v.from)
  if (!first) return issue('from', 'must be a calendar day YYYY-MM-DD')
  const last = parseDay(v.to)
  if (!last) return issue('to', 'must be a calendar day YYYY-MM-DD')
  if (last < first) return issue('to', 'must not be before from')
  const days = (last.getTime() - first.getTime()) / DAY_MS + 1
  if (days > MAX_RANGE_DAYS) return issue('to', `gives ${days} days; a range may span at most ${MAX_RANGE_DAYS}`)
  return rangePeriod(first, last)
}

/** A query schema: the period fields plus `extra`, parsed into `{ period, ...extra }`. */
export function withPeriod<S extends z.ZodRawShape>(extra: S) {
  return z.object({ ...periodShape, ...extra }).transform((v, ctx) => {
    const { period: _p, from: _f, to: _t, ...rest } = v as PeriodFields & Record<string, unknown>
    const period = periodFrom(v as PeriodFields, ctx)
    return { ...(rest as Omit<z.infer<z.ZodObject<S>>, keyof PeriodFields>), period: period as Period }
  })
}

/** The query string that names `period` again (drill-down links, trend points). */
export function periodQuery(period: Period): string {
  if (period.grain !== 'range') return `period=${period.label}`
  return `from=${isoDay(period.from)}&to=${isoDay(new Date(period.to.getTime() - DAY_MS))}`
}

/** The last `count` calendar periods of `grain`, oldest first, the last one holding `until`. */
export function trailingPeriods(grain: Grain, count: number, until: Date): Period[] {
  const out: Period[] = []
  for (let i = count - 1; i >= 0; i--) {
    const { from } = calendarInterval(grain, until, -i)
    out.push(calendarPeriod(grain, from))
  }
  return out
}

/** How a period is shown: first and last day (both included), and the previous period alike. */
export function describePeriod(period: Period) {
  const show = (i: Interval) => ({ label: i.label, from: isoDay(i.from), to: isoDay(new Date(i.to.getTime() - DAY_MS)) })
  return { ...show(period), grain: period.grain, previous: show(period.previous) }
}
