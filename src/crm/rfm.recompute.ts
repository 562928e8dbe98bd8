import { HubError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { goldenOrdersFrom } from './golden-orders.sql'
import { RFM_SEGMENTS, scoreRfm, type RfmSegment } from './rfm'

export interface RfmOutcome {
  asOf: Date
  /** Golden customers with at least one counted, dated order up to `asOf`. */
  scored: number
  segments: Record<RfmSegment, number>
}

/**
 * Scores every active golden customer with counted orders (orders dated after `asOf` are left out:
 * they cannot have a recency yet) and replaces the tenant's RFM rows and the members of its eleven
 * RFM segments, all in one transaction. Revenue below zero (credit notes outweighing sales) counts
 * as zero. The aggregation and the writes are single statements; only the ranking runs here.
 */
export async function recomputeRfm(db: Database, tenantId: string, now: Date): Promise<RfmOutcome> {
  return db.transaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('erphub:rfm:' || $1::text, 0))`, [tenantId])
    const figures = await client.query<{ id: string; orders: number; revenue: string; last: Date }>(
      `SELECT x."golden_id" AS id, count(*)::int AS orders, GREATEST(COALESCE(sum(x."total_amount"), 0), 0)::text AS revenue, max(x."ordered_at") AS last
FROM ${goldenOrdersFrom('$1', 'x')}
JOIN "golden_customer" g ON g."id" = x."golden_id" AND g."status" = 'active'
WHERE x."ordered_at" <= $2
GROUP BY x."golden_id"`,
      [tenantId, now],
    )
    const rows = figures.rows
    const scores = scoreRfm(
      now,
      rows.map((r) => ({ id: r.id, lastOrderAt: r.last, orders: r.orders, revenue: Number(r.revenue) })),
    )
    await client.query(`DELETE FROM "customer_rfm" WHERE "tenant_id" = $1`, [tenantId])
    await client.query(
      `INSERT INTO "customer_rfm" ("golden_id", "tenant_id", "recency_days", "frequency", "monetary", "r", "f", "m", "segment", "computed_at")
SELECT u.golden_id, $1, u.recency_days, u.frequency, u.monetary, u.r, u.f, u.m, u.segment, $10
FROM unnest($2::uuid[], $3::int[], $4::int[], $5::numeric[], $6::int[], $7::int[], $8::int[], $9::text[]) AS u(golden_id, recency_days, frequency, monetary, r, f, m, segment)`,
      [tenantId, scores.map((s) => s.id), scores.map((s) => s.recencyDays), rows.map((r) => r.orders), rows.map((r) => r.revenue), scores.map((s) => s.r), scores.map((s) => s.f), scores.map((s) => s.m), scores.map((s) => s.segment), now],
    )
    await client.query(
      `INSERT INTO "segment" ("tenant_id", "name", "kind", "definition") SELECT $1, n, 'rfm', jsonb_build_object('rfm', n) FROM unnest($2::text[]) AS n ON CONFLICT ("tenant_id", "name") DO NOTHING`,
      [tenantId, RFM_SEGMENTS],
    )
    // Rule names are checked against the RFM names, so this only trips on rows written around the service.
    const taken = await client.query<{ name: string }>(`SELECT "name" FROM "segment" WHERE "tenant_id" = $1 AND "name" = ANY($2::text[]) AND "kind" <> 'rfm'`, [tenantId, RFM_SEGMENTS])
    if (taken.rows.length) throw new HubError('conflict', `rule segments use RFM segment names: ${taken.rows.map((r) => r.name).join(', ')}; rename them`)
    await client.query(`DELETE FROM "segment_member" sm USING "segment" s WHERE s."id" = sm."segment_id" AND s."tenant_id" = $1 AND s."kind" = 'rfm'`, [tenantId])
    await client.query(
      `INSERT INTO "segment_member" ("segment_id", "golden_id")
SELECT s."id", cr."golden_id" FROM "customer_rfm" cr JOIN "segment" s ON s."tenant_id" = cr."tenant_id" AND s."kind" = 'rfm' AND s."name" = cr."segment" WHERE cr."tenant_id" = $1`,
      [tenantId],
    )
    const counts = await client.query<{ name: RfmSegment; members: number }>(
      `UPDATE "segment" s SET "members" = c.n, "computed_at" = $2, "updated_at" = now()
FROM (SELECT s2."id", count(sm."golden_id")::int AS n FROM "segment" s2 LEFT JOIN "segment_member" sm ON sm."segment_id" = s2."id" WHERE s2."tenant_id" = $1 AND s2."kind" = 'rfm' GROUP BY s2."id") c
WHERE s."id" = c."id" RETURNING s."name", s."members"`,
      [tenantId, now],
    )
    const segments = Object.fromEntries(RFM_SEGMENTS.map((n) => [n, 0])) as Record<RfmSegment, number>
    for (const c of counts.rows) segments[c.name] = c.members
    return { asOf: now, scored: scores.length, segments }
  })
}
