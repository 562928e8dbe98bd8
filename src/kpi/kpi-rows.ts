import { NotFoundError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { findKpi } from './kpi.catalogue'
import { fromRows } from './kpi.measure'
import { loadTenantSettings } from './kpi-target.store'
import { describePeriod, type Period } from './period'
import { parametersOf } from './scorecard'

/** SQL's snake_case columns as the API's camelCase keys. */
function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()), v]))
}

export interface RowsPage {
  limit: number
  offset: number
}

/**
 * The rows behind a KPI for a period, a page at a time: the very rows its value is aggregated from
 * (see overRows), in a stable order. A KPI the hub cannot measure has none, and says why.
 */
export async function kpiRows(db: Database, tenantId: string, kpiId: string, period: Period, page: RowsPage) {
  const kpi = findKpi(kpiId)
  if (!kpi) throw new NotFoundError('KPI', kpiId)
  const settings = await loadTenantSettings(db, tenantId)
  const ctx = { db, tenantId, period, params: parametersOf(kpi, settings) }
  const head = { kpi: { id: kpi.id, name: kpi.name, unit: kpi.unit, scope: kpi.scope }, period: describePeriod(period) }
  const q = kpi.rows(ctx)
  if (!q) {
    const { reason } = await kpi.compute(ctx)
    return { ...head, data: [], total: 0, limit: page.limit, offset: page.offset, reason }
  }
  const n = q.params.length
  const [rows, count] = await Promise.all([
    db.pool.query(`SELECT r.* FROM ${fromRows(q)} ORDER BY ${q.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [...q.params, page.limit, page.offset]),
    db.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${fromRows(q)}`, q.params),
  ])
  return { ...head, data: rows.rows.map(camelRow), total: count.rows[0].total, limit: page.limit, offset: page.offset }
}
