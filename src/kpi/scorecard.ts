import type { Database } from '../store/database'
import { PERSPECTIVES } from './kpi.catalogue'
import { statusOf } from './kpi-status'
import { loadTenantSettings, type TenantSettings } from './kpi-target.store'
import type { KpiDefinition, KpiMeasure } from './kpi.types'
import { describePeriod, periodQuery, type Period } from './period'

/**
 * The balanced scorecard of a tenant for a period: every KPI of the catalogue with its value, its
 * target (the tenant's or the default), its status, and where to find the rows behind it.
 */

/** The KPI's parameters: the catalogue's defaults, overridden by the tenant's. */
export function parametersOf(kpi: KpiDefinition, settings: TenantSettings): Record<string, number> {
  const defaults = Object.fromEntries(Object.entries(kpi.parameters ?? {}).map(([name, p]) => [name, p.default]))
  return { ...defaults, ...settings.parameters.get(kpi.id) }
}

export function targetOf(kpi: KpiDefinition, settings: TenantSettings): { target: number; targetIsDefault: boolean } {
  const own = settings.targets.get(kpi.id)
  return own === undefined ? { target: kpi.target, targetIsDefault: true } : { target: own, targetIsDefault: false }
}

/** A KPI's value judged against its target, with what it means; `drillDown` names the rows behind it. */
export function kpiView(kpi: KpiDefinition, measure: KpiMeasure, settings: TenantSettings, drillDown: string) {
  const { target, targetIsDefault } = targetOf(kpi, settings)
  const parameters = kpi.parameters ? parametersOf(kpi, settings) : undefined
  return {
    id: kpi.id,
    name: kpi.name,
    value: measure.value,
    target,
    targetIsDefault,
    status: statusOf(measure.value, target, kpi.direction),
    ...(measure.reason && measure.value === null ? { reason: measure.reason } : {}),
    unit: kpi.unit,
    direction: kpi.direction,
    scope: kpi.scope,
    numerator: measure.numerator,
    denominator: measure.denominator,
    ...(parameters ? { parameters } : {}),
    definition: kpi.definition,
    drillDown,
  }
}

export interface ScorecardLinks {
  /** The drill-down address of a KPI's rows for a period query string (`period=2026-Q3`). */
  rows(kpiId: string, periodQuery: string): string
}

export async function computeScorecard(db: Database, tenantId: string, period: Period, links: ScorecardLinks) {
  const settings = await loadTenantSettings(db, tenantId)
  const query = periodQuery(period)
  const perspectives = await Promise.all(
    PERSPECTIVES.map(async (p) => ({
      id: p.id,
      name: p.name,
      kpis: await Promise.all(
        p.kpis.map(async (kpi) => kpiView(kpi, await kpi.compute({ db, tenantId, period, params: parametersOf(kpi, settings) }), settings, links.rows(kpi.id, query))),
      ),
    })),
  )
  return { period: describePeriod(period), perspectives }
}
