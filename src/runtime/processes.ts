import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from '../api/app'
import { handleWebhook, isWebhookCall } from '../api/webhooks.router'
import { openConnection, planSchedule, type SchedulePlan } from '../connections/connection.service'
import { createRedis, onRedisLoss, type RedisConnection } from '../jobs/redis.connection'
import { recoverRuns } from '../jobs/recover-runs'
import { startSyncWorker } from '../jobs/sync.worker'
import type { Hub } from './hub.container'
import { acceptedCorrelationId, newCorrelationId, withCorrelation } from '../observability/correlation'

export interface Running {
  close(): Promise<void>
}

export async function startApi(hub: Hub, options: { host?: string; port?: number } = {}): Promise<Running & { url: string; server: Server }> {
  const app = createApp(hub.api)
  // Webhook calls skip express (see handleWebhook), the hot path of a webhook burst.
  const server = createServer((req, res) => {
    // Every request gets a correlation id (the caller's X-Request-Id if it sent a usable one), answered back.
    const correlationId = acceptedCorrelationId(req.headers['x-request-id']) ?? newCorrelationId()
    res.setHeader('X-Request-Id', correlationId)
    withCorrelation(correlationId, () => {
      if (isWebhookCall(req)) void handleWebhook(hub.api.inbox, req, res, hub.logger)
      else app(req, res)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? hub.config.port, options.host ?? hub.config.host, () => resolve())
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
 * Postgres is the record of what is still to do; Redis only carries wake-ups. What Redis lost (a
 * restart without persistence, a failover) or never got (the api died right after its commit) is
 * made good here, at start, every SWEEP_EVERY_MS, and as soon as Redis is back after a disconnect:
 * unfinished runs are queued again, schedulers rebuilt, and connections with webhook events waiting
 * are woken.
 */
function startSweeps(hub: Hub, connection: RedisConnection): { stop(): void } {
  let busy = false
  const sweep = async (full: boolean) => {
    if (busy) return
    busy = true
    try {
      if (full) {
        await hub.syncQueue.reconcile(await schedulePlans(hub))
        await hub.syncQueue.scheduleAnalytics(hub.config.analyticsEveryMs)
      }
      const requeued = await recoverRuns(hub.db, hub.syncQueue)
      if (requeued.length) hub.logger.warn({ requeuedRuns: requeued.length }, 'runs whose queue job was lost were queued again')
      const res = await hub.db.pool.query<{ tenant_id: string; connection_id: string }>(
        `SELECT DISTINCT "tenant_id", "connection_id" FROM "webhook_event" WHERE "status" = 'received' AND "received_at" < now() - interval '2 seconds'`,
      )
      for (const r of res.rows) await hub.syncQueue.kickWebhooks(r.tenant_id, r.connection_id)
      // Effects due (new, or waiting out a backoff): the push job of their connection is woken.
      const due = await hub.db.pool.query<{ tenant_id: string; connection_id: string }>(
        `SELECT DISTINCT "tenant_id", "connection_id" FROM "outbox" WHERE "status" IN ('pending', 'sending') AND "next_attempt_at" <= now()`,
      )
      for (const r of due.rows) await hub.syncQueue.kickPush(r.tenant_id, r.connection_id)
    } finally {
      busy = false
    }
  }
  const run = (full: boolean) => () => void sweep(full).catch((err) => hub.logger.warn({ err: (err as Error).message }, 'sweep failed'))
  run(false)()
  const timer = setInterval(run(false), SWEEP_EVERY_MS)
  timer.unref()
  // A reconnection (the first connection is the start, handled by startWorker itself), or on a
  // Redis Cluster the hub's slot moving to another primary (a failover may lose the last writes).
  const loss = onRedisLoss(connection, hub.config.queuePrefix, (event) => {
    if (event.kind === 'reconnected') hub.logger.warn({}, 'Redis is back: rebuilding the queue from Postgres')
    else hub.logger.warn({ slot: event.slot, from: event.from, to: event.to }, "the Redis Cluster moved the hub's slot to another primary: rebuilding the queue from Postgres")
    run(true)()
  })
  return {
    stop: () => {
      clearInterval(timer)
      loss.stop()
    },
  }
}

/**
 * A worker first rebuilds what Redis should hold from Postgres (schedulers, unfinished runs), then
 * takes jobs. Losing Redis therefore loses no work, only time.
 */
export async function startWorker(hub: Hub): Promise<Running> {
  const reconciled = await hub.syncQueue.reconcile(await schedulePlans(hub))
  const requeued = await recoverRuns(hub.db, hub.syncQueue)
  await hub.syncQueue.scheduleAnalytics(hub.config.analyticsEveryMs)
  hub.logger.info({ schedules: reconciled.applied, removedSchedules: reconciled.removed, requeuedRuns: requeued.length }, 'worker reconciled the queue with Postgres')
  const connection = createRedis({ url: hub.config.redisUrl, cluster: hub.config.redisCluster, prefix: hub.config.queuePrefix })
  const worker = startSyncWorker({ ...hub.sync, documents: hub.documents, webhooks: hub.webhooks, push: hub.push, customersChanged: (tenantId) => hub.syncQueue.kickIdentity(tenantId) }, { connection, prefix: hub.config.queuePrefix, concurrency: hub.config.worker.concurrency, backoffMs: hub.config.worker.backoffMs, lockMs: hub.config.worker.lockMs, stalledCheckMs: hub.config.worker.stalledCheckMs }, hub.logger)
  const sweep = startSweeps(hub, connection)
  return {
    async close() {
      sweep.stop()
      await worker.close()
      await connection.quit().catch(() => undefined)
    },
  }
}
