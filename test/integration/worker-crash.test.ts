import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { startSimulator, type Simulator } from '../../src/simulator'
import { requestSync } from '../../src/sync/request-sync'
import { connectSimulator, startTestHub, waitForRuns, type TestHub } from '../support/hub.harness'
import { compareWithSource } from '../support/source-checksum'

const ROOT = join(__dirname, '..', '..')
const PAGE = 40
const KILL_AT_REQUEST = 4

/** `erphub worker` as a real separate process, on the test's database and queue namespace. */
function spawnWorker(th: TestHub): { child: ChildProcess; output: () => string } {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: th.config.databaseUrl,
      QUEUE_PREFIX: th.config.queuePrefix,
      JOB_LOCK_MS: String(th.config.worker.lockMs),
      JOB_STALLED_CHECK_MS: String(th.config.worker.stalledCheckMs),
      MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

describe('a worker killed between pages', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView

  beforeAll(async () => {
    th = await startTestHub({ worker: { concurrency: 2, attempts: 3, backoffMs: 50, lockMs: 1500, stalledCheckMs: 500 } })
    sim = await startSimulator({ seed: 11, lines: 3000 })
    conn = await connectSimulator(th, sim.url, { pageSize: PAGE })
  })
  afterAll(async () => {
    await th?.close()
    await sim?.close()
  })

  test('is restarted and finishes the sync with no row lost or doubled, resuming after the last stored page', async () => {
    const [requested] = await requestSync({ ...th.hub.connections, queue: th.hub.syncQueue }, th.tenantId, conn.id, ['sales-order'])
    const worker = spawnWorker(th)
    let seen = 0
    const killed = new Promise<void>((resolve) => {
      const stop = sim.onRequest(async (req) => {
        if (!req.path.endsWith('/sales-orders') || ++seen !== KILL_AT_REQUEST) return
        stop()
        // SIGKILL: no shutdown hook runs, like a crash or an OOM kill. The page being fetched never arrives.
        worker.child.kill('SIGKILL')
        await once(worker.child, 'exit')
        resolve()
      })
    })
    let timer: NodeJS.Timeout | undefined
    const tooLong = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the worker never reached page ${KILL_AT_REQUEST}:\n${worker.output()}`)), 25_000)
    })
    await Promise.race([killed, tooLong]).finally(() => clearTimeout(timer))

    // Pages are fetched one ahead and stored two at a time, so when page 4 is requested, pages 1–3
    // are stored or in flight; whatever was in flight died with the worker.
    const atKill = await th.hub.db.prisma.syncRun.findUniqueOrThrow({ where: { id: requested.id } })
    expect(atKill.status).toBe('running')
    expect(atKill.pages).toBeGreaterThanOrEqual(1)
    expect(atKill.pages).toBeLessThanOrEqual(KILL_AT_REQUEST - 1)
    expect(await th.hub.db.prisma.salesOrder.count({ where: { connectionId: conn.id } })).toBe(atKill.pages * PAGE)
    const stored = await th.hub.db.prisma.syncCursor.findUniqueOrThrow({ where: { connectionId_entity: { connectionId: conn.id, entity: 'sales-order' } } })
    const resumeAt = (stored.value as { run: { token: string } }).run.token

    sim.resetRequests()
    await th.worker()
    const [run] = await waitForRuns(th, [requested.id], 30_000)
    expect(run.status).toBe('succeeded')
    expect(run.attempts).toBe(2)

    // Resumed exactly after the last stored page: the first request after the restart asks for the
    // position the stored cursor names, and no request starts over from the first page.
    const after = sim.requests().filter((r) => r.path.endsWith('/sales-orders'))
    expect(after[0].query.cursor).toBe(resumeAt)
    expect(after.every((r) => typeof r.query.cursor === 'string' && r.query.cursor.length > 0)).toBe(true)

    const orders = sim.records('sales-orders') as Array<{ id: string; lines: Array<{ line_no: number }> }>
    expect(run.readCount).toBe(orders.length)
    expect(run.inserted).toBe(orders.length)
    const ids = await th.hub.db.pool.query<{ external_id: string }>(`SELECT "external_id" FROM "sales_order" WHERE "connection_id" = $1 ORDER BY 1`, [conn.id])
    expect(ids.rows.map((r) => r.external_id)).toEqual(orders.map((o) => o.id).sort())
    const lines = await th.hub.db.pool.query<{ k: string }>(
      `SELECT o."external_id" || '#' || l."line_no" AS k FROM "sales_order_line" l JOIN "sales_order" o ON o."id" = l."order_id" WHERE o."connection_id" = $1 ORDER BY 1`,
      [conn.id],
    )
    expect(lines.rows.map((r) => r.k)).toEqual(orders.flatMap((o) => o.lines.map((l) => `${o.id}#${l.line_no}`)).sort())
    // Row counts and a checksum of every record's content against the ERP's.
    const { hub, source } = await compareWithSource(th, conn.id, 'sales-order', orders)
    expect(hub).toEqual(source)
  }, 60_000)
})
