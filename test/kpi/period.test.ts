import { z } from 'zod'
import { calendarPeriod, describePeriod, parseDay, parsePeriodLabel, periodQuery, rangePeriod, trailingPeriods, withPeriod, type Period } from '../../src/kpi/period'

const day = (s: string) => new Date(`${s}T00:00:00Z`)
const shown = (p: Period | string) => {
  if (typeof p === 'string') throw new Error(p)
  return describePeriod(p)
}

describe('period labels', () => {
  test('a quarter runs from its first day to its last, and its previous period is the quarter before', () => {
    const p = parsePeriodLabel('2026-Q3') as Period
    expect(p.from).toEqual(day('2026-07-01'))
    expect(p.to).toEqual(day('2026-10-01'))
    expect(shown(p)).toEqual({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30', grain: 'quarter', previous: { label: '2026-Q2', from: '2026-04-01', to: '2026-06-30' } })
    // The first quarter's previous one is in the year before.
    expect(shown(parsePeriodLabel('2026-q1')).previous).toEqual({ label: '2025-Q4', from: '2025-10-01', to: '2025-12-31' })
  })

  test('a month and a year, each with the calendar unit before it (leap years included)', () => {
    expect(shown(parsePeriodLabel('2026-11'))).toMatchObject({ label: '2026-11', from: '2026-11-01', to: '2026-11-30', previous: { label: '2026-10', from: '2026-10-01', to: '2026-10-31' } })
    expect(shown(parsePeriodLabel('2024-03')).previous).toEqual({ label: '2024-02', from: '2024-02-01', to: '2024-02-29' })
    expect(shown(parsePeriodLabel('2026-01')).previous.label).toBe('2025-12')
    expect(shown(parsePeriodLabel('2026'))).toMatchObject({ grain: 'year', from: '2026-01-01', to: '2026-12-31', previous: { label: '2025', from: '2025-01-01', to: '2025-12-31' } })
  })

  test.each([
    ['2026-Q5', 'must be a year'],
    ['2026-13', 'has no month 13'],
    ['2026-00', 'has no month 00'],
    ['26-Q1', 'must be a year'],
    ['2026-11-01', 'must be a year'],
    ['1969', 'from 1970'],
    ['', 'must be a year'],
  ])('%j is refused: %s', (label, message) => {
    expect(parsePeriodLabel(label)).toEqual(expect.stringContaining(message))
  })
})

describe('ranges of days', () => {
  test('both days are included; the previous range has as many days and ends where this one starts', () => {
    const p = rangePeriod(day('2026-03-10'), day('2026-03-19'))
    expect(p.to).toEqual(day('2026-03-20'))
    expect(shown(p)).toEqual({ label: '2026-03-10..2026-03-19', from: '2026-03-10', to: '2026-03-19', grain: 'range', previous: { label: '2026-02-28..2026-03-09', from: '2026-02-28', to: '2026-03-09' } })
    expect(shown(rangePeriod(day('2026-05-01'), day('2026-05-01'))).previous).toMatchObject({ from: '2026-04-30', to: '2026-04-30' })
  })

  test('calendar days only', () => {
    expect(parseDay('2026-02-28')).toEqual(day('2026-02-28'))
    expect(parseDay('2026-02-29')).toBeNull()
    expect(parseDay('2024-02-29')).toEqual(day('2024-02-29'))
    expect(parseDay('2026-2-1')).toBeNull()
    expect(parseDay('yesterday')).toBeNull()
  })
})

describe('the period fields of a request', () => {
  const schema = withPeriod({ limit: z.coerce.number().int().default(5) })
  const issues = (q: Record<string, string>) => {
    const r = schema.safeParse(q)
    if (r.success) throw new Error('expected issues')
    return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  }

  test('period, or from and to, become one period; other fields pass through', () => {
    const a = schema.parse({ period: '2026-Q3', limit: '7' })
    expect(a.limit).toBe(7)
    expect(a.period.label).toBe('2026-Q3')
    expect(schema.parse({ from: '2026-01-01', to: '2026-03-31' }).period).toMatchObject({ grain: 'range', from: day('2026-01-01'), to: day('2026-04-01') })
  })

  test('each problem is reported on the field that has it', () => {
    expect(issues({ period: '2026-Q5' })).toEqual([{ path: 'period', message: expect.stringContaining('quarter (2026-Q3)') }])
    expect(issues({})).toEqual([{ path: 'period', message: expect.stringContaining('is required') }])
    expect(issues({ period: '2026', from: '2026-01-01' })).toEqual([{ path: 'period', message: expect.stringContaining('not both') }])
    expect(issues({ from: '2026-01-01' })).toEqual([{ path: 'to', message: expect.any(String) }])
    expect(issues({ to: '2026-01-01' })).toEqual([{ path: 'from', message: expect.any(String) }])
    expect(issues({ from: '2026-02-30', to: '2026-03-01' })).toEqual([{ path: 'from', message: expect.stringContaining('calendar day') }])
    expect(issues({ from: '2026-03-02', to: '2026-03-01' })).toEqual([{ path: 'to', message: 'must not be before from' }])
    expect(issues({ from: '2000-01-01', to: '2026-03-01' })).toEqual([{ path: 'to', message: expect.stringContaining('at most') }])
  })

  test('a period names itself again as a query string, so drill-down links ask for the same period', () => {
    expect(periodQuery(parsePeriodLabel('2026-Q3') as Period)).toBe('period=2026-Q3')
    const range = rangePeriod(day('2026-01-01'), day('2026-03-31'))
    expect(periodQuery(range)).toBe('from=2026-01-01&to=2026-03-31')
    expect(schema.parse(Object.fromEntries(new URLSearchParams(periodQuery(range)))).period).toEqual(range)
  })
})

describe('trailing periods for trends', () => {
  test('the last N calendar periods, oldest first, the last holding the given day', () => {
    expect(trailingPeriods('month', 3, new Date('2026-01-15T12:00:00Z')).map((p) => p.label)).toEqual(['2025-11', '2025-12', '2026-01'])
    expect(trailingPeriods('quarter', 5, day('2026-09-30')).map((p) => p.label)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'])
    expect(trailingPeriods('year', 2, day('2026-06-01')).map((p) => p.label)).toEqual(['2025', '2026'])
    // Each point compares with its own previous period.
    expect(calendarPeriod('month', day('2026-03-31')).previous.label).toBe('2026-02')
  })
})
