/**
 * Ingest benchmark: `npm run bench:ingest -- --lines 100000 [--repeat 5] [--page-size 1000] [--seed 42] [--no-warmup]`
 *
 * 1. starts the ERP simulator in its own process (an ERP is another machine; in-process it would steal
 *    the hub's event loop) with exactly --lines order lines;
 * 2. syncs its sales orders through the hub's real path (API use case → BullMQ → worker → connector →
 *    mapping → raw inbox + bulk upsert + cursor per page) into a fresh tenant, timed from request to
 *    finished run;
 * 3. in the same run, copies the very same line rows into a scratch table the plain way
 *    (COPY into a temp table, then INSERT … ON CONFLICT DO UPDATE) as the baseline;
 * and prints both rates and their ratio (median of --repeat rounds, after one warm-up round that
 * is not counted: the first round pays for JIT compilation and cold caches). No assertion: figures to read.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { Client } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { arg, benchDatabaseUrl, freePort, median } from './bench.kit'
import { loadConfig } from '../src/config/config'
import { createConnection } from '../src/connections/connection.service'
import { simulatorConnectionConfig } from '../src/demo/simulator-connection'
import { createLogger } from '../src/observability/logger'
import { createHub } from '../src/runtime/hub.container'
import { startWorker } from '../src/runtime/processes'
import { migrate } from '../src/store/migrate'
import { ensureTenant } from '../src/store/tenant.repo'
import { requestSync } from '../src/sync/request-sync'


const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function main() {
  const lines = arg('lines', 100_000)
  const repeat = arg('repeat', 5)
  const warmup = process.argv.includes('--no-warmup') ? 0 : 1
  const pageSize = arg('page-size', 1000)
  const seed = arg('seed', 42)
  const root = join(__dirname, '..')
  const base = loadConfig()
  const dbUrl = benchDatabaseUrl(base)
  await migrate(dbUrl)

  const port = await freePort()
  const sim = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), 'simulate-erp', '--port', String(port), '--lines', String(lines), '--seed', String(seed)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  // The simulator must not outlive the benchmark, whatever way the benchmark ends.
  process.on('exit', () => sim.kill('SIGKILL'))
  const simUrl = `http://127.0.0.1:${port}`
  await new Promise<void>((resolve, reject) => {
    let out = ''
    sim.stdout!.on('data', (d) => {
      out += d
      if (out.includes(simUrl)) resolve()
    })
    sim.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before serving:\n${out}`)))
  })
  process.stdout.write(`simulator: ${simUrl}, ${fmt(lines)} order lines (separate process)\n`)

  const hub = createHub({ ...base, databaseUrl: dbUrl, queuePrefix: '{erphub-bench}', logLevel: 'warn' }, { logger: createLogger({ level: 'warn' }) })
  const worker = await startWorker(hub)
  const hubRates: number[] = []
  const baseRates: number[] = []
  const ratios: number[] = []
  try {
    for (let round = 1 - warmup; round <= repeat; round++) {
      // The bench database is the benchmark's own: emptying it whole leaves no dead rows behind for
      // autovacuum to chew on during the next round.
      await hub.db.pool.query('TRUNCATE "tenant" CASCADE')
      const tenant = await ensureTenant(hub.db, 'bench', 'Benchmark')
      const conn = await createConnection(hub.connections, tenant.id, {
        name: 'simulator',
        kind: 'rest',
        config: simulatorConnectionConfig(simUrl, { pageSize }),
        schedule: { entities: { customer: null, product: null, 'sales-order': null, 'inventory-position': null, 'production-order': null } },
        // The simulator on this machine is not an ERP to protect: what is measured is the hub's ingest.
        limits: { ratePerSecond: 100_000, burst: 100_000 },
      })
      await hub.db.pool.query('CHECKPOINT')
      const t0 = process.hrtime.bigint()
      const [run] = await requestSync({ ...hub.connections, queue: hub.syncQueue }, tenant.id, conn.id, ['sales-order'])
      let status = 'queued'
      while (!['succeeded', 'failed', 'superseded'].includes(status)) {
        await new Promise((r) => setTimeout(r, 10))
        status = (await hub.db.pool.query<{ status: string }>('SELECT "status" FROM "sync_run" WHERE "id" = $1', [run.id])).rows[0].status
      }
      const hubSeconds = Number(process.hrtime.bigint() - t0) / 1e9
      if (status !== 'succeeded') throw new Error(`the sync run ended ${status}`)
      const landed = (await hub.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "sales_order_line" WHERE "tenant_id" = $1', [tenant.id])).rows[0].n
      if (landed !== lines) throw new Error(`expected ${lines} lines in the hub, found ${landed}`)
      const label = round < 1 ? 'warm-up (not counted)' : `round ${round}`
      if (round >= 1) hubRates.push(lines / hubSeconds)

      const baseSeconds = await baselineCopyUpsert(dbUrl, tenant.id)
      if (round >= 1) {
        baseRates.push(lines / baseSeconds)
        ratios.push(baseSeconds / hubSeconds)
      }
      process.stdout.write(
        `${label}: hub sync ${fmt(lines)} lines in ${hubSeconds.toFixed(2)} s = ${fmt(lines / hubSeconds)} lines/s; ` +
          `COPY-then-upsert of the same rows ${baseSeconds.toFixed(2)} s = ${fmt(lines / baseSeconds)} rows/s; ratio ${(baseSeconds / hubSeconds).toFixed(2)}\n`,
      )
    }
    // The ratio is taken within each round (hub and baseline measured back to back), then the median:
    // this machine's speed drifts between rounds more than within one.
    process.stdout.write(`\nmedian of ${repeat} rounds: hub ${fmt(median(hubRates))} lines/s, baseline ${fmt(median(baseRates))} rows/s, ratio hub/baseline = ${median(ratios).toFixed(2)}\n`)
  } finally {
    await worker.close()
    await hub.syncQueue.queue.obliterate({ force: true }).catch(() => undefined)
    await hub.close()
    sim.kill('SIGTERM')
  }
}

/** The baseline: the same line rows, already in memory, COPY'd into a temp table and upserted into an empty scratch table. */
async function baselineCopyUpsert(url: string, tenantId: string): Promise<number> {
  const db = new Client({ connectionString: url })
  await db.connect()
  try {
    const rows = (
      await db.query<{ r: string }>(
        `SELECT concat_ws(E'\\t', "tenant_id", "order_id", "line_no", "sku", coalesce("description", '\\N'), "quantity", coalesce("unit_price"::text, '\\N'), coalesce("amount"::text, '\\N'), coalesce("uom", '\\N')) AS r
FROM "sales_order_line" WHERE "tenant_id" = $1`,
        [tenantId],
      )
    ).rows.map((x) => x.r + '\n')
    await db.query('DROP TABLE IF EXISTS "bench_scratch_line"')
    await db.query('CREATE TABLE "bench_scratch_line" (LIKE "sales_order_line" INCLUDING DEFAULTS INCLUDING INDEXES)')
    await db.query('CHECKPOINT')
    const t0 = process.hrtime.bigint()
    await db.query('BEGIN')
    await db.query('CREATE TEMP TABLE "bench_in" (LIKE "sales_order_line" INCLUDING DEFAULTS) ON COMMIT DROP')
    const cols = '"tenant_id", "order_id", "line_no", "sku", "description", "quantity", "unit_price", "amount", "uom"'
    const chunks = function* () {
      for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000).join('')
    }
    await pipeline(Readable.from(chunks()), db.query(copyFrom(`COPY "bench_in" (${cols}) FROM STDIN`)))
    await db.query(`INSERT INTO "bench_scratch_line" (${cols}) SELECT ${cols} FROM "bench_in"
ON CONFLICT ("order_id", "line_no") DO UPDATE SET "sku" = EXCLUDED."sku", "description" = EXCLUDED."description", "quantity" = EXCLUDED."quantity",
  "unit_price" = EXCLUDED."unit_price", "amount" = EXCLUDED."amount", "uom" = EXCLUDED."uom"`)
    await db.query('COMMIT')
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    await db.query('DROP TABLE "bench_scratch_line"')
    return seconds
  } finally {
    await db.end()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
