import { z } from 'zod'
import type { ApiDeps } from './api.deps'
import { authOf } from './auth.middleware'
import { Paging, page } from './list.query'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

const EventsQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  status: z.enum(['received', 'done', 'failed']).optional(),
}).strict()

const RefusedQuery = Paging.extend({
  connectionId: z.uuid().optional(),
  status: z.enum(['400', '401', '404', '413', '415']).optional().describe('the HTTP status the call was refused with'),
}).strict()

/**
 * Headers never answered, whatever the inbox kept: anything that looks like a credential or a
 * signature, and the header the connection's own signature scheme names. The inbox keeps only
 * headers a later step needs (webhook.inbox.ts), but a configured signature header may be named
 * like one of those (`x-erp-id-signature`).
 */
const SECRET_HEADER = /sign|hmac|auth|token|secret|key|cookie|state/i

function safeHeaders(headers: unknown, signatureHeader: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof headers !== 'object' || headers === null) return out
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (SECRET_HEADER.test(name) || (signatureHeader && name.toLowerCase() === signatureHeader.toLowerCase())) continue
    if (typeof value === 'string') out[name] = value
  }
  return out
}

interface EventRow {
  id: string
  connection_id: string
  connection_name: string
  dedup_key: string
  content_type: string | null
  headers: unknown
  status: string
  attempts: number
  outcome: unknown
  error: unknown
  deliveries: number
  bytes: number
  received_at: Date
  processed_at: Date | null
  signature_header: string | null
}

interface RefusedRow {
  id: string
  connection_id: string | null
  connection_name: string | null
  status: number | null
  reason: string
  details: Record<string, unknown>
  at: Date
}

const EVENT = 'events: connection, dedup key, status, attempts, deliveries, outcome, error, size, received and processed times (never the body or its signature)'
const REFUSED = 'refused calls: connection, HTTP status, reason, size, content type, the names of the headers sent, time'

/**
 * The webhook log of a tenant: the events its ERPs sent (stored, deduplicated, processed) and the
 * calls the inbox refused (bad signature, too large, unreadable), which are audit entries. A call
 * for a connection that does not exist belongs to no tenant and is in no tenant's log.
 */
export function webhookEventsRouter(deps: ApiDeps): CataloguedRouter {
  const api = routeGroup('/v1/webhook-events', { name: 'Webhook log', description: 'Webhook events the ERPs sent and how each was processed, and the calls that were refused.' })

  api.get('/', { summary: 'List received webhook events', description: 'Newest first. The body is never shown, only its size.', access: 'connections:read', query: EventsQuery, answers: [{ description: EVENT, page: true }] }, async (_req, res, { query: q }) => {
    const params = [authOf(res).tenantId, q.connectionId ?? null, q.status ?? null]
    const where = `e."tenant_id" = $1 AND ($2::uuid IS NULL OR e."connection_id" = $2::uuid) AND ($3::text IS NULL OR e."status" = $3::text)`
    const [rows, total] = await Promise.all([
      deps.db.pool.query<EventRow>(
        `SELECT e."id", e."connection_id", c."name" AS "connection_name", e."dedup_key", e."content_type", e."headers", e."status", e."attempts", e."outcome", e."error",
                e."deliveries", octet_length(e."body")::int AS "bytes", e."received_at", e."processed_at", c."webhook"->'signature'->>'header' AS "signature_header"
           FROM "webhook_event" e JOIN "connection" c ON c."id" = e."connection_id"
          WHERE ${where}
          ORDER BY e."received_at" DESC, e."id" LIMIT $4 OFFSET $5`,
        [...params, q.limit, q.offset],
      ),
      deps.db.pool.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "webhook_event" e WHERE ${where}`, params),
    ])
    const data = rows.rows.map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      connectionName: r.connection_name,
      dedupKey: r.dedup_key,
      contentType: r.content_type,
      headers: safeHeaders(r.headers, r.signature_header),
      status: r.status,
      attempts: r.attempts,
      deliveries: r.deliveries,
      outcome: r.outcome ?? null,
      error: r.error ?? null,
      bytes: r.bytes,
      receivedAt: r.received_at.toISOString(),
      processedAt: r.processed_at?.toISOString() ?? null,
    }))
    res.json(page(data, total.rows[0].n, q))
  })

  api.get('/refused', { summary: 'List refused webhook calls', description: 'Newest first: calls the inbox refused (signature, size, format), from the audit trail.', access: 'connections:read', query: RefusedQuery, answers: [{ description: REFUSED, page: true }] }, async (_req, res, { query: q }) => {
    const params = [authOf(res).tenantId, q.connectionId ?? null, q.status === undefined ? null : Number(q.status)]
    const where = `a."tenant_id" = $1 AND a."action" = 'webhook.refused' AND ($2::uuid IS NULL OR a."connection_id" = $2::uuid) AND ($3::int IS NULL OR a."status" = $3::int)`
    const [rows, total] = await Promise.all([
      deps.db.pool.query<RefusedRow>(
        `SELECT a."id"::text AS "id", a."connection_id", c."name" AS "connection_name", a."status", a."reason", a."details", a."at"
           FROM "audit_event" a LEFT JOIN "connection" c ON c."id" = a."connection_id" AND c."tenant_id" = a."tenant_id"
          WHERE ${where}
          ORDER BY a."at" DESC, a."id" DESC LIMIT $4 OFFSET $5`,
        [...params, q.limit, q.offset],
      ),
      deps.db.pool.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "audit_event" a WHERE ${where}`, params),
    ])
    const data = rows.rows.map((r) => {
      const d = r.details ?? {}
      return {
        id: r.id,
        connectionId: r.connection_id,
        connectionName: r.connection_name,
        status: r.status,
        reason: r.reason,
        bytes: typeof d.bytes === 'number' ? d.bytes : null,
        contentType: typeof d.contentType === 'string' ? d.contentType : null,
        remoteAddress: typeof d.remoteAddress === 'string' ? d.remoteAddress : null,
        // Names only, as the audit entry keeps them: never a header's value.
        headerNames: Array.isArray(d.headers) ? d.headers.filter((h): h is string => typeof h === 'string') : [],
        at: r.at.toISOString(),
      }
    })
    res.json(page(data, total.rows[0].n, q))
  })
  return api.router
}
