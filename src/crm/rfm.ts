/**
 * RFM segmentation: each customer with at least one order gets a score of 1..5 for how recently
 * (R), how often (F) and how much (M) they bought, relative to the other customers, and a named
 * segment from R and the combined FM score. Pure: the caller passes the figures and the date to
 * measure recency from, so the same input always gives the same segments.
 */

/** What RFM needs of one customer, already aggregated over their orders. */
export interface RfmCustomer {
  id: string
  lastOrderAt: Date
  /** Number of orders; at least 1 (customers without orders have no recency to score). */
  orders: number
  /** Revenue over the same orders, not negative. */
  revenue: number
}

/** The segment names of the usual 11-segment RFM grid, from the best customers to the lost ones. */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New Customers',
  'Promising',
  'Need Attention',
  'About To Sleep',
  'At Risk',
  'Cannot Lose Them',
  'Hibernating',
  'Lost',
] as const

export type RfmSegment = (typeof RFM_SEGMENTS)[number]

export interface RfmScore {
  id: string
  /** Whole days from the last order to `asOf` (rounded down: an order 23 hours ago is 0 days). */
  recencyDays: number
  /** 1..5; fewer days since the last order → higher. */
  r: number
  /** 1..5; more orders → higher. */
  f: number
  /** 1..5; more revenue → higher. */
  m: number
  /** R, F and M written together, e.g. "545": the form people know from reports. */
  score: string
  segment: RfmSegment
}

/** One rectangle of the grid: every (R, FM) with R in `r` and FM in `fm` (both inclusive) is `segment`. */
export interface RfmGridCell {
  segment: RfmSegment
  r: readonly [number, number]
  fm: readonly [number, number]
}

/**
 * The grid as data, so that a test can check that it covers all 25 (R, FM) cells exactly once —
 * a gap would leave customers without a segment, an overlap would make the segment depend on the
 * order of these rows. Segments that are not rectangles (Champions, Loyal) take two rows.
 */
export const RFM_GRID: readonly RfmGridCell[] = [
  { segment: 'Champions', r: [5, 5], fm: [4, 5] },
  { segment: 'Champions', r: [4, 4], fm: [5, 5] },
  { segment: 'Loyal', r: [3, 3], fm: [4, 5] },
  { segment: 'Loyal', r: [4, 4], fm: [4, 4] },
  { segment: 'Potential Loyalist', r: [4, 5], fm: [2, 3] },
  { segment: 'New Customers', r: [5, 5], fm: [1, 1] },
  { segment: 'Promising', r: [4, 4], fm: [1, 1] },
  { segment: 'Need Attention', r: [3, 3], fm: [3, 3] },
  { segment: 'About To Sleep', r: [3, 3], fm: [1, 2] },
  { segment: 'At Risk', r: [1, 2], fm: [3, 4] },
  { segment: 'Cannot Lose Them', r: [1, 2], fm: [5, 5] },
  { segment: 'Hibernating', r: [2, 2], fm: [1, 2] },
  { segment: 'Lost', r: [1, 1], fm: [1, 2] },
]

const DAY_MS = 86_400_000

const isScore = (v: number) => Number.isInteger(v) && v >= 1 && v <= 5

/**
 * FM is the average of F and M rounded half up (F 2, M 3 → 3), not half to even: a customer who
 * is strong on one of the two should be lifted, and half-to-even would lift some and not others.
 * Integer arithmetic, so no floating-point .5 can fall either way.
 */
export function fmScore(f: number, m: number): number {
  if (!isScore(f) || !isScore(m)) throw new RangeError(`F and M must be whole numbers 1..5 (got F ${f}, M ${m})`)
  return Math.floor((f + m + 1) / 2)
}

/** The segment of the grid cell (R, FM). */
export function segmentFor(r: number, fm: number): RfmSegment {
  if (!isScore(r) || !isScore(fm)) throw new RangeError(`R and FM must be whole numbers 1..5 (got R ${r}, FM ${fm})`)
  const cell = RFM_GRID.find((c) => r >= c.r[0] && r <= c.r[1] && fm >= c.fm[0] && fm <= c.fm[1])
  // Unreachable while the grid covers every cell (tested); a clear error beats an undefined segment.
  if (!cell) throw new Error(`RFM grid has no segment for R ${r}, FM ${fm}`)
  return cell.segment
}

/**
 * Quintile scores 1..5 by rank, higher value → higher score: sorted ascending, rank i (from 0) of
 * n scores floor(i * 5 / n) + 1. Tied values all take the score of the first (lowest) rank of
 * their group. Without that, equal customers would be split between two scores by whatever order
 * the sort left them in, so the result would depend on input order; the lowest rank rather than
 * the highest, so that a large tie (every one-order customer) is not credited with a position
 * most of its members do not hold. One consequence: a single customer, or all customers tied,
 * score 1.
 */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b])
  const scores = new Array<number>(n)
  let firstRankOfGroup = 0
  for (let rank = 0; rank < n; rank++) {
    if (rank > 0 && values[order[rank]] !== values[order[rank - 1]]) firstRankOfGroup = rank
    scores[order[rank]] = Math.floor((firstRankOfGroup * 5) / n) + 1
  }
  return scores
}

/** Whole days from `lastOrderAt` to `asOf`; whole days so that two orders on the same day tie. */
export function daysBetween(lastOrderAt: Date, asOf: Date): number {
  return Math.floor((asOf.getTime() - lastOrderAt.getTime()) / DAY_MS)
}

const isValidDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime())

/**
 * Rejects input that would make the ranks meaningless, naming the customer and the field so the
 * bad row can be found in the source. An order after `asOf` is rejected too: it would get a
 * negative recency, which almost always means `asOf` is wrong.
 */
function validate(asOf: Date, customers: readonly RfmCustomer[]): void {
  if (!isValidDate(asOf)) throw new RangeError('RFM: asOf must be a valid date')
  const seen = new Set<string>()
  for (const c of customers) {
    const bad = (field: string, why: string) => new RangeError(`RFM: customer ${c.id}: ${field} ${why}`)
    if (seen.has(c.id)) throw bad('id', 'occurs more than once')
    seen.add(c.id)
    if (!isValidDate(c.lastOrderAt)) throw bad('lastOrderAt', 'must be a valid date')
    if (c.lastOrderAt.getTime() > asOf.getTime()) throw bad('lastOrderAt', `is after asOf (${asOf.toISOString()})`)
    if (!Number.isInteger(c.orders) || c.orders < 1) throw bad('orders', `must be a whole number of at least 1 (got ${c.orders})`)
    if (!Number.isFinite(c.revenue) || c.revenue < 0) throw bad('revenue', `must be a finite number of at least 0 (got ${c.revenue})`)
  }
}

/**
 * Scores every customer against the others. The result is in input order; the scores themselves
 * do not depend on it (ties share a score, see quintileScores).
 */
export function scoreRfm(asOf: Date, customers: readonly RfmCustomer[]): RfmScore[] {
  validate(asOf, customers)
  const recencyDays = customers.map((c) => daysBetween(c.lastOrderAt, asOf))
  // Fewer days is better: rank the negated days so the most recent customers come last (score 5).
  const r = quintileScores(recencyDays.map((d) => -d))
  const f = quintileScores(customers.map((c) => c.orders))
  const m = quintileScores(customers.map((c) => c.revenue))
  return customers.map((c, i) => ({
    id: c.id,
    recencyDays: recencyDays[i],
    r: r[i],
    f: f[i],
    m: m[i],
    score: `${r[i]}${f[i]}${m[i]}`,
    segment: segmentFor(r[i], fmScore(f[i], m[i])),
  }))
}
