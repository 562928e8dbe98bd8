import { Router } from 'express'
import { z } from 'zod'
import { searchCustomers } from '../customers/customer.search'
import { viewCustomer } from '../customers/customer.view'
import { goldenLineage } from '../identity/golden/lineage.view'
import { customer360 } from '../identity/golden/customer-360.view'
import { mergeGoldens, recordIdentityDecision, unmergeGolden } from '../identity/golden/merge'
import { resolveTenant } from '../identity/resolve-tenant'
import { NotFoundError } from '../errors/hub-error'
import { parseBody } from './request.validate'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const SearchQuery = Paging.extend({ q: z.string().max(200).optional() }).strict()
const MergeBody = z.object({ with: z.uuid(), reason: z.string().max(500).optional() }).strict()
const UnmergeBody = z.object({ customers: z.array(z.uuid()).min(1).max(1000), reason: z.string().max(500).optional() }).strict()
const ReviewDecision = z.object({ same: z.boolean(), reason: z.string().max(500).optional() }).strict()

const ViewQuery = z.object({ ordersLimit: z.coerce.number().int().min(0).max(500).default(50) }).strict()

export function customersRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('customers:read'), async (req, res) => {
    const q = parseQuery(SearchQuery, req)
    const result = await searchCustomers(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  // A full re-resolution of the tenant, in the background (the identity job; its progress is the job's).
  r.post('/resolve', requirePermission('customers:write'), async (_req, res) => {
    await deps.queue.kickIdentity(authOf(res).tenantId, 'full')
    res.status(202).json({ queued: true, mode: 'full' })
  })
  r.get('/resolve', requirePermission('customers:read'), async (_req, res) => {
    res.json({ data: await deps.queue.identityRuns(authOf(res).tenantId) })
  })
  // The review queue: pairs the matcher was unsure about, strongest first, with their evidence.
  r.get('/review', requirePermission('customers:read'), async (req, res) => {
    const q = parseQuery(Paging.strict(), req)
    const where = { tenantId: authOf(res).tenantId, status: 'open' }
    const [rows, total] = await Promise.all([deps.db.prisma.matchReview.findMany({ where, orderBy: { score: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.matchReview.count({ where })])
    const names = new Map((await deps.db.prisma.customer.findMany({ where: { id: { in: rows.flatMap((r) => [r.customerA, r.customerB]) } }, select: { id: true, name: true, externalId: true, connectionId: true } })).map((c) => [c.id, c]))
    res.json(page(rows.map((r) => ({ id: r.id, score: r.score, evidence: r.evidence, a: names.get(r.customerA), b: names.get(r.customerB) })), total, q))
  })
  r.post('/review/:id', requirePermission('customers:write'), async (req, res) => {
    const body = parseBody(ReviewDecision, req)
    const auth = authOf(res)
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.matchReview.findFirst({ where: { id, tenantId: auth.tenantId } }) : null
    if (!row) throw new NotFoundError('review pair', id)
    await recordIdentityDecision(deps.db, auth.tenantId, row.customerA, row.customerB, body.same, auth.keyId, body.reason)
    res.json({ id, decided: body.same ? 'same' : 'different', resolution: await resolveTenant(deps.db, auth.tenantId, { by: auth.keyId, mode: 'incremental', focus: [row.customerA, row.customerB] }) })
  })
  r.post('/:id/merge', requirePermission('customers:write'), async (req, res) => {
    const body = parseBody(MergeBody, req)
    const auth = authOf(res)
    res.json(await mergeGoldens(deps.db, auth.tenantId, pathParam(req, 'id'), body.with, auth.keyId, body.reason))
  })
  r.post('/:id/unmerge', requirePermission('customers:write'), async (req, res) => {
    const body = parseBody(UnmergeBody, req)
    const auth = authOf(res)
    res.json(await unmergeGolden(deps.db, auth.tenantId, pathParam(req, 'id'), body.customers, auth.keyId, body.reason))
  })
  r.get('/:id/lineage', requirePermission('customers:read'), async (req, res) => {
    res.json(await goldenLineage(deps.db, authOf(res).tenantId, pathParam(req, 'id')))
  })
  // A golden customer's id gives its 360; a source customer's id (what search returns) its source view.
  r.get('/:id', requirePermission('customers:read'), async (req, res) => {
    const q = parseQuery(ViewQuery, req)
    const id = pathParam(req, 'id')
    const tenantId = authOf(res).tenantId
    const golden = z.uuid().safeParse(id).success ? await deps.db.prisma.goldenCustomer.findFirst({ where: { id, tenantId }, select: { id: true } }) : null
    res.json(golden ? await customer360(deps.db, tenantId, id, q) : await viewCustomer(deps.db, tenantId, id, q))
  })
  return r
}
