import { Router } from 'express'
import { z } from 'zod'
import { kpiRows } from '../kpi/kpi-rows'
import { listKpis, resetKpiTarget, setKpiParameters, setKpiTarget } from '../kpi/kpi-settings'
import { kpiTrend } from '../kpi/kpi-trend'
import { findKpi } from '../kpi/kpi.catalogue'
import { GRAINS, parseDay, withPeriod } from '../kpi/period'
import { computeScorecard } from '../kpi/scorecard'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const ScorecardQuery = withPeriod({})
const RowsQuery = withPeriod(Paging.shape)
const TrendQuery = z
  .object({
    kpi: z.string().refine((id) => findKpi(id) !== undefined, { message: 'is not a KPI of the catalogue (GET /v1/scorecard/kpis lists them)' }),
    periods: z.coerce.number().int().min(1).max(36).default(6),
    grain: z.enum(GRAINS).default('month'),
    until: z
      .string()
      .refine((d) => parseDay(d) !== null, { message: 'must be a calendar day YYYY-MM-DD' })
      .optional(),
  })
  .strict()

const BASE = '/v1/scorecard'

/** The balanced scorecard: KPIs in four perspectives with targets, status and drill-down. */
export function scorecardRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('scorecard:read'), async (req, res) => {
    const q = parseQuery(ScorecardQuery, req)
    res.json(await computeScorecard(deps.db, authOf(res).tenantId, q.period, { rows: (id, query) => `${BASE}/kpis/${id}/rows?${query}` }))
  })
  r.get('/kpis', requirePermission('scorecard:read'), async (_req, res) => {
    res.json(await listKpis(deps.db, authOf(res).tenantId))
  })
  r.get('/kpis/:id/rows', requirePermission('scorecard:read'), async (req, res) => {
    const q = parseQuery(RowsQuery, req)
    res.json(await kpiRows(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q.period, q))
  })
  r.get('/trend', requirePermission('scorecard:read'), async (req, res) => {
    const q = parseQuery(TrendQuery, req)
    const now = deps.clock.now()
    res.json(await kpiTrend(deps.db, authOf(res).tenantId, q.kpi, { grain: q.grain, periods: q.periods, until: q.until ? parseDay(q.until)! : now }, now))
  })
  r.put('/targets/:kpi', requirePermission('scorecard:write'), async (req, res) => {
    res.json(await setKpiTarget(deps.db, authOf(res).tenantId, pathParam(req, 'kpi'), req.body))
  })
  r.delete('/targets/:kpi', requirePermission('scorecard:write'), async (req, res) => {
    res.json(await resetKpiTarget(deps.db, authOf(res).tenantId, pathParam(req, 'kpi')))
  })
  r.put('/parameters/:kpi', requirePermission('scorecard:write'), async (req, res) => {
    res.json(await setKpiParameters(deps.db, authOf(res).tenantId, pathParam(req, 'kpi'), req.body))
  })
  return r
}
