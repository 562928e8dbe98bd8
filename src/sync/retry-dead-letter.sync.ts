import type { ConnectionDeps } from '../connections/connection.service'
import { HubError, NotFoundError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import { markDocument } from '../store/document.repo'
import { createRun } from '../store/sync-run.repo'
import { requestSync, type RunEnqueuer } from './request-sync'

export interface DeadLetterQueue extends RunEnqueuer {
  kickWebhooks(tenantId: string, connectionId: string): Promise<void>
  kickPush(tenantId: string, connectionId: string): Promise<void>
  kickIdentity(tenantId: string, mode?: 'full' | 'incremental'): Promise<void>
  identityRuns(tenantId: string, limit?: number): Promise<Array<{ state: string; progress: unknown; outcome: unknown; failedReason: string | null; queuedAt: string; finishedAt: string | null }>>
}

export interface RetryDeps extends ConnectionDeps {
  queue: DeadLetterQueue
}

/**
 * Gives dead work another go, as new work: a sync becomes a new run of the same entity, a document a
 * new run over the same stored bytes, a push effect goes back to the outbox as `sending` (so the ERP
 * is asked before anything is written again), webhook processing is woken (its events wait in
 * Postgres). The letter is kept, marked `retried`, and the retry is in the audit trail.
 */
export async function retryDeadLetter(deps: RetryDeps, tenantId: string, id: string, by: string): Promise<{ id: string; retried: string; runId?: string }> {
  const letter = await deps.db.prisma.deadLetter.findFirst({ where: { id, tenantId } })
  if (!letter) throw new NotFoundError('dead letter', id)
  if (letter.status !== 'dead') throw new HubError('conflict', `dead letter ${id} is ${letter.status}; only dead work is retried`)
  const data = letter.data as Record<string, string>
  const connectionId = letter.connectionId ?? data.connectionId
  if (!connectionId) throw new HubError('conflict', `dead letter ${id} names no connection to retry against`)
  let outcome: { id: string; retried: string; runId?: string }
  switch (`${letter.queue}/${letter.jobName}`) {
    case 'sync/sync': {
      const [run] = await requestSync(deps, tenantId, connectionId, [data.entity])
      outcome = { id, retried: `a new ${data.entity} sync`, runId: run.id }
      break
    }
    case 'sync/document': {
      const doc = await deps.db.prisma.document.findFirst({ where: { id: data.documentId, tenantId } })
      if (!doc) throw new HubError('conflict', `document ${data.documentId} is gone (its connection was deleted?)`)
      const run = await createRun(deps.db, { tenantId, connectionId, entity: 'document', trigger: 'document' })
      await markDocument(deps.db, doc.id, 'received', { syncRunId: run.id })
      const jobId = await deps.queue.enqueueDocument({ tenantId, connectionId, documentId: doc.id, runId: run.id })
      await deps.db.prisma.syncRun.update({ where: { id: run.id }, data: { jobId } })
      outcome = { id, retried: `document ${doc.filename ?? doc.id} again`, runId: run.id }
      break
    }
    case 'sync/webhook':
      await deps.queue.kickWebhooks(tenantId, connectionId)
      outcome = { id, retried: 'the webhook events waiting for this connection' }
      break
    case 'outbox/push': {
      const effectId = data.effectId
      const moved = await deps.db.prisma.outboxEffect.updateMany({ where: { id: effectId, tenantId, status: 'dead' }, data: { status: 'sending', attempts: 0, nextAttemptAt: new Date() } })
      if (moved.count === 0) throw new HubError('conflict', `outbox effect ${effectId} is no longer dead`)
      await deps.queue.kickPush(tenantId, connectionId)
      outcome = { id, retried: `the push of effect ${data.effectKey}` }
      break
    }
    default:
      throw new HubError('conflict', `dead ${letter.queue}/${letter.jobName} work cannot be retried by hand; it is retried by its schedule`)
  }
  await deps.db.prisma.deadLetter.update({ where: { id }, data: { status: 'retried', retriedAt: new Date() } })
  await recordAudit(deps.db, { tenantId, connectionId, action: 'dead-letter.retry', reason: outcome.retried, details: { deadLetterId: id, by } })
  return outcome
}
