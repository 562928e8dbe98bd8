import { Router } from 'express'
import { createCase, getCase, updateCase } from '../crm/service-case.service'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { pathParam } from './request.validate'

/** Service cases: opened and changed by service staff; each opening reaches the ERP exactly once. */
export function casesRouter(deps: ApiDeps): Router {
  const r = Router()
  r.post('/', requirePermission('cases:write'), async (req, res) => {
    res.status(201).json(await createCase(deps.cases, authOf(res).tenantId, req.body))
  })
  r.get('/:id', requirePermission('cases:read'), async (req, res) => {
    res.json(await getCase(deps.cases, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.patch('/:id', requirePermission('cases:write'), async (req, res) => {
    res.json(await updateCase(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body))
  })
  return r
}
