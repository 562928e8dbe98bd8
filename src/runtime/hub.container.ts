import { connectorRegistry } from '../../connectors'
import type { ApiDeps } from '../api/api.deps'
import type { HubConfig } from '../config/config'
import type { ConnectionDeps, ConnectorRegistry } from '../connections/connection.service'
import type { Clock, Logger } from '../connector-sdk/connector.contract'
import { createHttpClient, type HttpClient } from '../connector-sdk/http.client'
import { createRedis, type RedisConnection } from '../jobs/redis.connection'
import { SyncQueue } from '../jobs/sync.queue'
import { createLogger } from '../observability/logger'
import { openDatabase, type Database } from '../store/database'
import { createMappingCatalog, type MappingCatalog } from '../store/mapping.catalog'
import type { SyncDeps } from '../sync/pull-entity.sync'
import type { DocumentDeps } from '../sync/receive-document'
import type { WebhookProcessDeps } from '../sync/process-webhooks.sync'
import type { PushDeps } from '../sync/push-outbox.sync'
import type { CaseDeps } from '../crm/service-case.service'
import { WebhookInbox } from '../webhooks/webhook.inbox'
import { createRateControl, type RateControl } from '../ratelimit'
import { createMetrics } from '../observability/metrics'

/** Everything a hub process needs, built once from config: the composition root's parts list. */
export interface Hub {
  config: HubConfig
  logger: Logger
  db: Database
  redis: RedisConnection
  http: HttpClient
  clock: Clock
  rate: RateControl
  mappings: MappingCatalog
  syncQueue: SyncQueue
  connections: ConnectionDeps
  sync: SyncDeps
  documents: DocumentDeps
  webhooks: WebhookProcessDeps
  push: PushDeps
  cases: CaseDeps
  api: ApiDeps
  close(): Promise<void>
}

export function createHub(config: HubConfig, overrides: { logger?: Logger; http?: HttpClient; clock?: Clock; registry?: ConnectorRegistry } = {}): Hub {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel })
  const db = openDatabase({ url: config.databaseUrl, max: config.databasePoolMax })
  const redis = createRedis({ url: config.redisUrl, cluster: config.redisCluster, prefix: config.queuePrefix })
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'))
  const http = overrides.http ?? createHttpClient({ userAgent: 'erphub/0.1' })
  const clock = overrides.clock ?? { now: () => new Date() }
  const mappings = createMappingCatalog(config.mappingsDir)
  const syncQueue = new SyncQueue({ connection: redis, prefix: config.queuePrefix, attempts: config.worker.attempts, onError: (err) => logger.warn({ err: err.message }, 'queue connection error') })
  const connections: ConnectionDeps = {
    db,
    registry: overrides.registry ?? connectorRegistry,
    mappings,
    secretKey: config.secretKey,
    scheduler: syncQueue,
    defaultEverySeconds: config.defaultSyncEverySeconds,
  }
  const rate: RateControl = createRateControl(redis, {
    prefix: config.queuePrefix,
    ratePerSecond: config.erp.ratePerSecond,
    burst: config.erp.burst,
    failureThreshold: config.erp.breakerFailures,
    openMs: config.erp.breakerOpenMs,
    onBreakerChange: (change) => logger.warn({ ...change }, 'ERP circuit breaker changed state'),
    onBookkeepingError: (err) => logger.warn({ err: (err as Error)?.message ?? String(err) }, 'rate control bookkeeping failed'),
  })
  const sync: SyncDeps = { db, connections, mappings, http, logger, clock, rate }
  const documents: DocumentDeps = { ...connections, queue: syncQueue, documentsDir: config.documentsDir, documentMaxBytes: config.documentMaxBytes }
  const webhooks: WebhookProcessDeps = { ...sync, secretKey: config.secretKey, fetch: (tenantId, connectionId, entity) => syncQueue.enqueueFetch(tenantId, connectionId, entity) }
  const push: PushDeps = { ...sync, maxAttempts: 10, backoffMs: config.worker.backoffMs, retryLater: (tenantId, connectionId, delayMs) => syncQueue.pushLater(tenantId, connectionId, delayMs) }
  const cases: CaseDeps = { ...connections, kickPush: (tenantId, connectionId) => syncQueue.kickPush(tenantId, connectionId) }
  const inbox = new WebhookInbox({ db, secretKey: config.secretKey, logger, clock, kick: (tenantId, connectionId) => syncQueue.kickWebhooks(tenantId, connectionId) })
  const metrics = createMetrics({ db, queue: syncQueue.queue, breaker: rate.breaker, onError: (source, err) => logger.warn({ source, err: (err as Error)?.message ?? String(err) }, 'a metrics source did not answer') })
  const api: ApiDeps = { db, redis, connections, documents, queue: syncQueue, queues: [syncQueue.queue], http, logger, clock, inbox, rate, cases, sync, metrics, metricsToken: config.metricsToken, operatorTenant: config.operatorTenant }
  return {
    config,
    logger,
    db,
    redis,
    http,
    clock,
    rate,
    mappings,
    syncQueue,
    connections,
    sync,
    documents,
    webhooks,
    push,
    cases,
    api,
    async close() {
      await syncQueue.close().catch(() => undefined)
      await redis.quit().catch(() => undefined)
      await db.close()
    },
  }
}
