import { Router, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { cursorHistory, previewRewind, rewindCursor } from '../sync/cursor-rewind.sync'
import { checkGaps } from '../sync/gap-check.sync'
import type { SyncDeps } from '../sync/pull-entity.sync'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission, type Permission } from './auth.middleware'
import { parseBody, parseQuery, pathParam } from './request.validate'

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
    limit: z.string().regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000').transform(Number).pipe(z.int().min(1).max(1000)).optional(),
    /** A history id: the page of positions older than it (the last id of the previous page). */
    before: z.string().regex(/^\d{1,18}$/, 'must be a cursor history id').optional(),
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

/** The permission a request needs depends on what its body asks: looking is a read, changing data a write. */
function permissionBy(pick: (body: Record<string, unknown>) => Permission): RequestHandler {
  return (req, res, next) => {
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {}
    requirePermission(pick(body))(req, res, next)
  }
}

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
 *
 * - `POST /:id/gaps/check` `{ entity, bucketMinutes = 1440, since?, resync = false }`: counts per bucket,
 *   ERP against hub; `resync` re-reads the buckets that differ (needs connections:write).
 * - `GET /:id/cursors/:entity/history?limit=&before=`: past positions, newest first.
 * - `POST /:id/cursors/:entity/rewind` `{ to, preview = true }`: what a rewind to `to` would re-read,
 *   or (`preview: false`, connections:write) the rewind itself; 409 while a sync of the entity runs.
 */
export function gapsRouter(deps: ApiDeps): Router {
  const r = Router({ mergeParams: true })
  const sync: SyncDeps = { db: deps.db, connections: deps.connections, mappings: deps.connections.mappings, http: deps.http, logger: deps.logger, clock: deps.clock, rate: deps.rate }

  r.post(
    '/:id/gaps/check',
    permissionBy((body) => (body.resync === true ? 'connections:write' : 'connections:read')),
    async (req, res) => {
      const body = parseBody(GapCheckRequest, req)
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

  r.get('/:id/cursors/:entity/history', requirePermission('connections:read'), async (req, res) => {
    const query = parseQuery(HistoryQuery, req)
    const data = await cursorHistory(deps.db, authOf(res).tenantId, pathParam(req, 'id'), pathParam(req, 'entity'), { limit: query.limit ?? 50, before: query.before })
    res.json({ data })
  })

  r.post(
    '/:id/cursors/:entity/rewind',
    permissionBy((body) => (body.preview === false ? 'connections:write' : 'connections:read')),
    async (req, res) => {
      const body = parseBody(RewindRequest, req)
      const auth = authOf(res)
      const [id, entity] = [pathParam(req, 'id'), pathParam(req, 'entity')]
      if (body.preview) {
        res.json({ preview: true, ...(await previewRewind(sync, auth.tenantId, id, entity, { to: body.to, signal: abortOnClose(res) })) })
        return
      }
      res.json({ preview: false, ...(await rewindCursor(sync, auth.tenantId, id, entity, { to: body.to, actor: auth.keyId })) })
    },
  )
  return r
}
