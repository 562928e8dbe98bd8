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
import { authOf } from './auth.middleware'
import { page, Paging } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const ListQuery = Paging.extend({ kind: z.enum(['rfm', 'rule']).optional() }).strict()

const SEGMENT = 'the segment with its conditions and member count'

/** Segments of golden customers: RFM and rules defined as data. */
export function segmentsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/segments', {
    name: 'Segments',
    description: 'RFM segments (Champions, Loyal, At Risk, Hibernating, …) and rule segments as data: conditions on golden fields, RFM scores, order behaviour, other segments, all / any / not.',
  })
  const now = () => deps.clock.now()

  api.get('/', { summary: 'List segments', access: 'segments:read', query: ListQuery, answers: [{ description: 'segments with their member counts', page: true }] }, async (_req, res, { query: q }) => {
    const result = await listSegments(deps.db, authOf(res).tenantId, q)
    res.json(page(result.data, result.total, q))
  })
  // Created and computed at once, so the answer already says how many customers it holds.
  api.post(
    '/',
    { summary: 'Create a rule segment', description: 'Created and computed at once.', access: 'segments:write', body: SegmentCreateSchema, answers: [{ status: 201, description: SEGMENT }], errors: { 409: 'the name is taken, or the conditions refer to segments in a cycle' } },
    async (_req, res, { body }) => {
      const tenantId = authOf(res).tenantId
      const created = await createSegment(deps.db, tenantId, body)
      await computeSegmentAndDependents(deps.db, tenantId, created.id, now())
      res.status(201).json(await getSegment(deps.db, tenantId, created.id))
    },
  )
  // Rules built live: counted and sampled, nothing stored.
  api.post('/preview', { summary: 'Count and sample conditions', description: 'Nothing is stored.', access: 'segments:read', body: PreviewSchema, answers: [{ description: 'the count and a sample of the customers that match' }] }, async (_req, res, { body }) => {
    res.json(await previewSegment(deps.db, authOf(res).tenantId, body.conditions, now()))
  })
  // Before '/:id/compute': "rfm" is not a segment id.
  api.post('/rfm/compute', { summary: 'Recompute RFM scores and segments', access: 'segments:write', answers: [{ description: 'the RFM outcome per segment' }], errors: { 409: 'a rule segment uses an RFM segment name' } }, async (_req, res) => {
    res.json(await computeAllSegments(deps.db, authOf(res).tenantId, now()))
  })
  api.get('/:id', { summary: 'Read a segment', access: 'segments:read', answers: [{ description: SEGMENT }] }, async (req, res) => {
    res.json(await getSegment(deps.db, authOf(res).tenantId, pathParam(req, 'id')))
  })
  api.patch(
    '/:id',
    { summary: 'Change a rule segment', description: 'Recomputed at once, with the segments that refer to it.', access: 'segments:write', body: SegmentUpdateSchema, answers: [{ description: SEGMENT }], errors: { 409: 'an RFM segment, a taken name, or a rename while other segments use it' } },
    async (req, res, { body }) => {
      const tenantId = authOf(res).tenantId
      const updated = await updateSegment(deps.db, tenantId, pathParam(req, 'id'), body)
      await computeSegmentAndDependents(deps.db, tenantId, updated.id, now())
      res.json(await getSegment(deps.db, tenantId, updated.id))
    },
  )
  api.delete('/:id', { summary: 'Delete a rule segment', access: 'segments:write', answers: [{ status: 204, description: 'deleted', empty: true }], errors: { 409: 'an RFM segment, or one other segments use' } }, async (req, res) => {
    await deleteSegment(deps.db, authOf(res).tenantId, pathParam(req, 'id'))
    res.status(204).end()
  })
  api.get('/:id/members', { summary: "A segment's members", access: 'segments:read', query: Paging.strict(), answers: [{ description: 'golden customers in the segment', page: true }] }, async (req, res, { query: q }) => {
    const result = await segmentMembers(deps.db, authOf(res).tenantId, pathParam(req, 'id'), q)
    res.json(page(result.data, result.total, q))
  })
  // Segments that refer to this one are recomputed after it, so none is left on stale members.
  api.post(
    '/:id/compute',
    { summary: 'Recompute a segment', description: 'And then the segments that refer to it.', access: 'segments:write', answers: [{ description: 'the outcome, with `dependents`' }] },
    async (req, res) => {
      const computed = await computeSegmentAndDependents(deps.db, authOf(res).tenantId, pathParam(req, 'id'), now())
      res.json({ ...computed[0], dependents: computed.slice(1) })
    },
  )
  return api.router
}
