import { z } from 'zod'
import { ARTICLE_STATUSES, ArticleCreateSchema, ArticleTag, ArticleUpdateSchema, KNOWLEDGE_LANGUAGES, createArticle, getArticle, listArticles, updateArticle } from '../crm/knowledge.service'
import type { ApiDeps } from './api.deps'
import { authOf, can } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const ArticleListQuery = Paging.extend({
  q: z.string().trim().min(1).max(200).optional(),
  status: z.enum(ARTICLE_STATUSES).optional(),
  tag: ArticleTag.optional(),
  language: z.enum(KNOWLEDGE_LANGUAGES).optional(),
  sort: z.enum(['relevance', 'updated', 'reuse']).optional(),
})
  .strict()
  .refine((q) => q.sort !== 'relevance' || q.q !== undefined, { path: ['sort'], message: 'sort=relevance needs a search (q)' })

const ARTICLE = 'the article, its reuse count and, for roles that read cases, the cases it helped with'

/**
 * Knowledge base articles and their search. An article shows the cases it helped with only to those
 * who may read cases; everyone who reads the knowledge base sees how often it was used.
 */
export function knowledgeRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/knowledge', { name: 'Knowledge', description: 'Knowledge base articles, full-text search in their language, and their reuse on cases.' })
  api.get(
    '/',
    {
      summary: 'List or search articles',
      description: '`q` is web-search syntax ("quoted phrases", or, -not), matched in each article\'s own language, ranked, with a highlighted snippet.',
      access: 'knowledge:read',
      query: ArticleListQuery,
      answers: [{ description: 'articles (with a snippet when searched)', page: true }],
    },
    async (_req, res, { query: q }) => {
      const result = await listArticles(deps.db, authOf(res).tenantId, q)
      res.json(page(result.data, result.total, q))
    },
  )
  api.post('/', { summary: 'Write an article', access: 'knowledge:write', parsedBody: ArticleCreateSchema, answers: [{ status: 201, description: ARTICLE }] }, async (req, res) => {
    const auth = authOf(res)
    res.status(201).json(await createArticle(deps.db, auth.tenantId, req.body, auth.keyId, { withCases: can(authOf(res).role, 'cases:read') }))
  })
  api.get('/:id', { summary: 'Read an article', access: 'knowledge:read', answers: [{ description: ARTICLE }] }, async (req, res) => {
    res.json(await getArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), { withCases: can(authOf(res).role, 'cases:read') }))
  })
  api.patch('/:id', { summary: 'Change an article', access: 'knowledge:write', parsedBody: ArticleUpdateSchema, answers: [{ description: ARTICLE }] }, async (req, res) => {
    res.json(await updateArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), req.body, { withCases: can(authOf(res).role, 'cases:read') }))
  })
  return api.router
}
