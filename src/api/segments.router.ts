import { Router } from 'express'
import { z } from 'zod'
import {
  computeAllSegments,
  computeSegmentAndDependents,
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  PreviewSchema,
  previewSegment,
  SegmentCreateSchema,
  segmentMembers,
  SegmentUpdateSchema,
  updateSegment,
} from '../crm/segments.service'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { page, Paging } from './list.query'
import { parseBody, parseQuery, pathParam } from './request.validate'

const ListQuery = Paging.extend({ kind: z.enum(['rfm', 'rule']).optional() }).strict()

/** Segments of golden customers: RFM and rules defined as data. */
export function segmentsRouter(deps: ApiDeps): Router {
  const r = Router()
  const now = () => deps.clock.now()

  r.get('/', requirePermission('segments:read'), async (req, res) => {
    const q = parseQuery(ListQuery, req)
    const result = await listSegments(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  // Created and computed at once, so the answer already says how many customers it holds.
  r.post('/', requirePermission('segments:write'), async (req, res) => {
    const body = parseBody(SegmentCreateSchema, req)
    const tenantId = authOf(res).tenantId
    const created = await createSegment(deps.db, tenantId, body)
    await computeSegmentAndDependents(deps.db, tenantId, created.id, now())
    res.status(201).json(await getSegment(deps.db, tenantId, created.id))
  })
  // Rules built live: counted and sampled, nothing stored.
  r.post('/preview', requirePermission('segments:read'), async (req, res) => {
    const body = parseBody(PreviewSchema, req)
    res.json(await previewSegment(deps.db, authOf(res).tenantId, body.conditions, now()))
  })
  // Before '/:id/compute': "rfm" is not a segment id.
  r.post('/rfm/compute', requirePermission('segments:write'), async (_req, res) => {
    res.json(await computeAllSegments(deps.db, authOf(res).tenantId, now()))
  })
  r.get('/:id', requirePermission('segments:read'), async (req, res) => {
    res.json(await getSegment(deps.db, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.patch('/:id', requirePermission('segments:write'), async (req, res) => {
    const body = parseBody(SegmentUpdateSchema, req)
    const tenantId = authOf(res).tenantId
    const updated = await updateSegment(deps.db, tenantId, pathParam(req, 'id'), body)
    await computeSegmentAndDependents(deps.db, tenantId, updated.id, now())
    res.json(await getSegment(deps.db, tenantId, updated.id))
  })
  r.delete('/:id', requirePermission('segments:write'), async (req, res) => {
    await deleteSegment(deps.db, authOf(res).tenantId, pathParam(req, 'id'))
    res.status(204).end()
  })
  r.get('/:id/members', requirePermission('segments:read'), async (req, res) => {
    const q = parseQuery(Paging.strict(), req)
    const result = await segmentMembers(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q)
    res.json(page(result.data, result.total, q))
  })
  // Segments that refer to this one are recomputed after it, so none is left on stale members.
  r.post('/:id/compute', requirePermission('segments:write'), async (req, res) => {
    const computed = await computeSegmentAndDependents(deps.db, authOf(res).tenantId, pathParam(req, 'id'), now())
    res.json({ ...computed[0], dependents: computed.slice(1) })
  })
  return r
}
