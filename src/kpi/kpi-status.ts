/**
 * How a KPI stands against its target: on-track when it meets the target, at-risk when it misses by
 * at most 10 % of the target, off-track beyond that, no-data when there is no value to judge.
 */
export type Direction = 'higher' | 'lower'
export type KpiStatus = 'on-track' | 'at-risk' | 'off-track' | 'no-data'

/** The share of the target a KPI may miss by and still be at-risk rather than off-track. */
export const AT_RISK_TOLERANCE = 0.1

// Ratios come out of float arithmetic (2/3 × 3 is not always 2): a miss smaller than this is a meet.
const EPSILON = 1e-9

export function statusOf(value: number | null, target: number, direction: Direction): KpiStatus {
  if (value === null || !Number.isFinite(value)) return 'no-data'
  // How far the value falls short, in the KPI's own units (negative or zero: met or beaten).
  const shortfall = direction === 'higher' ? target - value : value - target
  if (shortfall <= EPSILON * Math.max(1, Math.abs(target))) return 'on-track'
  if (shortfall <= AT_RISK_TOLERANCE * Math.abs(target) + EPSILON) return 'at-risk'
  return 'off-track'
}
