import { Router } from 'express'
import { z } from 'zod'
import { campaignResults } from '../crm/campaign/campaign-results'
import { checkStock, createCampaign, getCampaign, launchCampaign, listCampaigns, previewFunnel, selectTargets, updateCampaign } from '../crm/campaign/campaign.service'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { page, Paging } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const ListQuery = Paging.extend({ status: z.enum(['draft', 'launched', 'cancelled']).optional() }).strict()
const CheckQuery = z
  .object({
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz })
          return true
        } catch {
          return false
        }
      }, 'must be an IANA time zone such as Europe/Berlin')
      .optional(),
  })
  .strict()

/**
 * Direct-mail campaigns: draft with offers and a selection funnel, see the funnel's counts, check
 * the stock against ATP on the promise date, launch (targets reach the ERP once), read the results.
 */
export function campaignsRouter(deps: ApiDeps): Router {
  const r = Router()
  const now = () => deps.clock.now()
  r.get('/', requirePermission('campaigns:read'), async (req, res) => {
    const q = parseQuery(ListQuery, req)
    const result = await listCampaigns(deps.cases, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  r.post('/', requirePermission('campaigns:write'), async (req, res) => {
    res.status(201).json(await createCampaign(deps.cases, authOf(res).tenantId, req.body, authOf(res).keyId, now()))
  })
  // The funnel's counts for a selection being built, before any campaign is stored.
  r.post('/funnel', requirePermission('campaigns:read'), async (req, res) => {
    res.json(await previewFunnel(deps.cases, authOf(res).tenantId, req.body, now()))
  })
  r.get('/:id', requirePermission('campaigns:read'), async (req, res) => {
    res.json(await getCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.patch('/:id', requirePermission('campaigns:write'), async (req, res) => {
    res.json(await updateCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body, now()))
  })
  r.post('/:id/select', requirePermission('campaigns:write'), async (req, res) => {
    res.json(await selectTargets(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), now()))
  })
  r.post('/:id/stock-check', requirePermission('campaigns:write'), async (req, res) => {
    const q = parseQuery(CheckQuery, req)
    res.json(await checkStock(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), now(), q))
  })
  r.post('/:id/launch', requirePermission('campaigns:write'), async (req, res) => {
    const out = await launchCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body, authOf(res).keyId, now())
    res.status(out.launched ? 201 : 200).json(out)
  })
  r.get('/:id/results', requirePermission('campaigns:read'), async (req, res) => {
    res.json(await campaignResults(deps.db, authOf(res).tenantId, pathParam(req, 'id'), now()))
  })
  return r
}
