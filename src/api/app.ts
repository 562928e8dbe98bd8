import express, { type Express } from 'express'
import { HubError } from '../errors/hub-error'
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
import { webhooksHandler } from './webhooks.router'
import { casesRouter } from './cases.router'
import { outboxRouter } from './outbox.router'
import { deadLettersRouter } from './dead-letters.router'
import { gapsRouter } from './gaps.router'
import { campaignsRouter } from './campaigns.router'
import { knowledgeRouter } from './knowledge.router'
import { offersRouter } from './offers.router'
import { scorecardRouter } from './scorecard.router'
import { segmentsRouter } from './segments.router'

const BODY_LIMIT = '1mb'

export function createApp(deps: ApiDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('query parser', 'simple')
  // Signed by the ERP, not by an API key, and over the raw bytes: before any body parser and auth.
  app.use(webhooksHandler(deps.inbox, deps.logger))
  // Document uploads stream their raw body to the spool, whatever their content type: never parse them.
  app.use(express.json({ limit: BODY_LIMIT, type: (req) => !/\/documents\/?(\?|$)/.test(req.url ?? '') && /json/i.test(String(req.headers['content-type'] ?? '')) }))
  app.use('/health', healthRouter(deps))
  const v1 = express.Router()
  v1.use(authenticate(deps.db))
  v1.use('/connections/:id/documents', connectionDocumentsRouter(deps))
  v1.use('/connections', gapsRouter(deps))
  v1.use('/connections', connectionsRouter(deps))
  v1.use('/documents', documentsRouter(deps))
  v1.use('/runs', runsRouter(deps))
  v1.use('/quarantine', quarantineRouter(deps))
  // Mounted at the root: /customers/:id/offers, /product-ladders, /association-rules.
  v1.use(offersRouter(deps))
  v1.use('/customers', customersRouter(deps))
  v1.use('/availability', availabilityRouter(deps))
  v1.use('/cases', casesRouter(deps))
  v1.use('/outbox', outboxRouter(deps))
  v1.use('/dead-letters', deadLettersRouter(deps))
  v1.use('/knowledge', knowledgeRouter(deps))
  v1.use('/segments', segmentsRouter(deps))
  v1.use('/campaigns', campaignsRouter(deps))
  v1.use('/scorecard', scorecardRouter(deps))
  app.use('/v1', v1)
  app.use((req, _res, next) => next(new HubError('not_found', `no route for ${req.method} ${req.path}`)))
  app.use(errorMapper(deps.logger))
  return app
}
