import { createHash } from 'node:crypto'

/**
 * Campaign response and uplift against a random control group: the control group is held back
 * from the campaign, so the difference between the groups is what the campaign caused, not what
 * the targeted customers would have done anyway. Pure: counts in, figures out.
 */

/** What happened in one group over the campaign's response window. */
export interface GroupOutcome {
  /** Customers in the group (targets); a whole number. */
  size: number
  /** Customers who responded (ordered, clicked …); a whole number, at most `size`. */
  responders: number
  /** Revenue from the group in the window, not negative. */
  revenue: number
}

export interface CampaignOutcome {
  treated: GroupOutcome
  control: GroupOutcome
}

export interface GroupRates {
  /** responders / size; null for an empty group. */
  rate: number | null
  /** revenue / size; null for an empty group. */
  revenuePerTarget: number | null
}

export interface Uplift {
  /** Absolute: treated.rate − control.rate. */
  rate: number
  /** uplift / control.rate; null when nobody in the control group responded (no base to scale by). */
  relative: number | null
  /** Responders the campaign added: uplift × treated.size. */
  incrementalResponders: number
  /** Revenue the campaign added: (treated − control revenue per target) × treated.size. */
  incrementalRevenue: number
}

export interface Significance {
  z: number
  /** Two-sided. */
  pValue: number
  significantAt95: boolean
}

export interface ResponseStats {
  treated: GroupRates
  control: GroupRates
  /** Null when either group is empty: there is nothing to compare. */
  uplift: Uplift | null
  /** Null when either group is empty. */
  significance: Significance | null
}

/**
 * Standard normal CDF Φ(x), accurate to about 1e-15 absolute (far inside the 1e-7 a p-value
 * needs). Two well-known expansions, each where it converges fast:
 * - |x| < 5: Φ(x) = ½ + φ(x) · Σₖ x^(2k+1) / (1·3·5···(2k+1)). All terms share the sign of x, so
 *   the sum has no cancellation; about 60 terms at |x| = 5.
 * - |x| ≥ 5: the upper tail Q(t) = φ(t) / (t + 1/(t + 2/(t + 3/(t + …)))) (Laplace's continued
 *   fraction), evaluated from the inside out. Used in the tail because there the series would
 *   compute Φ(−t) as ½ minus nearly ½, losing the tail's relative precision.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('normalCdf: x is NaN')
  const t = Math.abs(x)
  if (t < 5) {
    let term = x
    let sum = x
    for (let k = 1; ; k++) {
      term *= (x * x) / (2 * k + 1)
      if (sum + term === sum) break
      sum += term
    }
    return 0.5 + sum * normalPdf(x)
  }
  // 100 levels are more than enough at t ≥ 5 (the fraction converges faster the larger t is).
  let fraction = t
  for (let k = 100; k >= 1; k--) fraction = t + k / fraction
  const tail = normalPdf(t) / fraction
  return x > 0 ? 1 - tail : tail
}

function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
}

function validateGroup(name: string, g: GroupOutcome): void {
  const bad = (field: string, why: string) => new RangeError(`${name}.${field} ${why}`)
  if (!Number.isInteger(g.size) || g.size < 0) throw bad('size', `must be a whole number of at least 0 (got ${g.size})`)
  if (!Number.isInteger(g.responders) || g.responders < 0 || g.responders > g.size) throw bad('responders', `must be a whole number from 0 to size ${g.size} (got ${g.responders})`)
  if (!Number.isFinite(g.revenue) || g.revenue < 0) throw bad('revenue', `must be a finite number of at least 0 (got ${g.revenue})`)
  // An empty group cannot have earned anything; revenue there means the groups were mixed up.
  if (g.size === 0 && g.revenue !== 0) throw bad('revenue', `must be 0 for an empty group (got ${g.revenue})`)
}

function groupRates(g: GroupOutcome): GroupRates {
  if (g.size === 0) return { rate: null, revenuePerTarget: null }
  return { rate: g.responders / g.size, revenuePerTarget: g.revenue / g.size }
}

/**
 * Two-proportion z-test with the pooled proportion: under "the campaign changes nothing" both
 * groups share one response rate, best estimated from both groups together. When that pooled rate
 * is 0 or 1 (nobody or everybody responded, in both groups) the standard error is 0 and z would be
 * 0/0; the two rates are then identical, so this returns z 0 and p 1 — no evidence of a
 * difference — rather than NaN.
 */
export function twoProportionZTest(treated: GroupOutcome, control: GroupOutcome): Significance {
  const pooled = (treated.responders + control.responders) / (treated.size + control.size)
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / treated.size + 1 / control.size))
  if (standardError === 0) return { z: 0, pValue: 1, significantAt95: false }
  const z = (treated.responders / treated.size - control.responders / control.size) / standardError
  // Φ(−|z|) rather than 1 − Φ(|z|): the subtraction would lose small p-values to rounding.
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)))
  return { z, pValue, significantAt95: pValue < 0.05 }
}

/**
 * Response rates, uplift and its significance. Any empty group makes the comparison (uplift and
 * significance) null instead of NaN or Infinity, so the figures can go straight into JSON.
 */
export function responseStats(outcome: CampaignOutcome): ResponseStats {
  validateGroup('treated', outcome.treated)
  validateGroup('control', outcome.control)
  const treated = groupRates(outcome.treated)
  const control = groupRates(outcome.control)
  if (treated.rate === null || control.rate === null || treated.revenuePerTarget === null || control.revenuePerTarget === null) {
    return { treated, control, uplift: null, significance: null }
  }
  const rate = treated.rate - control.rate
  const uplift: Uplift = {
    rate,
    relative: control.rate === 0 ? null : rate / control.rate,
    incrementalResponders: rate * outcome.treated.size,
    incrementalRevenue: (treated.revenuePerTarget - control.revenuePerTarget) * outcome.treated.size,
  }
  return { treated, control, uplift, significance: twoProportionZTest(outcome.treated, outcome.control) }
}

export interface ControlGroupSplit {
  /** Sorted by id. */
  treated: string[]
  /** Sorted by id. */
  control: string[]
}

/** sha256 of seed and id; the NUL keeps ("ab", "c") and ("a", "bc") apart. */
function splitKey(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex')
}

/**
 * The number of control customers: share × n rounded half up. The product is nudged by 1e-9
 * because binary fractions can land just below a half (0.29 × 50 is 14.4999…98 in floating
 * point), which would round the planned 14.5 down; a product truly within 1e-9 below a half is
 * then rounded up too, which moves the count by one customer at most.
 */
export function controlSize(n: number, share: number): number {
  return Math.floor(share * n + 0.5 + 1e-9)
}

/**
 * Splits customers into a treated and a control group. Control is the round(share × n) ids with
 * the lowest sha256(seed, id) — an exact count rather than "hash below a threshold", so the
 * control group is the size the campaign was planned with and not just close to it. Each id's
 * hash depends only on the id and the seed, so the split is reproducible, does not depend on the
 * input order, and a new seed (one per campaign) draws a new, independent control group. Both
 * lists are returned sorted by id so the output does not carry the input order either.
 */
export function controlGroupSplit(ids: readonly string[], share: number, seed: string): ControlGroupSplit {
  if (!Number.isFinite(share) || share < 0 || share > 0.9) throw new RangeError(`share must be from 0 to 0.9 (got ${share})`)
  // An empty seed is almost certainly a missing campaign id: every campaign would get the same control group.
  if (seed === '') throw new RangeError('seed must not be empty')
  if (new Set(ids).size !== ids.length) throw new RangeError('ids must be distinct')
  const byKey = ids.map((id) => ({ id, key: splitKey(seed, id) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const size = controlSize(ids.length, share)
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return {
    treated: byKey.slice(size).map((e) => e.id).sort(byId),
    control: byKey.slice(0, size).map((e) => e.id).sort(byId),
  }
}
