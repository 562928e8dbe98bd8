import express, { type Express, type Router } from 'express'
import { HubError } from '../errors/hub-error'
import { adminRouters } from './admin-queues.router'
import type { ApiDeps } from './api.deps'
import { authenticate } from './auth.middleware'
import { availabilityRouter } from './availability.router'
import { connectionsRouter } from './connections.router'
import { customersRouter } from './customers.router'
import { connectionDocumentsRouter, documentsRouter } from './documents.router'
import { errorMapper } from './error.mapper'
import { healthRouter } from './health.router'
import { quarantineRouter } from './quarantine.router'
import { runsRouter } from './runs.router'
import { webhooksCatalogue, webhooksHandler } from './webhooks.router'
import { casesRouter } from './cases.router'
import { outboxRouter } from './outbox.router'
import { deadLettersRouter } from './dead-letters.router'
import { webhookEventsRouter } from './webhook-events.router'
import { gapsRouter } from './gaps.router'
import { campaignsRouter } from './campaigns.router'
import { knowledgeRouter } from './knowledge.router'
import { metricsRouter } from './metrics.router'
import { offersRouter } from './offers.router'
import { openApiRouter } from './openapi.router'
import { scorecardRouter } from './scorecard.router'
import { segmentsRouter } from './segments.router'
import { sessionRouter } from './session.router'
import { consoleRouter } from './console.router'
import type { CataloguedRouter, RouteGroupInfo } from './openapi/route.catalogue'

const BODY_LIMIT = '1mb'

/** Mounts a catalogued router under `parent` (itself mounted at `prefix`) at the base its catalogue names. */
function mount(parent: Router | Express, prefix: string, router: CataloguedRouter): void {
  const { base } = router.catalogue
  if (!base.startsWith(prefix)) throw new Error(`a router for ${base} cannot be mounted under ${prefix}`)
  // An app and a Router mount alike; their `use` typings differ only in what they return.
  const target = parent as Router
  target.use(base.slice(prefix.length) || '/', router)
}

export function createApp(deps: ApiDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  // Signed by the ERP, not by an API key, and over the raw bytes: before any body parser and auth.
  app.use(webhooksHandler(deps.inbox, deps.logger))
  // Document uploads stream their raw body to the spool, whatever their content type: never parse them.
  app.use(express.json({ limit: BODY_LIMIT, type: (req) => !/\/documents\/?(\?|$)/.test(req.url ?? '') && /json/i.test(String(req.headers['content-type'] ?? '')) }))

  // In matching order: gaps before connections (both under /connections), offers (at the root of /v1) before customers.
  const open = [healthRouter(deps), metricsRouter({ metrics: deps.metrics, token: deps.metricsToken }), consoleRouter(), ...adminRouters(deps)]
  const keyed = [
    sessionRouter(deps),
    connectionDocumentsRouter(deps),
    gapsRouter(deps),
    connectionsRouter(deps),
    documentsRouter(deps),
    runsRouter(deps),
    quarantineRouter(deps),
    offersRouter(deps),
    customersRouter(deps),
    availabilityRouter(deps),
    casesRouter(deps),
    outboxRouter(deps),
    deadLettersRouter(deps),
    webhookEventsRouter(deps),
    knowledgeRouter(deps),
    segmentsRouter(deps),
    campaignsRouter(deps),
    scorecardRouter(deps),
  ]
  const reference = openApiRouter(deps, () => catalogue)
  const catalogue: RouteGroupInfo[] = [...[...open, reference, ...keyed].map((r) => r.catalogue), webhooksCatalogue()]

  for (const router of [...open, reference]) mount(app, '', router)
  const v1 = express.Router()
  v1.use(authenticate(deps.db))
  for (const router of keyed) mount(v1, '/v1', router)
  app.use('/v1', v1)
  app.use((req, _res, next) => next(new HubError('not_found', `no route for ${req.method} ${req.path}`)))
  app.use(errorMapper(deps.logger))
  return app
}
