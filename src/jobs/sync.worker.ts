import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import { HubError } from '../errors/hub-error'
import type { Logger } from '../connector-sdk/connector.contract'
import { createRun, findRun, markFinished } from '../store/sync-run.repo'
import { EntityBusy, pullEntity, type SyncDeps } from '../sync/pull-entity.sync'
import { syncBackoff } from './sync.backoff'
import { SYNC_QUEUE, SyncJobData } from './sync.job'

export interface SyncWorkerOptions {
  connection: Redis
  prefix: string
  concurrency: number
  backoffMs: number
  lockMs: number
  stalledCheckMs: number
}

const BUSY_WAIT_MS = 1000

/** Shutting down is not a failure: the job goes back to the queue and resumes from its cursor. */
class WorkerStopping extends Error {}

function asHubError(err: unknown): HubError {
  if (err instanceof HubError) return err
  // Unknown errors (a dropped database connection, a bug) are retried a bounded number of times.
  return new HubError('internal', (err as Error)?.message ?? String(err), { retryable: true, cause: err })
}

/** The thin processor: make or find the run, pull, and turn the outcome into the queue's language. */
export function createSyncProcessor(deps: SyncDeps, stopping: AbortSignal) {
  return async (job: Job<SyncJobData>, token?: string) => {
    const parsed = SyncJobData.safeParse(job.data)
    if (!parsed.success) throw new UnrecoverableError(`invalid sync job payload: ${parsed.error.message}`)
    let data = parsed.data
    if (!data.runId) {
      const run = await createRun(deps.db, { tenantId: data.tenantId, connectionId: data.connectionId, entity: data.entity, trigger: data.trigger })
      data = { ...data, runId: run.id }
      await job.updateData(data) // a retry of this job resumes the same run
    }
    const runId = data.runId!
    await deps.db.prisma.syncRun.update({ where: { id: runId }, data: { jobId: job.id } }).catch(() => undefined)
    const controller = new AbortController()
    const onStop = () => controller.abort(new WorkerStopping('the worker is stopping'))
    stopping.addEventListener('abort', onStop, { once: true })
    try {
      const outcome = await pullEntity(deps, { runId, signal: controller.signal, onProgress: (p) => job.updateProgress(p) })
      return outcome
    } catch (err) {
      if (err instanceof WorkerStopping || controller.signal.aborted) {
        await markFinished(deps.db, runId, 'retrying', { code: 'interrupted', message: 'the worker stopped; the run resumes from its cursor', retryable: true, attempt: job.attemptsMade + 1, at: new Date().toISOString() })
        await job.moveToDelayed(Date.now() + 1000, token)
        throw new DelayedError()
      }
      const hubErr = asHubError(err)
      const attempt = job.attemptsMade + 1
      const run = await findRun(deps.db, runId)
      if (err instanceof EntityBusy) {
        if (run?.trigger === 'schedule') {
          // The running sync will cover what this one would have read.
          await markFinished(deps.db, runId, 'skipped', { code: hubErr.code, message: hubErr.message, retryable: false, attempt, at: new Date().toISOString() })
          return { runId, status: 'skipped' }
        }
        // Someone asked for this sync: it waits its turn instead of failing (and spends no attempt).
        await markFinished(deps.db, runId, 'retrying', { code: hubErr.code, message: `${hubErr.message}; waiting for it to finish`, retryable: true, attempt, at: new Date().toISOString() })
        await job.moveToDelayed(Date.now() + BUSY_WAIT_MS + Math.round(Math.random() * BUSY_WAIT_MS), token)
        throw new DelayedError()
      }
      const final = !hubErr.retryable || attempt >= (job.opts.attempts ?? 1)
      const status = hubErr.code === 'superseded' ? 'superseded' : final ? 'failed' : 'retrying'
      await markFinished(deps.db, runId, status, { code: hubErr.code, message: hubErr.message, retryable: hubErr.retryable, attempt, at: new Date().toISOString() })
      deps.logger.warn({ runId, code: hubErr.code, attempt, final, err: hubErr.message }, 'sync run attempt failed')
      if (!hubErr.retryable) throw new UnrecoverableError(hubErr.message)
      throw hubErr
    } finally {
      stopping.removeEventListener('abort', onStop)
    }
  }
}

export interface SyncWorker {
  worker: Worker<SyncJobData>
  close(): Promise<void>
}

export function startSyncWorker(deps: SyncDeps, options: SyncWorkerOptions, logger: Logger): SyncWorker {
  const stopping = new AbortController()
  const worker = new Worker<SyncJobData>(SYNC_QUEUE, createSyncProcessor(deps, stopping.signal), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledCheckMs,
    maxStalledCount: 3,
    settings: { backoffStrategy: syncBackoff(options.backoffMs) },
  })
  worker.on('error', (err) => logger.error({ err: err.message }, 'sync worker error'))
  return {
    worker,
    async close() {
      stopping.abort()
      await worker.close()
    },
  }
}
