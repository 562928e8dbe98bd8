import { z } from 'zod'
import { hubEntities } from '../canonical/canonical.registry'
import { NotFoundError } from '../errors/hub-error'
import { REPLAY_DEFAULT_LIMIT, REPLAY_MAX_LIMIT, replayQuarantine } from '../sync/replay-quarantine.sync'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

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

export function quarantineRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/quarantine', { name: 'Quarantine', description: 'Records that failed mapping, with every issue and its path, and their replay with the current mappings.' })
  api.get(
    '/',
    { summary: 'List quarantined records', description: 'Most recently seen first.', access: 'quarantine:read', query: QuarantineQuery, answers: [{ description: 'entries: the issues with their paths, the mapping and version, the raw payload', page: true }] },
    async (_req, res, { query: q }) => {
      const where = { tenantId: authOf(res).tenantId, connectionId: q.connectionId, entity: q.entity, status: q.status }
      const [rows, total] = await Promise.all([
        deps.db.prisma.quarantine.findMany({ where, orderBy: { lastSeenAt: 'desc' }, take: q.limit, skip: q.offset }),
        deps.db.prisma.quarantine.count({ where }),
      ])
      res.json(page(rows, total, q))
    },
  )
  /**
   * Maps open entries again with the current mappings. A dry run (the default) only reads, so whoever
   * may read quarantine may preview; storing the records changes canonical data and so takes the
   * connection administrator's permission.
   */
  api.post(
    '/replay',
    {
      summary: 'Replay quarantined records',
      description: 'Maps open entries again with the current mapping files. A dry run (the default) writes nothing and says per record whether it now lands and which canonical fields change; `dryRun: false` stores them, resolves their entries and audits the replay.',
      access: 'quarantine:read',
      escalate: { permission: 'connections:write', when: (body) => body.dryRun === false, description: 'With `dryRun: false`' },
      body: ReplayBody,
      answers: [{ description: 'per record: lands or still fails (with its issues), and the fields that change' }],
    },
    async (_req, res, { body }) => {
      const { tenantId, keyId } = authOf(res)
      res.json(await replayQuarantine(deps, tenantId, { ...body, actor: `api-key:${keyId}` }))
    },
  )
  api.get('/:id', { summary: 'Read a quarantined record', access: 'quarantine:read', answers: [{ description: 'the entry: issues with their paths, mapping and version, raw payload' }] }, async (req, res) => {
    const id = pathParam(req, 'id')
    const row = z.uuid().safeParse(id).success ? await deps.db.prisma.quarantine.findFirst({ where: { id, tenantId: authOf(res).tenantId } }) : null
    if (!row) throw new NotFoundError('quarantine entry', id)
    res.json(row)
  })
  return api.router
}
