import { z } from 'zod'
import { NotFoundError } from '../errors/hub-error'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const RunsQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  entity: z.string().optional(),
  status: z.enum(['queued', 'running', 'retrying', 'succeeded', 'failed', 'superseded', 'skipped']).optional(),
}).strict()

type RunRow = NonNullable<Awaited<ReturnType<ApiDeps['db']['prisma']['syncRun']['findFirst']>>>

function view(run: RunRow) {
  return {
    id: run.id,
    connectionId: run.connectionId,
    entity: run.entity,
    trigger: run.trigger,
    status: run.status,
    attempts: run.attempts,
    counts: { pages: run.pages, read: run.readCount, inserted: run.inserted, updated: run.updated, unchanged: run.unchanged, quarantined: run.quarantined },
    error: run.error,
    requestedAt: run.requestedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
  }
}

const RUN = 'status, trigger, attempts, counts (pages, read, inserted, updated, unchanged, quarantined), duration, last error'

export function runsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/runs', { name: 'Runs', description: 'Sync runs: one entity of one connection read from its ERP, and how it went.' })
  api.get('/', { summary: 'List sync runs', description: 'Newest first.', access: 'runs:read', query: RunsQuery, answers: [{ description: `runs: ${RUN}`, page: true }] }, async (_req, res, { query: q }) => {
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, entity: q.entity, status: q.status }
    const [rows, total] = await Promise.all([
      deps.db.prisma.syncRun.findMany({ where, orderBy: { requestedAt: 'desc' }, take: q.limit, skip: q.offset }),
      deps.db.prisma.syncRun.count({ where }),
    ])
    res.json(page(rows.map(view), total, q))
  })
  api.get('/:id', { summary: 'Read a sync run', access: 'runs:read', answers: [{ description: `the run: ${RUN}` }] }, async (req, res) => {
    const id = pathParam(req, 'id')
    const run = z.uuid().safeParse(id).success ? await deps.db.prisma.syncRun.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!run) throw new NotFoundError('sync run', id)
    res.json(view(run))
  })
  return api.router
}
