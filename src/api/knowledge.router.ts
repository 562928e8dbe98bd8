import { Router } from 'express'
import { z } from 'zod'
import { ARTICLE_STATUSES, ArticleTag, KNOWLEDGE_LANGUAGES, createArticle, getArticle, listArticles, updateArticle } from '../crm/knowledge.service'
import type { ApiDeps } from './api.deps'
import { authOf, can, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const ArticleListQuery = Paging.extend({
  q: z.string().trim().min(1).max(200).optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  tag: ArticleTag.optional(),
  language: z.enum(KNOWLEDGE_LANGUAGES).optional(),
  sort: z.enum(['relevance', 'updated', 'reuse']).optional(),
})
  .strict()
  .refine((q) => q.sort !== 'relevance' || q.q !== undefined, { path: ['sort'], message: 'sort=relevance needs a search (q)' })

/**
 * Knowledge base articles and their search. An article shows the cases it helped with only to those
 * who may read cases; everyone who reads the knowledge base sees how often it was used.
 */
export function knowledgeRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('knowledge:read'), async (req, res) => {
    const q = parseQuery(ArticleListQuery, req)
    const result = await listArticles(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  r.post('/', requirePermission('knowledge:write'), async (req, res) => {
    const auth = authOf(res)
    res.status(201).json(await createArticle(deps.db, auth.tenantId, req.body, auth.keyId, { withCases: can(authOf(res).role, 'cases:read') }))
  })
  r.get('/:id', requirePermission('knowledge:read'), async (req, res) => {
    res.json(await getArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), { withCases: can(authOf(res).role, 'cases:read') }))
  })
  r.patch('/:id', requirePermission('knowledge:write'), async (req, res) => {
    res.json(await updateArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), req.body, { withCases: can(authOf(res).role, 'cases:read') }))
  })
  return r
}
