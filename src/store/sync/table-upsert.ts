import type { PoolClient } from 'pg'

export type PgType = 'text' | 'int' | 'numeric' | 'timestamptz' | 'uuid' | 'boolean'

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

/**
 * Builds, once per table, a set-based upsert of a whole page: `INSERT … SELECT FROM unnest(…)` with
 * `ON CONFLICT (connection_id, external_id)`. A row whose content hash is unchanged is not touched,
 * and an older source version never overwrites a newer one; both count as unchanged.
 */
export function tableUpsert<T>(table: string, columns: Column<T>[]): (client: PoolClient, ctx: UpsertContext, rows: UpsertRow<T>[]) => Promise<UpsertOutcome> {
  const arrayCols = ['external_id', 'content_hash', 'source_updated_at', ...columns.map((c) => c.name)]
  const arrayTypes: PgType[] = ['text', 'text', 'timestamptz', ...columns.map((c) => c.type)]
  const fixed = ['tenant_id', 'connection_id', 'sync_run_id', 'mapping_version']
  const q = (n: string) => `"${n}"`
  const sql = `INSERT INTO ${q(table)} (${[...fixed, ...arrayCols].map(q).join(', ')})
SELECT $1::uuid, $2::uuid, $3::uuid, $4::int, ${arrayCols.map((c) => `u.${q(c)}`).join(', ')}
FROM unnest(${arrayTypes.map((t, i) => `$${i + 5}::${t}[]`).join(', ')}) AS u(${arrayCols.map(q).join(', ')})
ON CONFLICT ("connection_id", "external_id") DO UPDATE SET
  ${['sync_run_id', 'mapping_version', 'content_hash', 'source_updated_at', ...columns.map((c) => c.name)].map((c) => `${q(c)} = EXCLUDED.${q(c)}`).join(', ')}, "updated_at" = now()
WHERE ${q(table)}."content_hash" IS DISTINCT FROM EXCLUDED."content_hash"
  AND (${q(table)}."source_updated_at" IS NULL OR EXCLUDED."source_updated_at" IS NULL OR EXCLUDED."source_updated_at" >= ${q(table)}."source_updated_at")
RETURNING "id", "external_id", (xmax = 0) AS inserted`

  return async (client, ctx, rows) => {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, changed: [] }
    const arrays: unknown[][] = arrayCols.map(() => new Array(rows.length))
    rows.forEach((row, i) => {
      arrays[0][i] = row.externalId
      arrays[1][i] = row.hash
      arrays[2][i] = row.sourceUpdatedAt
      columns.forEach((c, j) => {
        const v = c.get(row.value)
        arrays[j + 3][i] = v === undefined ? null : v
      })
    })
    const res = await client.query<{ id: string; external_id: string; inserted: boolean }>(sql, [ctx.tenantId, ctx.connectionId, ctx.syncRunId, ctx.mappingVersion, ...arrays])
    const changed = res.rows.map((r) => ({ id: r.id, externalId: r.external_id, inserted: r.inserted }))
    const inserted = changed.filter((c) => c.inserted).length
    return { inserted, updated: changed.length - inserted, unchanged: rows.length - changed.length, changed }
  }
}
