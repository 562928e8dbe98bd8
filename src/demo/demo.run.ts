import axios, { type AxiosInstance } from 'axios'
import { hubEntities } from '../canonical/canonical.registry'
import type { HubConfig } from '../config/config'
import { createLogger } from '../observability/logger'
import { createHub } from '../runtime/hub.container'
import { startApi, startWorker } from '../runtime/processes'
import { startSimulator } from '../simulator'
import { createApiKey } from '../store/api-key.repo'
import { migrate } from '../store/migrate'
import { deleteTenant, ensureTenant } from '../store/tenant.repo'
import { formatAvailability, formatCounts, formatCustomer, progressLine } from './demo.print'
import { simulatorConnectionConfig } from './simulator-connection'

/** The simulator's name for each hub entity. */
export const simulatorEntity: Record<string, 'customers' | 'products' | 'sales-orders' | 'stock' | 'production-orders'> = {
  customer: 'customers',
  product: 'products',
  'sales-order': 'sales-orders',
  'inventory-position': 'stock',
  'production-order': 'production-orders',
}

const TABLES: Record<string, string> = {
  customer: 'customer',
  product: 'product',
  'sales-order': 'sales_order',
  'inventory-position': 'inventory_position',
  'production-order': 'production_order',
}

export interface DemoOptions {
  lines: number
  seed: number
  out?: (line: string) => void
}

interface RunView {
  id: string
  entity: string
  status: string
  counts: { pages: number; read: number; inserted: number; updated: number; unchanged: number; quarantined: number }
  error: { message: string } | null
}

/**
 * The hub end to end, in one process: an ERP simulator, the API and a worker; a connection created and
 * synced through the public API, then counts, a customer and an availability answer read back.
 */
export async function runDemo(config: HubConfig, options: DemoOptions): Promise<void> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'))
  const t0 = Date.now()
  const migrated = await migrate(config.databaseUrl)
  out(`database ready (${migrated.createdDatabase ? 'created, ' : ''}${migrated.applied.length} migration(s) applied)`)

  const sim = await startSimulator({ seed: options.seed, lines: options.lines, auth: { type: 'bearer', token: 'demo-erp-token' } })
  const expected = sim.counts()
  out(`ERP simulator at ${sim.url}: ${Object.entries(expected).map(([k, v]) => `${v} ${k}`).join(', ')} (${sim.lineCount()} order lines)`)

  // The demo has its own queue namespace, so a hub worker running elsewhere does not take its jobs.
  const hub = createHub({ ...config, queuePrefix: '{erphub-demo}' }, { logger: createLogger({ level: 'warn' }) })
  const running: Array<{ close(): Promise<void> }> = []
  try {
    await deleteTenant(hub.db, 'demo')
    const tenant = await ensureTenant(hub.db, 'demo', 'Demo Industries')
    const { key } = await createApiKey(hub.db, { tenantId: tenant.id, role: 'admin', name: 'demo' })
    const api = await startApi(hub, { port: 0, host: '127.0.0.1' })
    running.push(api, await startWorker(hub))
    const client = axios.create({ baseURL: `${api.url}/v1`, headers: { Authorization: `Bearer ${key}` } })
    out(`hub API at ${api.url}, tenant "demo", admin key ${key.slice(0, 10)}…`)

    const connection = (await client.post('/connections', { name: 'erp-simulator', kind: 'rest', config: simulatorConnectionConfig(sim.url, { token: 'demo-erp-token', pageSize: 200 }), schedule: { everySeconds: 3600 }, limits: { ratePerSecond: 1000, burst: 1000 } })).data
    const check = (await client.post(`/connections/${connection.id}/check`)).data
    out(`connection ${connection.name} (${connection.kind}) created; check: ${check.ok ? `ok in ${check.latencyMs} ms` : `FAILED ${check.error.message}`}`)
    if (!check.ok) throw new Error(`the connection check failed: ${check.error.message}`)

    const { runs } = (await client.post(`/connections/${connection.id}/sync`)).data as { runs: Array<{ id: string; entity: string }> }
    out(`sync requested: ${runs.length} runs`)
    const totals = Object.fromEntries(runs.map((r) => [r.entity, expected[simulatorEntity[r.entity]]]))
    const final = await followRuns(client, runs, totals, out)
    const failed = final.filter((r) => r.status !== 'succeeded')
    if (failed.length) throw new Error(`runs did not succeed: ${failed.map((r) => `${r.entity} ${r.status} ${r.error?.message ?? ''}`).join('; ')}`)

    const counts: Array<{ entity: string; erp: number; hub: number; quarantined: number }> = []
    // The entities the simulator serves (the hub knows more, e.g. stock movements, which it does not report).
    for (const entity of Object.keys(simulatorEntity)) {
      const hubCount = await hub.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${TABLES[entity]}" WHERE "tenant_id" = $1`, [tenant.id])
      const quarantined = await hub.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "quarantine" WHERE "tenant_id" = $1 AND "entity" = $2 AND "status" = 'open'`, [tenant.id, entity])
      counts.push({ entity, erp: expected[simulatorEntity[entity]], hub: hubCount.rows[0].n, quarantined: quarantined.rows[0].n })
    }
    const lines = await hub.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "sales_order_line" WHERE "tenant_id" = $1`, [tenant.id])
    out('')
    out(formatCounts(counts, { erp: sim.lineCount(), hub: lines.rows[0].n }))

    const top = await hub.db.pool.query<{ id: string }>(
      `SELECT c."id" FROM "customer" c JOIN "sales_order" o ON o."connection_id" = c."connection_id" AND o."customer_external_id" = c."external_id"
WHERE c."tenant_id" = $1 GROUP BY c."id" ORDER BY count(*) DESC, c."id" LIMIT 1`,
      [tenant.id],
    )
    if (top.rows[0]) out('\n' + formatCustomer((await client.get(`/customers/${top.rows[0].id}`, { params: { ordersLimit: 3 } })).data))

    const sku = await hub.db.pool.query<{ sku: string }>(
      // A SKU worth showing: stocked in the most warehouses, with production coming.
      `SELECT i."sku" FROM "inventory_position" i WHERE i."tenant_id" = $1 AND i."on_hand" > 0
AND EXISTS (SELECT 1 FROM "production_order" p WHERE p."tenant_id" = $1 AND p."sku" = i."sku" AND p."status" IN ('planned', 'firm', 'released', 'in_progress'))
GROUP BY i."sku" ORDER BY count(*) DESC, i."sku" LIMIT 1`,
      [tenant.id],
    )
    if (sku.rows[0]) out('\n' + formatAvailability((await client.get('/availability', { params: { sku: sku.rows[0].sku } })).data))
    out(`\ndemo finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  } finally {
    for (const r of running.reverse()) await r.close().catch(() => undefined)
    await hub.syncQueue.queue.obliterate({ force: true }).catch(() => undefined)
    await hub.close()
    await sim.close()
  }
}

async function followRuns(client: AxiosInstance, runs: Array<{ id: string; entity: string }>, totals: Record<string, number>, out: (line: string) => void): Promise<RunView[]> {
  const tty = process.stdout.isTTY
  const lastPrinted = new Map<string, string>()
  for (;;) {
    const views = await Promise.all(runs.map(async (r) => (await client.get(`/runs/${r.id}`)).data as RunView))
    const lines = views.map((v) => progressLine(v, totals[v.entity]))
    if (tty) process.stdout.write(`\x1b[${lines.length}A`.repeat(lastPrinted.size ? 1 : 0) + lines.map((l) => `\x1b[2K${l}\n`).join(''))
    else lines.forEach((l, i) => lastPrinted.get(views[i].id) !== l && out(l))
    views.forEach((v, i) => lastPrinted.set(v.id, lines[i]))
    if (views.every((v) => ['succeeded', 'failed', 'superseded', 'skipped'].includes(v.status))) return views
    await new Promise((r) => setTimeout(r, 200))
  }
}
