import { z } from 'zod'
import { checkConnection } from '../connections/connection.check'
import { ConnectionCreateSchema, ConnectionUpdateSchema } from '../connections/connection.schema'
import { createConnection, deleteConnection, getConnection, listConnections, updateConnection } from '../connections/connection.service'
import { requestSync } from '../sync/request-sync'
import { connectionHttp } from '../sync/pull-entity.sync'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'
import { pathParam } from './request.validate'

const SyncRequest = z.object({ entities: z.array(z.string().min(1)).optional(), entity: z.string().min(1).optional() }).strict()

const VIEW = 'the connection, its secrets shown as ********'

export function connectionsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/connections', { name: 'Connections', description: "Configured connector instances: an ERP's address, credentials, entities, schedule and limits." })
  const ctx = { ...deps.connections, logger: deps.logger, clock: deps.clock, queue: deps.queue }
  const interactive = (row: { id: string; limits: unknown }) => connectionHttp(deps, row, 'interactive')

  api.get('/', { summary: 'List connections', access: 'connections:read', answers: [{ description: '`{ data }`: every connection of the tenant, secrets masked' }] }, async (_req, res) => {
    res.json({ data: await listConnections(ctx, authOf(res).tenantId) })
  })
  api.post(
    '/',
    {
      summary: 'Create a connection',
      description: "The config is validated against the connector's schema; secrets are sealed at rest. A schedule's first run comes one interval after creation.",
      access: 'connections:write',
      parsedBody: ConnectionCreateSchema,
      answers: [{ status: 201, description: VIEW }],
      errors: { 409: 'a connection of that name exists' },
    },
    async (req, res) => {
      res.status(201).json(await createConnection(ctx, authOf(res).tenantId, req.body))
    },
  )
  api.get('/:id', { summary: 'Read a connection', access: 'connections:read', answers: [{ description: VIEW }] }, async (req, res) => {
    res.json(await getConnection(ctx, authOf(res).tenantId, pathParam(req, 'id')))
  })
  api.patch(
    '/:id',
    { summary: 'Change a connection', description: 'Only the fields sent change; send the ******** mask back to keep a secret.', access: 'connections:write', parsedBody: ConnectionUpdateSchema, answers: [{ description: VIEW }], errors: { 409: 'a connection of that name exists' } },
    async (req, res) => {
      res.json(await updateConnection(ctx, authOf(res).tenantId, pathParam(req, 'id'), req.body))
    },
  )
  api.delete('/:id', { summary: 'Delete a connection', access: 'connections:write', answers: [{ status: 204, description: 'deleted', empty: true }] }, async (req, res) => {
    await deleteConnection(ctx, authOf(res).tenantId, pathParam(req, 'id'))
    res.status(204).end()
  })
  api.post(
    '/:id/check',
    { summary: 'Check a connection', description: 'A cheap authenticated call to the ERP. A refusal by the ERP is an answer (`ok: false`), not an API error.', access: 'connections:write', answers: [{ description: '`{ ok, latencyMs, error? }`' }] },
    async (req, res) => {
      res.json(await checkConnection({ ...ctx, http: interactive }, authOf(res).tenantId, pathParam(req, 'id')))
    },
  )
  api.post(
    '/:id/sync',
    { summary: 'Sync now', description: 'One queued run per entity (all the connection reads when none is named).', access: 'connections:write', body: SyncRequest, answers: [{ status: 202, description: '`{ runs: [{ id, entity }] }`' }] },
    async (req, res, { body }) => {
      const entities = body.entities ?? (body.entity ? [body.entity] : undefined)
      const runs = await requestSync(ctx, authOf(res).tenantId, pathParam(req, 'id'), entities)
      res.status(202).json({ runs })
    },
  )
  return api.router
}
