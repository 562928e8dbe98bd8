import { isHubEntity } from '../canonical/canonical.registry'
import { openConnection } from '../connections/connection.service'
import { ConfigError } from '../connector-sdk/connector.errors'
import type { ConnectorContext } from '../connector-sdk/connector.contract'
import { HubError } from '../errors/hub-error'
import { findDocument, markDocument } from '../store/document.repo'
import { openSpooled } from '../store/document.spool'
import { findRun, markFinished, markRunning, terminalRunStatuses, type RunStatus } from '../store/sync-run.repo'
import { writePage } from '../store/sync/sync-page.store'
import { preparePage } from './page-records.prepare'
import type { PullOutcome, SyncDeps, SyncProgress } from './pull-entity.sync'

/**
 * Ingests one received document: the connector streams it into batches, each batch is mapped
 * (`<kind>/<variant>-<entity>` or `<kind>/<entity>`, or the connection's override) and stored like a
 * pulled page, minus the cursor. After a crash the document is read again from the start; rows it
 * already stored are recognised as unchanged.
 */
export async function ingestDocument(deps: SyncDeps & { documentsDir: string }, options: { runId: string; documentId: string; signal: AbortSignal; onProgress?: (p: SyncProgress) => void | Promise<void> }): Promise<PullOutcome> {
  const { db } = deps
  const run = await findRun(db, options.runId)
  const doc = await findDocument(db, options.documentId)
  if (!run || !doc) throw new HubError('not_found', `document ${options.documentId} or its run ${options.runId} no longer exists`)
  const totals: SyncProgress = { pages: 0, read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0 }
  if (terminalRunStatuses.includes(run.status as RunStatus)) return { runId: run.id, status: run.status as RunStatus, totals }

  const open = await openConnection(deps.connections, run.tenantId, run.connectionId)
  if (!open.connector.parseDocument) throw new ConfigError(`connection ${open.row.name} (${open.row.kind}) does not take documents`)
  await markRunning(db, run.id)
  await markDocument(db, doc.id, 'processing')
  // Counters restart with the document: a resumed ingestion reads it again whole.
  await db.pool.query(`UPDATE "sync_run" SET "pages" = 0, "read_count" = 0, "inserted" = 0, "updated" = 0, "unchanged" = 0, "quarantined" = 0 WHERE "id" = $1`, [run.id])
  const logger = deps.logger.child({ runId: run.id, connectionId: run.connectionId, documentId: doc.id })
  const ctx: ConnectorContext = { http: deps.http, logger: logger.child({ connector: open.row.kind }), clock: deps.clock }
  const body = openSpooled(deps.documentsDir, doc.storagePath)
  try {
    for await (const batch of open.connector.parseDocument(open.config, { body, filename: doc.filename ?? undefined, contentType: doc.contentType ?? undefined }, ctx, options.signal)) {
      const entity = batch.entity
      const caps = open.entities[entity]
      if (!isHubEntity(entity) || !caps?.can.document) throw new ConfigError(`the ${open.row.kind} connector yielded "${entity}" records, which connection ${open.row.name} does not take in`)
      const mapping = deps.mappings.get(open.mappingName(batch.variant ? `${batch.variant}-${entity}` : entity))
      if (mapping.entity !== entity) throw new ConfigError(`mapping ${mapping.name} produces ${mapping.target}, not ${entity}`)
      const counts = await writePage(db, {
        ctx: { tenantId: run.tenantId, connectionId: run.connectionId, syncRunId: run.id, mappingVersion: mapping.version, receivedAt: deps.clock.now() },
        entity,
        ...preparePage(batch.records, caps.key, mapping),
      })
      totals.pages += 1
      for (const k of ['read', 'inserted', 'updated', 'unchanged', 'quarantined'] as const) totals[k] += counts[k]
      await options.onProgress?.({ ...totals })
      if (options.signal.aborted) throw options.signal.reason
    }
  } catch (err) {
    if (err instanceof HubError && !err.retryable) await markDocument(db, doc.id, 'failed', { error: err.toJSON() })
    throw err
  } finally {
    body.destroy()
  }
  await markFinished(db, run.id, 'succeeded')
  await markDocument(db, doc.id, 'done')
  logger.info({ ...totals }, 'document ingested')
  return { runId: run.id, status: 'succeeded', totals }
}
