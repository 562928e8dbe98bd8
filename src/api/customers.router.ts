import { z } from 'zod'
import { goldenOrdersFrom } from '../crm/golden-orders.sql'
import { searchCustomers } from '../customers/customer.search'
import { viewCustomer } from '../customers/customer.view'
import { goldenLineage } from '../identity/golden/lineage.view'
import { customer360 } from '../identity/golden/customer-360.view'
import { mergeGoldens, recordIdentityDecision, unmergeGolden } from '../identity/golden/merge'
import { resolveTenant } from '../identity/resolve-tenant'
import { NotFoundError } from '../errors/hub-error'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const SearchQuery = Paging.extend({ q: z.string().max(200).optional() }).strict()
const MergeBody = z.object({ with: z.uuid(), reason: z.string().max(500).optional() }).strict()
const UnmergeBody = z.object({ customers: z.array(z.uuid()).min(1).max(1000), reason: z.string().max(500).optional() }).strict()
const ReviewDecision = z.object({ same: z.boolean(), reason: z.string().max(500).optional() }).strict()

const ViewQuery = z.object({ ordersLimit: z.coerce.number().int().min(0).max(500).default(50) }).strict()

/** Campaigns shown on a 360: the most recent mail dates first. */
const CAMPAIGNS_SHOWN = 50

/**
 * The campaigns a golden customer was selected for (mailed or held out as control; also those of the
 * merged-away id the 360 was asked by), and for launched ones whether it responded: its counted orders
 * from the mail date to the end of the response window (until now), as the campaign's results count them.
 */
async function campaignsOf(deps: ApiDeps, tenantId: string, view: { id: string; mergedFrom?: string[] }) {
  const rows = await deps.db.pool.query<{ id: string; name: string; status: string; mail_date: string; response_window_days: number; launched_at: Date | null; group: string; responses: number | null }>(
    `SELECT DISTINCT ON (c."mail_date", c."name", c."id") c."id", c."name", c."status", to_char(c."mail_date", 'YYYY-MM-DD') AS "mail_date", c."response_window_days", c."launched_at", t."group",
       CASE WHEN c."status" = 'launched' THEN (SELECT count(*)::int FROM ${goldenOrdersFrom('$1')}
         WHERE go."golden_id" = $2 AND go."ordered_at" >= (c."mail_date"::timestamp AT TIME ZONE 'UTC')
           AND go."ordered_at" < ((c."mail_date" + c."response_window_days")::timestamp AT TIME ZONE 'UTC') AND go."ordered_at" < $4) END AS "responses"
     FROM "campaign_target" t JOIN "campaign" c ON c."id" = t."campaign_id"
     WHERE c."tenant_id" = $1 AND t."golden_id" = ANY($3::uuid[]) ORDER BY c."mail_date" DESC, c."name", c."id", t."golden_id" = $2 DESC LIMIT ${CAMPAIGNS_SHOWN}`,
    [tenantId, view.id, [view.id, ...(view.mergedFrom ?? [])], deps.clock.now()],
  )
  return rows.rows.map((r) => ({ id: r.id, name: r.name, status: r.status, mailDate: r.mail_date, responseWindowDays: r.response_window_days, launchedAt: r.launched_at, group: r.group, responded: r.responses === null ? null : r.responses > 0, responses: r.responses }))
}

export function customersRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/customers', { name: 'Customers', description: 'Customers from every ERP, the golden customers they resolve to, their lineage, merges and the review queue.' })
  api.get(
    '/',
    { summary: 'Search customers', description: 'By name, email or phone (phones match on digits).', access: 'customers:read', query: SearchQuery, answers: [{ description: 'source customers that match, each with the golden customer it resolved to (`golden`: id, name, members; null before resolution)', page: true }] },
    async (_req, res, { query: q }) => {
      const result = await searchCustomers(deps.db, authOf(res).tenantId, q)
      res.json(page(result.data, result.total, q))
    },
  )
  // A full re-resolution of the tenant, in the background (the identity job; its progress is the job's).
  api.post('/resolve', { summary: 'Re-resolve every customer', description: 'A full identity resolution of the tenant, in the background.', access: 'customers:write', answers: [{ status: 202, description: '`{ queued: true, mode: "full" }`' }] }, async (_req, res) => {
    await deps.queue.kickIdentity(authOf(res).tenantId, 'full')
    res.status(202).json({ queued: true, mode: 'full' })
  })
  api.get(
    '/resolve',
    { summary: 'The latest identity resolutions', description: 'Full and incremental, with their state, progress (stage, done, total) and outcome.', access: 'customers:read', answers: [{ description: '`{ data }`: the latest resolutions' }] },
    async (_req, res) => {
      res.json({ data: await deps.queue.identityRuns(authOf(res).tenantId) })
    },
  )
  // The review queue: pairs the matcher was unsure about, strongest first, with their evidence.
  api.get(
    '/review',
    { summary: 'Pairs to review', description: 'Pairs the matcher was unsure about, strongest first, with their score breakdown.', access: 'customers:read', query: Paging.strict(), answers: [{ description: 'pairs: `{ id, score, evidence, a, b }`', page: true }] },
    async (_req, res, { query: q }) => {
      const where = { tenantId: authOf(res).tenantId, status: 'open' }
      const [rows, total] = await Promise.all([deps.db.prisma.matchReview.findMany({ where, orderBy: { score: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.matchReview.count({ where })])
      const names = new Map((await deps.db.prisma.customer.findMany({ where: { id: { in: rows.flatMap((r) => [r.customerA, r.customerB]) } }, select: { id: true, name: true, externalId: true, connectionId: true } })).map((c) => [c.id, c]))
      res.json(page(rows.map((r) => ({ id: r.id, score: r.score, evidence: r.evidence, a: names.get(r.customerA), b: names.get(r.customerB) })), total, q))
    },
  )
  api.post(
    '/review/:id',
    { summary: 'Decide a review pair', description: "A person's decision, kept per pair and winning over the matcher in every later resolution.", access: 'customers:write', body: ReviewDecision, answers: [{ description: '`{ id, decided, resolution }`' }] },
    async (req, res, { body }) => {
      const auth = authOf(res)
      const id = pathParam(req, 'id')
      const row = z.uuid().safeParse(id).success ? await deps.db.prisma.matchReview.findFirst({ where: { id, tenantId: auth.tenantId } }) : null
      if (!row) throw new NotFoundError('review pair', id)
      await recordIdentityDecision(deps.db, auth.tenantId, row.customerA, row.customerB, body.same, auth.keyId, body.reason)
      res.json({ id, decided: body.same ? 'same' : 'different', resolution: await resolveTenant(deps.db, auth.tenantId, { by: auth.keyId, mode: 'incremental', focus: [row.customerA, row.customerB] }) })
    },
  )
  api.post('/:id/merge', { summary: 'Merge two golden customers', access: 'customers:write', body: MergeBody, answers: [{ description: 'the merged golden customer' }] }, async (req, res, { body }) => {
    const auth = authOf(res)
    res.json(await mergeGoldens(deps.db, auth.tenantId, pathParam(req, 'id'), body.with, auth.keyId, body.reason))
  })
  api.post(
    '/:id/unmerge',
    { summary: 'Split source customers off a golden customer', description: 'The golden id stays with the members that stay.', access: 'customers:write', body: UnmergeBody, answers: [{ description: 'the golden customers after the split' }] },
    async (req, res, { body }) => {
      const auth = authOf(res)
      res.json(await unmergeGolden(deps.db, auth.tenantId, pathParam(req, 'id'), body.customers, auth.keyId, body.reason))
    },
  )
  api.get(
    '/:id/lineage',
    { summary: "A golden customer's lineage", description: 'Per field: the value, its connection, external id, mapping version, sync run and time, and the survivorship rule that chose it. A merged id answers for its survivor.', access: 'customers:read', answers: [{ description: 'the lineage per field' }] },
    async (req, res) => {
      res.json(await goldenLineage(deps.db, authOf(res).tenantId, pathParam(req, 'id')))
    },
  )
  // A golden customer's id gives its 360; a source customer's id (what search returns) its source view.
  api.get(
    '/:id',
    {
      summary: 'A customer: the 360 of a golden one, or a source customer as its ERP knows it',
      description:
        "A golden customer's id: golden fields with lineage, its source records in every ERP, orders, open production of what they ordered, service cases, and the campaigns it was selected for (mailed or control; for launched ones, whether it responded). A source customer's id: connection, external id, mapping version, raw payload, orders and lines, and the golden customer it resolved to.",
      access: 'customers:read',
      query: ViewQuery,
      answers: [{ description: 'the customer 360 or the source view' }],
    },
    async (req, res, { query: q }) => {
      const id = pathParam(req, 'id')
      const tenantId = authOf(res).tenantId
      const golden = z.uuid().safeParse(id).success ? await deps.db.prisma.goldenCustomer.findFirst({ where: { id, tenantId }, select: { id: true } }) : null
      if (!golden) return void res.json(await viewCustomer(deps.db, tenantId, id, q))
      const view = await customer360(deps.db, tenantId, id, q)
      res.json({ ...view, campaigns: await campaignsOf(deps, tenantId, view) })
    },
  )
  return api.router
}
