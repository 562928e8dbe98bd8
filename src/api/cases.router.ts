import { z } from 'zod'
import { linkArticle, suggestArticles, unlinkArticle } from '../crm/knowledge.service'
import { CASE_STATUSES, CaseCreateSchema, CaseUpdateSchema, createCase, getCase, listCases, updateCase } from '../crm/service-case.service'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

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

const CASE = "the case: owner, due time, golden customer, the customer's name and connection, linked articles, and each ERP push's status, tries, last error and ERP id"

/**
 * Cases with what people read them by: the customer's name in its ERP (null until that customer is
 * synced) and the connection's name. One query for a whole page.
 */
async function withNames<T extends { connectionId: string; customer: string }>(deps: ApiDeps, tenantId: string, cases: T[]) {
  if (cases.length === 0) return []
  const rows = await deps.db.pool.query<{ i: number; connection_name: string; customer_name: string | null }>(
    `SELECT x."i"::int AS "i", k."name" AS "connection_name", c."name" AS "customer_name"
     FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS x("connection_id", "external_id", "i")
     JOIN "connection" k ON k."id" = x."connection_id" AND k."tenant_id" = $1
     LEFT JOIN "customer" c ON c."connection_id" = x."connection_id" AND c."external_id" = x."external_id"`,
    [tenantId, cases.map((c) => c.connectionId), cases.map((c) => c.customer)],
  )
  const byIndex = new Map(rows.rows.map((r) => [r.i, r]))
  return cases.map((c, i) => ({ ...c, connection: { id: c.connectionId, name: byIndex.get(i + 1)?.connection_name ?? null }, customerName: byIndex.get(i + 1)?.customer_name ?? null }))
}
const named = async <T extends { connectionId: string; customer: string }>(deps: ApiDeps, tenantId: string, c: T) => (await withNames(deps, tenantId, [c]))[0]

/**
 * Service cases: opened and changed by service staff; each opening reaches the ERP exactly once.
 * Linking knowledge articles changes the case's use of the knowledge base, so it needs both rights.
 */
export function casesRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/cases', { name: 'Cases', description: 'Service cases, pushed to the ERP once, with the knowledge articles used on them.' })
  api.get('/', { summary: 'List service cases', access: 'cases:read', query: CaseListQuery, answers: [{ description: 'cases with owner, due time and golden customer', page: true }] }, async (_req, res, { query: q }) => {
    const tenantId = authOf(res).tenantId
    const result = await listCases(deps.cases, tenantId, q)
    res.json(page(await withNames(deps, tenantId, result.data), result.total, q))
  })
  api.post(
    '/',
    { summary: 'Open a service case', description: "Queues the case's ERP record (Tryton: a complaint) in the outbox.", access: 'cases:write', parsedBody: CaseCreateSchema, answers: [{ status: 201, description: CASE }] },
    async (req, res) => {
      const tenantId = authOf(res).tenantId
      res.status(201).json(await named(deps, tenantId, await createCase(deps.cases, tenantId, req.body)))
    },
  )
  api.get('/:id', { summary: 'Read a service case', access: 'cases:read', answers: [{ description: CASE }] }, async (req, res) => {
    const tenantId = authOf(res).tenantId
    res.json(await named(deps, tenantId, await getCase(deps.cases, tenantId, pathParam(req, 'id'))))
  })
  api.patch(
    '/:id',
    { summary: 'Change a service case', description: "A status change queues the ERP record's status move (Tryton: its workflow buttons).", access: 'cases:write', parsedBody: CaseUpdateSchema, answers: [{ description: CASE }] },
    async (req, res) => {
      const tenantId = authOf(res).tenantId
      res.json(await named(deps, tenantId, await updateCase(deps.cases, tenantId, pathParam(req, 'id'), req.body)))
    },
  )
  api.get(
    '/:id/suggestions',
    { summary: 'Articles suggested for a case', description: 'Found by its subject and description.', access: ['cases:read', 'knowledge:read'], query: SuggestionsQuery, answers: [{ description: '`{ data }`: articles, best match first' }] },
    async (req, res, { query: q }) => {
      res.json(await suggestArticles(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q))
    },
  )
  api.post(
    '/:id/articles',
    {
      summary: 'Link a knowledge article to a case',
      access: ['cases:write', 'knowledge:read'],
      body: LinkBody,
      answers: [
        { status: 201, description: 'the link' },
        { status: 200, description: 'the link, which existed already' },
      ],
    },
    async (req, res, { body }) => {
      const auth = authOf(res)
      const { created, ...link } = await linkArticle(deps.db, auth.tenantId, pathParam(req, 'id'), body.articleId, auth.keyId)
      res.status(created ? 201 : 200).json(link)
    },
  )
  api.delete('/:id/articles/:articleId', { summary: 'Unlink an article from a case', access: ['cases:write', 'knowledge:read'], answers: [{ status: 204, description: 'unlinked', empty: true }] }, async (req, res) => {
    await unlinkArticle(deps.db, authOf(res).tenantId, pathParam(req, 'id'), pathParam(req, 'articleId'))
    res.status(204).end()
  })
  return api.router
}
