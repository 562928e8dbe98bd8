import { isHubEntity, type HubEntity } from '../canonical/canonical.registry'
import { openConnection, type OpenConnection } from '../connections/connection.service'
import type { ConnectorContext, Logger, Session, TimeRange } from '../connector-sdk/connector.contract'
import { ConfigError } from '../connector-sdk/connector.errors'
import { HubError, ValidationError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import type { Database } from '../store/database'
import { writePage, type PageCounts } from '../store/sync/sync-page.store'
import { tryLockEntity } from './entity-lock'
import { preparePage } from './page-records.prepare'
import { connectionHttp, type SyncDeps } from './pull-entity.sync'

/**
 * Gap detection. A cursor only moves forward, so a record the ERP commits with a change time the
 * cursor already passed (a long transaction, a clock behind, a page lost to a bug) is never read by
 * an incremental sync. Counting per time bucket, on both sides, finds such records without reading
 * everything again: one count request per bucket, and for a bucket that differs one window read of
 * just that span, stored through the normal page path (mapping, quarantine, newer-wins upserts)
 * without touching the cursor, so the stream goes on exactly where it was.
 *
 * Counts equal is not proof of contents equal (a record missing and another one deleted in the ERP
 * cancel out), but it catches what incremental syncs actually lose — records the cursor passed by —
 * at the price of a count per bucket. Records the hub holds with no change time (those that failed
 * mapping) cannot be placed in a bucket; they are reported as `undatedInHub`, and a bucket holding
 * one in the ERP differs until the record is fixed.
 */

const DAY_MS = 86_400_000
/** When the hub holds nothing dated yet: a gap check is not a first sync, so look back a month only. */
const DEFAULT_LOOKBACK_MS = 30 * DAY_MS
/** One count request each: beyond this a check is a mistake in bucketMs or since, not a plan. */
export const MAX_BUCKETS = 10_000
/** Count requests in flight at once; the connection's rate budget still paces them. */
const COUNT_CONCURRENCY = 4

export interface GapCheckOptions {
  /** Width of a bucket; buckets are aligned to multiples of it since the epoch, so successive checks compare the same spans. */
  bucketMs: number
  /**
   * Start of the checked span (rounded down to a bucket bound). Default: the oldest change time the
   * hub holds for this connection × entity, with the first bucket open downwards so ERP records older
   * than anything held count too; when the hub holds nothing dated, 30 days back.
   */
  since?: string
  /** Re-read every differing bucket from the ERP and store it. */
  resync: boolean
  signal?: AbortSignal
  /** Who asked, for the audit entry of a resync (an API key id, `schedule`). */
  actor?: string
}

export interface GapBucket {
  /** Inclusive; null for an open first bucket (everything before `to`). */
  from: string | null
  /** Exclusive. */
  to: string
  erp: number
  hub: number
  differs: boolean
  /** Only for re-read buckets: what the window read stored, and the hub's count afterwards. */
  resync?: PageCounts & { pages: number; hubAfter: number }
}

export interface GapCheckResult {
  connectionId: string
  entity: string
  bucketMs: number
  buckets: GapBucket[]
  /** How many buckets differ. */
  differing: number
  /** Records the hub holds without a change time (failed mapping): in no bucket. */
  undatedInHub: number
  /** Totals of the re-read, when `resync` was asked. */
  resynced?: PageCounts & { buckets: number; pages: number; stillDiffering: number }
  /** Why `resync` was asked but nothing was re-read (a sync held the entity). */
  resyncSkipped?: string
}

interface Bounds {
  /** Bucket starts, ascending; the first is also the lower bound of the span unless `openStart`. */
  starts: number[]
  end: number
  openStart: boolean
}

function validate(options: GapCheckOptions): void {
  if (!Number.isSafeInteger(options.bucketMs) || options.bucketMs < 1000) {
    throw new ValidationError('invalid gap check', [{ path: 'bucketMs', message: 'must be a whole number of milliseconds ≥ 1000' }])
  }
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) {
    throw new ValidationError('invalid gap check', [{ path: 'since', message: `must be an ISO-8601 time such as 2026-03-01T00:00:00Z; got ${JSON.stringify(options.since)}` }])
  }
}

/** A connection's entity that a gap check can work on: readable, incremental, and the connector able to count. */
async function openForGaps(deps: SyncDeps, tenantId: string, connectionId: string, entity: string): Promise<{ open: OpenConnection; entity: HubEntity; key: string }> {
  if (!isHubEntity(entity)) throw new ValidationError('invalid gap check', [{ path: 'entity', message: `"${entity}" is not a hub entity` }])
  const open = await openConnection(deps.connections, tenantId, connectionId)
  const caps = open.entities[entity]
  if (!caps?.can.read) throw new ConfigError(`connection ${open.row.name} does not read ${entity}`)
  if (!caps.incremental) {
    throw new ConfigError(`connection ${open.row.name} reads ${entity} in full every time (not incrementally): it has no change times to compare by bucket, and a full sync leaves no gaps to find`)
  }
  return { open, entity, key: caps.key }
}

/**
 * Connects through the connection's rate budget: the bulk lane for checks (many requests, nobody
 * waiting on each), the interactive lane for a single count a person is waiting for (a preview).
 */
export async function connectForGaps(deps: SyncDeps, open: OpenConnection, logger: Logger, lane: 'bulk' | 'interactive' = 'bulk'): Promise<Session> {
  const ctx: ConnectorContext = { http: connectionHttp(deps, open.row, lane), logger: logger.child({ connector: open.row.kind }), clock: deps.clock }
  return open.connector.connect(open.config, ctx)
}

export function cannotCount(open: OpenConnection, entity: string): HubError {
  return new HubError('connector_config', `the ${open.row.kind} connector of connection ${open.row.name} cannot count records (its sessions have no count()), so the ERP side of ${entity} cannot be compared`)
}

async function oldestHeld(db: Database, connectionId: string, entity: string): Promise<number | null> {
  const res = await db.pool.query<{ oldest: Date | null }>(`SELECT min("source_updated_at") AS "oldest" FROM "source_record" WHERE "connection_id" = $1 AND "entity" = $2`, [connectionId, entity])
  return res.rows[0].oldest?.getTime() ?? null
}

async function bucketBounds(db: Database, connectionId: string, entity: string, options: GapCheckOptions, nowMs: number): Promise<Bounds> {
  const { bucketMs } = options
  let start: number
  let openStart = false
  if (options.since !== undefined) start = Date.parse(options.since)
  else {
    const oldest = await oldestHeld(db, connectionId, entity)
    openStart = oldest !== null
    start = oldest ?? nowMs - DEFAULT_LOOKBACK_MS
  }
  const first = Math.floor(start / bucketMs) * bucketMs
  if (first >= nowMs) throw new ValidationError('invalid gap check', [{ path: 'since', message: 'is not in the past: there is nothing to compare yet' }])
  const count = Math.ceil((nowMs - first) / bucketMs)
  if (count > MAX_BUCKETS) {
    throw new ValidationError('invalid gap check', [{ path: 'bucketMs', message: `${count} buckets from ${new Date(first).toISOString()} to now; at most ${MAX_BUCKETS} (one ERP request each): widen the buckets or start later` }])
  }
  return { starts: Array.from({ length: count }, (_, i) => first + i * bucketMs), end: nowMs, openStart }
}

function rangeOf(bounds: Bounds, i: number): TimeRange {
  const to = i + 1 < bounds.starts.length ? bounds.starts[i + 1] : bounds.end
  return { from: i === 0 && bounds.openStart ? null : new Date(bounds.starts[i]).toISOString(), to: new Date(to).toISOString() }
}

/**
 * The hub's count per bucket in one indexed pass: width_bucket places each change time among the
 * bucket starts (0: before the first start, which belongs to an open first bucket or to nothing).
 */
async function hubCounts(db: Database, connectionId: string, entity: string, bounds: Bounds): Promise<number[]> {
  const res = await db.pool.query<{ b: number; n: number }>(
    `SELECT width_bucket("source_updated_at", $3::timestamptz[]) AS "b", count(*)::int AS "n"
FROM "source_record" WHERE "connection_id" = $1 AND "entity" = $2 AND "source_updated_at" < $4 GROUP BY 1`,
    [connectionId, entity, bounds.starts.map((ms) => new Date(ms).toISOString()), new Date(bounds.end).toISOString()],
  )
  const counts = bounds.starts.map(() => 0)
  for (const { b, n } of res.rows) {
    if (b === 0 && !bounds.openStart) continue
    counts[Math.max(0, b - 1)] += n
  }
  return counts
}

async function undatedHeld(db: Database, connectionId: string, entity: string): Promise<number> {
  const res = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "source_record" WHERE "connection_id" = $1 AND "entity" = $2 AND "source_updated_at" IS NULL`, [connectionId, entity])
  return res.rows[0].n
}

/** Runs `work` over 0..n-1 with at most `limit` in flight, keeping results in order; the first failure stops every lane. */
async function inOrder<T>(n: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n)
  let next = 0
  let failed = false
  const lane = async () => {
    while (next < n && !failed) {
      const i = next++
      try {
        out[i] = await work(i)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane))
  return out
}

/**
 * Compares the ERP's and the hub's counts per time bucket for one connection × entity and, with
 * `resync`, re-reads every bucket that differs. The cursor is never moved, so counting may run next
 * to a sync or while the ERP changes; a record changing meanwhile can make its old bucket differ
 * once (a false alarm whose re-read finds nothing new), never hide a gap for good: the next check
 * counts again. The re-read takes the entity's sync lock (see below).
 */
export async function checkGaps(deps: SyncDeps, tenantId: string, connectionId: string, entity: string, options: GapCheckOptions): Promise<GapCheckResult> {
  validate(options)
  const signal = options.signal ?? new AbortController().signal
  const target = await openForGaps(deps, tenantId, connectionId, entity)
  const { open } = target
  const logger = deps.logger.child({ connectionId, entity, task: 'gap-check' })
  const session = await connectForGaps(deps, open, logger)
  try {
    if (!session.count) throw cannotCount(open, entity)
    if (options.resync && !session.readWindow) {
      throw new HubError('connector_config', `the ${open.row.kind} connector of connection ${open.row.name} cannot re-read a time window (its sessions have no readWindow()); check without resync and run a full sync instead`)
    }
    const bounds = await bucketBounds(deps.db, connectionId, entity, options, deps.clock.now().getTime())
    const hub = await hubCounts(deps.db, connectionId, entity, bounds)
    const count = session.count.bind(session)
    const erp = await inOrder(bounds.starts.length, COUNT_CONCURRENCY, async (i) => {
      signal.throwIfAborted()
      return count(entity, rangeOf(bounds, i), signal)
    })
    const buckets: GapBucket[] = bounds.starts.map((_, i) => ({ ...rangeOf(bounds, i), erp: erp[i], hub: hub[i], differs: erp[i] !== hub[i] }))
    for (const b of buckets) {
      if (b.differs) logger.info({ from: b.from, to: b.to, erp: b.erp, hub: b.hub }, 'gap bucket differs')
      else logger.debug({ from: b.from, to: b.to, records: b.erp }, 'gap bucket matches')
    }
    const differing = buckets.filter((b) => b.differs)
    const result: GapCheckResult = { connectionId, entity, bucketMs: options.bucketMs, buckets, differing: differing.length, undatedInHub: await undatedHeld(deps.db, connectionId, entity) }
    logger.info({ buckets: buckets.length, differing: differing.length, from: buckets[0].from, to: bounds.end }, 'gap check done')
    if (options.resync && differing.length > 0) {
      // A sync storing the same records at the same time could race the re-read to insert one twice
      // (a unique violation fails one of them): the re-read takes the entity's sync lock. The counts
      // above did not need it, so the check is still answered when a sync is running.
      const lock = await tryLockEntity(deps.db, connectionId, entity)
      if (!lock) {
        result.resyncSkipped = `a sync of ${entity} is running for this connection; check again once it has finished (it may close some of these gaps itself)`
        logger.info({ differing: differing.length }, 'gap re-read skipped: a sync holds the entity')
        return result
      }
      try {
        result.resynced = await resyncBuckets(deps, { tenantId, session, target, bounds, buckets, signal, logger, actor: options.actor })
      } finally {
        await lock.release()
      }
    }
    return result
  } finally {
    await session.close().catch((err) => logger.warn({ err: String(err) }, 'closing the connector session failed'))
  }
}

interface ResyncPlan {
  tenantId: string
  session: Session
  target: { open: OpenConnection; entity: HubEntity; key: string }
  bounds: Bounds
  buckets: GapBucket[]
  signal: AbortSignal
  logger: Logger
  actor?: string
}

/** Re-reads each differing bucket's window and stores it page by page, without a cursor; then counts the hub again. */
async function resyncBuckets(deps: SyncDeps, plan: ResyncPlan): Promise<NonNullable<GapCheckResult['resynced']>> {
  const { open, entity, key } = plan.target
  const mapping = deps.mappings.get(open.mappingName(entity))
  const readWindow = plan.session.readWindow!.bind(plan.session)
  const totals = { buckets: 0, pages: 0, read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0, stillDiffering: 0 }
  const ctx = { tenantId: plan.tenantId, connectionId: open.row.id, syncRunId: null, mappingVersion: mapping.version }
  const reread: GapBucket[] = []
  for (const bucket of plan.buckets) {
    if (!bucket.differs) continue
    const counts = { pages: 0, read: 0, inserted: 0, updated: 0, unchanged: 0, quarantined: 0 }
    for await (const page of readWindow(entity, { from: bucket.from, to: bucket.to }, plan.signal)) {
      const prepared = preparePage(page.records, key, mapping)
      // No cursor: the window is re-read whole if this stops, and the stream's position stays the sync's.
      const stored = await writePage(deps.db, { ctx: { ...ctx, receivedAt: deps.clock.now() }, entity, ...prepared })
      counts.pages += 1
      for (const k of ['read', 'inserted', 'updated', 'unchanged', 'quarantined'] as const) counts[k] += stored[k]
      plan.signal.throwIfAborted()
    }
    bucket.resync = { ...counts, hubAfter: bucket.hub }
    reread.push(bucket)
    totals.buckets += 1
    for (const k of ['pages', 'read', 'inserted', 'updated', 'unchanged', 'quarantined'] as const) totals[k] += counts[k]
    plan.logger.info({ from: bucket.from, to: bucket.to, ...counts }, 'gap bucket re-read')
  }
  // A record that moved buckets (changed in the ERP) fixes its old bucket too: count every bucket again.
  const after = await hubCounts(deps.db, open.row.id, entity, plan.bounds)
  plan.buckets.forEach((bucket, i) => {
    if (bucket.resync) {
      bucket.resync.hubAfter = after[i]
      if (after[i] !== bucket.erp) totals.stillDiffering += 1
    }
  })
  await recordAudit(deps.db, {
    tenantId: plan.tenantId,
    connectionId: open.row.id,
    action: 'gaps.resync',
    reason: `${entity}: ${totals.buckets} differing bucket(s) re-read, ${totals.inserted} record(s) added and ${totals.updated} updated; ${totals.stillDiffering} still differ`,
    details: { entity, actor: plan.actor ?? null, windows: reread.map((b) => ({ from: b.from, to: b.to, erp: b.erp, hub: b.hub, hubAfter: b.resync?.hubAfter })), ...totals },
  })
  return totals
}

/**
 * The scheduled gap check of a connection (`schedule.gapCheck`): every readable incremental entity
 * whose connector can count is compared over the last `days` in buckets of `bucketMinutes`, and the
 * buckets that differ are re-read. An entity that cannot be checked is skipped with the reason; one
 * whose sync is running is checked but not re-read (`resyncSkipped`), and the next check does it.
 */
export async function checkConnectionGaps(deps: SyncDeps, tenantId: string, connectionId: string, signal: AbortSignal): Promise<Record<string, { differing: number; resynced?: unknown; skipped?: string }>> {
  const open = await openConnection(deps.connections, tenantId, connectionId)
  const settings = (open.row.schedule as { gapCheck?: { bucketMinutes?: number; days?: number } }).gapCheck
  if (!settings) return {}
  const since = new Date(deps.clock.now().getTime() - (settings.days ?? 7) * 24 * 3600_000).toISOString()
  const out: Record<string, { differing: number; resynced?: unknown; skipped?: string }> = {}
  for (const [entity, caps] of Object.entries(open.entities)) {
    if (!caps.can.read || !caps.incremental || !isHubEntity(entity)) continue
    try {
      const result = await checkGaps(deps, tenantId, connectionId, entity, { bucketMs: (settings.bucketMinutes ?? 60) * 60_000, since, resync: true, signal, actor: 'schedule' })
      out[entity] = { differing: result.differing, ...(result.resynced ? { resynced: result.resynced } : {}) }
    } catch (err) {
      if (signal.aborted) throw err
      out[entity] = { differing: 0, skipped: (err as Error).message }
      deps.logger.warn({ connectionId, entity, err: (err as Error).message }, 'gap check skipped an entity')
    }
  }
  return out
}
