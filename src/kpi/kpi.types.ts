import type { Database } from '../store/database'
import type { Direction } from './kpi-status'
import type { Period } from './period'

export type PerspectiveId = 'financial' | 'customer' | 'internal-process' | 'learning-growth'
export type Unit = 'ratio' | 'days' | 'count' | 'currency'

/** What a KPI is computed in: the tenant, the period and the KPI's parameters (defaults or the tenant's). */
export interface KpiContext {
  db: Database
  tenantId: string
  period: Period
  params: Record<string, number>
}

/**
 * The rows behind a KPI, as one SELECT. Its placeholders are fixed for every KPI: $1 the tenant,
 * $2 and $3 the period's [from, to), $4 and $5 the previous period's; `params` holds all of them
 * plus the KPI's own from $6 on.
 */
export interface RowsQuery {
  sql: string
  params: unknown[]
  /** ORDER BY over the rows' columns, so pages are stable. */
  orderBy: string
}

export interface KpiMeasure {
  /** null: not measurable here; `reason` says why. */
  value: number | null
  numerator: number | null
  denominator: number | null
  reason?: string
}

export interface KpiParameter {
  default: number
  description: string
  min?: number
}

/** One KPI of the catalogue: what it means as data, how it is measured as code. */
export interface KpiDefinition {
  id: string
  perspective: PerspectiveId
  name: string
  unit: Unit
  direction: Direction
  /** Used unless the tenant set its own (kpi_target). */
  target: number
  /** What is counted, over what, and what is left out; shown to managers. */
  definition: string
  /** period: measured over the requested period; snapshot: the master data as it is now. */
  scope: 'period' | 'snapshot'
  parameters?: Record<string, KpiParameter>
  compute(ctx: KpiContext): Promise<KpiMeasure>
  /** The rows behind the value; null when the KPI cannot be measured from the hub's data. */
  rows(ctx: KpiContext): RowsQuery | null
}
