import type { PoolClient } from 'pg'
import { isHubEntity, type HubEntity } from '../canonical/canonical.registry'
import { openConnection, type ConnectionDeps, type OpenConnection } from '../connections/connection.service'
import { ConfigError } from '../connector-sdk/connector.errors'
import type { JsonObject } from '../connector-sdk/connector.contract'
import { HubError, NotFoundError, ValidationError } from '../errors/hub-error'
import type { CompiledMapping, MappingIssue } from '../mapping'
import { recordAudit } from '../store/audit.repo'
import type { Database } from '../store/database'
import { writePage } from '../store/sync/sync-page.store'
import type { UpsertRow } from '../store/sync/table-upsert'
import { preparePage } from './page-records.prepare'

/**
 * Replaying quarantined records after a mapping fix: each open entry's stored payload is mapped again
 * with the mapping its connection uses for that entity NOW (the catalog recompiles an edited file), and
 * the answer is shown per record — lands or still fails, and for the ones that land the canonical row
 * as stored next to the row the replay would leave. A dry run stops there and writes nothing; a real
 * run stores the records that land through the sync's own page write, so they are checked, versioned
 * and closed exactly as if the ERP had sent them again.
 */

export interface ReplayDeps {
  db: Database
  connections: ConnectionDeps
}

export interface ReplayOptions {
  /** These entries (of the tenant); they must exist and be open. */
  ids?: string[]
  /** Otherwise every open entry of this connection (and entity), oldest first, at most `limit`. */
  connectionId?: string
  entity?: string
  dryRun: boolean
  limit?: number
  /** Who asked, for the audit trail (an API key id, `cli`). */
  actor?: string
}

/** A canonical row in the canonical entity's own field names, values normalised so they compare. */
export type CanonicalRow = Record<string, unknown>

export interface ReplayDiff {
  /** The row stored now for this record, or null when the record never landed. */
  before: CanonicalRow | null
  /** The row as the replay leaves it. */
  after: CanonicalRow
  /** Canonical field names that differ (`lines[2].quantity` inside an order; `lines` when lines go away). */
  changed: string[]
}

/**
 * `changed`: the entry moved while it was being replayed (the ERP sent the record again, or a sync
 * closed it); nothing was written for it and a new replay decides on the new version.
 */
export type ReplayOutcome = 'lands' | 'still-fails' | 'changed'

export interface ReplayItem {
  id: string
  connectionId: string
  entity: string
  externalId: string
  /** The mapping the payload was mapped with: the connection's current one. */
  mapping: { name: string; version: number }
  outcome: ReplayOutcome
  /** Why it still fails, each with its path in the source record. */
  issues?: MappingIssue[]
  diff?: ReplayDiff
  /** What landing does to the canonical table: predicted in a dry run, as it happened in a real one. */
  effect?: 'insert' | 'update' | 'none'
  /**
   * The stored row comes from a newer version of the source record than the quarantined payload: the
   * replay keeps the row (a sync would too) and only closes the entry, since the record now maps.
   */
  olderThanStored?: true
}

export interface ReplayTotals {
  entries: number
  lands: number
  stillFails: number
  changed: number
  inserted: number
  updated: number
  unchanged: number
}

export interface ReplayResult {
  dryRun: boolean
  items: ReplayItem[]
  totals: ReplayTotals
  /** More open entries match than `limit` took. */
  more: boolean
}

export const REPLAY_DEFAULT_LIMIT = 100
export const REPLAY_MAX_LIMIT = 500

interface EntryRow {
  id: string
  connection_id: string
  entity: string
  external_id: string
  mapping: string
  payload: unknown
  occurrences: number
  last_seen_at: Date
}

type FieldKind = 'text' | 'decimal' | 'instant' | 'integer' | 'date'
interface StoredField {
  field: string
  column: string
  kind: FieldKind
}
const field = (name: string, column = name, kind: FieldKind = 'text'): StoredField => ({ field: name, column, kind })

/**
 * Where each canonical field is stored. The entity writers know the way from a canonical value to its
 * columns and keep it to themselves; a diff needs the way back, so it is spelled out here. `updatedAt`
 * is the source's change time, which every table keeps as `source_updated_at`.
 */
const storedFields: Record<HubEntity, { table: string; fields: StoredField[] }> = {
  customer: {
    table: 'customer',
    fields: [field('name'), field('email'), field('phone'), field('taxId', 'tax_id'), field('street'), field('city'), field('postalCode', 'postal_code'), field('country'), field('currency')],
  },
  product: {
    table: 'product',
    fields: [field('sku'), field('name'), field('uom'), field('category'), field('listPrice', 'list_price', 'decimal'), field('currency')],
  },
  'sales-order': {
    table: 'sales_order',
    fields: [field('number'), field('customer', 'customer_external_id'), field('status'), field('orderedAt', 'ordered_at', 'instant'), field('currency'), field('totalAmount', 'total_amount', 'decimal')],
  },
  'inventory-position': {
    table: 'inventory_position',
    fields: [field('sku'), field('location'), field('onHand', 'on_hand', 'decimal'), field('reserved', 'reserved', 'decimal'), field('forecast', 'forecast', 'decimal'), field('uom'), field('asOf', 'as_of', 'instant')],
  },
  'production-order': {
    table: 'production_order',
    fields: [field('number'), field('sku'), field('quantity', 'quantity', 'decimal'), field('location'), field('plannedStart', 'planned_start', 'instant'), field('plannedEnd', 'planned_end', 'instant'), field('status')],
  },
  'stock-movement': {
    table: 'stock_movement',
    fields: [field('sku'), field('quantity', 'quantity', 'decimal'), field('direction'), field('location'), field('counterpart'), field('plannedDate', 'planned_date', 'date'), field('status')],
  },
}
const UPDATED_AT = field('updatedAt', 'source_updated_at', 'instant')
const LINE_FIELDS = [
  field('lineNo', 'line_no', 'integer'),
  field('sku'),
  field('description'),
  field('quantity', 'quantity', 'decimal'),
  field('unitPrice', 'unit_price', 'decimal'),
  field('amount', 'amount', 'decimal'),
  field('uom'),
]

/** `12.500000` (a numeric(20,6) column) and `12.5` (a mapped decimal) are the same amount. */
function normalDecimal(text: string): string {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text.trim())
  if (!m) return text
  const whole = m[2].replace(/^0+(?=\d)/, '')
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  const digits = fraction ? `${whole}.${fraction}` : whole
  return digits === '0' || m[1] !== '-' ? digits : `-${digits}`
}

function normal(kind: FieldKind, value: unknown): unknown {
  if (value === null || value === undefined) return null
  switch (kind) {
    case 'decimal':
      return normalDecimal(String(value))
    case 'instant': {
      const t = value instanceof Date ? value.getTime() : Date.parse(String(value))
      return Number.isNaN(t) ? String(value) : new Date(t).toISOString()
    }
    case 'integer':
      return Number(value)
    case 'date':
      // node-postgres reads a date column as a Date at local midnight; mapped values are YYYY-MM-DD already.
      return value instanceof Date ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}` : String(value).slice(0, 10)
    default:
      return String(value)
  }
}

function pick(fields: StoredField[], get: (f: StoredField) => unknown): CanonicalRow {
  return Object.fromEntries(fields.map((f) => [f.field, normal(f.kind, get(f))]))
}

/** The mapped value in the shape `before` has; an inventory position without an as-of time gets its time of receipt, as the writer does. */
function canonicalOf(entity: HubEntity, value: Record<string, unknown>, receivedAt: Date): CanonicalRow {
  const spec = storedFields[entity]
  const row: CanonicalRow = { externalId: value.externalId, ...pick(spec.fields, (f) => value[f.field]), ...pick([UPDATED_AT], (f) => value[f.field]) }
  if (entity === 'inventory-position' && row.asOf === null) row.asOf = receivedAt.toISOString()
  if (entity === 'sales-order') row.lines = ((value.lines as Array<Record<string, unknown>>) ?? []).map((l) => pick(LINE_FIELDS, (f) => l[f.field]))
  return row
}

function changedFields(entity: HubEntity, before: CanonicalRow | null, after: CanonicalRow): string[] {
  const scalar = [...storedFields[entity].fields, UPDATED_AT].map((f) => f.field)
  if (!before) return [...scalar.filter((f) => after[f] !== null), ...(entity === 'sales-order' && (after.lines as unknown[]).length ? ['lines'] : [])]
  const changed = scalar.filter((f) => before[f] !== after[f])
  if (entity === 'sales-order') {
    const was = new Map((before.lines as CanonicalRow[]).map((l) => [l.lineNo, l]))
    const now = after.lines as CanonicalRow[]
    now.forEach((line, i) => {
      const old = was.get(line.lineNo)
      if (!old) changed.push(`lines[${i}]`)
      else for (const f of LINE_FIELDS) if (old[f.field] !== line[f.field]) changed.push(`lines[${i}].${f.field}`)
    })
    if ([...was.keys()].some((no) => !now.some((l) => l.lineNo === no))) changed.push('lines')
  }
  return changed
}

interface StoredRow {
  row: CanonicalRow
  hash: string
  sourceUpdatedAt: Date | null
}

/** The canonical rows a connection holds for these external ids (orders with their lines). */
async function readStored(client: PoolClient, connectionId: string, entity: HubEntity, externalIds: string[]): Promise<Map<string, StoredRow>> {
  const found = new Map<string, StoredRow>()
  if (externalIds.length === 0) return found
  const spec = storedFields[entity]
  const columns = [...spec.fields, UPDATED_AT].map((f) => `"${f.column}"`).join(', ')
  const res = await client.query<Record<string, unknown>>(
    `SELECT "id", "external_id", "content_hash", ${columns} FROM "${spec.table}" WHERE "connection_id" = $1 AND "external_id" = ANY($2::text[])`,
    [connectionId, externalIds],
  )
  const lines = new Map<string, CanonicalRow[]>()
  if (entity === 'sales-order' && res.rows.length) {
    const lineRows = await client.query<Record<string, unknown>>(
      `SELECT "order_id", ${LINE_FIELDS.map((f) => `"${f.column}"`).join(', ')} FROM "sales_order_line" WHERE "order_id" = ANY($1::uuid[]) ORDER BY "order_id", "line_no"`,
      [res.rows.map((r) => r.id)],
    )
    for (const l of lineRows.rows) lines.set(String(l.order_id), [...(lines.get(String(l.order_id)) ?? []), pick(LINE_FIELDS, (f) => l[f.column])])
  }
  for (const r of res.rows) {
    const row: CanonicalRow = { externalId: r.external_id, ...pick(spec.fields, (f) => r[f.column]), ...pick([UPDATED_AT], (f) => r[f.column]) }
    if (entity === 'sales-order') row.lines = lines.get(String(r.id)) ?? []
    found.set(String(r.external_id), { row, hash: String(r.content_hash), sourceUpdatedAt: (r.source_updated_at as Date | null) ?? null })
  }
  return found
}

const ENTRY_COLUMNS = `"id", "connection_id", "entity", "external_id", "mapping", "payload", "occurrences", "last_seen_at"`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function selectEntries(client: PoolClient, deps: ReplayDeps, tenantId: string, options: ReplayOptions): Promise<{ entries: EntryRow[]; more: boolean }> {
  if (options.ids?.length) {
    const ids = [...new Set(options.ids)]
    const res = await client.query<EntryRow & { status: string }>(`SELECT ${ENTRY_COLUMNS}, "status" FROM "quarantine" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [tenantId, ids.filter((id) => UUID.test(id))])
    // Another tenant's entry is as unknown as one that never existed.
    const missing = ids.filter((id) => !res.rows.some((r) => r.id === id))
    if (missing.length) throw new NotFoundError(missing.length === 1 ? 'quarantine entry' : 'quarantine entries', missing.join(', '))
    const resolved = res.rows.filter((r) => r.status !== 'open').map((r) => r.id)
    if (resolved.length) throw new HubError('conflict', `quarantine ${resolved.length === 1 ? 'entry' : 'entries'} ${resolved.join(', ')} ${resolved.length === 1 ? 'is' : 'are'} already resolved`, { details: { resolved } })
    const order = new Map(ids.map((id, i) => [id, i]))
    return { entries: res.rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!), more: false }
  }
  // A foreign or unknown connection is a 404, not an empty answer that looks like "nothing to fix".
  if (options.connectionId) await openConnection(deps.connections, tenantId, options.connectionId)
  const limit = options.limit ?? REPLAY_DEFAULT_LIMIT
  const res = await client.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM "quarantine"
WHERE "tenant_id" = $1 AND "status" = 'open' AND ($2::uuid IS NULL OR "connection_id" = $2::uuid) AND ($3::text IS NULL OR "entity" = $3)
ORDER BY "first_seen_at", "id" LIMIT $4`,
    [tenantId, options.connectionId ?? null, options.entity ?? null, limit + 1],
  )
  return { entries: res.rows.slice(0, limit), more: res.rows.length > limit }
}

/**
 * The mapping a connection uses for an entity now. Document connections map each layout on its own
 * (`<kind>/<variant>-<entity>`, or the connection's override for `<variant>-<entity>`); the entry's
 * mapping name is the only record of which layout the payload came in, so the variant is read back
 * from it. Anything else maps with the connection's current mapping for the entity, even when that
 * is another file than the one that failed (the override may have been changed to fix it).
 */
function currentMappingName(open: OpenConnection, entity: string, storedName: string): string {
  if (open.connector.parseDocument) {
    const overrides = open.row.mappings as Record<string, string>
    const prefix = `${open.row.kind}/`
    const variant =
      Object.entries(overrides).find(([key, name]) => name === storedName && key.endsWith(`-${entity}`))?.[0] ??
      (storedName.startsWith(prefix) && storedName.slice(prefix.length).endsWith(`-${entity}`) ? storedName.slice(prefix.length) : undefined)
    if (variant) return open.mappingName(variant)
  }
  return open.mappingName(entity)
}

interface Planned {
  entry: EntryRow
  entity: HubEntity
  mapping: CompiledMapping
  item: ReplayItem
  /** The canonical row to store, for records that land. */
  mapped?: UpsertRow<unknown>
}

/** Maps every selected entry with its connection's current mapping and compares it with what is stored. Reads only. */
async function plan(client: PoolClient, deps: ReplayDeps, tenantId: string, entries: EntryRow[]): Promise<Planned[]> {
  const opened = new Map<string, OpenConnection>()
  const planned: Planned[] = []
  for (const entry of entries) {
    let open = opened.get(entry.connection_id)
    if (!open) opened.set(entry.connection_id, (open = await openConnection(deps.connections, tenantId, entry.connection_id)))
    const entity = entry.entity
    const caps = open.entities[entity]
    if (!isHubEntity(entity) || !caps) throw new ConfigError(`connection ${open.row.name} no longer takes in ${entity}; its quarantine entry ${entry.id} cannot be replayed`)
    // An edited mapping file is recompiled here (the catalog checks the file on every get), so a fix is seen at once.
    const mapping = deps.connections.mappings.get(currentMappingName(open, entity, entry.mapping))
    if (mapping.entity !== entity) throw new ConfigError(`mapping ${mapping.name} produces ${mapping.target}, not ${entity}`)
    // Mapped as a page of one, exactly as a sync maps it; the entry keeps the key it was filed under.
    const prepared = preparePage([entry.payload as JsonObject], caps.key, mapping)
    const item: ReplayItem = { id: entry.id, connectionId: entry.connection_id, entity, externalId: entry.external_id, mapping: { name: mapping.name, version: mapping.version }, outcome: 'still-fails' }
    if (prepared.quarantined.length) item.issues = prepared.quarantined[0].issues as MappingIssue[]
    else item.outcome = 'lands'
    planned.push({ entry, entity, mapping, item, mapped: prepared.mapped[0] })
  }
  const groups = new Map<string, Planned[]>()
  for (const p of planned) if (p.mapped) groups.set(`${p.entry.connection_id}|${p.entity}`, [...(groups.get(`${p.entry.connection_id}|${p.entity}`) ?? []), p])
  for (const group of groups.values()) {
    const stored = await readStored(client, group[0].entry.connection_id, group[0].entity, group.map((p) => p.mapped!.externalId))
    for (const p of group) {
      const mapped = p.mapped!
      const now = stored.get(mapped.externalId)
      if (!now) {
        const after = canonicalOf(p.entity, mapped.value as Record<string, unknown>, p.entry.last_seen_at)
        p.item.diff = { before: null, after, changed: changedFields(p.entity, null, after) }
        p.item.effect = 'insert'
        continue
      }
      // The same rule as the page write's plan: same content, or an older version of the record, is left alone.
      const older = mapped.sourceUpdatedAt !== null && now.sourceUpdatedAt !== null && Date.parse(mapped.sourceUpdatedAt) < now.sourceUpdatedAt.getTime()
      if (older || now.hash === mapped.hash) {
        p.item.diff = { before: now.row, after: now.row, changed: [] }
        p.item.effect = 'none'
        if (older) p.item.olderThanStored = true
        continue
      }
      const after = canonicalOf(p.entity, mapped.value as Record<string, unknown>, p.entry.last_seen_at)
      p.item.diff = { before: now.row, after, changed: changedFields(p.entity, now.row, after) }
      p.item.effect = 'update'
    }
  }
  return planned
}

/** The entry is no longer the one that was read (see ReplayOutcome `changed`). */
class EntryMoved extends Error {}

const unchangedEntrySql = `"id" = $1 AND "status" = 'open' AND "occurrences" = $2 AND "last_seen_at" = $3`

/**
 * Stores one record that now lands: a page of one through the sync's page write, without a run (a
 * replay reads nothing from the ERP) and without a cursor, received when the payload was last
 * received — an inventory position without its own as-of time must not look fresher than it is.
 * The raw inbox already holds this payload exactly as the ERP sent it, so it is not written again.
 */
async function land(deps: ReplayDeps, tenantId: string, p: Planned): Promise<'insert' | 'update' | 'none'> {
  const { entry } = p
  const counts = await writePage(
    deps.db,
    {
      ctx: { tenantId, connectionId: entry.connection_id, syncRunId: null, mappingVersion: p.mapping.version, receivedAt: entry.last_seen_at },
      entity: p.entity,
      raw: [],
      mapped: [p.mapped!],
      quarantined: [],
      landedKeys: [entry.external_id],
    },
    // Runs inside the page's transaction, after the entry was closed under its row lock: if a sync
    // committed a newer version of the record into the entry since it was read, closing it would lose
    // that version's issues, so the page rolls back. A sync still in flight waits for the lock instead
    // and then reopens the entry itself.
    async () => {
      const res = await deps.db.pool.query(`SELECT 1 FROM "quarantine" WHERE ${unchangedEntrySql}`, [entry.id, entry.occurrences, entry.last_seen_at])
      if (res.rowCount !== 1) throw new EntryMoved()
    },
  )
  return counts.inserted ? 'insert' : counts.updated ? 'update' : 'none'
}

/**
 * A record that still fails keeps its entry open with the issues the current mapping finds. Not a new
 * occurrence (the ERP sent nothing), so neither the count nor the last-seen time nor the run that
 * filed it change — which is why this is not the page write's quarantine upsert.
 */
async function refile(deps: ReplayDeps, p: Planned): Promise<boolean> {
  const res = await deps.db.pool.query(`UPDATE "quarantine" SET "issues" = $4::jsonb, "mapping" = $5, "mapping_version" = $6 WHERE ${unchangedEntrySql}`, [
    p.entry.id,
    p.entry.occurrences,
    p.entry.last_seen_at,
    JSON.stringify(p.item.issues ?? []),
    p.mapping.name,
    p.mapping.version,
  ])
  return res.rowCount === 1
}

function isLost(err: unknown): boolean {
  // A deadlock with a sync writing the same rows: the sync retries its page, the replay reports the entry as changed.
  return err instanceof EntryMoved || ['40P01', '40001'].includes((err as { code?: string })?.code ?? '')
}

function totalsOf(items: ReplayItem[]): ReplayTotals {
  const count = (test: (i: ReplayItem) => boolean) => items.filter(test).length
  return {
    entries: items.length,
    lands: count((i) => i.outcome === 'lands'),
    stillFails: count((i) => i.outcome === 'still-fails'),
    changed: count((i) => i.outcome === 'changed'),
    inserted: count((i) => i.outcome === 'lands' && i.effect === 'insert'),
    updated: count((i) => i.outcome === 'lands' && i.effect === 'update'),
    unchanged: count((i) => i.outcome === 'lands' && i.effect === 'none'),
  }
}

/**
 * Replays open quarantine entries of a tenant — by id, or the oldest open ones (of a connection, of
 * an entity), at most `limit` — with the current mappings. The selection and the comparison run in one
 * read-only snapshot, so a dry run cannot write even by mistake. A real run then stores each record
 * that lands in its own transaction (one record's trouble does not hold back the others), refiles the
 * ones that still fail, and leaves one audit event with the counts, also when it stops half-way.
 */
export async function replayQuarantine(deps: ReplayDeps, tenantId: string, options: ReplayOptions): Promise<ReplayResult> {
  if (options.entity !== undefined && !isHubEntity(options.entity)) throw new ValidationError('invalid replay', [{ path: 'entity', message: `"${options.entity}" is not a hub entity` }])
  const limit = options.limit ?? REPLAY_DEFAULT_LIMIT
  if (!Number.isInteger(limit) || limit < 1 || limit > REPLAY_MAX_LIMIT) throw new ValidationError('invalid replay', [{ path: 'limit', message: `must be an integer from 1 to ${REPLAY_MAX_LIMIT}` }])
  if (options.ids?.length && (options.connectionId || options.entity)) throw new ValidationError('invalid replay', [{ path: 'ids', message: 'give either ids or a connection (and entity), not both' }])
  if ((options.ids?.length ?? 0) > REPLAY_MAX_LIMIT) throw new ValidationError('invalid replay', [{ path: 'ids', message: `at most ${REPLAY_MAX_LIMIT} ids at a time` }])

  const { planned, more } = await deps.db.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    const selected = await selectEntries(client, deps, tenantId, { ...options, limit })
    return { planned: await plan(client, deps, tenantId, selected.entries), more: selected.more }
  })
  if (options.dryRun) {
    const items = planned.map((p) => p.item)
    return { dryRun: true, items, totals: totalsOf(items), more }
  }

  let failure: unknown
  const done: ReplayItem[] = []
  try {
    for (const p of planned) {
      try {
        if (p.item.outcome === 'lands') p.item.effect = await land(deps, tenantId, p)
        else if (!(await refile(deps, p))) throw new EntryMoved()
      } catch (err) {
        if (!isLost(err)) throw err
        p.item = { ...p.item, outcome: 'changed', diff: undefined, effect: undefined, olderThanStored: undefined, issues: undefined }
      }
      done.push(p.item)
    }
  } catch (err) {
    failure = err
  }
  const totals = totalsOf(done)
  const connections = [...new Set(planned.map((p) => p.entry.connection_id))]
  await recordAudit(deps.db, {
    tenantId,
    connectionId: options.connectionId ?? (connections.length === 1 ? connections[0] : null),
    action: 'quarantine.replay',
    reason: `${totals.lands} of ${planned.length} quarantined records landed, ${totals.stillFails} still fail${totals.changed ? `, ${totals.changed} changed meanwhile` : ''}${failure ? `; stopped: ${(failure as Error).message}` : ''}`,
    details: {
      actor: options.actor ?? null,
      filter: { ids: options.ids ?? null, connectionId: options.connectionId ?? null, entity: options.entity ?? null, limit },
      totals,
      connections,
      landed: done.filter((i) => i.outcome === 'lands').map((i) => i.id),
      stillFailing: done.filter((i) => i.outcome === 'still-fails').map((i) => i.id),
      changed: done.filter((i) => i.outcome === 'changed').map((i) => i.id),
      ...(failure ? { error: failure instanceof HubError ? failure.toJSON() : String(failure) } : {}),
    },
  })
  if (failure) throw failure
  return { dryRun: false, items: done, totals, more }
}
