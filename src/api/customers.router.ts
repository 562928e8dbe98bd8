import { Router } from 'express'
import { z } from 'zod'
import { searchCustomers } from '../customers/customer.search'
import { viewCustomer } from '../customers/customer.view'
import { goldenLineage } from '../identity/golden/lineage.view'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const SearchQuery = Paging.extend({ q: z.string().max(200).optional() }).strict()
const ViewQuery = z.object({ ordersLimit: z.coerce.number().int().min(0).max(500).default(50) }).strict()

export function customersRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('customers:read'), async (req, res) => {
    const q = parseQuery(SearchQuery, req)
    const result = await searchCustomers(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  r.get('/:id/lineage', requirePermission('customers:read'), async (req, res) => {
    res.json(await goldenLineage(deps.db, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.get('/:id', requirePermission('customers:read'), async (req, res) => {
    const q = parseQuery(ViewQuery, req)
    res.json(await viewCustomer(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q))
  })
  return r
}
