import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client'

/**
 * Prometheus metrics of the whole hub, computed when they are scraped.
 *
 * The hub runs as several processes (api, workers) over one PostgreSQL and one Redis, so in-process
 * counters would only tell what the scraped process happened to do. Every hub metric here is read
 * at scrape time instead: a handful of aggregate queries in one read-only transaction (one pooled
 * connection, one round trip, one snapshot), the queue's job counts and each connection's circuit
 * breaker from Redis. Any process answers the same. Only the `erphub_process_*`/`erphub_nodejs_*`
 * defaults describe the scraped process itself.
 *
 * Counters are sums over rows that only grow (sync_run, webhook_event, audit_event); a deleted
 * connection's rows go with it (ON DELETE CASCADE), and so do its series.
 *
 * This folder may import only the connector SDK, so what the metrics read from is described here by
 * shape: the hub passes its pg pool, its BullMQ queue and its circuit breaker.
 */

export interface MetricsDatabase {
  /** A pg Pool: a text of several statements answers with one result per statement. */
  pool: { query(text: string): Promise<unknown> }
}

export type QueueState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'failed' | 'completed'

/** A BullMQ Queue (or anything answering its getJobCounts). */
export interface JobCountSource {
  getJobCounts(...states: QueueState[]): Promise<Record<string, number>>
}

/** The rate-control module's CircuitBreaker (src/ratelimit): its state is per connection, in Redis. */
export interface BreakerReader {
  state(connectionId: string): Promise<{ state: string; failures: number }>
}

export interface MetricsDeps {
  db: MetricsDatabase
  queue: JobCountSource
  breaker?: BreakerReader
  /** The longest a scrape waits for one source; a source that does not answer is reported down (default 5 s). */
  timeoutMs?: number
  /** A source failed or timed out: the scrape still answers, with that source's `erphub_metrics_source_up` at 0. */
  onError?: (source: MetricsSource, err: unknown) => void
}

export interface HubMetrics {
  registry: Registry
  /** `text/plain; version=0.0.4; charset=utf-8` */
  contentType: string
  render(): Promise<string>
}

export type MetricsSource = 'postgres' | 'queue' | 'breaker'

/** Upper bounds (seconds) of the run-duration histogram: a few seconds for a delta, hours for a first full read. */
export const RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600] as const

const QUEUE_STATES: QueueState[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed']
const TERMINAL_RUN_STATUSES = new Set(['succeeded', 'failed', 'superseded', 'skipped'])
const RECORD_OUTCOMES = ['read', 'inserted', 'updated', 'unchanged', 'quarantined'] as const

/** Where each hub entity's newest source change is: inventory positions say when their figure held (as_of). */
const FRESHNESS_SOURCES: Array<{ entity: string; table: string; column: string }> = [
  { entity: 'customer', table: 'customer', column: 'source_updated_at' },
  { entity: 'product', table: 'product', column: 'source_updated_at' },
  { entity: 'sales-order', table: 'sales_order', column: 'source_updated_at' },
  { entity: 'inventory-position', table: 'inventory_position', column: 'as_of' },
  { entity: 'production-order', table: 'production_order', column: 'source_updated_at' },
  { entity: 'stock-movement', table: 'stock_movement', column: 'source_updated_at' },
]

/** A refused webhook's audit row keeps the HTTP status it was answered with; the reason text is free and unbounded. */
const REJECTION_REASONS: Record<number, string> = { 400: 'malformed', 401: 'signature', 404: 'unknown_connection', 413: 'too_large', 415: 'unsupported_media_type' }

const STATEMENT_TIMEOUT_MS = 5000

const bucketColumns = RUN_DURATION_BUCKETS.map((s, i) => `count(*) FILTER (WHERE "duration_ms" <= ${s * 1000})::float8 AS "le${i}"`).join(',\n  ')

/**
 * The statements, in the order their results come back. Every number is cast to float8 so pg hands
 * back numbers, not the strings it uses for bigint and numeric. Lags use the database's clock.
 */
const SNAPSHOT_SQL = `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS};
SELECT "id", "slug" FROM "tenant";
SELECT "id", "tenant_id", "name" FROM "connection";
SELECT "connection_id", "entity", "status", count(*)::float8 AS "runs",
  sum("read_count")::float8 AS "read", sum("inserted")::float8 AS "inserted", sum("updated")::float8 AS "updated",
  sum("unchanged")::float8 AS "unchanged", sum("quarantined")::float8 AS "quarantined",
  extract(epoch FROM max("finished_at"))::float8 AS "last_finished",
  (max(ARRAY[extract(epoch FROM "finished_at"), "duration_ms" / 1000.0]) FILTER (WHERE "finished_at" IS NOT NULL))::float8[] AS "last_run",
  count("duration_ms")::float8 AS "timed", (coalesce(sum("duration_ms"), 0) / 1000.0)::float8 AS "duration_sum",
  ${bucketColumns}
FROM "sync_run" GROUP BY 1, 2, 3;
${FRESHNESS_SOURCES.map((f) => `SELECT "connection_id", '${f.entity}' AS "entity", extract(epoch FROM now() - max("${f.column}"))::float8 AS "lag" FROM "${f.table}" GROUP BY 1`).join('\nUNION ALL ')};
SELECT "connection_id", "entity", count(*)::float8 AS "n" FROM "quarantine" WHERE "status" = 'open' GROUP BY 1, 2;
SELECT "connection_id", "status", count(*)::float8 AS "n", sum("deliveries")::float8 AS "deliveries" FROM "webhook_event" GROUP BY 1, 2;
SELECT "tenant_id", "connection_id", "status", count(*)::float8 AS "n" FROM "audit_event" WHERE "action" = 'webhook.refused' GROUP BY 1, 2, 3;
SELECT "connection_id", "status", count(*)::float8 AS "n", extract(epoch FROM now() - min("created_at"))::float8 AS "oldest_age" FROM "outbox" GROUP BY 1, 2;
SELECT "tenant_id", "job_name", count(*)::float8 AS "n" FROM "dead_letter" WHERE "status" = 'dead' GROUP BY 1, 2;
COMMIT;`

type Row = Record<string, unknown>

interface RunGroup {
  connectionId: string
  entity: string
  status: string
  runs: number
  records: Record<(typeof RECORD_OUTCOMES)[number], number>
  lastFinished: number | null
  /** [finished_at epoch, duration seconds] of the group's latest finished run. */
  lastRun: [number, number | null] | null
  timed: number
  durationSum: number
  buckets: number[]
}

interface PostgresSnapshot {
  tenants: Map<string, string>
  connections: Map<string, { tenant: string; name: string }>
  runs: RunGroup[]
  freshness: Row[]
  quarantine: Row[]
  webhooks: Row[]
  rejections: Row[]
  outbox: Row[]
  deadLetters: Row[]
}

interface Snapshot {
  postgres: PostgresSnapshot | null
  queue: Record<string, number> | null
  breakers: Map<string, { state: string; failures: number }> | null
  seconds: Record<MetricsSource, number>
}

type Labels = Record<string, string>
type Emit = (labels: Labels, value: number) => void

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0))

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    timer.unref()
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

async function readPostgres(db: MetricsDatabase): Promise<PostgresSnapshot> {
  const results = (await db.pool.query(SNAPSHOT_SQL)) as Array<{ rows: Row[] }>
  // BEGIN and SET answer first, COMMIT last.
  const [tenants, connections, runs, freshness, quarantine, webhooks, rejections, outbox, deadLetters] = results.slice(2, -1).map((r) => r.rows)
  return {
    tenants: new Map(tenants.map((t) => [String(t.id), String(t.slug)])),
    connections: new Map(connections.map((c) => [String(c.id), { tenant: String(c.tenant_id), name: String(c.name) }])),
    runs: runs.map((r) => ({
      connectionId: String(r.connection_id),
      entity: String(r.entity),
      status: String(r.status),
      runs: num(r.runs),
      records: { read: num(r.read), inserted: num(r.inserted), updated: num(r.updated), unchanged: num(r.unchanged), quarantined: num(r.quarantined) },
      lastFinished: r.last_finished == null ? null : num(r.last_finished),
      lastRun: Array.isArray(r.last_run) && r.last_run[0] != null ? [num(r.last_run[0]), r.last_run[1] == null ? null : num(r.last_run[1])] : null,
      timed: num(r.timed),
      durationSum: num(r.duration_sum),
      buckets: RUN_DURATION_BUCKETS.map((_, i) => num(r[`le${i}`])),
    })),
    freshness,
    quarantine,
    webhooks,
    rejections,
    outbox,
    deadLetters,
  }
}

/**
 * A histogram whose buckets are counted by the database, not observed here: prom-client's Histogram
 * can only observe, so this is its read side, shaped as prom-client's registry expects.
 */
class DerivedHistogram {
  readonly type = 'histogram'
  readonly aggregator = 'sum'
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => Promise<Array<{ labels: Labels; buckets: number[]; count: number; sum: number }>>,
  ) {}

  async get() {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = []
    for (const s of await this.read()) {
      RUN_DURATION_BUCKETS.forEach((le, i) => values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le }, value: s.buckets[i] }))
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count })
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum })
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count })
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values }
  }
}

export function createMetrics(deps: MetricsDeps): HubMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'erphub_' })
  const timeoutMs = deps.timeoutMs ?? STATEMENT_TIMEOUT_MS

  async function timed<T>(source: MetricsSource, seconds: Record<MetricsSource, number>, work: () => Promise<T>): Promise<T | null> {
    const started = performance.now()
    try {
      return await within(work(), timeoutMs)
    } catch (err) {
      deps.onError?.(source, err)
      return null
    } finally {
      seconds[source] = (performance.now() - started) / 1000
    }
  }

  async function takeSnapshot(): Promise<Snapshot> {
    const seconds: Record<MetricsSource, number> = { postgres: 0, queue: 0, breaker: 0 }
    const [postgres, queue] = await Promise.all([
      timed('postgres', seconds, () => readPostgres(deps.db)),
      timed('queue', seconds, () => deps.queue.getJobCounts(...QUEUE_STATES)),
    ])
    let breakers: Snapshot['breakers'] = null
    if (postgres && deps.breaker) {
      const breaker = deps.breaker
      const ids = [...postgres.connections.keys()]
      breakers = await timed('breaker', seconds, async () => new Map(await Promise.all(ids.map(async (id) => [id, await breaker.state(id)] as const))))
    }
    return { postgres, queue, breakers, seconds }
  }

  // One snapshot serves every metric of a scrape (the registry asks them all at once) and any
  // scrape that arrives while it is being taken.
  let inFlight: Promise<Snapshot> | null = null
  const snapshot = (): Promise<Snapshot> => (inFlight ??= takeSnapshot().finally(() => (inFlight = null)))

  /** Tenant and connection labels of a connection id; undefined for a connection deleted meanwhile. */
  function owner(pg: PostgresSnapshot, connectionId: unknown): Labels | undefined {
    const c = pg.connections.get(String(connectionId))
    return c && { tenant: pg.tenants.get(c.tenant) ?? '', connection: c.name }
  }

  function derived(kind: 'gauge' | 'counter', name: string, help: string, labelNames: string[], fill: (s: Snapshot, emit: Emit) => void): void {
    if (kind === 'gauge') {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const s = await snapshot()
          this.reset()
          fill(s, (labels, value) => this.set(labels, value))
        },
      })
      return
    }
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot()
        this.reset()
        fill(s, (labels, value) => this.inc(labels, value))
      },
    })
  }

  /** Runs of each connection × entity, statuses folded together. */
  const runsBy = (pg: PostgresSnapshot, each: (labels: Labels, groups: RunGroup[]) => void) => {
    const by = new Map<string, { labels: Labels; groups: RunGroup[] }>()
    for (const g of pg.runs) {
      const o = owner(pg, g.connectionId)
      if (!o) continue
      const key = `${g.connectionId}\u0000${g.entity}`
      const entry = by.get(key) ?? by.set(key, { labels: { ...o, entity: g.entity }, groups: [] }).get(key)!
      entry.groups.push(g)
    }
    for (const { labels, groups } of by.values()) each(labels, groups)
  }

  const ce = ['tenant', 'connection', 'entity']
  derived('counter', 'erphub_sync_records_total', 'Records of sync runs by outcome (read, then inserted, updated, unchanged or quarantined), summed over the sync_run rows; grows page by page as runs commit.', [...ce, 'outcome'], (s, emit) => {
    if (!s.postgres) return
    runsBy(s.postgres, (labels, groups) => {
      for (const outcome of RECORD_OUTCOMES) emit({ ...labels, outcome }, groups.reduce((n, g) => n + g.records[outcome], 0))
    })
  })
  derived('counter', 'erphub_sync_runs_total', 'Finished sync runs by final status (succeeded, failed, superseded, skipped).', [...ce, 'status'], (s, emit) => {
    if (!s.postgres) return
    for (const g of s.postgres.runs) {
      const o = owner(s.postgres, g.connectionId)
      if (o && TERMINAL_RUN_STATUSES.has(g.status)) emit({ ...o, entity: g.entity, status: g.status }, g.runs)
    }
  })
  derived('gauge', 'erphub_sync_runs_unfinished', 'Sync runs not finished yet, by status (queued, running, retrying).', [...ce, 'status'], (s, emit) => {
    if (!s.postgres) return
    for (const g of s.postgres.runs) {
      const o = owner(s.postgres, g.connectionId)
      if (o && !TERMINAL_RUN_STATUSES.has(g.status)) emit({ ...o, entity: g.entity, status: g.status }, g.runs)
    }
  })
  derived('gauge', 'erphub_sync_last_success_timestamp_seconds', 'When the latest succeeded sync run finished (Unix time).', ce, (s, emit) => {
    if (!s.postgres) return
    runsBy(s.postgres, (labels, groups) => {
      const last = groups.find((g) => g.status === 'succeeded')?.lastFinished
      if (last != null) emit(labels, last)
    })
  })
  derived('gauge', 'erphub_sync_last_run_duration_seconds', 'Duration of the latest finished sync run, whatever its status.', ce, (s, emit) => {
    if (!s.postgres) return
    runsBy(s.postgres, (labels, groups) => {
      const latest = groups.map((g) => g.lastRun).reduce<RunGroup['lastRun']>((a, b) => (b && (!a || b[0] > a[0]) ? b : a), null)
      if (latest?.[1] != null) emit(labels, latest[1])
    })
  })
  registry.registerMetric(
    // prom-client has no histogram that takes counted buckets; the registry only calls get() (see DerivedHistogram).
    new DerivedHistogram('erphub_sync_run_duration_seconds', 'Durations of succeeded sync runs, every run the database holds (cumulative, so rate() and histogram_quantile() work).', async () => {
      const s = await snapshot()
      const series: Array<{ labels: Labels; buckets: number[]; count: number; sum: number }> = []
      if (s.postgres) {
        runsBy(s.postgres, (labels, groups) => {
          const ok = groups.find((g) => g.status === 'succeeded')
          if (ok) series.push({ labels, buckets: ok.buckets, count: ok.timed, sum: ok.durationSum })
        })
      }
      return series
    }) as unknown as Metric,
  )
  derived('gauge', 'erphub_freshness_lag_seconds', 'Now minus the newest source change the hub holds (source_updated_at; as_of for inventory positions), by the database clock.', ce, (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.freshness) {
      const o = owner(s.postgres, r.connection_id)
      if (o && r.lag != null) emit({ ...o, entity: String(r.entity) }, num(r.lag))
    }
  })
  derived('gauge', 'erphub_quarantine_open', 'Records in quarantine not yet resolved.', ce, (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.quarantine) {
      const o = owner(s.postgres, r.connection_id)
      if (o) emit({ ...o, entity: String(r.entity) }, num(r.n))
    }
  })
  derived('gauge', 'erphub_queue_jobs', "Jobs in the hub's BullMQ queue by state (failed and completed are the ones BullMQ still keeps).", ['state'], (s, emit) => {
    for (const state of QUEUE_STATES) if (s.queue) emit({ state }, num(s.queue[state]))
  })
  derived('counter', 'erphub_webhook_accepted_total', 'Webhook calls accepted (stored, or recognised as a redelivery), summed over webhook_event deliveries.', ['tenant', 'connection'], (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.webhooks) {
      const o = owner(s.postgres, r.connection_id)
      if (o) emit(o, num(r.deliveries))
    }
  })
  derived('gauge', 'erphub_webhook_inbox_events', 'Stored webhook events by status: received (waiting to be processed), done, failed.', ['tenant', 'connection', 'status'], (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.webhooks) {
      const o = owner(s.postgres, r.connection_id)
      if (o) emit({ ...o, status: String(r.status) }, num(r.n))
    }
  })
  derived('counter', 'erphub_webhook_rejections_total', 'Webhook calls refused, by reason (from the audit trail); connection is empty when unknown or deleted.', ['tenant', 'connection', 'reason'], (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.rejections) {
      const o = owner(s.postgres, r.connection_id)
      const tenant = o?.tenant ?? (r.tenant_id == null ? '' : (s.postgres.tenants.get(String(r.tenant_id)) ?? ''))
      emit({ tenant, connection: o?.connection ?? '', reason: REJECTION_REASONS[num(r.status)] ?? `http_${num(r.status)}` }, num(r.n))
    }
  })
  derived('gauge', 'erphub_outbox_effects', 'Effects the hub owes the ERPs, by status (pending, sending, done, rejected, dead).', ['tenant', 'connection', 'status'], (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.outbox) {
      const o = owner(s.postgres, r.connection_id)
      if (o) emit({ ...o, status: String(r.status) }, num(r.n))
    }
  })
  derived('gauge', 'erphub_outbox_oldest_pending_age_seconds', 'Age of the oldest effect not delivered yet (pending or sending).', ['tenant', 'connection'], (s, emit) => {
    if (!s.postgres) return
    const oldest = new Map<string, { labels: Labels; age: number }>()
    for (const r of s.postgres.outbox) {
      const o = owner(s.postgres, r.connection_id)
      if (!o || (r.status !== 'pending' && r.status !== 'sending')) continue
      const prev = oldest.get(String(r.connection_id))
      if (!prev || num(r.oldest_age) > prev.age) oldest.set(String(r.connection_id), { labels: o, age: num(r.oldest_age) })
    }
    for (const { labels, age } of oldest.values()) emit(labels, age)
  })
  derived('gauge', 'erphub_circuit_open', "1 while a connection's circuit breaker is open or half-open (ERP calls wait), 0 while closed.", ['tenant', 'connection'], (s, emit) => {
    if (!s.postgres || !s.breakers) return
    for (const [id, b] of s.breakers) {
      const o = owner(s.postgres, id)
      if (o) emit(o, b.state === 'closed' ? 0 : 1)
    }
  })
  derived('gauge', 'erphub_dead_letters', 'Work out of retries waiting for a person (status dead), by job kind.', ['tenant', 'kind'], (s, emit) => {
    if (!s.postgres) return
    for (const r of s.postgres.deadLetters) emit({ tenant: r.tenant_id == null ? '' : (s.postgres.tenants.get(String(r.tenant_id)) ?? ''), kind: String(r.job_name) }, num(r.n))
  })
  derived('gauge', 'erphub_metrics_source_up', 'Whether the source answered this scrape (postgres, queue, breaker); a source that did not leaves its metrics out.', ['source'], (s, emit) => {
    emit({ source: 'postgres' }, s.postgres ? 1 : 0)
    emit({ source: 'queue' }, s.queue ? 1 : 0)
    if (deps.breaker) emit({ source: 'breaker' }, s.breakers ? 1 : 0)
  })
  derived('gauge', 'erphub_metrics_source_seconds', 'How long this scrape waited for each source.', ['source'], (s, emit) => {
    for (const source of Object.keys(s.seconds) as MetricsSource[]) if (source !== 'breaker' || deps.breaker) emit({ source }, s.seconds[source])
  })

  return { registry, contentType: registry.contentType, render: () => registry.metrics() }
}
