import { Router, type Request, type Response } from 'express'
import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'
import { NotFoundError } from '../errors/hub-error'
import { REPLAY_DEFAULT_LIMIT, REPLAY_MAX_LIMIT, replayQuarantine } from '../sync/replay-quarantine.sync'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission, type Permission } from './auth.middleware'
import { Paging, page } from './list.query'
import { parseBody, parseQuery, pathParam } from './request.validate'

const QuarantineQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  entity: z.string().optional(),
  status: z.enum(['open', 'resolved']).default('open'),
}).strict()

const ReplayBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(REPLAY_MAX_LIMIT).optional(),
    connectionId: z.uuid().optional(),
    entity: z.enum(hubEntities as [string, ...string[]]).optional(),
    // A replay changes canonical data: only asking for it explicitly does that.
    dryRun: z.boolean().default(true),
    limit: z.number().int().min(1).max(REPLAY_MAX_LIMIT).default(REPLAY_DEFAULT_LIMIT),
  })
  .strict()
  .refine((b) => !(b.ids && (b.connectionId || b.entity)), { path: ['ids'], message: 'give either ids or a connectionId (and entity), not both' })

/** The permission check of `requirePermission`, for a route whose permission depends on its body. */
function demand(permission: Permission, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => requirePermission(permission)(req, res, (err?: unknown) => (err ? reject(err) : resolve())))
}

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
  /**
   * Maps open entries again with the current mappings. A dry run (the default) only reads, so whoever
   * may read quarantine may preview; storing the records changes canonical data and so takes the
   * connection administrator's permission.
   */
  r.post('/replay', requirePermission('quarantine:read'), async (req, res) => {
    const body = parseBody(ReplayBody, req)
    if (!body.dryRun) await demand('connections:write', req, res)
    const { tenantId, keyId } = authOf(res)
    res.json(await replayQuarantine(deps, tenantId, { ...body, actor: `api-key:${keyId}` }))
  })
  r.get('/:id', requirePermission('quarantine:read'), async (req, res) => {
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.quarantine.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!row) throw new NotFoundError('quarantine entry', id)
    res.json(row)
  })
  return r
}
