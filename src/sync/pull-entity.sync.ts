import { isHubEntity } from '../canonical/canonical.registry'
import { openConnection, type ConnectionDeps } from '../connections/connection.service'
import { ConfigError } from '../connector-sdk/connector.errors'
import type { Clock, ConnectorContext, Cursor, Logger } from '../connector-sdk/connector.contract'
import type { HttpClient } from '../connector-sdk/http.client'
import { retryingHttp, type RateControl } from '../ratelimit'
import type { Limits } from '../connections/connection.schema'
import { HubError } from '../errors/hub-error'
import type { Database } from '../store/database'
import type { MappingCatalog } from '../store/mapping.catalog'
import { findRun, markFinished, markRunning, terminalRunStatuses, type RunStatus } from '../store/sync-run.repo'
import { readCursor, writePage, type PageCounts } from '../store/sync/sync-page.store'
import { tryLockEntity } from './entity-lock'
import { OrderedPageWrites } from './ordered-page-writes'
import { preparePage } from './page-records.prepare'
import { readAhead } from './read-ahead'
import { loggedHttp } from '../observability/erp-call.log'

export interface SyncDeps {
  db: Database
  connections: ConnectionDeps
  mappings: MappingCatalog
  http: HttpClient
  logger: Logger
  clock: Clock
  /** Every ERP call of a connection goes through its shared budget and circuit breaker. */
  rate: RateControl
}

/**
 * The HTTP client a connector gets for one connection: budgeted, breaker-guarded, in the given lane;
 * bulk reads also retry a passing failure a few times (a person's call answers at once instead).
 */
export function connectionHttp(deps: Pick<SyncDeps, 'http' | 'rate'> & { logger?: Logger }, row: { id: string; limits: unknown }, priority: 'interactive' | 'bulk'): HttpClient {
  // Each exchange is logged (under the caller's correlation id) below the budget: one line per call the ERP saw.
  const inner = deps.logger ? loggedHttp(deps.http, deps.logger.child({ connectionId: row.id })) : deps.http
  const budgeted = deps.rate.forConnection(inner, row.id, priority, (row.limits as Limits | null) ?? undefined)
  return priority === 'bulk' ? retryingHttp(budgeted, { attempts: 5, baseDelayMs: 100, maxDelayMs: 2000 }) : budgeted
}

export type SyncProgress = PageCounts & { pages: number }

export interface PullOutcome {
  runId: string
  status: RunStatus
  totals: SyncProgress
}

/** Another run of the same connection × entity holds the lock. */
export class EntityBusy extends HubError {
  constructor(entity: string) {
    super('conflict', `a sync of ${entity} is already running for this connection`, { retryable: true })
  }
}

/**
 * Pulls one entity of one connection for the run `runId`: page by page from the saved cursor, each page
 * stored with its cursor in one transaction. Safe to call again for the same run after a crash: it
 * resumes where the last stored page left off. Throws connector errors for the caller to retry or not.
 */
export async function pullEntity(deps: SyncDeps, options: { runId: string; signal: AbortSignal; onProgress?: (p: SyncProgress) => void | Promise<void> }): Promise<PullOutcome> {
  const { db } = deps
  const run = await findRun(db, options.runId)
  if (!run) throw new HubError('not_found', `sync run ${options.runId} does not exist`)
  const totals: SyncProgress = { pages: run.pages, read: run.readCount, inserted: run.inserted, updated: run.updated, unchanged: run.unchanged, quarantined: run.quarantined }
  if (terminalRunStatuses.includes(run.status as RunStatus)) return { runId: run.id, status: run.status as RunStatus, totals }

  const entity = run.entity
  if (!isHubEntity(entity)) throw new ConfigError(`"${entity}" is not a hub entity`)
  const open = await openConnection(deps.connections, run.tenantId, run.connectionId)
  const caps = open.entities[entity]
  if (!caps?.can.read) throw new ConfigError(`connection ${open.row.name} does not read ${entity}`)
  const mapping = deps.mappings.get(open.mappingName(entity))

  const lock = await tryLockEntity(db, run.connectionId, entity)
  if (!lock) throw new EntityBusy(entity)
  const logger = deps.logger.child({ runId: run.id, connectionId: run.connectionId, entity })
  try {
    await markRunning(db, run.id)
    const cursor = await readCursor(db, run.tenantId, run.connectionId, entity)
    const connectorCtx: ConnectorContext = { http: connectionHttp(deps, open.row, 'bulk'), logger: logger.child({ connector: open.row.kind }), clock: deps.clock }
    const session = await open.connector.connect(open.config, connectorCtx)
    try {
      // Page n+1 is fetched and mapped while page n is stored; see read-ahead.ts and ordered-page-writes.ts.
      const pages = readAhead(session.read(entity, cursor.value as Cursor | null, options.signal), (page) => ({ next: page.next, ...preparePage(page.records, caps.key, mapping) }))
      const writes = new OrderedPageWrites<PageCounts>(2)
      const pageCtx = { tenantId: run.tenantId, connectionId: run.connectionId, syncRunId: run.id, mappingVersion: mapping.version }
      let version = cursor.version
      try {
        for await (const { next, ...prepared } of pages) {
          const expectedVersion = version++
          await writes.submit(
            new Set(prepared.raw.map((r) => r.externalId)),
            (after) => writePage(db, { ctx: { ...pageCtx, receivedAt: deps.clock.now() }, entity, ...prepared, cursor: { expectedVersion, next } }, after),
            async (counts) => {
              totals.pages += 1
              for (const k of ['read', 'inserted', 'updated', 'unchanged', 'quarantined'] as const) totals[k] += counts[k]
              await options.onProgress?.({ ...totals })
            },
          )
          if (options.signal.aborted) throw options.signal.reason
        }
      } finally {
        // Every page started is either committed or rolled back before the run moves on.
        await writes.drain()
      }
    } finally {
      await session.close().catch((err) => logger.warn({ err: String(err) }, 'closing the connector session failed'))
    }
    await markFinished(db, run.id, 'succeeded')
    logger.info({ ...totals }, 'sync run succeeded')
    return { runId: run.id, status: 'succeeded', totals }
  } finally {
    await lock.release()
  }
}
