import { Router } from 'express'
import { z } from 'zod'
import { linkArticle, suggestArticles, unlinkArticle } from '../crm/knowledge.service'
import { CASE_STATUSES, createCase, getCase, listCases, updateCase } from '../crm/service-case.service'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseBody, parseQuery, pathParam } from './request.validate'

const CaseListQuery = Paging.extend({
  status: z.enum(CASE_STATUSES).optional(),
  goldenId: z.uuid().optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
}).strict()
const LinkBody = z.object({ articleId: z.uuid() }).strict()
const SuggestionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict()

/**
 * Service cases: opened and changed by service staff; each opening reaches the ERP exactly once.
 * Linking knowledge articles changes the case's use of the knowledge base, so it needs both rights.
 */
export function casesRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('cases:read'), async (req, res) => {
    const q = parseQuery(CaseListQuery, req)
    const result = await listCases(deps.cases, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  r.post('/', requirePermission('cases:write'), async (req, res) => {
    res.status(201).json(await createCase(deps.cases, authOf(res).tenantId, req.body))
  })
  r.get('/:id', requirePermission('cases:read'), async (req, res) => {
    res.json(await getCase(deps.cases, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.patch('/:id', requirePermission('cases:write'), async (req, res) => {
    res.json(await updateCase(deps.cases, authOf(res).tenantId, pathParam(req, 'id'), req.body))
  })
  r.get('/:id/suggestions', requirePermission('cases:read'), requirePermission('knowledge:read'), async (req, res) => {
    const q = parseQuery(SuggestionsQuery, req)
    res.json(await suggestArticles(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q))
  })
  r.post('/:id/articles', requirePermission('cases:write'), requirePermission('knowledge:read'), async (req, res) => {
    const body = parseBody(LinkBody, req)
    const auth = authOf(res)
    const { created, ...link } = await linkArticle(deps.db, auth.tenantId, pathParam(req, 'id'), body.articleId, auth.keyId)
    res.status(created ? 201 : 200).json(link)
  })
  r.delete('/:id/articles/:articleId', requirePermission('cases:write'), requirePermission('knowledge:read'), async (req, res) => {
    await unlinkArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), pathParam(req, 'articleId'))
    res.status(204).end()
  })
  return r
}
