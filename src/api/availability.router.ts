import { Router } from 'express'
import { z } from 'zod'
import { availabilityOf } from '../scm/availability.query'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { parseQuery } from './request.validate'

const AvailabilityQuery = z.object({ sku: z.string().trim().min(1).max(200) }).strict()

export function availabilityRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('availability:read'), async (req, res) => {
    const q = parseQuery(AvailabilityQuery, req)
    res.json(await availabilityOf(deps.db, authOf(res).tenantId, q.sku))
  })
  return r
}
