import { z } from 'zod'
import { HubError, NotFoundError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const OutboxQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  status: z.enum(['pending', 'sending', 'done', 'rejected', 'dead']).optional(),
}).strict()

/** What the hub owes the ERPs and how each push went; dead or rejected effects can be tried again. */
export function outboxRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/outbox', { name: 'Outbox', description: 'What the hub owes the ERPs (cases, status moves, campaign targets) and how each push went.' })
  api.get('/', { summary: 'List outbox effects', description: 'Newest first.', access: 'outbox:read', query: OutboxQuery, answers: [{ description: "effects: status, tries, last error, the ERP's id", page: true }] }, async (_req, res, { query: q }) => {
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.outboxEffect.findMany({ where, orderBy: { createdAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.outboxEffect.count({ where })])
    res.json(page(rows, total, q))
  })
  api.post(
    '/:id/retry',
    {
      summary: 'Retry a dead or rejected effect',
      description: 'A dead effect goes back as `sending` (the ERP is asked first whether its last try arrived); a rejected one as `pending`.',
      access: 'outbox:write',
      answers: [{ status: 202, description: '`{ id, status }`' }],
      errors: { 409: 'the effect is neither dead nor rejected' },
    },
    async (req, res) => {
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
    },
  )
  return api.router
}
