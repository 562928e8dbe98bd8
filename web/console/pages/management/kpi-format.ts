import { fmtNumber, fmtPercent } from '../../ui/format'
import type { Direction, KpiUnit } from './scorecard.types'

/** How a KPI's numbers read: ratios as percentages, days with their unit, counts as they are. */

export function fmtKpi(value: number | null | undefined, unit: KpiUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (unit === 'ratio') return fmtPercent(value)
  if (unit === 'days') return `${fmtNumber(value)} ${value === 1 ? 'day' : 'days'}`
  return fmtNumber(value)
}

/** "≥ 80 %": the target with the side of it that meets it. */
export function fmtTarget(target: number, unit: KpiUnit, direction: Direction): string {
  return `${direction === 'higher' ? '≥' : '≤'} ${fmtKpi(target, unit)}`
}

export function directionText(direction: Direction): string {
  return direction === 'higher' ? 'higher is better' : 'lower is better'
}

export const UNIT_NAMES: Record<KpiUnit, string> = { ratio: 'a share (shown in %)', days: 'days', count: 'a number', currency: 'an amount in the order currency' }

/** The unit a target is typed in: percent for ratios, the KPI's own otherwise. */
export function inputUnit(unit: KpiUnit): string {
  return unit === 'ratio' ? '%' : unit === 'days' ? 'days' : ''
}

/** Chart values: ratios in percent, so the axis reads like the tiles. */
export function chartValue(value: number, unit: KpiUnit): number {
  return unit === 'ratio' ? round(value * 100) : value
}

const round = (n: number) => Number(n.toPrecision(12))

/** A target as the form shows it (80 for a ratio of 0.8). */
export function targetToInput(target: number, unit: KpiUnit): string {
  return String(unit === 'ratio' ? round(target * 100) : target)
}

const NUMBER = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/

/**
 * What the form sends for the typed text: the number in the hub's units, or the text itself when it
 * is not a number, so the hub's own validation names the field and says what it wants.
 */
export function inputToTarget(text: string, unit: KpiUnit): number | string | undefined {
  const t = text.trim()
  if (!t) return undefined
  if (!NUMBER.test(t)) return t
  const n = Number(t.replace(',', '.'))
  return unit === 'ratio' ? round(n / 100) : n
}

/** A parameter's typed text: a number, the text when it is not one (the hub says why), or undefined. */
export function inputToNumber(text: string): number | string | undefined {
  const t = text.trim()
  if (!t) return undefined
  return NUMBER.test(t) ? Number(t.replace(',', '.')) : t
}
