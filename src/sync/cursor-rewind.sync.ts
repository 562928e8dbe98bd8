import { isHubEntity } from '../canonical/canonical.registry'
import { openConnection } from '../connections/connection.service'
import { HubError, NotFoundError, ValidationError } from '../errors/hub-error'
import { recordAudit } from '../store/audit.repo'
import type { Database } from '../store/database'
import { tryLockEntity } from './entity-lock'
import { connectForGaps } from './gap-check.sync'
import type { SyncDeps } from './pull-entity.sync'

/**
 * Rewinding a stream. The database keeps every position a cursor ever took (a trigger on
 * `sync_cursor` writes `sync_cursor_history`, so no code path can move a cursor without a trace);
 * setting a cursor back to one of them makes the next sync read again from there — after a bug in a
 * mapping that was fixed since, an ERP restored from a backup, or a gap too wide to count.
 *
 * Cursors are opaque to the hub, but the pull connectors that read incrementally (rest, sap-odata,
 * odata-v4) share one convention, which the preview relies on: a cursor at rest is
 * `{ since: <ISO watermark>, … }`, and one in the middle of a run carries `run.since`, the filter that
 * run sends. A cursor of another shape is rewound just the same; the preview then cannot say in
 * change times what would be read again.
 */

export interface CursorPosition {
  /** The history entry's id (a string: it is a bigint). */
  id: string
  value: unknown
  version: number
  /** The run that stored it; null for a rewind, or the empty cursor a connection starts with. */
  syncRunId: string | null
  recordedAt: string
  /** From which change time a sync resumed here reads (see `rereadFrom`). */
  rereads: Reread
}

/**
 * What a sync starting at a cursor reads again, in change times:
 * - `everything`: the cursor is empty (or an unfinished run without a filter): a full read;
 * - `since`: records changed at or after `since` (a connector's lookback adds a little before it);
 *   `midRun` when the position is inside a run, which then only finishes that run's remaining
 *   pages (filtered from `since`), so counts of what changed since are an upper bound;
 * - `unknown`: a cursor of another shape.
 */
export type Reread = { kind: 'everything' } | { kind: 'since'; since: string; midRun: boolean } | { kind: 'unknown' }

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))
}

/** The cursor as the shared watermark convention reads it, or undefined for a cursor of another shape. */
function watermarkShape(value: unknown): { since?: string; runSince?: string; midRun: boolean } | undefined {
  if (value === null || value === undefined) return { midRun: false }
  if (typeof value !== 'object' || Array.isArray(value)) return undefined
  const cursor = value as Record<string, unknown>
  if (Object.keys(cursor).some((k) => k !== 'since' && k !== 'run' && k !== 'mode')) return undefined
  if (cursor.mode !== undefined && cursor.mode !== 'modified-since') return undefined
  if (cursor.since !== undefined && !isInstant(cursor.since)) return undefined
  const run = cursor.run
  if (run === undefined || run === null) return { since: cursor.since as string | undefined, midRun: false }
  if (typeof run !== 'object' || Array.isArray(run)) return undefined
  const runSince = (run as Record<string, unknown>).since
  if (runSince !== undefined && !isInstant(runSince)) return undefined
  return { since: cursor.since as string | undefined, runSince: runSince as string | undefined, midRun: true }
}

const iso = (instant: string) => new Date(instant).toISOString()

export function rereadFrom(value: unknown): Reread {
  const shape = watermarkShape(value)
  if (!shape) return { kind: 'unknown' }
  // Inside a run, the run's own filter decides what its remaining pages hold.
  const since = shape.midRun ? shape.runSince : shape.since
  if (since !== undefined) return { kind: 'since', since: iso(since), midRun: shape.midRun }
  // A run with no filter but a watermark cannot be told apart from a foreign shape: say so.
  return shape.midRun && shape.since !== undefined ? { kind: 'unknown' } : { kind: 'everything' }
}

/** The watermark a cursor stands on: an instant, null when it has none (reads everything), undefined when the shape is unknown. */
function watermarkOf(value: unknown): string | null | undefined {
  const shape = watermarkShape(value)
  if (!shape) return undefined
  return shape.since === undefined ? null : iso(shape.since)
}

interface HistoryRow {
  id: string
  value: unknown
  version: number
  sync_run_id: string | null
  recorded_at: Date
}

function toPosition(row: HistoryRow): CursorPosition {
  return { id: String(row.id), value: row.value, version: row.version, syncRunId: row.sync_run_id, recordedAt: row.recorded_at.toISOString(), rereads: rereadFrom(row.value) }
}

const HISTORY_COLUMNS = `"id", "value", "version", "sync_run_id", "recorded_at"`

/** The connection must be the tenant's (a foreign id is a 404 like any other); the entity a hub entity. */
async function assertTarget(db: Database, tenantId: string, connectionId: string, entity: string): Promise<void> {
  if (!isHubEntity(entity)) throw new ValidationError('invalid cursor request', [{ path: 'entity', message: `"${entity}" is not a hub entity` }])
  if (!/^[0-9a-f-]{36}$/i.test(connectionId)) throw new NotFoundError('connection', connectionId)
  const found = await db.prisma.connection.findFirst({ where: { id: connectionId, tenantId }, select: { id: true } })
  if (!found) throw new NotFoundError('connection', connectionId)
}

/** Past positions of one cursor, newest first (by id: several positions can share a transaction's time). */
export async function cursorHistory(db: Database, tenantId: string, connectionId: string, entity: string, options: { limit: number; before?: string }): Promise<CursorPosition[]> {
  await assertTarget(db, tenantId, connectionId, entity)
  const limit = Math.max(1, Math.min(options.limit, 1000))
  const res = await db.pool.query<HistoryRow>(
    `SELECT ${HISTORY_COLUMNS} FROM "sync_cursor_history"
WHERE "tenant_id" = $1 AND "connection_id" = $2 AND "entity" = $3 AND ($4::bigint IS NULL OR "id" < $4::bigint)
ORDER BY "id" DESC LIMIT $5`,
    [tenantId, connectionId, entity, options.before ?? null, limit],
  )
  return res.rows.map(toPosition)
}

/**
 * The position `to` names: a history id (digits), or an ISO time meaning "where the cursor stood
 * then" — the latest position (by id, the order they were written in) recorded at or before it.
 * `recorded_at` is the start of the storing transaction, and page transactions overlap, so times
 * alone may tie or cross by a few milliseconds; ids never do.
 */
async function resolveTarget(db: Database, tenantId: string, connectionId: string, entity: string, to: string): Promise<CursorPosition> {
  const scope = `"tenant_id" = $1 AND "connection_id" = $2 AND "entity" = $3`
  let res
  if (/^\d{1,18}$/.test(to)) {
    res = await db.pool.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM "sync_cursor_history" WHERE ${scope} AND "id" = $4::bigint`, [tenantId, connectionId, entity, to])
    if (res.rows.length === 0) throw new HubError('not_found', `cursor position ${to} of ${entity} was not found for this connection`)
  } else if (isInstant(to)) {
    res = await db.pool.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM "sync_cursor_history" WHERE ${scope} AND "recorded_at" <= $4 ORDER BY "id" DESC LIMIT 1`, [
      tenantId,
      connectionId,
      entity,
      new Date(to).toISOString(),
    ])
    if (res.rows.length === 0) {
      const oldest = await db.pool.query<{ at: Date }>(`SELECT min("recorded_at") AS "at" FROM "sync_cursor_history" WHERE ${scope}`, [tenantId, connectionId, entity])
      const since = oldest.rows[0]?.at ? `; the oldest position is from ${oldest.rows[0].at.toISOString()}` : '; it has never been synced'
      throw new HubError('not_found', `no position of the ${entity} cursor was recorded at or before ${to}${since}`)
    }
  } else {
    throw new ValidationError('invalid rewind', [{ path: 'to', message: 'must be a cursor history id or an ISO-8601 time such as 2026-03-01T00:00:00Z' }])
  }
  return toPosition(res.rows[0])
}

async function currentCursor(db: Database, connectionId: string, entity: string): Promise<{ value: unknown; version: number } | null> {
  const res = await db.pool.query<{ value: unknown; version: number }>(`SELECT "value", "version" FROM "sync_cursor" WHERE "connection_id" = $1 AND "entity" = $2`, [connectionId, entity])
  return res.rows[0] ?? null
}

export interface RewindPreview {
  entity: string
  current: { value: unknown; version: number; rereads: Reread }
  target: CursorPosition
  /** Records the hub holds changed since the target's `since` (all it holds for `everything`); null when unknown. */
  hubRecords: number | null
  /** The same, asked of the ERP when its connector can count; null with `erpUnavailable` saying why otherwise. */
  erpRecords: number | null
  erpUnavailable?: string
}

/** What rewinding to `to` would read again, without changing anything. */
export async function previewRewind(deps: SyncDeps, tenantId: string, connectionId: string, entity: string, options: { to: string; signal?: AbortSignal }): Promise<RewindPreview> {
  await assertTarget(deps.db, tenantId, connectionId, entity)
  const target = await resolveTarget(deps.db, tenantId, connectionId, entity, options.to)
  const current = (await currentCursor(deps.db, connectionId, entity)) ?? { value: null, version: 0 }
  const from = target.rereads.kind === 'since' ? target.rereads.since : target.rereads.kind === 'everything' ? null : undefined
  const preview: RewindPreview = { entity, current: { ...current, rereads: rereadFrom(current.value) }, target, hubRecords: null, erpRecords: null }
  if (from === undefined) {
    preview.erpUnavailable = 'the cursor does not say from which change time it reads'
    return preview
  }
  const held = await deps.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS "n" FROM "source_record" WHERE "connection_id" = $1 AND "entity" = $2 AND ($3::timestamptz IS NULL OR "source_updated_at" >= $3::timestamptz)`,
    [connectionId, entity, from],
  )
  preview.hubRecords = held.rows[0].n
  const erp = await countInErp(deps, tenantId, connectionId, entity, from, options.signal)
  if (typeof erp === 'number') preview.erpRecords = erp
  else preview.erpUnavailable = erp.reason
  return preview
}

/** The ERP's count since `from`; a connector that cannot count (or an ERP that fails) is a reason, not an error: this is a preview. */
async function countInErp(deps: SyncDeps, tenantId: string, connectionId: string, entity: string, from: string | null, signal?: AbortSignal): Promise<number | { reason: string }> {
  const open = await openConnection(deps.connections, tenantId, connectionId)
  const logger = deps.logger.child({ connectionId, entity, task: 'rewind-preview' })
  const session = await connectForGaps(deps, open, logger, 'interactive')
  try {
    if (!session.count) return { reason: `the ${open.row.kind} connector cannot count records` }
    if (!open.entities[entity]?.incremental) return { reason: `${entity} is not read incrementally, so it has no change times to count by` }
    return await session.count(entity, { from, to: deps.clock.now().toISOString() }, signal ?? new AbortController().signal)
  } catch (err) {
    return { reason: (err as Error)?.message ?? String(err) }
  } finally {
    await session.close().catch(() => undefined)
  }
}

export interface RewindOutcome {
  entity: string
  /** Where the cursor was. */
  previous: { value: unknown; version: number }
  target: CursorPosition
  /** The cursor's new version (always above the old one: versions never go back). */
  version: number
}

/**
 * Sets the cursor back to a past position. Refused while a sync of the entity holds its lock: that
 * run would overwrite the rewind with its next page (or stop as superseded), and what it read would
 * be half before, half after. Under the lock no run is writing, and the version is bumped (not set
 * back to the target's) so a run that started from the old cursor can never match it again and
 * stops as superseded instead of moving the cursor on from a position that no longer holds. A
 * rewind to a position AHEAD of the current watermark would skip records, and is refused.
 */
export async function rewindCursor(deps: Pick<SyncDeps, 'db'>, tenantId: string, connectionId: string, entity: string, options: { to: string; actor?: string }): Promise<RewindOutcome> {
  const { db } = deps
  await assertTarget(db, tenantId, connectionId, entity)
  const target = await resolveTarget(db, tenantId, connectionId, entity, options.to)
  const lock = await tryLockEntity(db, connectionId, entity)
  if (!lock) throw new HubError('conflict', `a sync of ${entity} is running for this connection; rewind its cursor once that sync has finished`, { retryable: true })
  let outcome: RewindOutcome
  try {
    outcome = await db.transaction(async (client) => {
      const cur = await client.query<{ value: unknown; version: number }>(`SELECT "value", "version" FROM "sync_cursor" WHERE "connection_id" = $1 AND "entity" = $2 FOR UPDATE`, [connectionId, entity])
      if (cur.rows.length === 0) throw new HubError('not_found', `the ${entity} cursor of this connection does not exist yet (it has never been synced)`)
      const previous = cur.rows[0]
      const ahead = aheadBy(previous.value, target.value)
      if (ahead) throw new HubError('conflict', `position ${target.id} is ahead of the current cursor (${ahead}); moving there would skip records`)
      const moved = await client.query<{ version: number }>(
        `UPDATE "sync_cursor" SET "value" = $3::jsonb, "version" = "version" + 1, "sync_run_id" = NULL, "updated_at" = now()
WHERE "connection_id" = $1 AND "entity" = $2 RETURNING "version"`,
        [connectionId, entity, target.value === null || target.value === undefined ? null : JSON.stringify(target.value)],
      )
      return { entity, previous, target, version: moved.rows[0].version }
    })
  } finally {
    await lock.release()
  }
  await recordAudit(db, {
    tenantId,
    connectionId,
    action: 'cursor.rewind',
    reason: `the ${entity} cursor was set back to position ${target.id} (recorded ${target.recordedAt}); the next sync reads again from there`,
    details: { entity, actor: options.actor ?? null, historyId: target.id, from: outcome.previous, to: target.value, version: outcome.version },
  })
  return outcome
}

/** Why the target is ahead of the current position, when both say so by their watermarks; undefined otherwise. */
function aheadBy(current: unknown, target: unknown): string | undefined {
  const from = watermarkOf(current)
  const to = watermarkOf(target)
  if (typeof to !== 'string' || from === undefined) return undefined
  if (from === null) return `the cursor reads everything, the target only what changed since ${to}`
  return Date.parse(to) > Date.parse(from) ? `its watermark ${to} is later than the current ${from}` : undefined
}
