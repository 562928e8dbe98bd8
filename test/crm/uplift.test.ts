import { controlGroupSplit, controlSize, normalCdf, responseStats, type GroupOutcome } from '../../src/crm/uplift'

/** Every number anywhere in a value, to check that none is NaN or infinite. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn)
  return []
}

const group = (size: number, responders: number, revenue: number): GroupOutcome => ({ size, responders, revenue })

describe('standard normal CDF', () => {
  test.each([
    [0, 0.5],
    [1.96, 0.9750021],
    [-1, 0.1586553],
    [3, 0.9986501],
    [-3, 0.0013499],
  ])('Φ(%d) ≈ %d to 7 decimals', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 7)
  })

  test('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (const x of [0.3, 1.2345, 2.5, 4.99, 5, 6.5]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 12)
  })

  test('keeps relative precision in the far tail, on both sides of the switch at |x| = 5', () => {
    // Reference values: 0.5 · erfc(−x / √2) in double precision.
    const relative = (x: number, expected: number) => Math.abs(normalCdf(x) - expected) / expected
    expect(relative(-4.99, 3.0189646252084903e-7)).toBeLessThan(1e-9)
    expect(relative(-5, 2.866515718791946e-7)).toBeLessThan(1e-9)
    expect(relative(-6, 9.865876450377012e-10)).toBeLessThan(1e-9)
    expect(relative(-8, 6.220960574271819e-16)).toBeLessThan(1e-9)
  })

  test('is 0 and 1 at the infinities and rejects NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0)
    expect(normalCdf(Infinity)).toBe(1)
    expect(() => normalCdf(Number.NaN)).toThrow(RangeError)
  })
})

describe('campaign response and uplift', () => {
  test('the hand-computed example: 50 of 1000 treated and 5 of 200 control responded', () => {
    /*
     * Rates: treated 50 / 1000 = 0.05, control 5 / 200 = 0.025 → uplift 0.025, relative 0.025 / 0.025 = 1.
     * Incremental responders 0.025 × 1000 = 25. Revenue per target 5000 / 1000 = 5 and 600 / 200 = 3
     * → incremental revenue (5 − 3) × 1000 = 2000.
     * Pooled p = 55 / 1200 = 0.0458333; p(1 − p) = 0.0437326; 1/1000 + 1/200 = 0.006;
     * SE = √(0.0437326 × 0.006) = √0.000262396 = 0.0161986; z = 0.025 / 0.0161986 = 1.54334.
     * Φ(1.54334) = 0.938626 → p = 2 × (1 − 0.938626) = 0.12275: not significant at 95%.
     */
    const stats = responseStats({ treated: group(1000, 50, 5000), control: group(200, 5, 600) })
    expect(stats.treated).toEqual({ rate: 0.05, revenuePerTarget: 5 })
    expect(stats.control).toEqual({ rate: 0.025, revenuePerTarget: 3 })
    expect(stats.uplift?.rate).toBeCloseTo(0.025, 12)
    expect(stats.uplift?.relative).toBeCloseTo(1, 12)
    expect(stats.uplift?.incrementalResponders).toBeCloseTo(25, 9)
    expect(stats.uplift?.incrementalRevenue).toBeCloseTo(2000, 9)
    expect(stats.significance?.z).toBeCloseTo(1.54334, 4)
    expect(stats.significance?.pValue).toBeCloseTo(0.12275, 4)
    expect(stats.significance?.significantAt95).toBe(false)
  })

  test('a control group with no responders gives no relative uplift, but still a z-test', () => {
    /*
     * Treated 20 / 500 = 0.04, control 0 / 100 = 0 → uplift 0.04, relative null (nothing to scale by).
     * Pooled p = 20 / 600 = 0.0333333; p(1 − p) = 0.0322222; 1/500 + 1/100 = 0.012;
     * SE = √0.000386667 = 0.0196638; z = 0.04 / 0.0196638 = 2.03419; p = 2 × Φ(−2.03419) = 0.04193 → significant.
     */
    const stats = responseStats({ treated: group(500, 20, 1000), control: group(100, 0, 0) })
    expect(stats.control).toEqual({ rate: 0, revenuePerTarget: 0 })
    expect(stats.uplift?.rate).toBeCloseTo(0.04, 12)
    expect(stats.uplift?.relative).toBeNull()
    expect(stats.uplift?.incrementalResponders).toBeCloseTo(20, 9)
    expect(stats.uplift?.incrementalRevenue).toBeCloseTo(1000, 9)
    expect(stats.significance?.z).toBeCloseTo(2.03419, 4)
    expect(stats.significance?.pValue).toBeCloseTo(0.04193, 4)
    expect(stats.significance?.significantAt95).toBe(true)
  })

  test('nobody responding in either group is no difference (z 0, p 1), not 0/0', () => {
    const stats = responseStats({ treated: group(300, 0, 0), control: group(100, 0, 0) })
    expect(stats.uplift).toEqual({ rate: 0, relative: null, incrementalResponders: 0, incrementalRevenue: 0 })
    expect(stats.significance).toEqual({ z: 0, pValue: 1, significantAt95: false })
  })

  test('an empty control group gives null control rates, uplift and significance, and no NaN', () => {
    const stats = responseStats({ treated: group(1000, 50, 5000), control: group(0, 0, 0) })
    expect(stats).toEqual({
      treated: { rate: 0.05, revenuePerTarget: 5 },
      control: { rate: null, revenuePerTarget: null },
      uplift: null,
      significance: null,
    })
    expect(numbersIn(stats).every(Number.isFinite)).toBe(true)
  })

  test('two empty groups give nulls throughout and no NaN', () => {
    const stats = responseStats({ treated: group(0, 0, 0), control: group(0, 0, 0) })
    expect(stats).toEqual({
      treated: { rate: null, revenuePerTarget: null },
      control: { rate: null, revenuePerTarget: null },
      uplift: null,
      significance: null,
    })
    expect(numbersIn(stats)).toEqual([])
  })

  test.each([
    ['more responders than targets', group(10, 11, 0), /treated\.responders/],
    ['a fractional size', group(10.5, 1, 0), /treated\.size/],
    ['a negative size', group(-1, 0, 0), /treated\.size/],
    ['negative revenue', group(10, 1, -1), /treated\.revenue/],
    ['revenue in an empty group', group(0, 0, 5), /treated\.revenue/],
  ])('%s is rejected, naming the group and field', (_, treated, message) => {
    expect(() => responseStats({ treated, control: group(10, 1, 0) })).toThrow(message)
  })
})

describe('control group split', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `cust-${String(i).padStart(4, '0')}`)

  /** A fixed permutation (stride 7 is coprime with 1000), so the test does not depend on Math.random. */
  const shuffled = ids.map((_, i) => ids[(i * 7) % ids.length])

  test('is reproducible: the same ids, share and seed give the same split', () => {
    expect(controlGroupSplit(ids, 0.2, 'spring-2025')).toEqual(controlGroupSplit([...ids], 0.2, 'spring-2025'))
  })

  test('does not depend on input order', () => {
    expect(new Set(shuffled).size).toBe(ids.length)
    expect(controlGroupSplit(shuffled, 0.2, 'spring-2025')).toEqual(controlGroupSplit(ids, 0.2, 'spring-2025'))
    expect(controlGroupSplit([...ids].reverse(), 0.2, 'spring-2025')).toEqual(controlGroupSplit(ids, 0.2, 'spring-2025'))
  })

  test('has exactly round(share × n) control customers and puts every id in exactly one group', () => {
    const split = controlGroupSplit(ids, 0.2, 'spring-2025')
    expect(split.control).toHaveLength(200)
    expect(split.treated).toHaveLength(800)
    expect([...split.control, ...split.treated].sort()).toEqual(ids)
    // 0.29 × 50 is 14.5 (14.4999… in floating point) and rounds half up to 15.
    expect(controlGroupSplit(ids.slice(0, 50), 0.29, 'x').control).toHaveLength(15)
  })

  test.each([
    [7, 0.1, 1], // 0.7
    [10, 0.25, 3], // 2.5, half up
    [3, 0.1, 0], // 0.3
    [0, 0.5, 0],
    [100, 0, 0],
    [100, 0.9, 90],
  ])('control size for n = %d, share = %d is %d', (n, share, expected) => {
    expect(controlSize(n, share)).toBe(expected)
  })

  test('different seeds give different control groups', () => {
    const a = controlGroupSplit(ids, 0.2, 'spring-2025').control
    const b = controlGroupSplit(ids, 0.2, 'summer-2025').control
    expect(a).not.toEqual(b)
    // Independent draws of 200 from 1000 share about 40 ids; far from all 200.
    const overlap = a.filter((id) => b.includes(id)).length
    expect(overlap).toBeLessThan(100)
  })

  test('the control group is not simply the first ids in order', () => {
    const control = controlGroupSplit(ids, 0.2, 'spring-2025').control
    expect(control).not.toEqual(ids.slice(0, 200))
    expect(control.some((id) => id >= 'cust-0500')).toBe(true)
  })

  test('returns both groups sorted by id', () => {
    const split = controlGroupSplit(shuffled, 0.3, 'autumn')
    expect(split.control).toEqual([...split.control].sort())
    expect(split.treated).toEqual([...split.treated].sort())
  })

  test.each([
    ['a negative share', -0.1, 'seed', /share/],
    ['a share above 0.9', 0.95, 'seed', /share/],
    ['a NaN share', Number.NaN, 'seed', /share/],
    ['an empty seed', 0.2, '', /seed/],
  ])('rejects %s', (_, share, seed, message) => {
    expect(() => controlGroupSplit(ids, share, seed)).toThrow(message)
  })

  test('rejects duplicate ids', () => {
    expect(() => controlGroupSplit(['a', 'b', 'a'], 0.5, 'seed')).toThrow(/distinct/)
  })
})
