/**
 * Webhook intake benchmark: `npm run bench:webhooks -- [--seconds 10] [--connections 32] [--rounds 3]`
 *
 * 1. starts the hub's API as its own process (`erphub api`, the real HTTP path: signature check,
 *    body check, durable insert, 202) on a fresh connection whose webhooks are signed Stripe-style
 *    (`t=…,v1=…`, HMAC-SHA256);
 * 2. fires signed events at it on loopback with autocannon, every request a new event id and a
 *    fresh signature, and prints accepted events/s with p50 / p99 latency;
 * 3. in the same run, fires the same requests at a bare node:http server that reads the body and
 *    answers 202 without checking or storing anything: the ceiling of HTTP on this machine, printed
 *    as the baseline with the ratio hub / bare;
 * 4. checks that every event the hub accepted (each 202's receipt id) is in PostgreSQL, and prints
 *    how many are missing (the goal: none).
 * No assertion on speed: figures to read. Goal on the 2-core machine: ≥ 2,000 events/s, p99 < 50 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import autocannon, { type Request } from 'autocannon'
import { Client } from 'pg'
import { arg, benchDatabaseUrl, freePort, median } from './bench.kit'
import { loadConfig } from '../src/config/config'
import { createConnection } from '../src/connections/connection.service'
import { createLogger } from '../src/observability/logger'
import { createHub } from '../src/runtime/hub.container'
import { migrate } from '../src/store/migrate'
import { ensureTenant } from '../src/store/tenant.repo'


async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const end = Date.now() + 30_000
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode} before answering`)
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`${url} did not answer within 30 s`)
}

const SECRET = randomBytes(24).toString('hex')
const RECORD = { id: 'C-000001', name: 'Bäckerei Huber GmbH', email: 'einkauf@baeckerei-huber.example', phone: '+43 1 5125555', country: 'AT', city: 'Wien', street: 'Mariahilfer Straße 12', postal_code: '1060', currency: 'EUR', updated_at: '' }

/** One signed event per request: a new id, the time now, a signature over exactly these bytes. */
function eventRequest(path: string, run: string): Request {
  let n = 0
  return {
    method: 'POST',
    path,
    setupRequest(req: Request) {
      n += 1
      const id = `evt-${run}-${n}`
      const body = JSON.stringify({ id, entity: 'customer', data: { ...RECORD, id: `C-${n % 5000}`, updated_at: new Date().toISOString() } })
      const t = Math.floor(Date.now() / 1000)
      const v1 = createHmac('sha256', SECRET).update(`${t}.`).update(body).digest('hex')
      req.body = body
      req.headers = { 'content-type': 'application/json', 'x-erp-event-id': id, 'x-erp-signature': `t=${t},v1=${v1}` }
      return req
    },
  }
}

interface Round {
  rps: number
  p50: number
  p99: number
  accepted: number
  other: number
  errors: number
  receipts: string[]
}

async function fire(url: string, path: string, seconds: number, connections: number, run: string): Promise<Round> {
  const receipts: string[] = []
  const statuses = new Map<number, number>()
  const request: Request = {
    ...eventRequest(path, run),
    onResponse(status: number, body: string) {
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      if (status === 202) {
        try {
          const id = JSON.parse(body).receiptId
          if (id) receipts.push(id)
        } catch {
          /* the bare baseline answers without a body */
        }
      }
    },
  }
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] })
  const accepted = statuses.get(202) ?? 0
  const total = [...statuses.values()].reduce((a, b) => a + b, 0)
  return { rps: accepted / seconds, p50: result.latency.p50, p99: result.latency.p99, accepted, other: total - accepted, errors: result.errors + result.timeouts, receipts }
}

function startBare(port: number): ChildProcess {
  // A body read in full and a 202: what any HTTP endpoint on Node costs here, with nothing checked or stored.
  const code = `require('node:http').createServer((req, res) => { req.on('data', () => {}); req.on('end', () => { res.writeHead(202, { 'content-type': 'application/json' }); res.end('{}') }) }).listen(${port}, '127.0.0.1')`
  return spawn(process.execPath, ['-e', code], { stdio: 'inherit' })
}

async function main() {
  const seconds = arg('seconds', 10)
  const connections = arg('connections', 32)
  const rounds = arg('rounds', 3)
  const root = join(__dirname, '..')
  const base = loadConfig()
  const dbUrl = benchDatabaseUrl(base)
  await migrate(dbUrl)
  const hub = createHub({ ...base, databaseUrl: dbUrl, logLevel: 'silent' }, { logger: createLogger({ level: 'silent' }) })
  const tenant = await ensureTenant(hub.db, `bench-webhooks-${randomBytes(3).toString('hex')}`, 'Webhook benchmark')
  const conn = await createConnection(hub.connections, tenant.id, {
    name: 'bench-erp',
    kind: 'rest',
    config: { baseUrl: 'http://127.0.0.1:9/', auth: { type: 'none' }, entities: { customer: { path: '/customers' } } },
    schedule: { entities: { customer: null } },
    webhook: {
      signature: { scheme: 'timestamped', secret: SECRET, header: 'X-Erp-Signature' },
      eventId: { header: 'X-Erp-Event-Id' },
      events: { entity: { from: { path: 'entity' }, map: { customer: 'customer' } }, record: 'data' },
    },
  })
  const path = `/v1/webhooks/${conn.id}`

  const hubPort = await freePort()
  const api = spawn(process.execPath, [...(process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', join(root, 'src/main.ts'), 'api'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(hubPort), HOST: '127.0.0.1', LOG_LEVEL: 'error', MIGRATE_ON_START: 'false', NODE_ENV: 'production', ERPHUB_SECRET_KEY: base.secretKey.toString('hex') },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const barePort = await freePort()
  const bare = startBare(barePort)
  const hubUrl = `http://127.0.0.1:${hubPort}`
  const bareUrl = `http://127.0.0.1:${barePort}`
  try {
    await waitForHttp(`${hubUrl}/health`, api)
    await waitForHttp(bareUrl, bare)
    console.log(`webhook intake: ${seconds} s per round, ${connections} connections, ${rounds} rounds after a warm-up (2-core machine goal: ≥ 2,000 events/s, p99 < 50 ms)`)
    await fire(hubUrl, path, 2, connections, 'warmup-hub')
    await fire(bareUrl, path, 2, connections, 'warmup-bare')
    const hubRounds: Round[] = []
    const ratios: number[] = []
    for (let r = 1; r <= rounds; r++) {
      const h = await fire(hubUrl, path, seconds, connections, `hub-${r}-${randomBytes(3).toString('hex')}`)
      const b = await fire(bareUrl, path, seconds, connections, `bare-${r}`)
      hubRounds.push(h)
      ratios.push(h.rps / b.rps)
      console.log(
        `round ${r}: hub ${Math.round(h.rps).toLocaleString('en-US')} events/s (p50 ${h.p50} ms, p99 ${h.p99} ms, ${h.other} not 202, ${h.errors} errors)` +
          ` | bare HTTP ${Math.round(b.rps).toLocaleString('en-US')} req/s (p50 ${b.p50} ms, p99 ${b.p99} ms) | ratio ${(h.rps / b.rps).toFixed(2)}`,
      )
    }
    const receipts = hubRounds.flatMap((h) => h.receipts)
    const db = new Client({ connectionString: dbUrl })
    await db.connect()
    const found = await db.query<{ n: string }>('SELECT count(*) AS n FROM "webhook_event" WHERE "id" = ANY($1::uuid[])', [receipts])
    const stored = Number(found.rows[0].n)
    await db.end()
    console.log(`median: hub ${Math.round(median(hubRounds.map((h) => h.rps))).toLocaleString('en-US')} events/s, p99 ${median(hubRounds.map((h) => h.p99))} ms, ratio hub/bare ${median(ratios).toFixed(2)}`)
    console.log(`accepted ${receipts.length.toLocaleString('en-US')} events (202 with a receipt): ${stored.toLocaleString('en-US')} in PostgreSQL, ${(receipts.length - stored).toLocaleString('en-US')} lost`)
    if (receipts.length !== stored) process.exitCode = 1
  } finally {
    api.kill('SIGTERM')
    bare.kill('SIGTERM')
    await hub.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
