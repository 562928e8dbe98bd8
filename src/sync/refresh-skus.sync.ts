import { listConnections, openConnection } from '../connections/connection.service'
import type { EntityName } from '../connector-sdk/connector.contract'
import { writePage } from '../store/sync/sync-page.store'
import { preparePage } from './page-records.prepare'
import { connectionHttp, type SyncDeps } from './pull-entity.sync'

/** What available-to-promise is computed from, per ERP. */
const STOCK_ENTITIES = ['inventory-position', 'stock-movement'] as const

export interface SkuRefresh {
  connection: { id: string; name: string }
  entity: string
  /** Records read and stored (through the mapping, like a sync), when the re-read happened. */
  read?: number
  /** Planned moves the hub held that the ERP no longer has (deleted there), dropped. */
  deleted?: number
  /** Why this connection's figures were not re-read (the stored ones answer instead). */
  skipped?: string
  error?: string
}

/**
 * Re-reads the stock figures of a few SKUs from every ERP that can read them by SKU, in the
 * interactive lane of each connection's rate budget (ahead of bulk syncs, never past the ERP's
 * allowance), and stores them through the mappings as a sync would, without touching any cursor. An
 * ERP that fails or cannot re-read by SKU is reported, and its stored figures answer instead.
 */
export async function refreshSkus(deps: SyncDeps, tenantId: string, skus: string[], signal: AbortSignal): Promise<SkuRefresh[]> {
  const out: SkuRefresh[] = []
  for (const view of await listConnections(deps.connections, tenantId)) {
    if (!view.enabled) continue
    const connection = { id: view.id, name: view.name }
    let open
    try {
      open = await openConnection(deps.connections, tenantId, view.id)
    } catch (err) {
      out.push({ connection, entity: '*', error: (err as Error).message })
      continue
    }
    const entities = STOCK_ENTITIES.filter((e) => open.entities[e]?.can.read && view.entities.includes(e))
    if (entities.length === 0) continue
    const logger = deps.logger.child({ connectionId: view.id, refresh: 'skus' })
    const session = await open.connector.connect(open.config, { http: connectionHttp(deps, open.row, 'interactive'), logger, clock: deps.clock })
    try {
      for (const entity of entities) {
        if (!session.readSkus) {
          out.push({ connection, entity, skipped: `the ${open.row.kind} connector cannot re-read single SKUs; its figures are those of its last sync` })
          continue
        }
        try {
          const mapping = deps.mappings.get(open.mappingName(entity))
          const ctx = { tenantId, connectionId: view.id, syncRunId: null, mappingVersion: mapping.version }
          let read = 0
          const seen: string[] = []
          for await (const page of session.readSkus(entity as EntityName, skus, signal)) {
            const prepared = preparePage(page.records, open.entities[entity]!.key, mapping)
            const stored = await writePage(deps.db, { ctx: { ...ctx, receivedAt: deps.clock.now() }, entity, ...prepared })
            read += stored.read
            seen.push(...prepared.raw.map((r) => r.externalId))
          }
          // A re-read by SKU is the whole set of the ERP's moves of those SKUs: a stored one it no longer has was deleted there.
          const gone = entity === 'stock-movement' ? await forgetMissingMovements(deps, view.id, skus, seen) : 0
          out.push({ connection, entity, read, ...(gone ? { deleted: gone } : {}) })
        } catch (err) {
          logger.warn({ entity, err: (err as Error).message }, 're-reading SKUs failed; the stored figures answer')
          out.push({ connection, entity, error: (err as Error).message })
        }
      }
    } finally {
      await session.close().catch(() => undefined)
    }
  }
  return out
}

async function forgetMissingMovements(deps: SyncDeps, connectionId: string, skus: string[], seen: string[]): Promise<number> {
  const res = await deps.db.pool.query(`DELETE FROM "stock_movement" WHERE "connection_id" = $1 AND "sku" = ANY($2::text[]) AND NOT ("external_id" = ANY($3::text[]))`, [connectionId, skus, seen])
  return res.rowCount ?? 0
}
