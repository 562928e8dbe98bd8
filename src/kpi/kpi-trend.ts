import { NotFoundError, ValidationError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { findKpi } from './kpi.catalogue'
import { statusOf } from './kpi-status'
import { loadTenantSettings } from './kpi-target.store'
import { describePeriod, trailingPeriods, type Grain } from './period'
import { parametersOf, targetOf } from './scorecard'

export interface TrendRequest {
  grain: Grain
  periods: number
  /** The last period is the one holding this instant. */
  until: Date
}

/**
 * A KPI over the last N calendar periods, oldest first, each judged against today's target. The last
 * period may still be running (`partial`). Snapshot KPIs have no history to show.
 */
export async function kpiTrend(db: Database, tenantId: string, kpiId: string, request: TrendRequest, now: Date) {
  const kpi = findKpi(kpiId)
  if (!kpi) throw new NotFoundError('KPI', kpiId)
  if (kpi.scope === 'snapshot') {
    throw new ValidationError(`${kpi.id} is a snapshot of the master data as it is now; its past values are not kept`, [{ path: 'query.kpi', message: 'has no history (a snapshot KPI)' }])
  }
  const settings = await loadTenantSettings(db, tenantId)
  const params = parametersOf(kpi, settings)
  const { target } = targetOf(kpi, settings)
  const points = await Promise.all(
    trailingPeriods(request.grain, request.periods, request.until).map(async (period) => {
      const m = await kpi.compute({ db, tenantId, period, params })
      return {
        period: describePeriod(period),
        partial: period.to > now,
        value: m.value,
        status: statusOf(m.value, target, kpi.direction),
        numerator: m.numerator,
        denominator: m.denominator,
        ...(m.value === null && m.reason ? { reason: m.reason } : {}),
      }
    }),
  )
  return { kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit, direction: kpi.direction, target }, grain: request.grain, points }
}
