import type { Database } from './database'

export type RunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'superseded' | 'skipped'
export type RunTrigger = 'manual' | 'schedule' | 'document' | 'webhook'
export const terminalRunStatuses: RunStatus[] = ['succeeded', 'failed', 'superseded', 'skipped']

export interface RunError {
  code: string
  message: string
  retryable: boolean
  attempt: number
  at: string
}

export async function createRun(db: Database, run: { tenantId: string; connectionId: string; entity: string; trigger: RunTrigger }) {
  return db.prisma.syncRun.create({ data: { ...run, status: 'queued' } })
}

export async function findRun(db: Database, id: string) {
  return db.prisma.syncRun.findUnique({ where: { id } })
}

/** Started (or resumed after a crash or a retry): the first start time is kept, attempts count up. */
export async function markRunning(db: Database, id: string) {
  await db.pool.query(
    `UPDATE "sync_run" SET "status" = 'running', "started_at" = COALESCE("started_at", now()), "attempts" = "attempts" + 1 WHERE "id" = $1`,
    [id],
  )
}

export async function markFinished(db: Database, id: string, status: Exclude<RunStatus, 'queued' | 'running'>, error?: RunError) {
  const terminal = terminalRunStatuses.includes(status)
  await db.pool.query(
    `UPDATE "sync_run" SET "status" = $2, "error" = COALESCE($3::jsonb, "error"),
  "finished_at" = CASE WHEN $4 THEN now() ELSE NULL END,
  "duration_ms" = CASE WHEN $4 THEN (EXTRACT(EPOCH FROM (now() - COALESCE("started_at", "requested_at"))) * 1000)::int ELSE NULL END
WHERE "id" = $1`,
    [id, status, error ? JSON.stringify(error) : null, terminal],
  )
}
