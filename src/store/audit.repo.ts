import type { Database } from './database'

export interface AuditEntry {
  tenantId: string | null
  connectionId: string | null
  action: string
  status?: number | null
  reason: string
  details?: Record<string, unknown>
}

export async function recordAudit(db: Database, e: AuditEntry): Promise<void> {
  await db.pool.query(`INSERT INTO "audit_event" ("tenant_id", "connection_id", "action", "status", "reason", "details") VALUES ($1, $2, $3, $4, $5, $6)`, [
    e.tenantId,
    e.connectionId,
    e.action,
    e.status ?? null,
    e.reason,
    JSON.stringify(e.details ?? {}),
  ])
}
