import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '../api/app'
import { openConnection, planSchedule, type SchedulePlan } from '../connections/connection.service'
import { createRedis } from '../jobs/redis.connection'
import { recoverRuns } from '../jobs/recover-runs'
import { startSyncWorker } from '../jobs/sync.worker'
import type { Hub } from './hub.container'

export interface Running {
  close(): Promise<void>
}

export async function startApi(hub: Hub, options: { host?: string; port?: number } = {}): Promise<Running & { url: string; server: Server }> {
  const app = createApp(hub.api)
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? hub.config.port, options.host ?? hub.config.host, () => resolve(s))
    s.once('error', reject)
  })
  const addr = server.address() as AddressInfo
  const url = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`
  hub.logger.info({ url }, 'api listening')
  return {
    url,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Every connection's schedule as Postgres has it; a connection whose config no longer opens is left unscheduled. */
export async function schedulePlans(hub: Hub): Promise<SchedulePlan[]> {
  const rows = await hub.db.prisma.connection.findMany({ select: { id: true, tenantId: true, name: true } })
  const plans: SchedulePlan[] = []
  for (const row of rows) {
    try {
      plans.push(planSchedule(hub.connections, await openConnection(hub.connections, row.tenantId, row.id)))
    } catch (err) {
      hub.logger.warn({ connectionId: row.id, err: (err as Error).message }, `connection ${row.name} cannot be scheduled`)
    }
  }
  return plans
}

const SWEEP_EVERY_MS = 15_000

/**
 * Postgres is the record of which webhook events are still to do; the queue only wakes processors.
 * A wake-up lost with Redis (or never sent: the api died right after storing the event) is made good
 * here: connections with events waiting are woken at start and every SWEEP_EVERY_MS.
 */
function startWebhookSweep(hub: Hub): { stop(): void } {
  const sweep = async () => {
    const res = await hub.db.pool.query<{ tenant_id: string; connection_id: string }>(
      `SELECT DISTINCT "tenant_id", "connection_id" FROM "webhook_event" WHERE "status" = 'received' AND "received_at" < now() - interval '2 seconds'`,
    )
    for (const r of res.rows) await hub.syncQueue.kickWebhooks(r.tenant_id, r.connection_id)
  }
  const run = () => sweep().catch((err) => hub.logger.warn({ err: (err as Error).message }, 'webhook sweep failed'))
  void run()
  const timer = setInterval(run, SWEEP_EVERY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}

/**
 * A worker first rebuilds what Redis should hold from Postgres (schedulers, unfinished runs), then
 * takes jobs. Losing Redis therefore loses no work, only time.
 */
export async function startWorker(hub: Hub): Promise<Running> {
  const reconciled = await hub.syncQueue.reconcile(await schedulePlans(hub))
  const requeued = await recoverRuns(hub.db, hub.syncQueue)
  hub.logger.info({ schedules: reconciled.applied, removedSchedules: reconciled.removed, requeuedRuns: requeued.length }, 'worker reconciled the queue with Postgres')
  const connection = createRedis(hub.config.redisUrl)
  const worker = startSyncWorker({ ...hub.sync, documents: hub.documents, webhooks: hub.webhooks }, { connection, prefix: hub.config.queuePrefix, concurrency: hub.config.worker.concurrency, backoffMs: hub.config.worker.backoffMs, lockMs: hub.config.worker.lockMs, stalledCheckMs: hub.config.worker.stalledCheckMs }, hub.logger)
  const sweep = startWebhookSweep(hub)
  return {
    async close() {
      sweep.stop()
      await worker.close()
      await connection.quit().catch(() => undefined)
    },
  }
}
