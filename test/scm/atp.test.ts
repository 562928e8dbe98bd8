import { type AtpEvent, type AtpInput, computeAtp, earliestDate, fromMicro, toMicro } from '../../src/scm/atp'

const onHand = (quantity: string): AtpEvent => ({ date: null, quantity, kind: 'on_hand' })
const receipt = (date: string, quantity: string): AtpEvent => ({ date, quantity, kind: 'receipt' })
const order = (date: string, quantity: string): AtpEvent => ({ date, quantity, kind: 'order' })

/** Day 1 is today: on hand 10, an order of 8 on day 2, a receipt of 20 on day 4, an order of 15 on day 5. */
const WEEK: AtpInput = {
  today: '2025-03-01',
  from: '2025-03-01',
  to: '2025-03-07',
  supplies: [onHand('10'), receipt('2025-03-04', '20')],
  demands: [order('2025-03-02', '8'), order('2025-03-05', '15')],
}

describe('decimal quantities as micro-units', () => {
  test.each([
    ['12', 12_000_000n, '12'],
    ['0.5', 500_000n, '0.5'],
    ['-3.25', -3_250_000n, '-3.25'],
    ['-2.5', -2_500_000n, '-2.5'],
    ['0.000001', 1n, '0.000001'],
    ['007.100', 7_100_000n, '7.1'],
    ['-0', 0n, '0'],
    ['123456789012345678.999999', 123456789012345678999999n, '123456789012345678.999999'],
  ])('%s is %d micro-units and reads back as %s', (text, micro, back) => {
    expect(toMicro(text)).toBe(micro)
    expect(fromMicro(micro)).toBe(back)
  })

  test.each(['', 'abc', '1.', '.5', '+1', '1e3', ' 1', '1,5', '1.2345678', '--1'])('malformed %j is refused with the value in the error', (bad) => {
    expect(() => toMicro(bad)).toThrow(JSON.stringify(bad))
  })

  test('the error names the field when the caller gives one', () => {
    expect(() => toMicro('x', 'demands[3].quantity')).toThrow(/^demands\[3\]\.quantity must be a decimal string/)
  })
})

describe('computeAtp', () => {
  test('hand-computed table: projected is cumulative supply minus demand, atp the lowest projected from that day on', () => {
    // projected: 10, 10-8=2, 2, 2+20=22, 22-15=7, 7, 7
    // atp:       min(10,2,2,22,7,7,7)=2, min(2,…)=2, 2, min(22,7,…)=7, 7, 7, 7
    const expected = [
      { date: '2025-03-01', supply: '10', demand: '0', projected: '10', atp: '2', promisable: '2' },
      { date: '2025-03-02', supply: '0', demand: '8', projected: '2', atp: '2', promisable: '2' },
      { date: '2025-03-03', supply: '0', demand: '0', projected: '2', atp: '2', promisable: '2' },
      { date: '2025-03-04', supply: '20', demand: '0', projected: '22', atp: '7', promisable: '7' },
      { date: '2025-03-05', supply: '0', demand: '15', projected: '7', atp: '7', promisable: '7' },
      { date: '2025-03-06', supply: '0', demand: '0', projected: '7', atp: '7', promisable: '7' },
      { date: '2025-03-07', supply: '0', demand: '0', projected: '7', atp: '7', promisable: '7' },
    ]
    expect(computeAtp(WEEK)).toEqual({ today: '2025-03-01', from: '2025-03-01', to: '2025-03-07', horizon: '2025-03-07', days: expected })
  })

  test('atp on day 1 is 2: neither the on hand 10 nor on hand plus the receipt (30)', () => {
    const day1 = computeAtp(WEEK).days[0]
    expect(day1.projected).toBe('10')
    expect(day1.atp).toBe('2')
  })

  test('projected equals the cumulative sum of everything dated on or before the day, also from a later start', () => {
    // Starting on day 3, the first row carries on hand and the day-2 order: 10 - 8 = 2.
    const r = computeAtp({ ...WEEK, from: '2025-03-03' })
    expect(r.days.map((d) => [d.date, d.supply, d.demand, d.projected])).toEqual([
      ['2025-03-03', '10', '8', '2'],
      ['2025-03-04', '20', '0', '22'],
      ['2025-03-05', '0', '15', '7'],
      ['2025-03-06', '0', '0', '7'],
      ['2025-03-07', '0', '0', '7'],
    ])
    let running = 0n
    for (const d of r.days) {
      running += toMicro(d.supply) - toMicro(d.demand)
      expect(fromMicro(running)).toBe(d.projected)
    }
  })

  test('a receipt after a demand is not promised to the days before the receipt', () => {
    // On hand 5, an order of 5 on day 2, a receipt of 10 on day 4.
    // projected: 5, 0, 0, 10; atp: min(5,0,0,10)=0, 0, 0, 10.
    const r = computeAtp({
      today: '2025-03-01',
      from: '2025-03-01',
      to: '2025-03-04',
      supplies: [onHand('5'), receipt('2025-03-04', '10')],
      demands: [order('2025-03-02', '5')],
    })
    expect(r.days.map((d) => [d.date, d.projected, d.atp])).toEqual([
      ['2025-03-01', '5', '0'],
      ['2025-03-02', '0', '0'],
      ['2025-03-03', '0', '0'],
      ['2025-03-04', '10', '10'],
    ])
    expect(earliestDate(r, '1', '2025-03-01')).toBe('2025-03-04')
  })

  test('an overdue demand, an undated demand and an overdue receipt all count today', () => {
    // today: on hand 10 + overdue receipt 3 - overdue order 4 - undated hold 1 = 8; day 2: order 2 → 6.
    const r = computeAtp({
      today: '2025-03-01',
      from: '2025-03-01',
      to: '2025-03-02',
      supplies: [onHand('10'), receipt('2025-02-25', '3')],
      demands: [order('2025-02-20', '4'), { date: null, quantity: '1', kind: 'campaign' }, order('2025-03-02', '2')],
    })
    expect(r.days).toEqual([
      { date: '2025-03-01', supply: '13', demand: '5', projected: '8', atp: '6', promisable: '6' },
      { date: '2025-03-02', supply: '0', demand: '2', projected: '6', atp: '6', promisable: '6' },
    ])
  })

  test('a demand dated after the range still holds stock back inside it (look-ahead to the last dated event)', () => {
    // On hand 10, an order of 6 on 03-20, range ends 03-07: projected 10 in range, atp 10 - 6 = 4.
    const r = computeAtp({ today: '2025-03-01', from: '2025-03-01', to: '2025-03-07', supplies: [onHand('10')], demands: [order('2025-03-20', '6')] })
    expect(r.horizon).toBe('2025-03-20')
    expect(new Set(r.days.map((d) => `${d.projected}/${d.atp}`))).toEqual(new Set(['10/4']))
  })

  test('over-commitment keeps a negative atp and a promisable of 0', () => {
    // On hand 3, an order of 5 on day 2: projected 3, -2; atp -2, -2.
    const r = computeAtp({ today: '2025-03-01', from: '2025-03-01', to: '2025-03-02', supplies: [onHand('3')], demands: [order('2025-03-02', '5')] })
    expect(r.days.map((d) => [d.projected, d.atp, d.promisable])).toEqual([
      ['3', '-2', '0'],
      ['-2', '-2', '0'],
    ])
  })

  test('decimals stay exact: 0.1 + 0.2 is 0.3, minus 0.05 is 0.25', () => {
    const r = computeAtp({
      today: '2025-03-01',
      from: '2025-03-01',
      to: '2025-03-02',
      supplies: [onHand('0.1'), receipt('2025-03-01', '0.2')],
      demands: [order('2025-03-02', '0.05')],
    })
    expect(r.days.map((d) => [d.supply, d.projected, d.atp])).toEqual([
      ['0.3', '0.3', '0.25'],
      ['0', '0.25', '0.25'],
    ])
  })

  test('matches a day-by-day reference (min of cumulative sums) on generated schedules', () => {
    // A small seeded generator, so a failure is reproducible.
    let seed = 42
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const date = (offset: number) => new Date(Date.UTC(2025, 2, 1 + offset)).toISOString().slice(0, 10)
    for (let round = 0; round < 50; round++) {
      const event = (kind: string): AtpEvent => {
        const offset = next(20) - 3 // some overdue, some beyond the range
        return { date: offset === -3 ? null : date(offset), quantity: fromMicro(BigInt(next(50_000_000))), kind }
      }
      const supplies = Array.from({ length: next(6) }, () => event('receipt'))
      const demands = Array.from({ length: next(6) }, () => event('order'))
      const r = computeAtp({ today: date(0), from: date(2), to: date(9), supplies, demands })
      const at = (e: AtpEvent) => (e.date === null || e.date < date(0) ? date(0) : e.date)
      const projectedAt = (d: string) =>
        supplies.filter((e) => at(e) <= d).reduce((s, e) => s + toMicro(e.quantity), 0n) - demands.filter((e) => at(e) <= d).reduce((s, e) => s + toMicro(e.quantity), 0n)
      r.days.forEach((day, i) => {
        let lowest = projectedAt(day.date)
        for (let k = 2 + i; k <= 17; k++) if (projectedAt(date(k)) < lowest) lowest = projectedAt(date(k))
        expect([day.date, day.projected, day.atp]).toEqual([day.date, fromMicro(projectedAt(day.date)), fromMicro(lowest)])
      })
    }
  })

  test.each<[string, Partial<AtpInput>, RegExp]>([
    ['today not a date', { today: '2025-3-1' }, /^today must be a date as YYYY-MM-DD, got "2025-3-1"/],
    ['from a day that does not exist', { from: '2025-02-30' }, /^from must be a date/],
    ['to missing', { to: undefined }, /^to must be a date/],
    ['to before from', { to: '2025-02-28' }, /^to \(2025-02-28\) must not be before from/],
    ['from before today', { today: '2025-03-02' }, /^from \(2025-03-01\) must not be before today/],
    // 2025-03-01..2035-02-28 is 3652 days (leap days in 2028 and 2032); to 03-09 makes 3661.
    ['a range over 3660 days', { to: '2035-03-09' }, /spans 3661 days, at most 3660/],
    ['a malformed supply quantity', { supplies: [onHand('10'), receipt('2025-03-04', '2.5.1')] }, /^supplies\[1\]\.quantity must be a decimal.*"2\.5\.1"/],
    ['a malformed demand date', { demands: [order('2025/03/02', '8')] }, /^demands\[0\]\.date must be a date as YYYY-MM-DD, got "2025\/03\/02"/],
    ['a demand without kind', { demands: [{ date: null, quantity: '1' } as AtpEvent] }, /^demands\[0\]\.kind must be a string/],
    ['supplies not a list', { supplies: undefined }, /^supplies must be an array/],
  ])('bad input names the field: %s', (_, change, message) => {
    expect(() => computeAtp({ ...WEEK, ...change } as AtpInput)).toThrow(message)
  })

  test('a range of exactly 3660 days is allowed', () => {
    expect(computeAtp({ ...WEEK, to: '2035-03-08' }).days).toHaveLength(3660)
  })
})

describe('earliestDate', () => {
  const week = computeAtp(WEEK) // atp 2, 2, 2, 7, 7, 7, 7

  test.each<[string, string, string | null]>([
    ['2', '2025-03-01', '2025-03-01'],
    ['2.000001', '2025-03-01', '2025-03-04'],
    ['5', '2025-03-01', '2025-03-04'],
    ['7', '2025-03-01', '2025-03-04'],
    ['8', '2025-03-01', null],
    ['1', '2025-03-05', '2025-03-05'],
    ['1', '2025-02-01', '2025-03-01'],
    ['1', '2025-03-08', null],
  ])('finds the first day with atp of at least %s on or after %s: %s', (quantity, onOrAfter, expected) => {
    expect(earliestDate(week, quantity, onOrAfter)).toBe(expected)
  })

  test('bad arguments name the argument', () => {
    expect(() => earliestDate(week, 'lots', '2025-03-01')).toThrow(/^quantity must be a decimal/)
    expect(() => earliestDate(week, '1', 'soon')).toThrow(/^onOrAfter must be a date/)
  })
})
