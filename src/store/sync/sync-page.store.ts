import type { PoolClient } from 'pg'
import type { HubEntity } from '../../canonical'
import { HubError } from '../../errors/hub-error'
import type { Database } from '../database'
import { entityWriters } from './entity-writers'
import type { UpsertContext, UpsertRow } from './table-upsert'

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
  /** The cursor must still be at this version; it moves to `next` in the same transaction. */
  cursor: { expectedVersion: number; next: unknown }
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

async function upsertRaw(client: PoolClient, ctx: UpsertContext, entity: string, rows: RawRecordRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.query(
    `INSERT INTO "source_record" ("tenant_id", "connection_id", "entity", "sync_run_id", "external_id", "payload", "content_hash", "source_updated_at", "received_at")
SELECT $1::uuid, $2::uuid, $3, $4::uuid, u.external_id, u.payload::jsonb, u.content_hash, u.source_updated_at, $8::timestamptz
FROM unnest($5::text[], $6::text[], $7::text[], $9::timestamptz[]) AS u(external_id, payload, content_hash, source_updated_at)
ON CONFLICT ("connection_id", "entity", "external_id") DO UPDATE SET
  "payload" = EXCLUDED."payload", "content_hash" = EXCLUDED."content_hash", "source_updated_at" = EXCLUDED."source_updated_at",
  "received_at" = EXCLUDED."received_at", "sync_run_id" = EXCLUDED."sync_run_id"
WHERE "source_record"."content_hash" IS DISTINCT FROM EXCLUDED."content_hash"`,
    [ctx.tenantId, ctx.connectionId, entity, ctx.syncRunId, rows.map((r) => r.externalId), rows.map((r) => r.payloadJson), rows.map((r) => r.hash), ctx.receivedAt, rows.map((r) => r.sourceUpdatedAt)],
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
 */
export async function writePage(db: Database, page: PageWrite): Promise<PageCounts> {
  const { ctx, entity } = page
  return db.transaction(async (client) => {
    const moved = await client.query(
      `UPDATE "sync_cursor" SET "value" = $4::jsonb, "version" = "version" + 1, "sync_run_id" = $5, "updated_at" = now()
WHERE "connection_id" = $1 AND "entity" = $2 AND "version" = $3`,
      [ctx.connectionId, entity, page.cursor.expectedVersion, JSON.stringify(page.cursor.next ?? null), ctx.syncRunId],
    )
    if (moved.rowCount !== 1) throw new HubError('superseded', `another run moved the ${entity} cursor of this connection; this run stops`)
    await upsertRaw(client, ctx, entity, page.raw)
    const outcome = await entityWriters[entity].write(client, ctx, page.mapped)
    await upsertQuarantine(client, ctx, entity, page.quarantined)
    await resolveQuarantine(client, ctx, entity, page.landedKeys)
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
