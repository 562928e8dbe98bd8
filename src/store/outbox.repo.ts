import type { PoolClient } from 'pg'
import type { Database } from './database'

export interface NewEffect {
  tenantId: string
  connectionId: string
  /** The entity the connector writes, e.g. complaint. */
  entity: string
  /** The idempotency key the ERP sees; one effect, one key, for every try. */
  effectKey: string
  aggregate: string
  aggregateId: string
  payload: object
}

export interface ClaimedEffect {
  id: string
  tenantId: string
  connectionId: string
  entity: string
  effectKey: string
  aggregate: string
  aggregateId: string
  payload: Record<string, unknown>
  attempts: number
  /** `sending` when an earlier try may have reached the ERP without our hearing back. */
  was: 'pending' | 'sending'
}

/** Written in the caller's transaction: the effect exists exactly when the change that caused it does. */
export async function addEffect(client: PoolClient, e: NewEffect): Promise<string> {
  const res = await client.query<{ id: string }>(
    `INSERT INTO "outbox" ("tenant_id", "connection_id", "entity", "effect_key", "aggregate", "aggregate_id", "payload") VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT ("connection_id", "effect_key") DO UPDATE SET "effect_key" = EXCLUDED."effect_key" RETURNING "id"`,
    [e.tenantId, e.connectionId, e.entity, e.effectKey, e.aggregate, e.aggregateId, JSON.stringify(e.payload)],
  )
  return res.rows[0].id
}

/**
 * Takes the next due effects of a connection and marks them `sending` with one more attempt, in a
 * transaction of its own that commits before the ERP is called: if the process dies after the ERP
 * answered, the row still says `sending`, and the next try knows it must ask the ERP first.
 */
export async function claimEffects(db: Database, connectionId: string, limit: number): Promise<ClaimedEffect[]> {
  return db.transaction(async (client) => {
    const res = await client.query(
      `WITH due AS (
  SELECT "id", "status" AS was FROM "outbox"
  WHERE "connection_id" = $1 AND "status" IN ('pending', 'sending') AND "next_attempt_at" <= now()
  ORDER BY "created_at", "id" LIMIT $2 FOR UPDATE SKIP LOCKED
)
UPDATE "outbox" o SET "status" = 'sending', "attempts" = o."attempts" + 1 FROM due WHERE o."id" = due."id"
RETURNING o."id", o."tenant_id", o."connection_id", o."entity", o."effect_key", o."aggregate", o."aggregate_id", o."payload", o."attempts", o."created_at", due.was`,
      [connectionId, limit],
    )
    return res.rows
      .sort((a, b) => a.created_at - b.created_at)
      .map((r) => ({ id: r.id, tenantId: r.tenant_id, connectionId: r.connection_id, entity: r.entity, effectKey: r.effect_key, aggregate: r.aggregate, aggregateId: r.aggregate_id, payload: r.payload, attempts: r.attempts, was: r.was }))
  })
}

export async function markEffectDone(client: PoolClient, id: string, externalId: string): Promise<void> {
  await client.query(`UPDATE "outbox" SET "status" = 'done', "external_id" = $2, "sent_at" = now(), "last_error" = NULL WHERE "id" = $1`, [id, externalId])
}

export async function markEffectRejected(db: Database, id: string, reason: string, path?: string): Promise<void> {
  await db.pool.query(`UPDATE "outbox" SET "status" = 'rejected', "last_error" = $2 WHERE "id" = $1`, [id, JSON.stringify({ code: 'rejected', message: reason, path: path ?? null, at: new Date().toISOString() })])
}

/**
 * A try that failed: `sending` stays when the write may have happened (so the next try asks first),
 * `pending` when it surely did not; `dead` once the attempts are spent.
 */
export async function markEffectFailed(db: Database, id: string, error: { code: string; message: string }, next: { status: 'pending' | 'sending' | 'dead'; retryInMs: number }): Promise<void> {
  await db.pool.query(`UPDATE "outbox" SET "status" = $2, "next_attempt_at" = now() + ($3 || ' milliseconds')::interval, "last_error" = $4 WHERE "id" = $1`, [
    id,
    next.status,
    String(next.retryInMs),
    JSON.stringify({ ...error, at: new Date().toISOString() }),
  ])
}
