import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import axios, { type AxiosInstance } from 'axios'
import express from 'express'
import { errorMapper } from '../../src/api/error.mapper'
import { metricsRouter } from '../../src/api/metrics.router'
import { updateConnection } from '../../src/connections/connection.service'
import type { ConnectionView } from '../../src/connections/connection.schema'
import { createMetrics, RUN_DURATION_BUCKETS, type HubMetrics } from '../../src/observability/metrics'
import { startSimulator, type Simulator } from '../../src/simulator'
import { connectSimulator, startTestHub, syncNow, type TestHub } from '../support/hub.harness'
import { timestampedSignature } from '../support/webhook.sign'

// ---------------------------------------------------------------------------------------------
// A strict reader of the Prometheus text exposition format 0.0.4: every line must be a HELP, a TYPE,
// a comment, blank, or a sample; every family declares HELP and TYPE once, before its samples, and
// its samples are not interleaved with another family's; no series twice; histograms are whole.
// ---------------------------------------------------------------------------------------------

type Labels = Record<string, string>
interface Sample {
  name: string
  labels: Labels
  value: number
}
interface Family {
  name: string
  help?: string
  type?: string
  samples: Sample[]
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])

function parseValue(raw: string, line: string): number {
  // Prometheus reads values with Go's ParseFloat, whose NaN is case-insensitive (prom-client writes `Nan`).
  if (/^nan$/i.test(raw)) return NaN
  if (raw === '+Inf') return Infinity
  if (raw === '-Inf') return -Infinity
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`not a sample value: ${raw} in «${line}»`)
  return Number(raw)
}

/** `{a="x",b="y\"z"}` starting at `i`; returns the labels and the index after `}`. */
function parseLabels(line: string, i: number): { labels: Labels; end: number } {
  const labels: Labels = {}
  i++ // {
  for (;;) {
    if (line[i] === '}') return { labels, end: i + 1 }
    const eq = line.indexOf('=', i)
    if (eq < 0) throw new Error(`label without "=" in «${line}»`)
    const name = line.slice(i, eq)
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`bad label name ${name} in «${line}»`)
    if (name in labels) throw new Error(`label ${name} twice in «${line}»`)
    if (line[eq + 1] !== '"') throw new Error(`label value not quoted in «${line}»`)
    let value = ''
    let j = eq + 2
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        const next = line[++j]
        if (next === 'n') value += '\n'
        else if (next === '\\' || next === '"') value += next
        else throw new Error(`bad escape \\${next} in «${line}»`)
      } else value += line[j]
    }
    if (line[j] !== '"') throw new Error(`unterminated label value in «${line}»`)
    labels[name] = value
    i = j + 1
    if (line[i] === ',') i++
    else if (line[i] !== '}') throw new Error(`expected , or } after a label in «${line}»`)
  }
}

function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  const exact = families.get(sampleName)
  if (exact && exact.type !== 'histogram') return exact
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName)
  if (!m) return exact
  const base = families.get(m[1])
  if (base?.type === 'histogram' || (base?.type === 'summary' && m[2] !== 'bucket')) return base
  return exact
}

const seriesKey = (name: string, labels: Labels) => `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`

function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed')
  const families = new Map<string, Family>()
  const seen = new Set<string>()
  const closed = new Set<string>()
  let current: Family | undefined
  const enter = (f: Family) => {
    if (current && current !== f) closed.add(current.name)
    if (closed.has(f.name)) throw new Error(`family ${f.name} appears again after another family`)
    current = f
  }
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line)
      if (!m) continue // an ordinary comment
      const [, kind, name, rest = ''] = m
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in «${line}»`)
      const f = families.get(name) ?? families.set(name, { name, samples: [] }).get(name)!
      enter(f)
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`second HELP for ${name}`)
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`bad escape in HELP of ${name}`)
        f.help = rest
      } else {
        if (f.type !== undefined) throw new Error(`second TYPE for ${name}`)
        if (f.samples.length) throw new Error(`TYPE of ${name} after its samples`)
        if (!TYPES.has(rest)) throw new Error(`unknown type ${rest} of ${name}`)
        f.type = rest
      }
      continue
    }
    const nameEnd = line.search(/[{ ]/)
    if (nameEnd <= 0) throw new Error(`not a sample: «${line}»`)
    const name = line.slice(0, nameEnd)
    if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in «${line}»`)
    let labels: Labels = {}
    let i = nameEnd
    if (line[i] === '{') ({ labels, end: i } = parseLabels(line, i))
    if (line[i] !== ' ') throw new Error(`expected a space before the value in «${line}»`)
    const parts = line.slice(i + 1).split(' ')
    if (parts.length > 2 || (parts.length === 2 && !/^-?\d+$/.test(parts[1]))) throw new Error(`bad value or timestamp in «${line}»`)
    const value = parseValue(parts[0], line)
    const f = familyOf(families, name)
    if (!f) throw new Error(`sample ${name} has no HELP/TYPE`)
    enter(f)
    const key = seriesKey(name, labels)
    if (seen.has(key)) throw new Error(`series twice: ${key}`)
    seen.add(key)
    f.samples.push({ name, labels, value })
  }
  for (const f of families.values()) {
    if (f.help === undefined || f.type === undefined) throw new Error(`${f.name} lacks HELP or TYPE`)
    if (f.type === 'counter') for (const s of f.samples) if (!(s.value >= 0)) throw new Error(`counter ${s.name} is ${s.value}`)
    if (f.type === 'histogram') checkHistogram(f)
  }
  return families
}

/** Buckets cumulative in `le` order, +Inf equal to _count, a _sum for each series. */
function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number; sum?: number }>()
  for (const s of f.samples) {
    const { le, ...rest } = s.labels
    const key = seriesKey(f.name, rest)
    const entry = series.get(key) ?? series.set(key, { buckets: [] }).get(key)!
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${s.name} without le`)
      entry.buckets.push([parseValue(le, s.name), s.value])
    } else if (s.name === `${f.name}_count`) entry.count = s.value
    else if (s.name === `${f.name}_sum`) entry.sum = s.value
  }
  for (const [key, e] of series) {
    const les = e.buckets.map(([le]) => le)
    if (les.some((le, i) => i > 0 && le <= les[i - 1])) throw new Error(`${key}: buckets not in ascending le order`)
    if (e.buckets.some(([, v], i) => i > 0 && v < e.buckets[i - 1][1])) throw new Error(`${key}: buckets not cumulative`)
    const inf = e.buckets.at(-1)
    if (!inf || inf[0] !== Infinity) throw new Error(`${key}: no +Inf bucket`)
    if (e.count !== inf[1] || e.sum === undefined) throw new Error(`${key}: _count or _sum missing or not the +Inf bucket`)
  }
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
function sample(families: Map<string, Family>, name: string, labels: Labels = {}): number | undefined {
  const matches = [...families.values()].flatMap((f) => f.samples).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`)
  return matches[0]?.value
}

// ---------------------------------------------------------------------------------------------

const WEBHOOK_SECRET = 'whsec-metrics-7d1e'
const METRICS_TOKEN = 'metrics-token-3f9a2c'

async function serve(app: express.Express): Promise<{ server: Server; http: AxiosInstance }> {
  const server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, http: axios.create({ baseURL: `http://127.0.0.1:${port}`, validateStatus: () => true, responseType: 'text', transformResponse: (b) => b }) }
}

describe('GET /metrics: the whole hub in Prometheus text, read from PostgreSQL and Redis at scrape time', () => {
  let th: TestHub
  let sim: Simulator
  let conn: ConnectionView
  let metrics: HubMetrics
  let tenant: string
  let open: { server: Server; http: AxiosInstance }
  let guarded: { server: Server; http: AxiosInstance }
  let hubHttp: AxiosInstance
  const servers: Server[] = []

  const ours = () => ({ tenant, connection: conn.name })

  async function scrape(): Promise<Map<string, Family>> {
    const res = await open.http.get('/metrics')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    return parseExposition(res.data)
  }

  beforeAll(async () => {
    th = await startTestHub()
    sim = await startSimulator({ seed: 11, lines: 600 })
    conn = await connectSimulator(th, sim.url, { name: 'erp-metrics', pageSize: 50 })
    tenant = (await th.hub.db.prisma.tenant.findUniqueOrThrow({ where: { id: th.tenantId } })).slug
    metrics = createMetrics({ db: th.hub.db, queue: th.hub.syncQueue.queue, breaker: th.hub.rate.breaker })
    const plain = express().use('/metrics', metricsRouter({ metrics })).use(errorMapper(th.hub.logger))
    const withToken = express().use('/metrics', metricsRouter({ metrics, token: METRICS_TOKEN })).use(errorMapper(th.hub.logger))
    open = await serve(plain)
    guarded = await serve(withToken)
    servers.push(open.server, guarded.server)
    hubHttp = (await th.api()).as()
    await th.worker()
  })
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r))
    await th?.close()
    await sim?.close()
  })

  test('the scrape parses as Prometheus text: every sample line, HELP and TYPE for every metric, default process metrics prefixed', async () => {
    // Two at once share one snapshot and both come out whole.
    const [a, b] = await Promise.all([scrape(), scrape()])
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    expect(a.get('erphub_process_cpu_user_seconds_total')?.type).toBe('counter')
    expect(a.get('erphub_nodejs_heap_size_used_bytes')?.type).toBe('gauge')
    for (const name of [...a.keys()]) expect(name).toMatch(/^erphub_/)
    expect(a.get('erphub_sync_records_total')?.type).toBe('counter')
    expect(a.get('erphub_sync_run_duration_seconds')?.type).toBe('histogram')
    expect(sample(a, 'erphub_metrics_source_up', { source: 'postgres' })).toBe(1)
    expect(sample(a, 'erphub_metrics_source_up', { source: 'queue' })).toBe(1)
    expect(sample(a, 'erphub_metrics_source_up', { source: 'breaker' })).toBe(1)
    // Nothing synced yet: no series for this connection's runs.
    expect(sample(a, 'erphub_sync_records_total', { ...ours(), entity: 'customer', outcome: 'read' })).toBeUndefined()
  })

  test('the queue gauges are there for every state', async () => {
    const m = await scrape()
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed']) {
      expect(sample(m, 'erphub_queue_jobs', { state })).toEqual(expect.any(Number))
    }
  })

  test('a sync moves them: records read and inserted by the runs’ own counts, one more succeeded run, last success, freshness lag', async () => {
    const before = await scrape()
    const runs = await syncNow(th, conn.id)
    const after = await scrape()
    expect(runs.map((r) => r.status)).toEqual(runs.map(() => 'succeeded'))
    const delta = (m: string, labels: Labels) => (sample(after, m, labels) ?? 0) - (sample(before, m, labels) ?? 0)
    for (const run of runs) {
      const labels = { ...ours(), entity: run.entity }
      expect(run.readCount).toBeGreaterThan(0)
      expect([run.entity, delta('erphub_sync_records_total', { ...labels, outcome: 'read' })]).toEqual([run.entity, run.readCount])
      expect([run.entity, delta('erphub_sync_records_total', { ...labels, outcome: 'inserted' })]).toEqual([run.entity, run.inserted])
      expect(delta('erphub_sync_records_total', { ...labels, outcome: 'quarantined' })).toBe(0)
      expect(delta('erphub_sync_runs_total', { ...labels, status: 'succeeded' })).toBe(1)
      expect(sample(after, 'erphub_sync_last_success_timestamp_seconds', labels)).toBeCloseTo(run.finishedAt!.getTime() / 1000, 3)
      expect(sample(after, 'erphub_sync_last_run_duration_seconds', labels)).toBeCloseTo(run.durationMs! / 1000, 3)
      expect(delta('erphub_sync_run_duration_seconds_count', labels)).toBe(1)
      expect(sample(after, 'erphub_sync_run_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1)
      const le = RUN_DURATION_BUCKETS.find((b) => run.durationMs! / 1000 <= b)!
      expect(sample(after, 'erphub_sync_run_duration_seconds_bucket', { ...labels, le: String(le) })).toBe(1)
      expect(sample(after, 'erphub_sync_runs_unfinished', labels)).toBeUndefined()
      expect(sample(after, 'erphub_freshness_lag_seconds', labels)).toEqual(expect.any(Number))
    }
    // Now minus the newest updated_at the ERP holds, give or take the time the scrape took.
    const newest = Math.max(...sim.records('customers').map((c) => Date.parse((c as { updated_at: string }).updated_at)))
    expect(Math.abs(sample(after, 'erphub_freshness_lag_seconds', { ...ours(), entity: 'customer' })! - (Date.now() - newest) / 1000)).toBeLessThan(5)
  })

  test('changes and a bad record move updated, unchanged, quarantined and the open quarantine; freshness lag drops to the new change', async () => {
    const before = await scrape()
    const changed = sim.mutate('customers', 3)
    const bad = sim.records('sales-orders')[4] as { id: string }
    sim.patch('sales-orders', bad.id, { status: 'on_hold' })
    const runs = await syncNow(th, conn.id, ['customer', 'sales-order'])
    const after = await scrape()
    const delta = (m: string, labels: Labels) => (sample(after, m, labels) ?? 0) - (sample(before, m, labels) ?? 0)
    const customer = { ...ours(), entity: 'customer' }
    const orders = { ...ours(), entity: 'sales-order' }
    const customerRun = runs.find((r) => r.entity === 'customer')!
    expect(changed).toHaveLength(3)
    expect(delta('erphub_sync_records_total', { ...customer, outcome: 'updated' })).toBe(3)
    expect(delta('erphub_sync_records_total', { ...customer, outcome: 'updated' })).toBe(customerRun.updated)
    expect(delta('erphub_sync_records_total', { ...customer, outcome: 'unchanged' })).toBe(customerRun.unchanged)
    expect(delta('erphub_sync_records_total', { ...orders, outcome: 'quarantined' })).toBe(1)
    expect(sample(after, 'erphub_quarantine_open', orders)).toBe(1)
    expect(sample(after, 'erphub_sync_runs_total', { ...customer, status: 'succeeded' })).toBe(2)
    expect(sample(after, 'erphub_sync_run_duration_seconds_count', customer)).toBe(2)
    // The mutated customers carry the newest updated_at there is: the lag is measured from them.
    const newest = Math.max(...changed.map((id) => Date.parse((sim.record('customers', id) as { updated_at: string }).updated_at)))
    expect(Math.abs(sample(after, 'erphub_freshness_lag_seconds', customer)! - (Date.now() - newest) / 1000)).toBeLessThan(5)
  })

  test('webhook accepts and rejects, outbox and dead-letter series appear once there are rows', async () => {
    const before = await scrape()
    expect(sample(before, 'erphub_webhook_accepted_total', ours())).toBeUndefined()
    expect(sample(before, 'erphub_outbox_effects', { ...ours(), status: 'pending' })).toBeUndefined()
    expect(sample(before, 'erphub_dead_letters', { tenant, kind: 'sync' })).toBeUndefined()

    await updateConnection(th.hub.connections, th.tenantId, conn.id, {
      webhook: {
        signature: { scheme: 'timestamped', secret: WEBHOOK_SECRET, header: 'X-Erp-Signature', toleranceSeconds: 300 },
        eventId: { header: 'X-Erp-Event-Id' },
        events: { entity: { from: { path: 'entity' }, map: { customer: 'customer' } }, record: 'data' },
      },
    })
    const body = JSON.stringify({ id: 'evt-m1', entity: 'customer', data: sim.records('customers')[0] })
    const post = (signature: string, path = `/v1/webhooks/${conn.id}`) =>
      hubHttp.post(path, body, { headers: { 'Content-Type': 'application/json', 'X-Erp-Event-Id': 'evt-m1', 'X-Erp-Signature': signature }, transformRequest: (b) => b })
    expect((await post(timestampedSignature(WEBHOOK_SECRET, body))).status).toBe(202)
    expect((await post(timestampedSignature(WEBHOOK_SECRET, body))).status).toBe(200) // the same event again
    expect((await post(timestampedSignature('not-the-secret', body))).status).toBe(401)
    expect((await post(timestampedSignature(WEBHOOK_SECRET, body), '/v1/webhooks/00000000-0000-4000-8000-000000000000')).status).toBe(404)

    await th.hub.db.pool.query(
      `INSERT INTO "outbox" ("tenant_id", "connection_id", "entity", "effect_key", "aggregate", "aggregate_id", "payload", "status", "created_at", "next_attempt_at")
       VALUES ($1, $2, 'complaint', 'metrics-test-1', 'test', 'x', '{}', 'pending', now() - interval '90 seconds', now() + interval '1 hour'),
              ($1, $2, 'complaint', 'metrics-test-2', 'test', 'y', '{}', 'dead', now(), now())`,
      [th.tenantId, conn.id],
    )
    await th.hub.db.pool.query(
      `INSERT INTO "dead_letter" ("tenant_id", "connection_id", "queue", "job_name", "data", "attempts", "errors") VALUES ($1, $2, 'sync', 'sync', '{}', 3, '[]')`,
      [th.tenantId, conn.id],
    )

    const after = await scrape()
    expect(sample(after, 'erphub_webhook_accepted_total', ours())).toBe(2)
    const stored = ['received', 'done', 'failed'].reduce((n, status) => n + (sample(after, 'erphub_webhook_inbox_events', { ...ours(), status }) ?? 0), 0)
    expect(stored).toBe(1)
    expect(sample(after, 'erphub_webhook_rejections_total', { ...ours(), reason: 'signature' })).toBe(1)
    expect(sample(after, 'erphub_webhook_rejections_total', { tenant: '', connection: '', reason: 'unknown_connection' })).toBe(1)
    expect(sample(after, 'erphub_outbox_effects', { ...ours(), status: 'pending' })).toBe(1)
    expect(sample(after, 'erphub_outbox_effects', { ...ours(), status: 'dead' })).toBe(1)
    expect(sample(after, 'erphub_outbox_oldest_pending_age_seconds', ours())).toBeGreaterThanOrEqual(90)
    expect(sample(after, 'erphub_dead_letters', { tenant, kind: 'sync' })).toBe(1)
  })

  test('the circuit gauge follows the breaker in Redis: open after failures, closed after a good probe', async () => {
    const breaker = th.hub.rate.breaker
    expect(sample(await scrape(), 'erphub_circuit_open', ours())).toBe(0)
    for (let i = 0; i < th.config.erp.breakerFailures; i++) await breaker.failure(conn.id)
    expect(sample(await scrape(), 'erphub_circuit_open', ours())).toBe(1)
    const permit = await breaker.acquire(conn.id) // waits out the open time, then probes
    await breaker.success(conn.id, permit)
    expect(sample(await scrape(), 'erphub_circuit_open', ours())).toBe(0)
  })

  test('a source that fails or hangs is reported down and the rest of the scrape still answers', async () => {
    const errors: string[] = []
    const degraded = createMetrics({
      db: th.hub.db,
      queue: { getJobCounts: () => new Promise(() => undefined) }, // never answers
      breaker: { state: async () => Promise.reject(new Error('redis is away')) },
      timeoutMs: 300,
      onError: (source) => errors.push(source),
    })
    const m = parseExposition(await degraded.render())
    expect(sample(m, 'erphub_metrics_source_up', { source: 'postgres' })).toBe(1)
    expect(sample(m, 'erphub_metrics_source_up', { source: 'queue' })).toBe(0)
    expect(sample(m, 'erphub_metrics_source_up', { source: 'breaker' })).toBe(0)
    expect(sample(m, 'erphub_queue_jobs', { state: 'waiting' })).toBeUndefined()
    expect(sample(m, 'erphub_circuit_open', ours())).toBeUndefined()
    expect(sample(m, 'erphub_sync_runs_total', { ...ours(), entity: 'customer', status: 'succeeded' })).toBe(2)
    expect(errors.sort()).toEqual(['breaker', 'queue'])
  })

  test('with METRICS_TOKEN set, a scrape without it or with another is 401; with it, 200', async () => {
    const none = await guarded.http.get('/metrics')
    expect(none.status).toBe(401)
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/)
    expect(JSON.parse(none.data).error.code).toBe('unauthenticated')
    expect((await guarded.http.get('/metrics', { headers: { Authorization: 'Bearer wrong-token' } })).status).toBe(401)
    expect((await guarded.http.get('/metrics', { headers: { Authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` } })).status).toBe(401)
    const ok = await guarded.http.get('/metrics', { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(ok.status).toBe(200)
    expect(parseExposition(ok.data).has('erphub_sync_records_total')).toBe(true)
  })
})
