import { Router } from 'express'
import { z } from 'zod'
import { deleteLadder, LadderBodySchema, LadderNameSchema, listLadders, listRules, mineTenantRules, MiningOptionsSchema, offersFor, putLadder } from '../crm/offers.service'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseBody, parseQuery, parseRequest, pathParam } from './request.validate'

const OffersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(10),
    /** The score of an up-sell step, against rules scored by their lift (see offers.service.ts). */
    ladderWeight: z.coerce.number().min(0).max(1_000_000).optional(),
  })
  .strict()
const RulesQuery = Paging.extend({ sku: z.string().trim().min(1).max(100).optional() }).strict()
const LadderParams = z.object({ name: LadderNameSchema })

/** Next-best offers (cross-sell rules, up-sell ladders), the ladders and the mined rules. Mounted at the root of /v1. */
export function offersRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/customers/:id/offers', requirePermission('offers:read'), async (req, res) => {
    const q = parseQuery(OffersQuery, req)
    res.json(await offersFor(deps.db, authOf(res).tenantId, pathParam(req, 'id'), { limit: q.limit, ladderWeight: q.ladderWeight, now: deps.clock.now() }))
  })

  r.get('/product-ladders', requirePermission('offers:read'), async (req, res) => {
    const q = parseQuery(Paging.strict(), req)
    const result = await listLadders(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  r.put('/product-ladders/:name', requirePermission('offers:write'), async (req, res) => {
    const { name } = parseRequest(LadderParams, { name: pathParam(req, 'name') }, 'params')
    const body = parseBody(LadderBodySchema, req)
    const result = await putLadder(deps.db, authOf(res).tenantId, name, body)
    res.status(result.created ? 201 : 200).json(result.ladder)
  })
  r.delete('/product-ladders/:name', requirePermission('offers:write'), async (req, res) => {
    await deleteLadder(deps.db, authOf(res).tenantId, pathParam(req, 'name'))
    res.status(204).end()
  })

  r.get('/association-rules', requirePermission('offers:read'), async (req, res) => {
    const q = parseQuery(RulesQuery, req)
    const result = await listRules(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  // Mining now, in the request (the scheduled job does the same with the defaults); options override them.
  r.post('/association-rules/mine', requirePermission('offers:write'), async (req, res) => {
    const options = parseBody(MiningOptionsSchema, req)
    res.json(await mineTenantRules(deps.db, authOf(res).tenantId, options, deps.clock.now()))
  })
  return r
}
