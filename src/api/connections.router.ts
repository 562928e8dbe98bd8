import { Router } from 'express'
import { z } from 'zod'
import { checkConnection } from '../connections/connection.check'
import { createConnection, deleteConnection, getConnection, listConnections, updateConnection } from '../connections/connection.service'
import { requestSync } from '../sync/request-sync'
import { connectionHttp } from '../sync/pull-entity.sync'
import type { ApiDeps } from './api.deps'
import { authOf, requirePermission } from './auth.middleware'
import { parseBody, pathParam } from './request.validate'

const SyncRequest = z.object({ entities: z.array(z.string().min(1)).optional(), entity: z.string().min(1).optional() }).strict()

export function connectionsRouter(deps: ApiDeps): Router {
  const r = Router()
  const ctx = { ...deps.connections, logger: deps.logger, clock: deps.clock, queue: deps.queue }
  const interactive = (row: { id: string; limits: unknown }) => connectionHttp(deps, row, 'interactive')

  r.get('/', requirePermission('connections:read'), async (_req, res) => {
    res.json({ data: await listConnections(ctx, authOf(res).tenantId) })
  })
  r.post('/', requirePermission('connections:write'), async (req, res) => {
    res.status(201).json(await createConnection(ctx, authOf(res).tenantId, req.body))
  })
  r.get('/:id', requirePermission('connections:read'), async (req, res) => {
    res.json(await getConnection(ctx, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.patch('/:id', requirePermission('connections:write'), async (req, res) => {
    res.json(await updateConnection(ctx, authOf(res).tenantId, pathParam(req, 'id'), req.body))
  })
  r.delete('/:id', requirePermission('connections:write'), async (req, res) => {
    await deleteConnection(ctx, authOf(res).tenantId, pathParam(req, 'id'))
    res.status(204).end()
  })
  r.post('/:id/check', requirePermission('connections:write'), async (req, res) => {
    res.json(await checkConnection({ ...ctx, http: interactive }, authOf(res).tenantId, pathParam(req, 'id')))
  })
  r.post('/:id/sync', requirePermission('connections:write'), async (req, res) => {
    const body = parseBody(SyncRequest, req)
    const entities = body.entities ?? (body.entity ? [body.entity] : undefined)
    const runs = await requestSync(ctx, authOf(res).tenantId, pathParam(req, 'id'), entities)
    res.status(202).json({ runs })
  })
  return r
}
