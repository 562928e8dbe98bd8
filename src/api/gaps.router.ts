import type { Response } from 'express'
import { z } from 'zod'
import { cursorHistory, previewRewind, rewindCursor } from '../sync/cursor-rewind.sync'
import { checkGaps } from '../sync/gap-check.sync'
import type { SyncDeps } from '../sync/pull-entity.sync'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const MINUTES_PER_YEAR = 525_600

const GapCheckRequest = z
  .object({
    entity: z.string().min(1),
    /** A day by default: one ERP count request per bucket, so a year of history costs 365. */
    bucketMinutes: z.int().min(1).max(MINUTES_PER_YEAR).default(1440),
    since: z.iso.datetime({ offset: true }).optional(),
    resync: z.boolean().default(false),
  })
  .strict()

const HistoryQuery = z
  .object({
    limit: z.string().regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000').transform(Number).pipe(z.int().min(1).max(1000)).optional().describe('1 to 1000, default 50'),
    before: z.string().regex(/^\d{1,18}$/, 'must be a cursor history id').optional().describe('a history id: the page of positions older than it (the last id of the previous page)'),
  })
  .strict()

const RewindRequest = z
  .object({
    /** A history id (as listed by /history) or an ISO time: where the cursor stood then. */
    to: z.union([z.string().min(1), z.int().min(1)]).transform(String),
    /** Only say what a rewind would re-read; false rewinds. */
    preview: z.boolean().default(true),
  })
  .strict()

/** Aborted when the client goes away, so a long check stops spending the ERP's budget for nobody. */
function abortOnClose(res: Response): AbortSignal {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the request'))
  })
  return controller.signal
}

/**
 * Gap checks and cursor rewinds of one connection. Paths are under `/connections`, so the router is
 * mounted there ahead of the connections router: `v1.use('/connections', gapsRouter(deps))`;
 * requests it does not match fall through.
 * A body that changes data (`resync`, a rewind that is not a preview) needs connections:write.
 */
export function gapsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/connections', { name: 'Gaps and cursors', description: "A connection's completeness against its ERP (counts per time bucket) and its cursors' history and rewinds." }, { mergeParams: true })
  const sync: SyncDeps = { db: deps.db, connections: deps.connections, mappings: deps.connections.mappings, http: deps.http, logger: deps.logger, clock: deps.clock, rate: deps.rate }

  api.post(
    '/:id/gaps/check',
    {
      summary: 'Compare ERP and hub counts per time bucket',
      description: 'One ERP count request per bucket; with `resync` the buckets that differ are re-read (only those).',
      access: 'connections:read',
      escalate: { permission: 'connections:write', when: (body) => body.resync === true, description: 'With `resync: true`', instead: true },
      body: GapCheckRequest,
      answers: [{ description: 'ERP and hub counts per bucket, the buckets that differ and, with `resync`, the runs that re-read them' }],
    },
    async (req, res, { body }) => {
      const auth = authOf(res)
      const result = await checkGaps(sync, auth.tenantId, pathParam(req, 'id'), body.entity, {
        bucketMs: body.bucketMinutes * 60_000,
        since: body.since,
        resync: body.resync,
        signal: abortOnClose(res),
        actor: auth.keyId,
      })
      res.json(result)
    },
  )

  api.get(
    '/:id/cursors/:entity/history',
    { summary: 'Positions a cursor held', description: 'Newest first; `before` pages back from a history id.', access: 'connections:read', query: HistoryQuery, answers: [{ description: '`{ data }`: the positions, newest first' }] },
    async (req, res, { query }) => {
      const data = await cursorHistory(deps.db, authOf(res).tenantId, pathParam(req, 'id'), pathParam(req, 'entity'), { limit: query.limit ?? 50, before: query.before })
      res.json({ data })
    },
  )

  api.post(
    '/:id/cursors/:entity/rewind',
    {
      summary: 'Rewind a cursor, or preview the rewind',
      description: 'To a history id or a time; the preview says how much the hub and the ERP hold since. Refused while a sync of the entity runs.',
      access: 'connections:read',
      escalate: { permission: 'connections:write', when: (body) => body.preview === false, description: 'With `preview: false` (the rewind itself)', instead: true },
      body: RewindRequest,
      answers: [{ description: '`{ preview, … }`: what a rewind re-reads, or where the cursor now stands' }],
      errors: { 409: 'a sync of the entity is running, or the position is ahead of the cursor' },
    },
    async (req, res, { body }) => {
      const auth = authOf(res)
      const [id, entity] = [pathParam(req, 'id'), pathParam(req, 'entity')]
      if (body.preview) {
        res.json({ preview: true, ...(await previewRewind(sync, auth.tenantId, id, entity, { to: body.to, signal: abortOnClose(res) })) })
        return
      }
      res.json({ preview: false, ...(await rewindCursor(sync, auth.tenantId, id, entity, { to: body.to, actor: auth.keyId })) })
    },
  )
  return api.router
}
