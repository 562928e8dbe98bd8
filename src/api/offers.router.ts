import { z } from 'zod'
import { deleteLadder, LadderBodySchema, LadderNameSchema, listLadders, listRules, mineTenantRules, MiningOptionsSchema, offersFor, putLadder } from '../crm/offers.service'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const OffersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    ladderWeight: z.coerce.number().min(0).max(1_000_000).optional().describe('the score of an up-sell step, against rules scored by their lift'),
  })
  .strict()
const RulesQuery = Paging.extend({ sku: z.string().trim().min(1).max(100).optional() }).strict()
const LadderParams = z.object({ name: LadderNameSchema })

/** Next-best offers (cross-sell rules, up-sell ladders), the ladders and the mined rules. Mounted at the root of /v1. */
export function offersRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1', { name: 'Offers', description: 'Next-best offers from mined association rules (cross-sell) and product ladders (up-sell).' })
  api.get(
    '/customers/:id/offers',
    { summary: "A customer's next-best offers", description: 'Each with its reason: a mined rule (antecedent, support, confidence, lift) or a ladder step.', access: 'offers:read', query: OffersQuery, answers: [{ description: 'offers, best first, with their reasons' }] },
    async (req, res, { query: q }) => {
      res.json(await offersFor(deps.db, authOf(res).tenantId, pathParam(req, 'id'), { limit: q.limit, ladderWeight: q.ladderWeight, now: deps.clock.now() }))
    },
  )

  api.get('/product-ladders', { summary: 'List up-sell ladders', access: 'offers:read', query: Paging.strict(), answers: [{ description: 'ladders with their rungs, Basic → Plus → Premium', page: true }] }, async (_req, res, { query: q }) => {
    const result = await listLadders(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  api.put(
    '/product-ladders/:name',
    {
      summary: 'Create or replace an up-sell ladder',
      access: 'offers:write',
      params: LadderParams,
      body: LadderBodySchema,
      answers: [
        { status: 201, description: 'the ladder, created' },
        { status: 200, description: 'the ladder, replaced' },
      ],
      errors: { 409: 'a SKU is already on another ladder' },
    },
    async (_req, res, { params, body }) => {
      const result = await putLadder(deps.db, authOf(res).tenantId, params.name, body)
      res.status(result.created ? 201 : 200).json(result.ladder)
    },
  )
  api.delete('/product-ladders/:name', { summary: 'Delete an up-sell ladder', access: 'offers:write', answers: [{ status: 204, description: 'deleted', empty: true }] }, async (req, res) => {
    await deleteLadder(deps.db, authOf(res).tenantId, pathParam(req, 'name'))
    res.status(204).end()
  })

  api.get('/association-rules', { summary: 'List mined association rules', description: 'Strongest lift first.', access: 'offers:read', query: RulesQuery, answers: [{ description: 'rules: antecedent, consequent, support, confidence, lift, count, minedAt', page: true }] }, async (_req, res, { query: q }) => {
    const result = await listRules(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  // Mining now, in the request (the scheduled job does the same with the defaults); options override them.
  api.post(
    '/association-rules/mine',
    { summary: 'Mine association rules now', description: 'FP-growth over the orders, with a significance filter; the options override the defaults of the scheduled job.', access: 'offers:write', body: MiningOptionsSchema, answers: [{ description: 'what was mined and kept' }] },
    async (_req, res, { body }) => {
      res.json(await mineTenantRules(deps.db, authOf(res).tenantId, body, deps.clock.now()))
    },
  )
  return api.router
}
