import type { Page } from '../../api'

/** The scorecard API's answers (src/api/scorecard.router.ts, src/kpi/*), as the pages read them. */

export type KpiStatus = 'on-track' | 'at-risk' | 'off-track' | 'no-data'
export type KpiUnit = 'ratio' | 'days' | 'count' | 'currency'
export type Direction = 'higher' | 'lower'
export type Grain = 'year' | 'quarter' | 'month'

export interface PeriodView {
  label: string
  /** First and last day, both included. */
  from: string
  to: string
  grain?: Grain | 'range'
  previous?: { label: string; from: string; to: string }
}

export interface ScorecardKpi {
  id: string
  name: string
  value: number | null
  target: number
  targetIsDefault: boolean
  status: KpiStatus
  /** Why there is no value (status no-data). */
  reason?: string
  unit: KpiUnit
  direction: Direction
  /** period: measured over the period; snapshot: the master data as it is now. */
  scope: 'period' | 'snapshot'
  numerator: number | null
  denominator: number | null
  parameters?: Record<string, number>
  definition: string
  drillDown: string
}

export interface Perspective {
  id: string
  name: string
  kpis: ScorecardKpi[]
}

export interface Scorecard {
  period: PeriodView
  perspectives: Perspective[]
}

export interface ParameterDefinition {
  default: number
  description: string
  min?: number
}

export interface CatalogueKpi {
  id: string
  perspective: string
  name: string
  unit: KpiUnit
  direction: Direction
  scope: 'period' | 'snapshot'
  target: number
  targetIsDefault: boolean
  defaultTarget: number
  parameters?: Record<string, number>
  parameterDefinitions?: Record<string, ParameterDefinition>
  definition: string
}

export interface TrendPoint {
  period: PeriodView
  /** The period is still running: its value is so far. */
  partial: boolean
  value: number | null
  status: KpiStatus
  numerator: number | null
  denominator: number | null
  reason?: string
}

export interface Trend {
  kpi: { id: string; name: string; unit: KpiUnit; direction: Direction; target: number }
  grain: Grain
  points: TrendPoint[]
}

export interface KpiRows extends Page<Record<string, unknown>> {
  kpi: { id: string; name: string; unit: KpiUnit; scope: 'period' | 'snapshot' }
  period: PeriodView
  /** Why a KPI the hub cannot measure has no rows. */
  reason?: string
}
