import { fmScore, quintileScores, RFM_GRID, RFM_SEGMENTS, scoreRfm, segmentFor, type RfmCustomer } from '../../src/crm/rfm'

const asOf = new Date('2024-06-30T12:00:00Z')

const customer = (id: string, lastOrderAt: string, orders: number, revenue: number): RfmCustomer => ({ id, lastOrderAt: new Date(lastOrderAt), orders, revenue })

/**
 * Ten customers, n = 10, so score = floor(rank * 5 / 10) + 1 = floor(rank / 2) + 1:
 * ranks 0–1 → 1, 2–3 → 2, 4–5 → 3, 6–7 → 4, 8–9 → 5. Ties take the score of their first rank.
 *
 * Recency, worst (most days) first:
 *   J 400 (0→1), I 200 (1→1), H 90 (2→2), G 60 (3→2), F 45 (4→3), E 30 (5→3), C 12 (6→4),
 *   B 10 / D 10 tied at ranks 7–8 → both 4 (rank 8 alone would be 5), A 2 (9→5).
 *   D ordered at 06:00 and B at 12:00: 10 days 6 hours and 10 days are both 10 whole days.
 * Frequency (orders), ascending:
 *   B 1 / H 1 tied at ranks 0–1 → 1, F 2 / J 2 at 2–3 → 2, D 3 (4→3),
 *   C 5 / E 5 tied at ranks 5–6 → both 3 (rank 6 alone would be 4), G 9 (7→4), A 12 (8→5), I 15 (9→5).
 * Monetary (revenue), ascending:
 *   H 100 (0→1), B 150 (1→1), D 300 (2→2), J 450 (3→2), F 800 (4→3), E 2500 (5→3),
 *   C 4000 (6→4), G 6000 (7→4), A 9000 (8→5), I 12000 (9→5).
 * FM = (F + M) / 2 rounded half up: C (3+4) → 4, D (3+2) → 3, F (2+3) → 3 — half-to-even would
 * give D and F 2, which moves F from Need Attention to About To Sleep.
 */
const TEN = [
  customer('A', '2024-06-27T20:00:00Z', 12, 9000), // 2 days 16 hours: whole days, rounded down
  customer('B', '2024-06-20T12:00:00Z', 1, 150), // 10 days
  customer('C', '2024-06-18T12:00:00Z', 5, 4000), // 12 days
  customer('D', '2024-06-20T06:00:00Z', 3, 300), // 10 days 6 hours
  customer('E', '2024-05-31T12:00:00Z', 5, 2500), // 30 days
  customer('F', '2024-05-16T12:00:00Z', 2, 800), // 45 days
  customer('G', '2024-05-01T12:00:00Z', 9, 6000), // 60 days
  customer('H', '2024-04-01T12:00:00Z', 1, 100), // 90 days
  customer('I', '2023-12-13T12:00:00Z', 15, 12000), // 200 days
  customer('J', '2023-05-27T12:00:00Z', 2, 450), // 400 days
]

const EXPECTED_TEN = [
  { id: 'A', recencyDays: 2, r: 5, f: 5, m: 5, score: '555', segment: 'Champions' },
  { id: 'B', recencyDays: 10, r: 4, f: 1, m: 1, score: '411', segment: 'Promising' },
  { id: 'C', recencyDays: 12, r: 4, f: 3, m: 4, score: '434', segment: 'Loyal' },
  { id: 'D', recencyDays: 10, r: 4, f: 3, m: 2, score: '432', segment: 'Potential Loyalist' },
  { id: 'E', recencyDays: 30, r: 3, f: 3, m: 3, score: '333', segment: 'Need Attention' },
  { id: 'F', recencyDays: 45, r: 3, f: 2, m: 3, score: '323', segment: 'Need Attention' },
  { id: 'G', recencyDays: 60, r: 2, f: 4, m: 4, score: '244', segment: 'At Risk' },
  { id: 'H', recencyDays: 90, r: 2, f: 1, m: 1, score: '211', segment: 'Hibernating' },
  { id: 'I', recencyDays: 200, r: 1, f: 5, m: 5, score: '155', segment: 'Cannot Lose Them' },
  { id: 'J', recencyDays: 400, r: 1, f: 2, m: 2, score: '122', segment: 'Lost' },
]

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))

describe('RFM scoring', () => {
  test('the hand-computed ten-customer example gets the expected R, F, M and segment per customer', () => {
    expect(scoreRfm(asOf, TEN)).toEqual(EXPECTED_TEN)
  })

  test('results come back in input order', () => {
    expect(scoreRfm(asOf, [...TEN].reverse()).map((s) => s.id)).toEqual(['J', 'I', 'H', 'G', 'F', 'E', 'D', 'C', 'B', 'A'])
  })

  test('tied values get the same score, that of their first rank, whatever the input order', () => {
    const reversed = scoreRfm(asOf, [...TEN].reverse())
    const rotated = scoreRfm(asOf, [...TEN.slice(5), ...TEN.slice(0, 5)])
    expect(byId(reversed)).toEqual(EXPECTED_TEN)
    expect(byId(rotated)).toEqual(EXPECTED_TEN)
    // The ties that straddle a quintile boundary in particular: B/D on recency, C/E on frequency.
    for (const result of [reversed, rotated]) {
      const of = (id: string) => result.find((s) => s.id === id)
      expect([of('B')?.r, of('D')?.r]).toEqual([4, 4])
      expect([of('C')?.f, of('E')?.f]).toEqual([3, 3])
    }
  })

  test('quintile scores give every tied group its first rank’s score, including a fully tied set', () => {
    // n = 5: rank i scores i + 1. The two 20s hold ranks 1–2 → 2; the two 40s ranks 3–4 → 4.
    expect(quintileScores([40, 10, 20, 40, 20])).toEqual([4, 1, 2, 4, 2])
    expect(quintileScores([7, 7, 7, 7])).toEqual([1, 1, 1, 1])
    expect(quintileScores([])).toEqual([])
  })

  test('a single customer scores 111 and is Lost: with no one to rank against, it holds the first rank', () => {
    expect(scoreRfm(asOf, [customer('solo', '2024-06-29T12:00:00Z', 40, 50_000)])).toEqual([
      { id: 'solo', recencyDays: 1, r: 1, f: 1, m: 1, score: '111', segment: 'Lost' },
    ])
  })

  test('no customers gives no scores', () => {
    expect(scoreRfm(asOf, [])).toEqual([])
  })

  test('FM is the average of F and M rounded half up', () => {
    expect(fmScore(2, 3)).toBe(3)
    expect(fmScore(3, 4)).toBe(4)
    expect(fmScore(1, 2)).toBe(2)
    expect(fmScore(5, 1)).toBe(3)
    expect(fmScore(1, 1)).toBe(1)
  })
})

describe('RFM segment grid', () => {
  test('covers every one of the 25 (R, FM) cells exactly once', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const rows = RFM_GRID.filter((c) => r >= c.r[0] && r <= c.r[1] && fm >= c.fm[0] && fm <= c.fm[1])
        expect({ r, fm, rows: rows.length }).toEqual({ r, fm, rows: 1 })
      }
    }
  })

  test('has no row reaching outside 1..5 or empty, and uses each of the 11 segments', () => {
    for (const c of RFM_GRID) {
      expect(c.r[0]).toBeGreaterThanOrEqual(1)
      expect(c.r[1]).toBeLessThanOrEqual(5)
      expect(c.fm[0]).toBeGreaterThanOrEqual(1)
      expect(c.fm[1]).toBeLessThanOrEqual(5)
      expect(c.r[0]).toBeLessThanOrEqual(c.r[1])
      expect(c.fm[0]).toBeLessThanOrEqual(c.fm[1])
    }
    expect(RFM_SEGMENTS).toHaveLength(11)
    expect(new Set(RFM_GRID.map((c) => c.segment))).toEqual(new Set(RFM_SEGMENTS))
  })

  test('segmentFor maps each cell as the grid is specified', () => {
    // Rows R 5 (top) to R 1, columns FM 1..5.
    const expected = [
      ['New Customers', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
      ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Champions'],
      ['About To Sleep', 'About To Sleep', 'Need Attention', 'Loyal', 'Loyal'],
      ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', 'Cannot Lose Them'],
      ['Lost', 'Lost', 'At Risk', 'At Risk', 'Cannot Lose Them'],
    ]
    const actual = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((fm) => segmentFor(r, fm)))
    expect(actual).toEqual(expected)
  })

  test('segmentFor rejects scores outside 1..5 and fractions', () => {
    expect(() => segmentFor(0, 3)).toThrow(RangeError)
    expect(() => segmentFor(3, 6)).toThrow(RangeError)
    expect(() => segmentFor(2.5, 3)).toThrow(RangeError)
  })
})

describe('RFM input validation', () => {
  const valid = customer('ok-1', '2024-06-01T00:00:00Z', 2, 100)

  test.each([
    ['negative revenue', customer('c-7', '2024-06-01T00:00:00Z', 2, -5), /customer c-7: revenue/],
    ['non-finite revenue', customer('c-7', '2024-06-01T00:00:00Z', 2, Number.NaN), /customer c-7: revenue/],
    ['zero orders', customer('c-8', '2024-06-01T00:00:00Z', 0, 100), /customer c-8: orders/],
    ['fractional orders', customer('c-8', '2024-06-01T00:00:00Z', 1.5, 100), /customer c-8: orders/],
    ['an invalid last order date', customer('c-9', 'not a date', 2, 100), /customer c-9: lastOrderAt/],
    ['a last order after asOf', customer('c-9', '2024-07-01T00:00:00Z', 2, 100), /customer c-9: lastOrderAt/],
    ['a duplicate id', customer('ok-1', '2024-06-02T00:00:00Z', 1, 10), /customer ok-1: id/],
  ])('%s is an error naming the customer and the field', (_, bad, message) => {
    expect(() => scoreRfm(asOf, [valid, bad])).toThrow(message)
  })

  test('an invalid asOf is an error naming asOf', () => {
    expect(() => scoreRfm(new Date('nonsense'), [valid])).toThrow(/asOf/)
  })
})
