import { Router } from 'express'
import { z } from 'zod'
import { NotFoundError } from '../errors/hub-error'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const QuarantineQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  entity: z.string().optional(),
  status: z.enum(['open', 'resolved']).default('open'),
}).strict()

export function quarantineRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('quarantine:read'), async (req, res) => {
    const q = parseQuery(QuarantineQuery, req)
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, entity: q.entity, status: q.status }
    const [rows, total] = await Promise.all([
      deps.db.prisma.quarantine.findMany({ where, orderBy: { lastSeenAt: 'desc' }, take: q.limit, skip: q.offset }),
      deps.db.prisma.quarantine.count({ where }),
    ])
    res.json(page(rows, total, q))
  })
  r.get('/:id', requirePermission('quarantine:read'), async (req, res) => {
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.quarantine.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!row) throw new NotFoundError('quarantine entry', id)
    res.json(row)
  })
  return r
}
