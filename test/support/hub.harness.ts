import { randomBytes } from 'node:crypto'
import axios, { type AxiosInstance } from 'axios'
import { loadConfig, type HubConfig } from '../../src/config/config'
import { createConnection, type ConnectorRegistry } from '../../src/connections/connection.service'
import type { Logger } from '../../src/connector-sdk/connector.contract'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { simulatorConnectionConfig } from '../../src/demo/simulator-connection'
import { createHub, type Hub } from '../../src/runtime/hub.container'
import { startApi, startWorker, type Running } from '../../src/runtime/processes'
import { createApiKey, type ApiRole } from '../../src/store/api-key.repo'
import { ensureTenant } from '../../src/store/tenant.repo'
import { requestSync } from '../../src/sync/request-sync'
import { createTestDatabase } from './test-database'

export interface TestHub {
  hub: Hub
  config: HubConfig
  tenantId: string
  /** Starts the API on a free port; returns a client factory bound to it. */
  api(): Promise<{ url: string; as(key?: string): AxiosInstance }>
  /** Starts a sync worker in this process. */
  worker(): Promise<Running>
  close(): Promise<void>
}

/**
 * A hub on its own database copy and its own queue namespace, so test files never see each other's
 * rows or jobs. Real PostgreSQL and Redis; short locks and backoffs so crash and retry tests are quick.
 */
export async function startTestHub(overrides: Partial<HubConfig> = {}, options: { logger?: Logger; registry?: ConnectorRegistry } = {}): Promise<TestHub> {
  const database = await createTestDatabase()
  const base = loadConfig(process.env)
  const config: HubConfig = {
    ...base,
    databaseUrl: database.url,
    queuePrefix: `{erphub-t-${randomBytes(4).toString('hex')}}`,
    worker: { concurrency: 4, attempts: 3, backoffMs: 50, lockMs: 2000, stalledCheckMs: 1000 },
    // A budget no ordinary test reaches, and a breaker that probes soon; the fault tests set their own.
    erp: { ratePerSecond: 10_000, burst: 10_000, breakerFailures: 5, breakerOpenMs: 300 },
    logLevel: 'silent',
    ...overrides,
  }
  const hub = createHub(config, { logger: options.logger, registry: options.registry })
  const tenant = await ensureTenant(hub.db, `t-${randomBytes(4).toString('hex')}`, 'Test tenant')
  const running: Running[] = []
  return {
    hub,
    config,
    tenantId: tenant.id,
    async api() {
      const api = await startApi(hub, { port: 0, host: '127.0.0.1' })
      running.push(api)
      return { url: api.url, as: (key?: string) => axios.create({ baseURL: api.url, validateStatus: () => true, headers: key ? { Authorization: `Bearer ${key}` } : {} }) }
    },
    async worker() {
      const w = await startWorker(hub)
      running.push(w)
      return w
    },
    async close() {
      for (const r of running.reverse()) await r.close().catch(() => undefined)
      await hub.syncQueue.queue.obliterate({ force: true }).catch(() => undefined)
      await hub.close()
      await database.drop()
    },
  }
}

export async function createKey(th: TestHub, role: ApiRole, tenantId = th.tenantId): Promise<string> {
  return (await createApiKey(th.hub.db, { tenantId, role, name: `${role}-test` })).key
}

/** A connection to a simulator, not scheduled (tests trigger syncs themselves). */
export async function connectSimulator(th: TestHub, simUrl: string, options: { name?: string; pageSize?: number; token?: string; tenantId?: string } = {}): Promise<ConnectionView> {
  const unscheduled = { customer: null, product: null, 'sales-order': null, 'inventory-position': null, 'production-order': null }
  return createConnection(th.hub.connections, options.tenantId ?? th.tenantId, {
    name: options.name ?? `sim-${randomBytes(3).toString('hex')}`,
    kind: 'rest',
    config: simulatorConnectionConfig(simUrl, { pageSize: options.pageSize ?? 100, token: options.token }),
    schedule: { entities: unscheduled },
  })
}

export type RunRow = NonNullable<Awaited<ReturnType<Hub['db']['prisma']['syncRun']['findFirst']>>>

export async function waitForRuns(th: TestHub, runIds: string[], timeoutMs = 30_000): Promise<RunRow[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const runs = await th.hub.db.prisma.syncRun.findMany({ where: { id: { in: runIds } } })
    if (runs.length === runIds.length && runs.every((r) => ['succeeded', 'failed', 'superseded', 'skipped'].includes(r.status))) {
      return runIds.map((id) => runs.find((r) => r.id === id)!)
    }
    if (Date.now() > deadline) throw new Error(`runs did not finish in ${timeoutMs} ms: ${runs.map((r) => `${r.entity}=${r.status}`).join(', ')}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** "Sync now" through the queue (a worker must be running), waiting for the runs to finish. */
export async function syncNow(th: TestHub, connectionId: string, entities?: string[]): Promise<RunRow[]> {
  const runs = await requestSync({ ...th.hub.connections, queue: th.hub.syncQueue }, th.tenantId, connectionId, entities)
  return waitForRuns(th, runs.map((r) => r.id))
}
