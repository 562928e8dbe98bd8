import { createHash } from 'node:crypto'
import type { TestHub } from './hub.harness'

/**
 * Row counts and a checksum of one entity as the hub holds it against the ERP's records: the
 * SHA-256 of every record exactly as served (what the hub stores as the raw payload's hash), in key
 * order, folded into one digest. Equal digests mean every record is there, once, at its latest version.
 */
export async function compareWithSource(th: TestHub, connectionId: string, entity: string, records: Array<{ id: string }>): Promise<{ hub: { rows: number; digest: string }; source: { rows: number; digest: string } }> {
  const res = await th.hub.db.pool.query<{ external_id: string; content_hash: string }>(
    `SELECT "external_id", "content_hash" FROM "source_record" WHERE "connection_id" = $1 AND "entity" = $2 ORDER BY "external_id"`,
    [connectionId, entity],
  )
  const fold = (pairs: Array<[string, string]>) => pairs.reduce((h, [id, hash]) => h.update(`${id}:${hash}\n`), createHash('sha256')).digest('hex')
  const source = records.map((r) => [r.id, createHash('sha256').update(JSON.stringify(r)).digest('hex')] as [string, string]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return {
    hub: { rows: res.rows.length, digest: fold(res.rows.map((r) => [r.external_id, r.content_hash])) },
    source: { rows: source.length, digest: fold(source) },
  }
}
