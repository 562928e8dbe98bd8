import type { PoolClient } from 'pg'
import type { HubEntity } from '../../canonical'
import { HubError } from '../../errors/hub-error'
import type { Database } from '../database'
import { copyRows } from './copy-rows'
import { entityWriters } from './entity-writers'
import { updateFromStage, type PgType, type UpsertContext, type UpsertRow } from './table-upsert'
import { findExisting, planWrites } from './write-plan'

export interface RawRecordRow {
  externalId: string
  /** The payload exactly as received, serialised once. */
  payloadJson: string
  hash: string
  sourceUpdatedAt: string | null
}

export interface QuarantineRow {
  externalId: string
  mapping: string
  mappingVersion: number
  issues: unknown[]
  payloadJson: string
}

export interface PageWrite {
  ctx: UpsertContext
  entity: HubEntity
  raw: RawRecordRow[]
  mapped: UpsertRow<unknown>[]
  quarantined: QuarantineRow[]
  /** Raw keys of the records that mapped cleanly. */
  landedKeys: string[]
  /**
   * Pulled pages: the cursor must still be at this version and moves to `next` in the same
   * transaction. Document batches have none (a document is read again whole after a crash).
   */
  cursor?: { expectedVersion: number; next: unknown }
}

export interface PageCounts {
  read: number
  inserted: number
  updated: number
  unchanged: number
  quarantined: number
}

export async function readCursor(db: Database, tenantId: string, connectionId: string, entity: string): Promise<{ value: unknown; version: number }> {
  await db.pool.query(
    `INSERT INTO "sync_cursor" ("connection_id", "entity", "tenant_id", "value", "version") VALUES ($1, $2, $3, NULL, 0) ON CONFLICT DO NOTHING`,
    [connectionId, entity, tenantId],
  )
  const res = await db.pool.query<{ value: unknown; version: number }>(`SELECT "value", "version" FROM "sync_cursor" WHERE "connection_id" = $1 AND "entity" = $2`, [connectionId, entity])
  return res.rows[0]
}

const RAW_STAGE: Array<{ name: string; type: PgType }> = [
  { name: 'id', type: 'bigint' },
  { name: 'payload', type: 'json' },
  { name: 'content_hash', type: 'text' },
  { name: 'source_updated_at', type: 'timestamptz' },
]

/**
 * The raw inbox keeps the latest payload of every record. Payloads are the largest values of a
 * page, so new ones go in by COPY and changed ones through a staged copy; unchanged ones are not
 * sent at all. They are stored as `json`, not `jsonb`: the text exactly as the ERP sent it, and
 * cheaper to take in.
 */
async function upsertRaw(client: PoolClient, ctx: UpsertContext, entity: string, rows: RawRecordRow[]): Promise<void> {
  if (rows.length === 0) return
  const existing = await findExisting(client, 'source_record', '"connection_id" = $1 AND "entity" = $2', [ctx.connectionId, entity], rows.map((r) => r.externalId))
  const plan = planWrites(rows, existing)
  await copyRows(
    client,
    'source_record',
    ['tenant_id', 'connection_id', 'entity', 'sync_run_id', 'received_at', 'external_id', 'payload', 'content_hash', 'source_updated_at'],
    plan.inserts.map((r) => [ctx.tenantId, ctx.connectionId, entity, ctx.syncRunId, ctx.receivedAt.toISOString(), r.externalId, r.payloadJson, r.hash, r.sourceUpdatedAt]),
  )
  await updateFromStage(
    client,
    'source_record',
    RAW_STAGE,
    plan.updates.map(({ id, row }) => [id, row.payloadJson, row.hash, row.sourceUpdatedAt]),
    { sql: `"sync_run_id" = $1::uuid, "received_at" = $2::timestamptz`, params: [ctx.syncRunId, ctx.receivedAt] },
  )
}

async function upsertQuarantine(client: PoolClient, ctx: UpsertContext, entity: string, rows: QuarantineRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.query(
    `INSERT INTO "quarantine" ("tenant_id", "connection_id", "entity", "sync_run_id", "external_id", "mapping", "mapping_version", "issues", "payload")
SELECT $1::uuid, $2::uuid, $3, $4::uuid, u.external_id, u.mapping, u.mapping_version, u.issues::jsonb, u.payload::jsonb
FROM unnest($5::text[], $6::text[], $7::int[], $8::text[], $9::text[]) AS u(external_id, mapping, mapping_version, issues, payload)
ON CONFLICT ("connection_id", "entity", "external_id") DO UPDATE SET
  "sync_run_id" = EXCLUDED."sync_run_id", "mapping" = EXCLUDED."mapping", "mapping_version" = EXCLUDED."mapping_version",
  "issues" = EXCLUDED."issues", "payload" = EXCLUDED."payload", "status" = 'open', "resolved_at" = NULL,
  "last_seen_at" = now(), "occurrences" = "quarantine"."occurrences" + 1`,
    [
      ctx.tenantId,
      ctx.connectionId,
      entity,
      ctx.syncRunId,
      rows.map((r) => r.externalId),
      rows.map((r) => r.mapping),
      rows.map((r) => r.mappingVersion),
      rows.map((r) => JSON.stringify(r.issues)),
      rows.map((r) => r.payloadJson),
    ],
  )
}

/** A record that now lands cleanly closes its open quarantine entry: nothing stays flagged after it is fixed. */
async function resolveQuarantine(client: PoolClient, ctx: UpsertContext, entity: string, externalIds: string[]): Promise<void> {
  if (externalIds.length === 0) return
  await client.query(
    `UPDATE "quarantine" SET "status" = 'resolved', "resolved_at" = now()
WHERE "connection_id" = $1 AND "entity" = $2 AND "status" = 'open' AND "external_id" = ANY($3::text[])`,
    [ctx.connectionId, entity, externalIds],
  )
}

/**
 * Stores one page in ONE transaction: raw payloads, canonical rows, quarantine entries, the run's
 * counters and the cursor. Either all of it is durable or none of it, so re-reading a page after a
 * crash is harmless and a cursor never runs ahead of its rows.
 *
 * `after` lets pages overlap: the data of this page is written while the previous page's
 * transaction is still open, but the cursor moves only once `after()` says the previous page is
 * committed, so pages commit strictly in order (a failed previous page rolls this one back).
 */
export async function writePage(db: Database, page: PageWrite, after?: () => Promise<unknown>): Promise<PageCounts> {
  const { ctx, entity } = page
  return db.transaction(async (client) => {
    // Safe without waiting for the flush: the rows and the cursor share this transaction, so if a
    // database crash loses it, the cursor is lost with the rows and the page is simply read again.
    await client.query('SET LOCAL synchronous_commit TO OFF')
    await upsertRaw(client, ctx, entity, page.raw)
    const outcome = await entityWriters[entity].write(client, ctx, page.mapped)
    await upsertQuarantine(client, ctx, entity, page.quarantined)
    await resolveQuarantine(client, ctx, entity, page.landedKeys)
    await after?.()
    if (page.cursor) {
      const moved = await client.query(
        `UPDATE "sync_cursor" SET "value" = $4::jsonb, "version" = "version" + 1, "sync_run_id" = $5, "updated_at" = now()
WHERE "connection_id" = $1 AND "entity" = $2 AND "version" = $3`,
        [ctx.connectionId, entity, page.cursor.expectedVersion, JSON.stringify(page.cursor.next ?? null), ctx.syncRunId],
      )
      if (moved.rowCount !== 1) throw new HubError('superseded', `another run moved the ${entity} cursor of this connection; this run stops`)
    }
    const counts: PageCounts = {
      read: page.raw.length,
      inserted: outcome.inserted,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      quarantined: page.quarantined.length,
    }
    if (ctx.syncRunId) {
      await client.query(
        `UPDATE "sync_run" SET "pages" = "pages" + 1, "read_count" = "read_count" + $2, "inserted" = "inserted" + $3, "updated" = "updated" + $4,
  "unchanged" = "unchanged" + $5, "quarantined" = "quarantined" + $6 WHERE "id" = $1`,
        [ctx.syncRunId, counts.read, counts.inserted, counts.updated, counts.unchanged, counts.quarantined],
      )
    }
    return counts
  })
}
