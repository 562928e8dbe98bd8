import type { Database } from '../store/database'

export interface CustomerHit {
  id: string
  name: string
  email: string | null
  phone: string | null
  city: string | null
  country: string | null
  connection: { id: string; name: string }
  externalId: string
  /** The golden customer it resolved to (its 360), with how many source customers it has; null before resolution. */
  golden: { id: string; name: string; members: number } | null
}

/**
 * Search by name, email or phone. Phones match on digits only, so "+49 89 123" finds "+49 (89) 123…";
 * a query with fewer than 3 digits does not search phones (it would match nearly everything).
 */
export async function searchCustomers(db: Database, tenantId: string, query: { q?: string; limit: number; offset: number }): Promise<{ data: CustomerHit[]; total: number }> {
  const q = query.q?.trim() ?? ''
  const digits = q.replace(/\D/g, '')
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const where = `c."tenant_id" = $1 AND ($2 = '' OR c."name" ILIKE $3 OR c."email" ILIKE $3 OR ($4 <> '' AND regexp_replace(coalesce(c."phone", ''), '\\D', '', 'g') LIKE '%' || $4 || '%'))`
  const params = [tenantId, q, like, digits.length >= 3 ? digits : '']
  const [rows, count] = await Promise.all([
    db.pool.query(
      `SELECT c."id", c."name", c."email", c."phone", c."city", c."country", c."external_id", k."id" AS connection_id, k."name" AS connection_name,
  g."id" AS golden_id, g."name" AS golden_name, g."members" AS golden_members
FROM "customer" c JOIN "connection" k ON k."id" = c."connection_id"
LEFT JOIN "customer_identity" i ON i."customer_id" = c."id"
LEFT JOIN "golden_customer" g ON g."id" = i."golden_id"
WHERE ${where} ORDER BY c."name", c."id" LIMIT $5 OFFSET $6`,
      [...params, query.limit, query.offset],
    ),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "customer" c WHERE ${where}`, params),
  ])
  return {
    total: count.rows[0].n,
    data: rows.rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      city: r.city,
      country: r.country,
      connection: { id: r.connection_id, name: r.connection_name },
      externalId: r.external_id,
      golden: r.golden_id ? { id: r.golden_id, name: r.golden_name, members: r.golden_members } : null,
    })),
  }
}
