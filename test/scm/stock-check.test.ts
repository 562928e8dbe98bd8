import { type AtpEvent, type AtpResult, computeAtp } from '../../src/scm/atp'
import { type CampaignOffer, type StockCheckInput, checkCampaignStock } from '../../src/scm/stock-check'

const onHand = (quantity: string): AtpEvent => ({ date: null, quantity, kind: 'on_hand' })
const week = (supplies: AtpEvent[], demands: AtpEvent[] = []): AtpResult =>
  computeAtp({ today: '2025-03-01', from: '2025-03-01', to: '2025-03-07', supplies, demands })

/** atp 2, 2, 2, 7, 7, 7, 7 (on hand 10, order 8 on day 2, receipt 20 on day 4, order 15 on day 5; see atp.test.ts). */
const A = week([onHand('10'), { date: '2025-03-04', quantity: '20', kind: 'receipt' }], [
  { date: '2025-03-02', quantity: '8', kind: 'order' },
  { date: '2025-03-05', quantity: '15', kind: 'order' },
])
/** atp 100 every day. */
const B = week([onHand('100')])
/** atp 3 every day, nothing coming in. */
const C = week([onHand('3')])
/** Over-committed: on hand 3, an order of 5 on day 2, so atp -2 every day. */
const D = week([onHand('3')], [{ date: '2025-03-02', quantity: '5', kind: 'order' }])

const ATP = { A, B, C, D }
const offer = (sku: string, responseRate: number, quantityPerResponse: string): CampaignOffer => ({ sku, responseRate, quantityPerResponse })
const check = (targets: number, offers: CampaignOffer[], promiseDate = '2025-03-01') => checkCampaignStock({ targets, promiseDate, offers, atp: ATP })

describe('checkCampaignStock', () => {
  test('feasible: every SKU demand fits its ATP on the promise date', () => {
    // A: 1000 × 0.001 × 2 = 2 ≤ atp 2 (exactly). B: 1000 × 0.05 × 1 = 50 ≤ 100.
    // Max targets: A 2 / 0.002 = 1000, B 100 / 0.05 = 2000, capped at the 1000 planned.
    expect(check(1000, [offer('A', 0.001, '2'), offer('B', 0.05, '1')])).toEqual({
      feasible: true,
      skus: [
        { sku: 'A', known: true, demand: '2', atpAtPromise: '2', shortBy: '0', earliestFeasibleDate: '2025-03-01' },
        { sku: 'B', known: true, demand: '50', atpAtPromise: '100', shortBy: '0', earliestFeasibleDate: '2025-03-01' },
      ],
      earliestFeasibleDate: '2025-03-01',
      maxFeasibleTargets: 1000,
    })
  })

  test('short: shortfall, earliest date when the receipt lands, and the largest target count that fits', () => {
    // A: 1000 × 0.0025 × 2 = 5 > atp 2 → short by 3; atp reaches 7 ≥ 5 on 03-04.
    // B: 1000 × 0.05 × 1.5 = 75 ≤ 100.
    // Max targets: A n × 0.005 ≤ 2 → n ≤ 400; B n × 0.075 ≤ 100 → n ≤ 1333.3 → 1333; so 400.
    expect(check(1000, [offer('A', 0.0025, '2'), offer('B', 0.05, '1.5')])).toEqual({
      feasible: false,
      skus: [
        { sku: 'A', known: true, demand: '5', atpAtPromise: '2', shortBy: '3', earliestFeasibleDate: '2025-03-04' },
        { sku: 'B', known: true, demand: '75', atpAtPromise: '100', shortBy: '0', earliestFeasibleDate: '2025-03-01' },
      ],
      earliestFeasibleDate: '2025-03-04',
      maxFeasibleTargets: 400,
    })
    // The same campaign promised from the receipt's day is feasible.
    expect(check(1000, [offer('A', 0.0025, '2'), offer('B', 0.05, '1.5')], '2025-03-04').feasible).toBe(true)
    // And 400 really is the edge: 400 targets fit (demand 2), 401 do not (2.005).
    expect(check(400, [offer('A', 0.0025, '2')]).feasible).toBe(true)
    expect(check(401, [offer('A', 0.0025, '2')]).skus[0].shortBy).toBe('0.005')
  })

  test('two offers on one SKU add up into one row', () => {
    // A: 1000 × 0.001 × 1 + 1000 × 0.0005 × 2 = 1 + 1 = 2 ≤ atp 2.
    const r = check(1000, [offer('A', 0.001, '1'), offer('B', 0.01, '1'), offer('A', 0.0005, '2')])
    expect(r.skus.map((s) => [s.sku, s.demand, s.shortBy])).toEqual([
      ['A', '2', '0'],
      ['B', '10', '0'],
    ])
    expect(r.feasible).toBe(true)
    // One more response's worth on A makes it short by exactly that: 2 + 1000 × 0.001 × 1 = 3, short 1.
    expect(check(1000, [offer('A', 0.001, '1'), offer('A', 0.0005, '2'), offer('A', 0.001, '1')]).skus[0].shortBy).toBe('1')
  })

  test('demand is rounded up to 6 decimals, once per SKU', () => {
    // 0.333333 × 0.5 = 0.1666665 per target.
    // 1 target: 0.1666665 → 0.166667. 3 targets: 0.4999995 → 0.5.
    expect(check(1, [offer('B', 1 / 3, '0.5')]).skus[0].demand).toBe('0.166667')
    expect(check(3, [offer('B', 1 / 3, '0.5')]).skus[0].demand).toBe('0.5')
    // Two such offers on one target: 0.1666665 + 0.1666665 = 0.333333 exactly (rounding each would give 0.333334).
    expect(check(1, [offer('B', 1 / 3, '0.5'), offer('B', 1 / 3, '0.5')]).skus[0].demand).toBe('0.333333')
  })

  test('maxFeasibleTargets is exact where floats are not, and respects rounding up', () => {
    // C has atp 3. 0.1 × 0.3 = 0.03 per target: 100 targets need exactly 3 (in floats 3 / (0.1 × 0.3) = 99.99…).
    const c = check(150, [offer('C', 0.1, '0.3')])
    expect(c.skus[0]).toMatchObject({ demand: '4.5', shortBy: '1.5', earliestFeasibleDate: null })
    expect(c.maxFeasibleTargets).toBe(100)
    // A has atp 2; 0.1666665 per target. 12 targets: 1.999998 ≤ 2; 13: 2.1666645 → 2.166665 > 2. So 12.
    // 20 targets: 3.33333, short 1.33333, atp 7 from 03-04.
    const a = check(20, [offer('A', 1 / 3, '0.5')])
    expect(a.skus[0]).toMatchObject({ demand: '3.33333', shortBy: '1.33333', earliestFeasibleDate: '2025-03-04' })
    expect(a.maxFeasibleTargets).toBe(12)
  })

  test('a SKU never feasible within the ATP horizon gives null, for itself and for the campaign', () => {
    // C: 100 × 0.1 × 1 = 10 > atp 3 on every day; A: 100 × 0.01 × 1 = 1 fits. Max: C 3 / 0.1 = 30.
    const r = check(100, [offer('A', 0.01, '1'), offer('C', 0.1, '1')])
    expect(r.skus.map((s) => [s.sku, s.shortBy, s.earliestFeasibleDate])).toEqual([
      ['A', '0', '2025-03-01'],
      ['C', '7', null],
    ])
    expect(r).toMatchObject({ feasible: false, earliestFeasibleDate: null, maxFeasibleTargets: 30 })
  })

  test('a SKU without ATP counts as 0 everywhere and says known: false', () => {
    // "constructor" is an inherited property of every object, not an ATP entry.
    const r = check(10, [offer('Z', 0.1, '1'), offer('constructor', 0.1, '1')])
    expect(r.skus).toEqual([
      { sku: 'Z', known: false, demand: '1', atpAtPromise: '0', shortBy: '1', earliestFeasibleDate: null },
      { sku: 'constructor', known: false, demand: '1', atpAtPromise: '0', shortBy: '1', earliestFeasibleDate: null },
    ])
    expect(r).toMatchObject({ feasible: false, earliestFeasibleDate: null, maxFeasibleTargets: 0 })
  })

  test('an over-committed SKU is short by the demand plus the over-commitment', () => {
    // D: atp -2; 10 × 0.1 × 1 = 1 → short by 1 - (-2) = 3; never feasible in the week; not even 1 target fits.
    expect(check(10, [offer('D', 0.1, '1')])).toEqual({
      feasible: false,
      skus: [{ sku: 'D', known: true, demand: '1', atpAtPromise: '-2', shortBy: '3', earliestFeasibleDate: null }],
      earliestFeasibleDate: null,
      maxFeasibleTargets: 0,
    })
  })

  test('a zero response rate demands 0, which fits even an unknown or over-committed SKU', () => {
    const r = check(1000, [offer('Z', 0, '5'), offer('D', 0, '5'), offer('B', 0.01, '1')])
    expect(r.skus.map((s) => [s.sku, s.demand, s.shortBy, s.earliestFeasibleDate])).toEqual([
      ['Z', '0', '0', '2025-03-01'],
      ['D', '0', '0', '2025-03-01'],
      ['B', '10', '0', '2025-03-01'],
    ])
    // Only B limits the target count: 100 / 0.01 = 10000, capped at 1000.
    expect(r).toMatchObject({ feasible: true, earliestFeasibleDate: '2025-03-01', maxFeasibleTargets: 1000 })
  })

  test('zero targets demand nothing and are feasible', () => {
    expect(check(0, [offer('A', 0.5, '3')])).toMatchObject({ feasible: true, maxFeasibleTargets: 0, skus: [{ demand: '0', shortBy: '0' }] })
  })

  const valid: StockCheckInput = { targets: 10, promiseDate: '2025-03-01', offers: [offer('A', 0.1, '1'), offer('B', 0.1, '1')], atp: ATP }
  test.each<[string, Partial<StockCheckInput>, RegExp]>([
    ['negative targets', { targets: -1 }, /^targets must be a whole number, 0 or more, got -1/],
    ['fractional targets', { targets: 1.5 }, /^targets must be a whole number/],
    ['promise date malformed', { promiseDate: '2025-13-01' }, /^promiseDate must be a date as YYYY-MM-DD/],
    ['response rate above 1', { offers: [offer('A', 0.1, '1'), offer('B', 1.2, '1')] }, /^offers\[1\]\.responseRate must be between 0 and 1, got 1\.2/],
    ['response rate NaN', { offers: [offer('A', NaN, '1')] }, /^offers\[0\]\.responseRate must be between 0 and 1/],
    ['quantity malformed', { offers: [offer('A', 0.1, '1,5')] }, /^offers\[0\]\.quantityPerResponse must be a decimal.*"1,5"/],
    ['quantity negative', { offers: [offer('A', 0.1, '1'), offer('B', 0.1, '-1')] }, /^offers\[1\]\.quantityPerResponse must not be negative/],
    ['sku empty', { offers: [offer('', 0.1, '1')] }, /^offers\[0\]\.sku must be a non-empty string/],
    ['offers not a list', { offers: undefined }, /^offers must be an array/],
    ['ATP not reaching the promise date', { promiseDate: '2025-03-08' }, /^atp\["A"\] does not cover promiseDate 2025-03-08 \(it covers 2025-03-01\.\.2025-03-07\)/],
  ])('bad input names the path: %s', (_, change, message) => {
    expect(() => checkCampaignStock({ ...valid, ...change } as StockCheckInput)).toThrow(message)
  })
})
