import { openConnection } from '../connections/connection.service'
import type { ConnectorContext, Session } from '../connector-sdk/connector.contract'
import { HubError } from '../errors/hub-error'
import { claimEffects, markEffectDone, markEffectFailed, markEffectRejected, type ClaimedEffect } from '../store/outbox.repo'
import { recordDeadLetter } from '../store/dead-letter.repo'
import { ERP_ID_FIELD } from '../crm/service-case.service'
import { tryLockEntity } from './entity-lock'
import { connectionHttp, type SyncDeps } from './pull-entity.sync'

export interface PushDeps extends SyncDeps {
  /** Tries per effect before it is dead (kept, with its errors, for a person to retry). */
  maxAttempts: number
  backoffMs: number
  /**
   * Fault injection for tests: runs after the ERP answered a write and before the hub commits what
   * it heard. Throwing here is what a crash at that moment looks like to everything else.
   */
  afterErpAnswer?: (effect: ClaimedEffect) => void | Promise<void>
  /** Wakes the push of a connection after `delayMs` (effects in backoff). */
  retryLater(tenantId: string, connectionId: string, delayMs: number): Promise<void>
}

export interface PushOutcome {
  done: number
  found: number
  rejected: number
  failed: number
}

/** An effect about a record the ERP does not have yet (its own effect has not landed): nothing was written. */
class NotInErpYet extends HubError {
  constructor(message: string) {
    super('conflict', message, { retryable: true })
  }
}

export class PushBusy extends HubError {
  constructor() {
    super('conflict', 'the outbox of this connection is being pushed', { retryable: true })
  }
}

const BATCH = 20

/** Where the ERP's id of a pushed effect is kept on the hub's side, per aggregate. */
const AGGREGATE_TABLES: Record<string, string> = { 'service-case': 'service_case' }

/**
 * Drains a connection's outbox through `connector.write`, one effect at a time in the order they
 * were made, each with its own idempotency key. An effect that was `sending` when its last try ended
 * (the process died, or the answer was lost) may already be in the ERP: the ERP is asked first
 * (`session.lookup`), and only if it has nothing is the write sent again, with the same key. A
 * rejected record is kept with the ERP's reason and not retried; other failures back off and retry
 * until `maxAttempts`, then the effect is dead and listed for people.
 */
export async function pushOutbox(deps: PushDeps, tenantId: string, connectionId: string, signal: AbortSignal): Promise<PushOutcome> {
  const out: PushOutcome = { done: 0, found: 0, rejected: 0, failed: 0 }
  const lock = await tryLockEntity(deps.db, connectionId, 'push')
  if (!lock) throw new PushBusy()
  let session: Session | null = null
  try {
    for (;;) {
      const effects = await claimEffects(deps.db, connectionId, BATCH)
      if (effects.length === 0) return out
      if (!session) {
        const open = await openConnection(deps.connections, tenantId, connectionId)
        // A person is waiting for what they did to reach the ERP: pushes go in the interactive lane.
        const ctx: ConnectorContext = { http: connectionHttp(deps, open.row, 'interactive'), logger: deps.logger.child({ connectionId, connector: open.row.kind }), clock: deps.clock }
        session = await open.connector.connect(open.config, ctx)
      }
      for (const effect of effects) {
        signal.throwIfAborted()
        await pushOne(deps, session, effect, out, signal)
      }
    }
  } finally {
    await session?.close().catch(() => undefined)
    await lock.release()
  }
}

async function pushOne(deps: PushDeps, session: Session, effect: ClaimedEffect, out: PushOutcome, signal: AbortSignal): Promise<void> {
  const logger = deps.logger.child({ effectId: effect.id, entity: effect.entity, key: effect.effectKey })
  try {
    if (!session.write) throw new HubError('connector_config', `the connector does not write ${effect.entity}`)
    if (effect.was === 'sending' && session.lookup) {
      const found = await session.lookup(effect.entity, effect.effectKey, signal)
      if (found) {
        await deps.afterErpAnswer?.(effect)
        await settle(deps, effect, found.externalId)
        out.found += 1
        logger.info({ externalId: found.externalId }, 'an earlier try had reached the ERP: not written again')
        return
      }
    }
    const [outcome] = await session.write(effect.entity, [(await resolvePayload(deps, effect)) as never], { idempotencyKey: effect.effectKey, signal })
    await deps.afterErpAnswer?.(effect)
    if (!outcome) throw new HubError('malformed_response', 'the connector answered a write of one record with no outcome', { retryable: true })
    if (outcome.status === 'rejected') {
      await markEffectRejected(deps.db, effect.id, outcome.reason, outcome.path)
      out.rejected += 1
      logger.warn({ reason: outcome.reason }, 'the ERP rejected a pushed record')
      return
    }
    await settle(deps, effect, outcome.externalId)
    out.done += 1
  } catch (err) {
    if (signal.aborted) throw err
    const e = err instanceof HubError ? err : new HubError('internal', (err as Error)?.message ?? String(err), { retryable: true })
    // A refused login or a bad config cannot have written anything; anything else may have.
    const surelyNotWritten = err instanceof NotInErpYet || e.code === 'connector_auth' || e.code === 'connector_config'
    const dead = effect.attempts >= deps.maxAttempts
    const retryInMs = Math.min(10 * 60_000, deps.backoffMs * 2 ** (effect.attempts - 1))
    await markEffectFailed(deps.db, effect.id, { code: e.code, message: e.message }, { status: dead ? 'dead' : surelyNotWritten ? 'pending' : 'sending', retryInMs })
    if (dead) {
      await recordDeadLetter(deps.db, {
        tenantId: effect.tenantId,
        connectionId: effect.connectionId,
        queue: 'outbox',
        jobName: 'push',
        jobId: effect.id,
        data: { effectId: effect.id, entity: effect.entity, effectKey: effect.effectKey },
        attempts: effect.attempts,
        errors: [{ attempt: effect.attempts, code: e.code, message: e.message, at: new Date().toISOString() }],
      })
    }
    out.failed += 1
    logger.warn({ code: e.code, err: e.message, attempt: effect.attempts, dead }, 'push of an effect failed')
  }
}

/** The record to write: an `$erpIdField` marker is replaced by the aggregate's ERP id, known once its own effect landed. */
async function resolvePayload(deps: PushDeps, effect: ClaimedEffect): Promise<Record<string, unknown>> {
  const { [ERP_ID_FIELD]: field, ...payload } = effect.payload
  if (typeof field !== 'string') return effect.payload
  const table = AGGREGATE_TABLES[effect.aggregate]
  const res = table ? await deps.db.pool.query<{ external_id: string | null }>(`SELECT "external_id" FROM "${table}" WHERE "id" = $1`, [effect.aggregateId]) : null
  const erpId = res?.rows[0]?.external_id
  // Nothing was written: the effect waits (`pending`) for the aggregate's own record to reach the ERP.
  if (!erpId) throw new NotInErpYet(`${effect.aggregate} ${effect.aggregateId} has no ERP record yet; this change follows once it has`)
  return { ...payload, [field]: erpId }
}

/** The effect is done and its aggregate knows the ERP's id, in one transaction. */
async function settle(deps: PushDeps, effect: ClaimedEffect, externalId: string): Promise<void> {
  await deps.db.transaction(async (client) => {
    await markEffectDone(client, effect.id, externalId)
    const table = AGGREGATE_TABLES[effect.aggregate]
    if (table) await client.query(`UPDATE "${table}" SET "external_id" = $2 WHERE "id" = $1 AND "external_id" IS NULL`, [effect.aggregateId, externalId])
  })
}
