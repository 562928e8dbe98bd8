import { Router } from 'express'
import { z } from 'zod'
import { HubError, NotFoundError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import { retryDeadLetter } from '../sync/retry-dead-letter.sync'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseQuery, pathParam } from './request.validate'

const Query = Paging.extend({ connectionId: z.uuid().optional(), status: z.enum(['dead', 'retried', 'discarded']).default('dead') }).strict()

/** Work that ran out of retries, with every attempt's error; retried or discarded by a person. */
export function deadLettersRouter(deps: ApiDeps): Router {
  const r = Router()
  const find = async (tenantId: string, id: string) => {
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.deadLetter.findFirst({ where: { id, tenantId } }) : null
    if (!row) throw new NotFoundError('dead letter', id)
    return row
  }
  r.get('/', requirePermission('dead-letters:read'), async (req, res) => {
    const q = parseQuery(Query, req)
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.deadLetter.findMany({ where, orderBy: { failedAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.deadLetter.count({ where })])
    res.json(page(rows, total, q))
  })
  r.get('/:id', requirePermission('dead-letters:read'), async (req, res) => {
    res.json(await find(authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.post('/:id/retry', requirePermission('dead-letters:write'), async (req, res) => {
    const auth = authOf(res)
    res.status(202).json(await retryDeadLetter({ ...deps.connections, queue: deps.queue }, auth.tenantId, pathParam(req, 'id'), auth.keyId))
  })
  r.post('/:id/discard', requirePermission('dead-letters:write'), async (req, res) => {
    const auth = authOf(res)
    const row = await find(auth.tenantId, pathParam(req, 'id'))
    if (row.status !== 'dead') throw new HubError('conflict', `dead letter ${row.id} is ${row.status}`)
    await deps.db.prisma.deadLetter.update({ where: { id: row.id }, data: { status: 'discarded' } })
    await recordAudit(deps.db, { tenantId: auth.tenantId, connectionId: row.connectionId, action: 'dead-letter.discard', reason: `${row.queue}/${row.jobName} discarded by hand`, details: { deadLetterId: row.id, by: auth.keyId } })
    res.json({ id: row.id, status: 'discarded' })
  })
  return r
}
