import { Instant } from '../../src/canonical/canonical.types'
import { Rejection } from '../../src/mapping/coercion.types'
import { createDateCoercer, createDateTimeCoercer } from '../../src/mapping/datetime.coerce'

const utc = createDateTimeCoercer({ timeZone: 'UTC' })
const berlin = createDateTimeCoercer({ timeZone: 'Europe/Berlin' })

describe('datetime coercion', () => {
  it.each([
    ['2026-03-14T10:15:00Z', '2026-03-14T10:15:00.000Z'],
    ['2026-03-14T10:15:00.5+01:00', '2026-03-14T09:15:00.500Z'],
    ['2026-03-14T10:15:00-0530', '2026-03-14T15:45:00.000Z'],
    ['2026-03-14T10:15+02', '2026-03-14T08:15:00.000Z'],
    ['2026-03-14T10:15:00.123456Z', '2026-03-14T10:15:00.123Z'],
    ['2026-03-14 10:15:00', '2026-03-14T10:15:00.000Z'],
    ['2026-03-14', '2026-03-14T00:00:00.000Z'],
    ['/Date(1700000000000)/', '2023-11-14T22:13:20.000Z'],
    // The number is UTC already; the suffix only tells the offset the ERP displayed it in.
    ['/Date(1700000000000+0100)/', '2023-11-14T22:13:20.000Z'],
    ['/Date(-86400000)/', '1969-12-31T00:00:00.000Z'],
    [1700000000000, '2023-11-14T22:13:20.000Z'],
  ])('reads %p as %p (mapping zone UTC)', (input, expected) => {
    expect(utc(input)).toBe(expected)
  })

  it('produces text the canonical Instant schema accepts', () => {
    expect(Instant.safeParse(utc('2026-03-14T10:15:00+01:00')).success).toBe(true)
  })

  it.each([
    ['2026-03-28T12:00', '2026-03-28T11:00:00.000Z', 'winter time, the day before the change'],
    ['2026-03-29T01:59:59', '2026-03-29T00:59:59.000Z', 'the last second of winter time'],
    ['2026-03-29T03:00', '2026-03-29T01:00:00.000Z', 'the first minute of summer time'],
    ['2026-03-29T12:00', '2026-03-29T10:00:00.000Z', 'summer time, the day of the change'],
    ['2026-03-29T02:30', '2026-03-29T01:30:00.000Z', 'a skipped wall time moves forward by the gap (03:30 CEST)'],
    ['2026-10-25T02:30', '2026-10-25T00:30:00.000Z', 'a repeated wall time takes its earlier instant (still CEST)'],
    ['2026-10-25T03:30', '2026-10-25T02:30:00.000Z', 'winter time after the autumn change'],
    ['2026-07-01', '2026-06-30T22:00:00.000Z', 'a naive date is midnight local time'],
  ])('reads naive %p in Europe/Berlin as %p: %s', (input, expected) => {
    expect(berlin(input)).toBe(expected)
  })

  it('ignores the mapping zone when the text carries an offset', () => {
    expect(berlin('2026-07-01T12:00:00Z')).toBe(utc('2026-07-01T12:00:00Z'))
  })

  it('gives the same answer for a repeated zone conversion (cached offsets stay right across the change)', () => {
    const inputs = ['2026-03-29T01:30', '2026-03-29T03:30', '2026-03-29T01:30', '2026-03-29T03:30']
    expect(inputs.map((i) => berlin(i))).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z'])
  })

  it.each([['2026-02-30'], ['2026-13-01'], ['2026-03-14T24:00'], ['2026-03-14T10:61'], ['14.03.2026'], ['2026-03-14T10:15:00+25:00'], ['/Date(abc)/'], [1.5], [true], [''], [{}]])(
    'rejects %p',
    (input) => {
      expect(utc(input)).toBeInstanceOf(Rejection)
    },
  )
})

describe('date coercion', () => {
  const date = createDateCoercer({ timeZone: 'UTC' })
  const berlinDate = createDateCoercer({ timeZone: 'Europe/Berlin' })

  it.each([
    ['2026-03-14', '2026-03-14'],
    ['2024-02-29', '2024-02-29'],
    ['2026-03-14T23:30:00', '2026-03-14'],
    // The day as the source wrote it, in its own offset.
    ['2026-03-14T23:30:00-05:00', '2026-03-14'],
    ['/Date(1354665600000)/', '2012-12-05'],
    ['/Date(1354662000000+0100)/', '2012-12-05'],
  ])('reads %p as %p', (input, expected) => {
    expect(date(input)).toBe(expected)
  })

  it('reads epoch milliseconds as the day in the mapping zone', () => {
    const lateEveningUtc = Date.UTC(2026, 2, 14, 23, 30)
    expect(date(lateEveningUtc)).toBe('2026-03-14')
    expect(berlinDate(lateEveningUtc)).toBe('2026-03-15')
  })

  it.each([['2023-02-29'], ['not a date'], [null]])('rejects %p', (input) => {
    expect(date(input)).toBeInstanceOf(Rejection)
  })
})
