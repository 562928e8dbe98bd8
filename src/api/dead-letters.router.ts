import { z } from 'zod'
import { HubError, NotFoundError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import { retryDeadLetter } from '../sync/retry-dead-letter.sync'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const Query = Paging.extend({ connectionId: z.uuid().optional(), status: z.enum(['dead', 'retried', 'discarded']).default('dead') }).strict()

/** Work that ran out of retries, with every attempt's error; retried or discarded by a person. */
export function deadLettersRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/dead-letters', { name: 'Dead letters', description: "Work that ran out of retries, with every attempt's error; retried or discarded by a person." })
  const find = async (tenantId: string, id: string) => {
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.deadLetter.findFirst({ where: { id, tenantId } }) : null
    if (!row) throw new NotFoundError('dead letter', id)
    return row
  }
  api.get('/', { summary: 'List dead letters', description: 'Most recent failure first.', access: 'dead-letters:read', query: Query, answers: [{ description: "dead letters with every attempt's error", page: true }] }, async (_req, res, { query: q }) => {
    const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, status: q.status }
    const [rows, total] = await Promise.all([deps.db.prisma.deadLetter.findMany({ where, orderBy: { failedAt: 'desc' }, take: q.limit, skip: q.offset }), deps.db.prisma.deadLetter.count({ where })])
    res.json(page(rows, total, q))
  })
  api.get('/:id', { summary: 'Read a dead letter', access: 'dead-letters:read', answers: [{ description: "the work, its queue and job, every attempt's error" }] }, async (req, res) => {
    res.json(await find(authOf(res).tenantId, pathParam(req, 'id')))
  })
  api.post(
    '/:id/retry',
    {
      summary: 'Retry dead work',
      description: 'A retry is new work: a new run, the document again, the effect back in the outbox.',
      access: 'dead-letters:write',
      answers: [{ status: 202, description: 'what was queued again' }],
      errors: { 409: 'the letter is not dead, or its work cannot be retried by hand' },
    },
    async (req, res) => {
      const auth = authOf(res)
      res.status(202).json(await retryDeadLetter({ ...deps.connections, queue: deps.queue }, auth.tenantId, pathParam(req, 'id'), auth.keyId))
    },
  )
  api.post('/:id/discard', { summary: 'Discard dead work', description: 'Audited.', access: 'dead-letters:write', answers: [{ description: '`{ id, status: "discarded" }`' }], errors: { 409: 'the letter is not dead' } }, async (req, res) => {
    const auth = authOf(res)
    const row = await find(auth.tenantId, pathParam(req, 'id'))
    if (row.status !== 'dead') throw new HubError('conflict', `dead letter ${row.id} is ${row.status}`)
    await deps.db.prisma.deadLetter.update({ where: { id: row.id }, data: { status: 'discarded' } })
    await recordAudit(deps.db, { tenantId: auth.tenantId, connectionId: row.connectionId, action: 'dead-letter.discard', reason: `${row.queue}/${row.jobName} discarded by hand`, details: { deadLetterId: row.id, by: auth.keyId } })
    res.json({ id: row.id, status: 'discarded' })
  })
  return api.router
}
