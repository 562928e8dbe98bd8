import type { Database } from './database'

export interface DeadLetterInput {
  tenantId: string | null
  connectionId: string | null
  queue: string
  jobName: string
  jobId: string | null
  data: object
  attempts: number
  /** Every attempt's error that is known, oldest first. */
  errors: Array<{ attempt: number; code?: string; message: string; at?: string }>
}

/** Work that exhausted its retries, kept in Postgres (BullMQ has no dead-letter queue). */
export async function recordDeadLetter(db: Database, d: DeadLetterInput): Promise<string> {
  const res = await db.pool.query<{ id: string }>(
    `INSERT INTO "dead_letter" ("tenant_id", "connection_id", "queue", "job_name", "job_id", "data", "attempts", "errors") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`,
    [d.tenantId, d.connectionId, d.queue, d.jobName, d.jobId, JSON.stringify(d.data), d.attempts, JSON.stringify(d.errors)],
  )
  return res.rows[0].id
}
