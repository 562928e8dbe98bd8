import type { Database } from '../store/database'
import type { SyncQueue } from './sync.queue'
import type { SyncJobData } from './sync.job'

/**
 * Redis is a work queue, not a store of record: runs that Postgres says are unfinished but whose job
 * is gone from Redis (flushed, failed over, lost) are enqueued again and resume from their cursor.
 */
export async function recoverRuns(db: Database, queue: SyncQueue): Promise<string[]> {
  const open = await db.prisma.syncRun.findMany({ where: { status: { in: ['queued', 'running', 'retrying'] } }, orderBy: { requestedAt: 'asc' } })
  const requeued: string[] = []
  for (const run of open) {
    if (run.jobId && (await queue.jobExists(run.jobId))) continue
    if (run.jobId === run.id) await (await queue.queue.getJob(run.id))?.remove().catch(() => undefined)
    let jobId: string
    if (run.trigger === 'document') {
      const doc = await db.prisma.document.findFirst({ where: { syncRunId: run.id } })
      if (!doc) continue // the document is gone (its connection was deleted): nothing to resume
      jobId = await queue.enqueueDocument({ tenantId: run.tenantId, connectionId: run.connectionId, documentId: doc.id, runId: run.id })
    } else {
      const data: SyncJobData & { runId: string } = { tenantId: run.tenantId, connectionId: run.connectionId, entity: run.entity, trigger: run.trigger as SyncJobData['trigger'], runId: run.id }
      jobId = await queue.enqueueRun(data)
    }
    await db.prisma.syncRun.update({ where: { id: run.id }, data: { jobId } })
    requeued.push(run.id)
  }
  return requeued
}
