import type { Database } from '../store/database'

/** Production that will still add stock (done and cancelled orders do not). */
const OPEN_PRODUCTION = ['planned', 'firm', 'released', 'in_progress']

/**
 * What the ERPs say about one SKU: on hand and reserved per connection and location, open production
 * by planned completion date, and how fresh each source's numbers are. Sums are done in SQL numeric,
 * so quantities stay exact.
 */
export async function availabilityOf(db: Database, tenantId: string, sku: string) {
  const [locations, production, totals] = await Promise.all([
    db.pool.query(
      `SELECT k."id" AS connection_id, k."name" AS connection_name, p."location", trim_scale(p."on_hand")::text AS on_hand, trim_scale(p."reserved")::text AS reserved,
  trim_scale(p."on_hand" - p."reserved")::text AS available, p."uom", p."as_of"
FROM "inventory_position" p JOIN "connection" k ON k."id" = p."connection_id"
WHERE p."tenant_id" = $1 AND p."sku" = $2 ORDER BY k."name", p."location"`,
      [tenantId, sku],
    ),
    db.pool.query(
      `SELECT to_char(o."planned_end" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, trim_scale(sum(o."quantity"))::text AS quantity, count(*)::int AS orders
FROM "production_order" o
WHERE o."tenant_id" = $1 AND o."sku" = $2 AND o."status" = ANY($3::text[])
GROUP BY 1 ORDER BY 1 NULLS LAST`,
      [tenantId, sku, OPEN_PRODUCTION],
    ),
    db.pool.query(
      `SELECT trim_scale(coalesce(sum("on_hand"), 0))::text AS on_hand, trim_scale(coalesce(sum("reserved"), 0))::text AS reserved, trim_scale(coalesce(sum("on_hand" - "reserved"), 0))::text AS available
FROM "inventory_position" WHERE "tenant_id" = $1 AND "sku" = $2`,
      [tenantId, sku],
    ),
  ])
  const asOf: Record<string, string> = {}
  for (const l of locations.rows) {
    const prev = asOf[l.connection_name]
    const cur = (l.as_of as Date).toISOString()
    if (!prev || cur < prev) asOf[l.connection_name] = cur // the oldest figure is what the answer can vouch for
  }
  return {
    sku,
    known: locations.rows.length > 0 || production.rows.length > 0,
    totals: { onHand: totals.rows[0].on_hand, reserved: totals.rows[0].reserved, available: totals.rows[0].available },
    locations: locations.rows.map((l) => ({
      connection: { id: l.connection_id, name: l.connection_name },
      location: l.location,
      onHand: l.on_hand,
      reserved: l.reserved,
      available: l.available,
      uom: l.uom,
      asOf: (l.as_of as Date).toISOString(),
    })),
    production: production.rows.map((p) => ({ date: p.date, quantity: p.quantity, orders: p.orders })),
    asOf,
  }
}
