import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { z } from 'zod'
import { HubError } from '../errors/hub-error'
import type { Logger } from '../connector-sdk/connector.contract'
import { createRun, findRun, markFinished } from '../store/sync-run.repo'
import { ingestDocument } from '../sync/ingest-document.sync'
import { EntityBusy, pullEntity, type PullOutcome, type SyncDeps } from '../sync/pull-entity.sync'
import type { DocumentDeps } from '../sync/receive-document'
import { pollWatchedFolder } from '../sync/watch-folder.sync'
import { processWebhookEvents, WebhooksBusy, type WebhookProcessDeps } from '../sync/process-webhooks.sync'
import { pushOutbox, PushBusy, type PushDeps } from '../sync/push-outbox.sync'
import { recordDeadLetter } from '../store/dead-letter.repo'
import { checkConnectionGaps } from '../sync/gap-check.sync'
import { resolveTenant } from '../identity/resolve-tenant'
import { WatchSchema } from '../connections/connection.schema'
import { syncBackoff } from './sync.backoff'
import type { RedisConnection } from './redis.connection'
import { DOCUMENT_JOB, DocumentJobData, SYNC_JOB, SYNC_QUEUE, SyncJobData, WATCH_JOB, WatchJobData, WEBHOOK_JOB, WebhookJobData, PUSH_JOB, PushJobData, GAPS_JOB, GapsJobData, IDENTITY_JOB, IdentityJobData, ANALYTICS_JOB, AnalyticsJobData } from './sync.job'
import { runSegmentJob } from '../crm/segments.service'
import { runOfferMiningJob } from '../crm/offers.service'
import { acceptedCorrelationId, withCorrelation } from '../observability/correlation'

export interface SyncWorkerOptions {
  connection: RedisConnection
  prefix: string
  concurrency: number
  backoffMs: number
  lockMs: number
  stalledCheckMs: number
}

export type WorkerDeps = SyncDeps & {
  documents: DocumentDeps
  webhooks: WebhookProcessDeps
  push: PushDeps
  /** Source customers changed in this tenant: resolve its golden customers again (debounced by the queue). */
  customersChanged(tenantId: string): Promise<void>
}

const BUSY_WAIT_MS = 1000

/** Shutting down is not a failure: the job goes back to the queue and resumes where it was. */
class WorkerStopping extends Error {}

function asHubError(err: unknown): HubError {
  if (err instanceof HubError) return err
  // Unknown errors (a dropped database connection, a bug) are retried a bounded number of times.
  return new HubError('internal', (err as Error)?.message ?? String(err), { retryable: true, cause: err })
}

function parse<T extends z.ZodType>(schema: T, job: Job): z.infer<T> {
  const parsed = schema.safeParse(job.data)
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} job payload: ${parsed.error.message}`)
  return parsed.data
}

/**
 * Runs the work of one run and turns its outcome into the queue's language: retry with backoff,
 * fail for good (UnrecoverableError), wait without spending an attempt (DelayedError), and the
 * run's status in PostgreSQL to match.
 */
async function runJob(deps: WorkerDeps, job: Job, token: string | undefined, stopping: AbortSignal, runId: string, work: (signal: AbortSignal) => Promise<PullOutcome>) {
  await deps.db.prisma.syncRun.update({ where: { id: runId }, data: { jobId: job.id } }).catch(() => undefined)
  const controller = new AbortController()
  const onStop = () => controller.abort(new WorkerStopping('the worker is stopping'))
  stopping.addEventListener('abort', onStop, { once: true })
  try {
    return await work(controller.signal)
  } catch (err) {
    const at = new Date().toISOString()
    const attempt = job.attemptsMade + 1
    if (err instanceof WorkerStopping || controller.signal.aborted) {
      await markFinished(deps.db, runId, 'retrying', { code: 'interrupted', message: 'the worker stopped; the run resumes where it was', retryable: true, attempt, at })
      await job.moveToDelayed(Date.now() + 1000, token)
      throw new DelayedError()
    }
    const hubErr = asHubError(err)
    if (err instanceof EntityBusy) {
      const run = await findRun(deps.db, runId)
      if (run?.trigger === 'schedule') {
        // The running sync will cover what this one would have read.
        await markFinished(deps.db, runId, 'skipped', { code: hubErr.code, message: hubErr.message, retryable: false, attempt, at })
        return { runId, status: 'skipped' }
      }
      // Someone asked for this sync: it waits its turn instead of failing (and spends no attempt).
      await markFinished(deps.db, runId, 'retrying', { code: hubErr.code, message: `${hubErr.message}; waiting for it to finish`, retryable: true, attempt, at })
      await job.moveToDelayed(Date.now() + BUSY_WAIT_MS + Math.round(Math.random() * BUSY_WAIT_MS), token)
      throw new DelayedError()
    }
    const final = !hubErr.retryable || attempt >= (job.opts.attempts ?? 1)
    const status = hubErr.code === 'superseded' ? 'superseded' : final ? 'failed' : 'retrying'
    await markFinished(deps.db, runId, status, { code: hubErr.code, message: hubErr.message, retryable: hubErr.retryable, attempt, at })
    deps.logger.warn({ runId, job: job.name, code: hubErr.code, attempt, final, err: hubErr.message }, 'run attempt failed')
    if (!hubErr.retryable) throw new UnrecoverableError(hubErr.message)
    throw hubErr
  } finally {
    stopping.removeEventListener('abort', onStop)
  }
}

/** A run that stored new or changed rows (a skipped run has no totals). */
function landedSomething(outcome: PullOutcome | { status: string }): boolean {
  return 'totals' in outcome && outcome.status === 'succeeded' && outcome.totals.inserted + outcome.totals.updated > 0
}

type Processor = (job: Job, token: string | undefined, stopping: AbortSignal) => Promise<unknown>

/** One thin processor per job name; each calls one use case in src/sync. */
function processors(deps: WorkerDeps): Record<string, Processor> {
  return {
    [SYNC_JOB]: async (job, token, stopping) => {
      let data = parse(SyncJobData, job)
      if (!data.runId) {
        const run = await createRun(deps.db, { tenantId: data.tenantId, connectionId: data.connectionId, entity: data.entity, trigger: data.trigger })
        data = { ...data, runId: run.id }
        await job.updateData(data) // a retry of this job resumes the same run
      }
      const runId = data.runId!
      const outcome = await runJob(deps, job, token, stopping, runId, (signal) => pullEntity(deps, { runId, signal, onProgress: (p) => job.updateProgress(p) }))
      if (data.entity === 'customer' && landedSomething(outcome)) await deps.customersChanged(data.tenantId)
      return outcome
    },
    [DOCUMENT_JOB]: async (job, token, stopping) => {
      const data = parse(DocumentJobData, job)
      const outcome = await runJob(deps, job, token, stopping, data.runId, (signal) =>
        ingestDocument({ ...deps, documentsDir: deps.documents.documentsDir }, { runId: data.runId, documentId: data.documentId, signal, onProgress: (p) => job.updateProgress(p) }),
      )
      if (landedSomething(outcome)) await deps.customersChanged(data.tenantId)
      return outcome
    },
    [WEBHOOK_JOB]: async (job, token) => {
      const data = parse(WebhookJobData, job)
      try {
        const outcome = await processWebhookEvents(deps.webhooks, data.tenantId, data.connectionId)
        if (outcome.applied > 0) await deps.customersChanged(data.tenantId)
        return outcome
      } catch (err) {
        if (!(err instanceof WebhooksBusy)) throw err
        // The other processor may have read its batch before these events were stored: look again soon.
        await job.moveToDelayed(Date.now() + 250, token)
        throw new DelayedError()
      }
    },
    [PUSH_JOB]: async (job, token, stopping) => {
      const data = parse(PushJobData, job)
      try {
        const outcome = await pushOutbox(deps.push, data.tenantId, data.connectionId, stopping)
        // Effects waiting out a backoff are woken when it ends, not at the next sweep.
        const next = await deps.db.pool.query<{ wait_ms: number | null }>(
          `SELECT GREATEST(0, EXTRACT(EPOCH FROM (min("next_attempt_at") - now())) * 1000)::int AS wait_ms FROM "outbox" WHERE "connection_id" = $1 AND "status" IN ('pending', 'sending')`,
          [data.connectionId],
        )
        const waitMs = next.rows[0]?.wait_ms
        if (waitMs !== null && waitMs !== undefined) await deps.push.retryLater(data.tenantId, data.connectionId, waitMs)
        return outcome
      } catch (err) {
        if (!(err instanceof PushBusy)) throw err
        await job.moveToDelayed(Date.now() + 250, token)
        throw new DelayedError()
      }
    },
    [GAPS_JOB]: async (job, _token, stopping) => {
      const data = parse(GapsJobData, job)
      return checkConnectionGaps(deps, data.tenantId, data.connectionId, stopping)
    },
    // CRM analytics, scheduled for the whole hub: each tenant's RFM scores and segments, then its association rules.
    [ANALYTICS_JOB]: async (job) => {
      const data = parse(AnalyticsJobData, job)
      const tenants = data.tenantId ? [data.tenantId] : (await deps.db.prisma.tenant.findMany({ select: { id: true }, orderBy: { createdAt: 'asc' } })).map((t) => t.id)
      const done: Array<{ tenantId: string; segments: unknown; rules: unknown }> = []
      for (const [i, tenantId] of tenants.entries()) {
        const now = new Date()
        done.push({ tenantId, segments: await runSegmentJob(deps.db, tenantId, now), rules: await runOfferMiningJob(deps.db, tenantId, now) })
        await job.updateProgress({ tenants: tenants.length, done: i + 1 })
      }
      return { tenants: done.length }
    },
    [IDENTITY_JOB]: async (job) => {
      const data = parse(IdentityJobData, job)
      return resolveTenant(deps.db, data.tenantId, { mode: data.mode, onProgress: (p) => void job.updateProgress(p) })
    },
    [WATCH_JOB]: async (job) => {
      const data = parse(WatchJobData, job)
      const row = await deps.db.prisma.connection.findFirst({ where: { id: data.connectionId, tenantId: data.tenantId } })
      const watch = WatchSchema.nullable().safeParse(row?.watch ?? null)
      if (!row || !row.enabled || !watch.success || !watch.data) return { taken: 0 }
      const taken = await pollWatchedFolder({ ...deps.documents, logger: deps.logger }, data.tenantId, data.connectionId, watch.data)
      return { taken: taken.length }
    },
  }
}

export function createSyncProcessor(deps: WorkerDeps, stopping: AbortSignal) {
  const byName = processors(deps)
  return async (job: Job, token?: string) => {
    const processor = byName[job.name]
    if (!processor) throw new UnrecoverableError(`no processor for jobs named "${job.name}"`)
    // Under the id of what queued it (a request, a webhook), or its own for scheduled work.
    const queuedBy = (job.data as { correlationId?: unknown } | undefined)?.correlationId
    return withCorrelation(acceptedCorrelationId(queuedBy) ?? `job:${job.name}:${job.id}`, () => processor(job, token, stopping))
  }
}

export interface SyncWorker {
  worker: Worker
  close(): Promise<void>
}

export function startSyncWorker(deps: WorkerDeps, options: SyncWorkerOptions, logger: Logger): SyncWorker {
  const stopping = new AbortController()
  const worker = new Worker(SYNC_QUEUE, createSyncProcessor(deps, stopping.signal), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.stalledCheckMs,
    maxStalledCount: 3,
    settings: { backoffStrategy: syncBackoff(options.backoffMs) },
  })
  worker.on('error', (err) => logger.error({ err: err.message }, 'sync worker error'))
  worker.on('failed', (job, err) => {
    const unrecoverable = err instanceof UnrecoverableError || err?.name === 'UnrecoverableError'
    if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !unrecoverable)) return
    // Scheduled looks (a watched folder, a gap check) are retried by their next run, not by people.
    if (job.name === WATCH_JOB || job.name === GAPS_JOB) return
    // Out of retries: kept in Postgres with every attempt's error (BullMQ keeps their stack traces).
    const data = (job.data ?? {}) as { tenantId?: string; connectionId?: string }
    const errors = [...(job.stacktrace ?? []).map((s, i) => ({ attempt: i + 1, message: String(s).split('\n')[0] })), { attempt: job.attemptsMade, message: err?.message ?? String(err) }]
    recordDeadLetter(deps.db, { tenantId: data.tenantId ?? null, connectionId: data.connectionId ?? null, queue: SYNC_QUEUE, jobName: job.name, jobId: job.id ?? null, data: job.data as object, attempts: job.attemptsMade, errors }).catch((e) =>
      logger.error({ err: (e as Error).message, jobId: job.id }, 'could not record a dead letter'),
    )
  })
  return {
    worker,
    async close() {
      stopping.abort()
      await worker.close()
    },
  }
}
