import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors/hub-error'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

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

export function runsRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('runs:read'), async (req, res) => {
    const q = parseQuery(RunsQuery, req)
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, entity: q.entity, status: q.status }
    const [rows, total] = await Promise.all([
      deps.db.prisma.syncRun.findMany({ where, orderBy: { requestedAt: 'desc' }, take: q.limit, skip: q.offset }),
      deps.db.prisma.syncRun.count({ where }),
    ])
    res.json(page(rows.map(view), total, q))
  })
  r.get('/:id', requirePermission('runs:read'), async (req, res) => {
    const id = pathParam(req, 'id')
    const run = z.uuid().safeParse(id).success ? await deps.db.prisma.syncRun.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!run) throw new NotFoundError('sync run', id)
    res.json(view(run))
  })
  return r
}
