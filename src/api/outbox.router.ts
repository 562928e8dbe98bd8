import { Router } from 'express'
import { z } from 'zod'
import { HubError, NotFoundError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const OutboxQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  status: z.enum(['pending', 'sending', 'done', 'rejected', 'dead']).optional(),
}).strict()

/** What the hub owes the ERPs and how each push went; dead or rejected effects can be tried again. */
export function outboxRouter(deps: ApiDeps): Router {
  const r = Router()
  r.get('/', requirePermission('outbox:read'), async (req, res) => {
    const q = parseQuery(OutboxQuery, req)
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.outboxEffect.findMany({ where, orderBy: { createdAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.outboxEffect.count({ where })])
    res.json(page(rows, total, q))
  })
  r.post('/:id/retry', requirePermission('outbox:write'), async (req, res) => {
    const id = pathParam(req, 'id')
    const { tenantId } = authOf(res)
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.outboxEffect.findFirst({ where: { id, tenantId } }) : null
    if (!row) throw new NotFoundError('outbox effect', id)
    if (row.status !== 'dead' && row.status !== 'rejected') throw new HubError('conflict', `effect ${id} is ${row.status}; only dead or rejected effects are retried by hand`)
    // A dead effect may have reached the ERP on its last try: it goes back as `sending`, so the ERP is asked first.
    const status = row.status === 'dead' ? 'sending' : 'pending'
    await deps.db.prisma.outboxEffect.update({ where: { id }, data: { status, attempts: 0, nextAttemptAt: new Date() } })
    await recordAudit(deps.db, { tenantId, connectionId: row.connectionId, action: 'outbox.retry', reason: `effect ${row.effectKey} retried by hand (was ${row.status})`, details: { effectId: id, keyId: authOf(res).keyId } })
    await deps.cases.kickPush(tenantId, row.connectionId)
    res.status(202).json({ id, status })
  })
  return r
}
