import type { PoolClient } from 'pg'

/** What a page row needs for the plan: its key, its content hash and the source's change time. */
export interface Keyed {
  externalId: string
  hash: string
  sourceUpdatedAt: string | null
}

export interface Existing {
  id: string
  hash: string
  sourceUpdatedAt: Date | null
}

export interface WritePlan<R> {
  inserts: R[]
  updates: Array<{ id: string; row: R }>
  unchanged: number
}

/**
 * Looks up which keys of a page the table already holds, in one indexed query. `scopeSql` is the
 * WHERE part selecting the connection (and entity); its parameters come first, the keys last.
 */
export async function findExisting(client: PoolClient, table: string, scopeSql: string, scope: unknown[], keys: string[]): Promise<Map<string, Existing>> {
  const res = await client.query<{ id: string; external_id: string; content_hash: string; source_updated_at: Date | null }>(
    `SELECT "id", "external_id", "content_hash", "source_updated_at" FROM "${table}" WHERE ${scopeSql} AND "external_id" = ANY($${scope.length + 1}::text[])`,
    [...scope, keys],
  )
  return new Map(res.rows.map((r) => [r.external_id, { id: String(r.id), hash: r.content_hash, sourceUpdatedAt: r.source_updated_at }]))
}

/**
 * Decides per row before anything is written: new keys are inserted (by COPY, the fastest path),
 * changed ones updated, and the rest — same content, or an older version of the source record than
 * the one stored — left alone. Unchanged rows never travel to the database.
 */
export function planWrites<R extends Keyed>(rows: R[], existing: Map<string, Existing>): WritePlan<R> {
  const plan: WritePlan<R> = { inserts: [], updates: [], unchanged: 0 }
  for (const row of rows) {
    const found = existing.get(row.externalId)
    if (!found) plan.inserts.push(row)
    else if (found.hash === row.hash || isOlder(row.sourceUpdatedAt, found.sourceUpdatedAt)) plan.unchanged += 1
    else plan.updates.push({ id: found.id, row })
  }
  return plan
}

function isOlder(incoming: string | null, stored: Date | null): boolean {
  return incoming !== null && stored !== null && Date.parse(incoming) < stored.getTime()
}
