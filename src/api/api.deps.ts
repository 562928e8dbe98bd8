import type { Redis } from 'ioredis'
import type { ConnectionDeps } from '../connections/connection.service'
import type { Clock, Logger } from '../connector-sdk/connector.contract'
import type { HttpClient } from '../connector-sdk/http.client'
import type { Database } from '../store/database'
import type { RunEnqueuer } from '../sync/request-sync'

export interface ApiDeps {
  db: Database
  redis: Redis
  connections: ConnectionDeps
  queue: RunEnqueuer
  http: HttpClient
  logger: Logger
  clock: Clock
}
