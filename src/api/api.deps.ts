import type { Queue } from 'bullmq'
import type { Cluster, Redis } from 'ioredis'
import type { ConnectionDeps } from '../connections/connection.service'
import type { Clock, Logger } from '../connector-sdk/connector.contract'
import type { HttpClient } from '../connector-sdk/http.client'
import type { Database } from '../store/database'
import type { DeadLetterQueue } from '../sync/retry-dead-letter.sync'
import type { DocumentDeps } from '../sync/receive-document'
import type { WebhookInbox } from '../webhooks/webhook.inbox'
import type { RateControl } from '../ratelimit'
import type { CaseDeps } from '../crm/service-case.service'
import type { SyncDeps } from '../sync/pull-entity.sync'
import type { HubMetrics } from '../observability/metrics'

export interface ApiDeps {
  db: Database
  /** One Redis server, or a Redis Cluster (REDIS_CLUSTER). */
  redis: Redis | Cluster
  connections: ConnectionDeps
  documents: DocumentDeps
  queue: DeadLetterQueue
  /** The BullMQ queues of this process, as the queue dashboard (/admin/queues) shows them. */
  queues: readonly Queue[]
  http: HttpClient
  logger: Logger
  clock: Clock
  inbox: WebhookInbox
  rate: RateControl
  cases: CaseDeps
  /** What a re-read from the ERPs needs (connections, mappings, the rate budgets). */
  sync: SyncDeps
  metrics: Pick<HubMetrics, 'contentType' | 'render'>
  metricsToken?: string
  /** The tenant (slug) whose admin keys may open the queue dashboard; unset, any admin while the hub has one tenant. */
  operatorTenant?: string
}
