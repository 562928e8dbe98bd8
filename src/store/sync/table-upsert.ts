import { randomUUID } from 'node:crypto'
import type { PoolClient } from 'pg'
import { copyRows } from './copy-rows'
import { findExisting, planWrites } from './write-plan'

export type PgType = 'text' | 'int' | 'numeric' | 'timestamptz' | 'date' | 'uuid' | 'boolean' | 'bigint' | 'json'

export interface Column<T> {
  name: string
  type: PgType
  get(record: T): unknown
}

export interface UpsertContext {
  tenantId: string
  connectionId: string
  syncRunId: string | null
  mappingVersion: number
  receivedAt: Date
}

export interface UpsertRow<T> {
  externalId: string
  hash: string
  sourceUpdatedAt: string | null
  value: T
}

export interface UpsertOutcome {
  inserted: number
  updated: number
  unchanged: number
  /** Rows that were inserted or changed: id and external id, and whether it was an insert. */
  changed: Array<{ id: string; externalId: string; inserted: boolean }>
}

const q = (n: string) => `"${n}"`

/** Updates rows by id from a session temp table filled by COPY: one statement for the whole page. */
export async function updateFromStage(client: PoolClient, table: string, columns: Array<{ name: string; type: PgType }>, rows: unknown[][], set: { sql: string; params: unknown[] }): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const stage = `${table}_changed`
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${q(stage)} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')}) ON COMMIT DELETE ROWS`)
  await copyRows(client, stage, columns.map((c) => c.name), rows)
  const assignments = columns.filter((c) => c.name !== 'id').map((c) => `${q(c.name)} = s.${q(c.name)}`)
  // The plan compared with what was stored when the page was read; another writer (a webhook batch
  // next to a sync) may have stored a newer version since. Checked again here, under the row lock, so
  // an older version never overwrites a newer one whichever transaction commits first.
  const newerOnly = columns.some((c) => c.name === 'source_updated_at') ? ` AND (s."source_updated_at" IS NULL OR t."source_updated_at" IS NULL OR s."source_updated_at" >= t."source_updated_at")` : ''
  const res = await client.query<{ id: string }>(`UPDATE ${q(table)} t SET ${[...assignments, set.sql].join(', ')} FROM ${q(stage)} s WHERE t."id" = s."id"${newerOnly} RETURNING t."id"`, set.params)
  return new Set(res.rows.map((r) => String(r.id)))
}

/**
 * The write of one page of one canonical table, built once per table: look up which keys exist,
 * COPY the new rows straight into the table (ids made here, so the page's children can refer to
 * them at once), update the changed ones from a staged copy, and skip the rest.
 */
export function tableUpsert<T>(table: string, columns: Column<T>[]): (client: PoolClient, ctx: UpsertContext, rows: UpsertRow<T>[]) => Promise<UpsertOutcome> {
  const insertColumns = ['id', 'tenant_id', 'connection_id', 'sync_run_id', 'mapping_version', 'external_id', 'content_hash', 'source_updated_at', ...columns.map((c) => c.name)]
  const stageColumns: Array<{ name: string; type: PgType }> = [{ name: 'id', type: 'uuid' }, { name: 'content_hash', type: 'text' }, { name: 'source_updated_at', type: 'timestamptz' }, ...columns]

  return async (client, ctx, rows) => {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changed: [] }
    const existing = await findExisting(client, table, '"connection_id" = $1', [ctx.connectionId], rows.map((r) => r.externalId))
    const plan = planWrites(rows, existing)
    const inserted = plan.inserts.map((row) => ({ id: randomUUID(), row }))
    await copyRows(client, table, insertColumns, inserted.map(({ id, row }) => [id, ctx.tenantId, ctx.connectionId, ctx.syncRunId, ctx.mappingVersion, row.externalId, row.hash, row.sourceUpdatedAt, ...columns.map((c) => c.get(row.value) ?? null)]))
    const updatedIds = await updateFromStage(
      client,
      table,
      stageColumns,
      plan.updates.map(({ id, row }) => [id, row.hash, row.sourceUpdatedAt, ...columns.map((c) => c.get(row.value) ?? null)]),
      { sql: `"sync_run_id" = $1::uuid, "mapping_version" = $2::int, "updated_at" = now()`, params: [ctx.syncRunId, ctx.mappingVersion] },
    )
    // Rows a newer version overtook meanwhile were not written: they count as unchanged.
    const updates = plan.updates.filter(({ id }) => updatedIds.has(id))
    return {
      inserted: inserted.length,
      updated: updates.length,
      unchanged: plan.unchanged + plan.updates.length - updates.length,
      changed: [...inserted.map(({ id, row }) => ({ id, externalId: row.externalId, inserted: true })), ...updates.map(({ id, row }) => ({ id, externalId: row.externalId, inserted: false }))],
    }
  }
}
