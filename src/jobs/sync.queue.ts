import { Queue, type JobsOptions } from 'bullmq'
import type { SchedulePlan, SyncScheduler } from '../connections/connection.service'
import { BACKOFF_TYPE } from './sync.backoff'
import type { RedisConnection } from './redis.connection'
import { DOCUMENT_JOB, SYNC_JOB, SYNC_QUEUE, WATCH_JOB, WEBHOOK_JOB, PUSH_JOB, GAPS_JOB, IDENTITY_JOB, ANALYTICS_JOB, ANALYTICS_SCHEDULER, gapsSchedulerId, schedulerId, watchSchedulerId, type DocumentJobData, type SyncJobData, type WatchJobData, type WebhookJobData, type PushJobData, type GapsJobData, type IdentityJobData, type AnalyticsJobData } from './sync.job'
import { currentCorrelationId } from '../observability/correlation'

export interface SyncQueueOptions {
  connection: RedisConnection
  /** A Redis hash tag such as `{erphub}`: every key of the queue then lives in one Cluster slot. */
  prefix: string
  attempts: number
  /** Connection errors while Redis is away (the queue reconnects by itself). */
  onError?: (err: Error) => void
}

const COALESCE_MS = 200

/** A job carries the correlation id of the request, webhook or job that queued it (the worker runs it under that id). */
function traced<T extends object>(data: T): T {
  const correlationId = currentCorrelationId()
  return correlationId ? { ...data, correlationId } : data
}
const FETCH_COALESCE_MS = 1000
const IDENTITY_DEBOUNCE_MS = 1000

/** The hub's side of the sync queue: enqueue runs, keep one job scheduler per connection × entity. */
export class SyncQueue implements SyncScheduler {
  readonly queue: Queue<SyncJobData | DocumentJobData | WatchJobData | WebhookJobData | PushJobData | GapsJobData | IdentityJobData | AnalyticsJobData>
  private readonly jobOptions: JobsOptions

  constructor(private readonly options: SyncQueueOptions) {
    this.queue = new Queue<SyncJobData | DocumentJobData | WatchJobData | WebhookJobData | PushJobData | GapsJobData | IdentityJobData | AnalyticsJobData>(SYNC_QUEUE, { connection: options.connection, prefix: options.prefix })
    this.queue.on('error', (err) => options.onError?.(err))
    this.jobOptions = {
      attempts: options.attempts,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    }
  }

  /** The job id is the run id, so enqueuing the same run twice is a no-op. */
  async enqueueRun(data: SyncJobData & { runId: string }): Promise<string> {
    const job = await this.queue.add(SYNC_JOB, traced(data), { ...this.jobOptions, jobId: data.runId })
    return job.id!
  }

  async enqueueDocument(data: DocumentJobData): Promise<string> {
    const job = await this.queue.add(DOCUMENT_JOB, traced(data), { ...this.jobOptions, jobId: data.runId })
    return job.id!
  }

  /**
   * Wakes the webhook processor of a connection. Coalesced: the job waits `COALESCE_MS` and every
   * wake-up meanwhile is folded into it (BullMQ deduplication), so a burst of events is one job that
   * reads them all from Postgres; an event stored after the job started gets a job of its own.
   */
  async kickWebhooks(tenantId: string, connectionId: string): Promise<void> {
    const data: WebhookJobData = { tenantId, connectionId }
    await this.queue.add(WEBHOOK_JOB, traced(data), {
      ...this.jobOptions,
      delay: COALESCE_MS,
      deduplication: { id: `webhook.${connectionId}`, ttl: COALESCE_MS },
      removeOnComplete: { count: 100 },
    })
  }

  /**
   * Asks for the tenant's customers to be resolved again: `incremental` after source customers
   * changed (the changed ones and what they may link to), `full` for everyone. Debounced per mode:
   * asks within IDENTITY_DEBOUNCE_MS of each other are one resolution, which runs after the last.
   * Resolutions of one tenant never overlap (an advisory lock in resolveTenant).
   */
  async kickIdentity(tenantId: string, mode: IdentityJobData['mode'] = 'incremental'): Promise<void> {
    const data: IdentityJobData = { tenantId, mode }
    await this.queue.add(IDENTITY_JOB, traced(data), { ...this.jobOptions, delay: IDENTITY_DEBOUNCE_MS, deduplication: { id: `identity.${tenantId}.${mode}`, ttl: IDENTITY_DEBOUNCE_MS, extend: true, replace: true }, removeOnComplete: { count: 50 } })
  }

  /** The tenant's latest identity resolutions: state, progress (stage, done, total) and outcome, newest first. */
  async identityRuns(tenantId: string, limit = 5): Promise<Array<{ state: string; progress: unknown; outcome: unknown; failedReason: string | null; queuedAt: string; finishedAt: string | null }>> {
    const jobs = await this.queue.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed'], 0, 200)
    const mine = jobs.filter((j) => j?.name === IDENTITY_JOB && (j.data as IdentityJobData).tenantId === tenantId).sort((a, b) => b.timestamp - a.timestamp).slice(0, limit)
    return Promise.all(
      mine.map(async (j) => ({
        state: await j.getState(),
        progress: j.progress,
        outcome: j.returnvalue ?? null,
        failedReason: j.failedReason ?? null,
        queuedAt: new Date(j.timestamp).toISOString(),
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
      })),
    )
  }

  /** Wakes the push of a connection's outbox; coalesced as kickWebhooks is (Postgres holds the work). */
  async kickPush(tenantId: string, connectionId: string): Promise<void> {
    const data: PushJobData = { tenantId, connectionId }
    await this.queue.add(PUSH_JOB, traced(data), { ...this.jobOptions, delay: COALESCE_MS, deduplication: { id: `push.${connectionId}`, ttl: COALESCE_MS }, removeOnComplete: { count: 100 } })
  }

  /** The wake-up for effects in backoff, apart from `kickPush` so a long wait never holds back new effects. */
  async pushLater(tenantId: string, connectionId: string, delayMs: number): Promise<void> {
    const data: PushJobData = { tenantId, connectionId }
    const delay = Math.max(COALESCE_MS, delayMs)
    await this.queue.add(PUSH_JOB, traced(data), { ...this.jobOptions, delay, deduplication: { id: `push-later.${connectionId}`, ttl: delay }, removeOnComplete: { count: 100 } })
  }

  /**
   * "Fetch this entity", asked for by webhooks that only say what changed: one incremental sync
   * covers every such notice that arrives within `FETCH_COALESCE_MS`; its run is made by the worker.
   */
  async enqueueFetch(tenantId: string, connectionId: string, entity: string): Promise<void> {
    const data: SyncJobData = { tenantId, connectionId, entity, trigger: 'webhook' }
    await this.queue.add(SYNC_JOB, traced(data), { ...this.jobOptions, delay: FETCH_COALESCE_MS, deduplication: { id: `fetch.${connectionId}.${entity}`, ttl: FETCH_COALESCE_MS } })
  }

  /**
   * The first scheduled sync comes one interval after a scheduler is created (a new connection syncs
   * when someone says "sync now", not behind their back); an unchanged scheduler is left alone, so a
   * worker restart does not move its next run.
   */
  async apply(plan: SchedulePlan): Promise<void> {
    const existing = new Map((await this.schedulers(plan.connectionId)).map((s) => [s.id, s.every]))
    const wanted = new Set<string>()
    for (const [entity, every] of Object.entries(plan.everyMs)) {
      const id = schedulerId(plan.connectionId, entity)
      wanted.add(id)
      if (existing.get(id) === every) continue
      await this.queue.upsertJobScheduler(
        id,
        { every, startDate: Date.now() + every },
        { name: SYNC_JOB, data: { tenantId: plan.tenantId, connectionId: plan.connectionId, entity, trigger: 'schedule' }, opts: this.jobOptions },
      )
    }
    if (plan.watchEveryMs) {
      const id = watchSchedulerId(plan.connectionId)
      wanted.add(id)
      if (existing.get(id) !== plan.watchEveryMs) {
        const data: WatchJobData = { tenantId: plan.tenantId, connectionId: plan.connectionId }
        // A look at a folder that fails is simply the next look's work: no retries.
        await this.queue.upsertJobScheduler(id, { every: plan.watchEveryMs, startDate: Date.now() + plan.watchEveryMs }, { name: WATCH_JOB, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } })
      }
    }
    if (plan.gapCheckEveryMs) {
      const id = gapsSchedulerId(plan.connectionId)
      wanted.add(id)
      if (existing.get(id) !== plan.gapCheckEveryMs) {
        const data: GapsJobData = { tenantId: plan.tenantId, connectionId: plan.connectionId }
        // A check that fails is the next check's work: no retries.
        await this.queue.upsertJobScheduler(id, { every: plan.gapCheckEveryMs, startDate: Date.now() + plan.gapCheckEveryMs }, { name: GAPS_JOB, data, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } } })
      }
    }
    for (const id of existing.keys()) if (!wanted.has(id)) await this.queue.removeJobScheduler(id)
  }

  async remove(connectionId: string): Promise<void> {
    for (const s of await this.schedulers(connectionId)) await this.queue.removeJobScheduler(s.id)
  }

  /** Makes Redis hold exactly the schedulers of `plans` (after a Redis loss, or connections deleted meanwhile). */
  /** The hub-wide analytics scheduler (RFM, segments, association rules for every tenant), every `everyMs`. */
  async scheduleAnalytics(everyMs: number): Promise<void> {
    const data: AnalyticsJobData = {}
    await this.queue.upsertJobScheduler(ANALYTICS_SCHEDULER, { every: everyMs }, { name: ANALYTICS_JOB, data, opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 20 } } })
  }

  async reconcile(plans: SchedulePlan[]): Promise<{ applied: number; removed: number }> {
    const known = new Set(plans.map((p) => p.connectionId))
    let removed = 0
    for (const s of await this.allSchedulers()) {
      const connectionId = s.key.split('.')[0]
      if (s.key !== ANALYTICS_SCHEDULER && !known.has(connectionId)) {
        await this.queue.removeJobScheduler(s.key)
        removed += 1
      }
    }
    for (const plan of plans) await this.apply(plan)
    return { applied: plans.length, removed }
  }

  async schedulers(connectionId?: string): Promise<Array<{ id: string; every: number | null; next: number | null }>> {
    const all = await this.allSchedulers()
    return all
      .filter((s) => !connectionId || s.key.startsWith(`${connectionId}.`))
      .map((s) => ({ id: s.key, every: s.every ? Number(s.every) : null, next: s.next ?? null }))
  }

  async jobExists(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId)
    if (!job) return false
    const state = await job.getState()
    return state !== 'completed' && state !== 'failed' && state !== 'unknown'
  }

  async close(): Promise<void> {
    await this.queue.close()
  }

  private async allSchedulers() {
    const out = []
    for (let start = 0; ; start += 500) {
      const page = await this.queue.getJobSchedulers(start, start + 499)
      out.push(...page)
      if (page.length < 500) return out
    }
  }

}
