import { z } from 'zod'
import { kpiRows } from '../kpi/kpi-rows'
import { listKpis, resetKpiTarget, setKpiParameters, setKpiTarget, TargetBody } from '../kpi/kpi-settings'
import { kpiTrend } from '../kpi/kpi-trend'
import { findKpi, KPIS } from '../kpi/kpi.catalogue'
import { GRAINS, parseDay, withPeriod } from '../kpi/period'
import { computeScorecard } from '../kpi/scorecard'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

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
const PERIOD = 'The period is `period` (a year 2026, a quarter 2026-Q3, a month 2026-11) or `from` and `to` (YYYY-MM-DD, the last day included).'
/** Which KPIs take parameters, from the catalogue: the body of PUT /parameters/:kpi names some of them. */
const PARAMETERS = KPIS.flatMap((kpi) => Object.entries(kpi.parameters ?? {}).map(([name, p]) => `\`${name}\` of ${kpi.id}: ${p.description} (default ${p.default}${p.min !== undefined ? `, at least ${p.min}` : ''})`))

/** The balanced scorecard: KPIs in four perspectives with targets, status and drill-down. */
export function scorecardRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup(BASE, { name: 'Scorecard', description: 'The balanced scorecard: KPIs in four perspectives with target, status and the rows behind each.' })
  api.get(
    '/',
    {
      summary: 'The scorecard of a period',
      description: `KPIs in four perspectives with target and status (on-track, at-risk, off-track, no-data with its reason), each with a link to its rows. ${PERIOD}`,
      access: 'scorecard:read',
      query: ScorecardQuery,
      answers: [{ description: 'the perspectives and their KPIs' }],
    },
    async (_req, res, { query: q }) => {
      res.json(await computeScorecard(deps.db, authOf(res).tenantId, q.period, { rows: (id, query) => `${BASE}/kpis/${id}/rows?${query}` }))
    },
  )
  api.get('/kpis', { summary: 'The KPI catalogue', description: "What each KPI means and aims at, with the tenant's targets and parameters.", access: 'scorecard:read', answers: [{ description: '`{ data }`: the KPIs' }] }, async (_req, res) => {
    res.json(await listKpis(deps.db, authOf(res).tenantId))
  })
  api.get('/kpis/:id/rows', { summary: 'The rows behind a KPI', description: PERIOD, access: 'scorecard:read', query: RowsQuery, answers: [{ description: 'a page of the rows the KPI is computed from' }] }, async (req, res, { query: q }) => {
    res.json(await kpiRows(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q.period, q))
  })
  api.get('/trend', { summary: "A KPI's trend", description: 'The KPI over the last `periods` periods of `grain`, up to `until` (default today).', access: 'scorecard:read', query: TrendQuery, answers: [{ description: 'one point per period' }] }, async (_req, res, { query: q }) => {
    const now = deps.clock.now()
    res.json(await kpiTrend(deps.db, authOf(res).tenantId, q.kpi, { grain: q.grain, periods: q.periods, until: q.until ? parseDay(q.until)! : now }, now))
  })
  api.put('/targets/:kpi', { summary: "Set a KPI's target for the tenant", access: 'scorecard:write', parsedBody: TargetBody, answers: [{ description: '`{ kpi, target, defaultTarget }`' }] }, async (req, res) => {
    res.json(await setKpiTarget(deps.db, authOf(res).tenantId, pathParam(req, 'kpi'), req.body))
  })
  api.delete('/targets/:kpi', { summary: "Reset a KPI's target to the catalogue's", access: 'scorecard:write', answers: [{ description: '`{ kpi, target, defaultTarget }`' }] }, async (req, res) => {
    res.json(await resetKpiTarget(deps.db, authOf(res).tenantId, pathParam(req, 'kpi')))
  })
  api.put(
    '/parameters/:kpi',
    {
      summary: "Set a KPI's parameters for the tenant",
      access: 'scorecard:write',
      parsedBody: { description: `Numbers by parameter name; only the KPI's own parameters are taken. ${PARAMETERS.join('; ')}.` },
      answers: [{ description: '`{ kpi, parameters }`' }],
    },
    async (req, res) => {
      res.json(await setKpiParameters(deps.db, authOf(res).tenantId, pathParam(req, 'kpi'), req.body))
    },
  )
  return api.router
}
