import { z } from 'zod'
import { campaignResults } from '../crm/campaign/campaign-results'
import { CampaignCreateSchema, CampaignUpdateSchema, FunnelPreviewSchema, LaunchSchema } from '../crm/campaign/campaign.schema'
import { checkStock, createCampaign, getCampaign, launchCampaign, listCampaigns, previewFunnel, selectTargets, updateCampaign } from '../crm/campaign/campaign.service'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { page, Paging } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'
import { isTimeZone } from '../scm/atp.query'

const ListQuery = Paging.extend({ status: z.enum(['draft', 'launched', 'cancelled']).optional() }).strict()
const CheckQuery = z
  .object({
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  })
  .strict()

const CAMPAIGN = 'the campaign: offers, dates, selection, funnel counts, targets per group, stock check, pushes'
const DRAFT_ONLY = 'the campaign is not a draft, or has no targets or stock check yet'

/**
 * Direct-mail campaigns: draft with offers and a selection funnel, see the funnel's counts, check
 * the stock against ATP on the promise date, launch (targets reach the ERP once), read the results.
 */
export function campaignsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/campaigns', {
    name: 'Campaigns',
    description: 'Direct-mail campaigns: offers, a selection funnel as data (eligibility, behaviour, exclude, ranking), a stock check against ATP, the launch to the ERPs and the results.',
  })
  const now = () => deps.clock.now()
  api.get('/', { summary: 'List campaigns', access: 'campaigns:read', query: ListQuery, answers: [{ description: 'campaigns', page: true }] }, async (_req, res, { query: q }) => {
    const result = await listCampaigns(deps.cases, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  api.post(
    '/',
    { summary: 'Draft a campaign', description: 'Its selection runs at once.', access: 'campaigns:write', parsedBody: CampaignCreateSchema, answers: [{ status: 201, description: CAMPAIGN }], errors: { 409: 'a campaign of that name exists' } },
    async (req, res) => {
      res.status(201).json(await createCampaign(deps.cases, authOf(res).tenantId, req.body, authOf(res).keyId, now()))
    },
  )
  // The funnel's counts for a selection being built, before any campaign is stored.
  api.post(
    '/funnel',
    { summary: "A selection's funnel counts", description: 'In and out counts per stage for a selection being built; stored nowhere.', access: 'campaigns:read', parsedBody: FunnelPreviewSchema, answers: [{ description: 'the funnel: in and out per stage' }] },
    async (req, res) => {
      res.json(await previewFunnel(deps.cases, authOf(res).tenantId, req.body, now()))
    },
  )
  api.get('/:id', { summary: 'Read a campaign', access: 'campaigns:read', answers: [{ description: CAMPAIGN }] }, async (req, res) => {
    res.json(await getCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id')))
  })
  api.patch(
    '/:id',
    { summary: 'Change a draft campaign', description: 'Only the fields sent change; its selection runs again.', access: 'campaigns:write', parsedBody: CampaignUpdateSchema, answers: [{ description: CAMPAIGN }], errors: { 409: 'the campaign is not a draft, or the name is taken' } },
    async (req, res) => {
      res.json(await updateCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body, now()))
    },
  )
  api.post('/:id/select', { summary: 'Run the selection funnel again', access: 'campaigns:write', answers: [{ description: CAMPAIGN }], errors: { 409: DRAFT_ONLY } }, async (req, res) => {
    res.json(await selectTargets(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), now()))
  })
  api.post(
    '/:id/stock-check',
    {
      summary: 'Check stock for the mailed targets',
      description: "The targets' expected demand per SKU against ATP on the promise date: feasible, or short by how much, the earliest feasible date and the largest feasible target count. The snapshot is kept.",
      access: 'campaigns:write',
      query: CheckQuery,
      answers: [{ description: 'the stock check per SKU' }],
      errors: { 409: DRAFT_ONLY },
    },
    async (req, res, { query: q }) => {
      res.json(await checkStock(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), now(), q))
    },
  )
  api.post(
    '/:id/launch',
    {
      summary: 'Launch a campaign',
      description: 'Each mailed target reaches its ERP once, as an opportunity. A shortfall found by the stock check stops the launch unless `acceptShortfall`.',
      access: 'campaigns:write',
      parsedBody: LaunchSchema,
      answers: [
        { status: 201, description: 'launched' },
        { status: 200, description: 'launched before: nothing changed' },
      ],
      errors: { 409: `${DRAFT_ONLY}, or the stock check found a shortfall` },
    },
    async (req, res) => {
      const out = await launchCampaign(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body, authOf(res).keyId, now())
      res.status(out.launched ? 201 : 200).json(out)
    },
  )
  api.get(
    '/:id/results',
    { summary: "A launched campaign's results", description: 'Responses in the window per group (mailed and control), revenue, uplift with a two-proportion z-test, units per offered SKU.', access: 'campaigns:read', answers: [{ description: 'the results' }], errors: { 409: 'the campaign is not launched' } },
    async (req, res) => {
      res.json(await campaignResults(deps.db, authOf(res).tenantId, pathParam(req, 'id'), now()))
    },
  )
  return api.router
}
