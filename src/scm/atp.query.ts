import type { Database } from '../store/database'
import { computeAtp, type AtpEvent, type AtpResult } from './atp'
import { expectedDemand } from './stock-check'

/** Production that will still add stock (done and cancelled orders do not). */
const OPEN_PRODUCTION = ['planned', 'firm', 'released', 'in_progress']

export interface AtpQuery {
  skus: string[]
  /** YYYY-MM-DD, not before today. */
  from: string
  to: string
  /** Only this warehouse / location (as the ERPs name it). */
  location?: string
  /** IANA time zone whose calendar day is "today" (the company's; ERPs such as Tryton count days in it). Default UTC. */
  timeZone?: string
}

/** Whether `tz` is an IANA time zone this Node knows (Europe/Berlin, UTC, …). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** The calendar day `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/** The calendar day of `now` in `timeZone`, YYYY-MM-DD. */
export function dayIn(now: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export interface SourceTimeline {
  connection: { id: string; name: string }
  location: string | null
  /** Where the numbers come from: `movements` (the ERP's planned stock moves) or `positions` (reserved and production). */
  basis: 'movements' | 'positions'
  asOf: string | null
  timeline: AtpResult
}

export interface SkuAvailability {
  sku: string
  known: boolean
  /** Every connection and location together, less what launched campaigns hold. */
  total: AtpResult
  sources: SourceTimeline[]
  holds: Array<{ campaign: { id: string; name: string }; date: string; quantity: string }>
  /** Per connection: the oldest time its figures for this SKU were true (its latest stock read, its latest movement sync). */
  asOf: Record<string, string>
}

interface Key {
  connectionId: string
  connectionName: string
  location: string | null
}

/**
 * Available-to-promise per SKU from what the ERPs said, per connection and location and in total:
 * on hand now; then, for a connection that reports its planned stock moves (Tryton), those moves —
 * reserved ones count now whatever their date, planned ones on their date, and a plan whose date
 * has passed without being reserved or done is treated as lapsed, as Tryton's own forecast does;
 * for the other connections, reserved quantities count now and open production on its planned end.
 * Launched campaigns hold their expected demand at their promise date (in the total).
 */
export async function availabilityTimelines(db: Database, tenantId: string, q: AtpQuery, now: Date = new Date()): Promise<SkuAvailability[]> {
  const today = dayIn(now, q.timeZone)
  const loc = q.location ?? null
  const [positions, movements, production, holds, movementSources] = await Promise.all([
    db.pool.query<{ connection_id: string; name: string; sku: string; location: string; on_hand: string; reserved: string; as_of: Date }>(
      `SELECT p."connection_id", k."name", p."sku", p."location", p."on_hand"::text, p."reserved"::text, p."as_of" FROM "inventory_position" p JOIN "connection" k ON k."id" = p."connection_id"
WHERE p."tenant_id" = $1 AND p."sku" = ANY($2::text[]) AND ($3::text IS NULL OR p."location" = $3)`,
      [tenantId, q.skus, loc],
    ),
    db.pool.query<{ connection_id: string; name: string; sku: string; location: string | null; direction: string; status: string; quantity: string; planned_date: string | null; updated_at: Date }>(
      `SELECT m."connection_id", k."name", m."sku", m."location", m."direction", m."status", m."quantity"::text, to_char(m."planned_date", 'YYYY-MM-DD') AS planned_date, m."updated_at"
FROM "stock_movement" m JOIN "connection" k ON k."id" = m."connection_id"
WHERE m."tenant_id" = $1 AND m."sku" = ANY($2::text[]) AND ($3::text IS NULL OR m."location" = $3) AND m."status" IN ('planned', 'reserved')`,
      [tenantId, q.skus, loc],
    ),
    db.pool.query<{ connection_id: string; name: string; sku: string; location: string | null; quantity: string; planned_end: string | null }>(
      `SELECT o."connection_id", k."name", o."sku", o."location", o."quantity"::text, to_char(o."planned_end" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS planned_end
FROM "production_order" o JOIN "connection" k ON k."id" = o."connection_id"
WHERE o."tenant_id" = $1 AND o."sku" = ANY($2::text[]) AND ($3::text IS NULL OR o."location" = $3) AND o."status" = ANY($4::text[])`,
      [tenantId, q.skus, loc, OPEN_PRODUCTION],
    ),
    db.pool.query<{ id: string; name: string; date: string; treated: number; offers: Array<{ sku: string; responseRate: number; quantityPerResponse: string }> }>(
      `SELECT c."id", c."name", to_char(c."promise_date", 'YYYY-MM-DD') AS date,
  (SELECT count(*)::int FROM "campaign_target" t WHERE t."campaign_id" = c."id" AND t."group" = 'treated') AS treated,
  (SELECT json_agg(json_build_object('sku', o."sku", 'responseRate', o."response_rate", 'quantityPerResponse', trim_scale(o."quantity_per_response")::text) ORDER BY o."position") FROM "campaign_offer" o WHERE o."campaign_id" = c."id") AS offers
FROM "campaign" c WHERE c."tenant_id" = $1 AND c."status" = 'launched' AND c."promise_date" >= $2::date
  AND EXISTS (SELECT 1 FROM "campaign_offer" o WHERE o."campaign_id" = c."id" AND o."sku" = ANY($3::text[]))`,
      [tenantId, today, q.skus],
    ),
    // Connections that report stock moves: their moves replace reserved quantities and production orders.
    db.pool.query<{ connection_id: string }>(`SELECT DISTINCT "connection_id" FROM "stock_movement" WHERE "tenant_id" = $1`, [tenantId]),
  ])
  const withMovements = new Set(movementSources.rows.map((r) => r.connection_id))

  return q.skus.map((sku) => {
    const bySource = new Map<string, { key: Key; supplies: AtpEvent[]; demands: AtpEvent[]; asOf: Date | null }>()
    const source = (connectionId: string, connectionName: string, location: string | null) => {
      const id = `${connectionId}\u0000${location ?? ''}`
      let s = bySource.get(id)
      if (!s) bySource.set(id, (s = { key: { connectionId, connectionName, location }, supplies: [], demands: [], asOf: null }))
      return s
    }
    const older = (a: Date | null, b: Date) => (a === null || b < a ? b : a)
    for (const p of positions.rows.filter((r) => r.sku === sku)) {
      const s = source(p.connection_id, p.name, p.location)
      s.supplies.push({ date: null, quantity: p.on_hand, kind: 'on_hand', source: p.name })
      if (!withMovements.has(p.connection_id)) s.demands.push({ date: null, quantity: p.reserved, kind: 'reserved', source: p.name })
      s.asOf = older(s.asOf, p.as_of)
    }
    for (const m of movements.rows.filter((r) => r.sku === sku)) {
      // A plan whose day has passed without its stock being reserved or moved has lapsed.
      if (m.status === 'planned' && (m.planned_date === null || m.planned_date < today)) continue
      const s = source(m.connection_id, m.name, m.location)
      const event = { date: m.status === 'reserved' ? null : m.planned_date, quantity: m.quantity, kind: m.direction === 'in' ? 'receipt' : 'issue', source: m.name }
      if (m.direction === 'in') s.supplies.push(event)
      else s.demands.push(event)
    }
    for (const o of production.rows.filter((r) => r.sku === sku && !withMovements.has(r.connection_id))) {
      source(o.connection_id, o.name, o.location).supplies.push({ date: o.planned_end, quantity: o.quantity, kind: 'production', source: o.name })
    }
    // What launched campaigns expect to sell, by the stock check's own rule, held on their promise date.
    const skuHolds = holds.rows.flatMap((h) => expectedDemand(h.treated, h.offers ?? []).filter((d) => d.sku === sku && d.demand !== '0').map((d) => ({ id: h.id, name: h.name, date: h.date, quantity: d.demand })))
    const sources: SourceTimeline[] = [...bySource.values()]
      .sort((a, b) => (a.key.connectionName + (a.key.location ?? '')).localeCompare(b.key.connectionName + (b.key.location ?? '')))
      .map((s) => ({
        connection: { id: s.key.connectionId, name: s.key.connectionName },
        location: s.key.location,
        basis: withMovements.has(s.key.connectionId) ? 'movements' : 'positions',
        asOf: s.asOf?.toISOString() ?? null,
        timeline: computeAtp({ today, from: q.from, to: q.to, supplies: s.supplies, demands: s.demands }),
      }))
    const all = [...bySource.values()]
    const total = computeAtp({
      today,
      from: q.from,
      to: q.to,
      supplies: all.flatMap((s) => s.supplies),
      demands: [...all.flatMap((s) => s.demands), ...skuHolds.map((h) => ({ date: h.date, quantity: h.quantity, kind: 'campaign', source: h.name }))],
    })
    const asOf: Record<string, string> = {}
    for (const s of sources) if (s.asOf && (!asOf[s.connection.name] || s.asOf < asOf[s.connection.name])) asOf[s.connection.name] = s.asOf
    return { sku, known: bySource.size > 0, total, sources, holds: skuHolds.map((h) => ({ campaign: { id: h.id, name: h.name }, date: h.date, quantity: h.quantity })), asOf }
  })
}
