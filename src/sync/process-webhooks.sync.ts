import { isHubEntity } from '../canonical/canonical.registry'
import { openConnection, type OpenConnection } from '../connections/connection.service'
import type { JsonObject } from '../connector-sdk/connector.contract'
import { getPath } from '../connector-sdk/json-path'
import { HubError } from '../errors/hub-error'
import { writePage } from '../store/sync/sync-page.store'
import { parseBody } from '../webhooks/webhook-body.parse'
import { decodeEvents, type WebhookWork } from '../webhooks/webhook-event.decode'
import { loadWebhookConfig } from '../webhooks/webhook-target.load'
import { applyInboundCase } from '../crm/inbound-case'
import { tryLockEntity } from './entity-lock'
import { preparePage } from './page-records.prepare'
import type { SyncDeps } from './pull-entity.sync'

export interface WebhookProcessDeps extends SyncDeps {
  secretKey: Buffer
  /** Queues a coalesced incremental sync of one entity (see SyncQueue.enqueueFetch). */
  fetch(tenantId: string, connectionId: string, entity: string): Promise<void>
}

export interface WebhookOutcome {
  events: number
  applied: number
  fetched: string[]
  ignored: number
  failed: number
  /** Service cases the ERP announced, by what became of them (an `echo` is the hub's own push coming back). */
  cases: Record<string, number>
}

/** Another processor holds this connection's events. */
export class WebhooksBusy extends HubError {
  constructor() {
    super('conflict', 'the webhook events of this connection are being processed', { retryable: true })
  }
}

const BATCH = 500

interface EventRow {
  id: string
  headers: Record<string, string>
  body: Buffer
}

/**
 * Records of one entity from many events, split into rounds so that a record appearing twice (an
 * update and a later one, in any arrival order) is written in two steps: each step compares with what
 * is stored, so an older version never overwrites a newer one, whatever order the ERP sent them in.
 */
function rounds(records: JsonObject[], keyPath: string): JsonObject[][] {
  const seen = new Map<unknown, number>()
  const out: JsonObject[][] = []
  for (const r of records) {
    const key = getPath(r, keyPath)
    const n = seen.get(key) ?? 0
    seen.set(key, n + 1)
    ;(out[n] ??= []).push(r)
  }
  return out
}

/**
 * Turns the received webhook events of one connection into work, oldest first: records carried in
 * the events are applied through the connection's mapping (bad ones to quarantine, as in a sync),
 * "this changed" notices become one coalesced fetch per entity. An event is marked done only after
 * its work is stored or queued; doing it twice after a crash changes nothing (records compare by
 * content and source version).
 */
export async function processWebhookEvents(deps: WebhookProcessDeps, tenantId: string, connectionId: string): Promise<WebhookOutcome> {
  const totals: WebhookOutcome = { events: 0, applied: 0, fetched: [], ignored: 0, failed: 0, cases: {} }
  const lock = await tryLockEntity(deps.db, connectionId, 'webhooks')
  if (!lock) throw new WebhooksBusy()
  try {
    const target = await loadWebhookConfig(deps.db, deps.secretKey, connectionId)
    if (!target) return totals
    const open = await openConnection(deps.connections, tenantId, connectionId)
    for (;;) {
      const res = await deps.db.pool.query<EventRow>(
        `SELECT "id", "headers", "body" FROM "webhook_event" WHERE "connection_id" = $1 AND "status" = 'received' ORDER BY "received_at", "id" LIMIT ${BATCH}`,
        [connectionId],
      )
      if (res.rows.length === 0) break
      await processBatch(deps, open, target.config, res.rows, totals)
      if (res.rows.length < BATCH) break
    }
    return totals
  } finally {
    await lock.release()
  }
}

async function processBatch(deps: WebhookProcessDeps, open: OpenConnection, config: Parameters<typeof decodeEvents>[0], rows: EventRow[], totals: WebhookOutcome): Promise<void> {
  const records = new Map<string, JsonObject[]>()
  const fetch = new Set<string>()
  const outcomes = new Map<string, { status: 'done' | 'failed'; outcome?: object; error?: object }>()
  for (const row of rows) {
    const parsed = parseBody(config.format, row.body)
    if (!parsed.ok) {
      outcomes.set(row.id, { status: 'failed', error: { message: parsed.reason } })
      continue
    }
    const work: WebhookWork[] = decodeEvents(config, row.headers, parsed.value)
    const summary = { records: 0, fetch: [] as string[], ignored: [] as string[], cases: [] as string[] }
    for (const w of work) {
      if (w.kind === 'ignored') summary.ignored.push(w.reason)
      else if (w.kind === 'record' && w.entity === 'service-case') {
        if (!config.events.cases) summary.ignored.push('service cases are announced but the webhook settings have no `events.cases` section')
        else {
          const outcome = await applyInboundCase(deps.db, { tenantId: open.row.tenantId, connectionId: open.row.id }, config.events.cases, w.record)
          summary.cases.push(outcome)
          totals.cases[outcome] = (totals.cases[outcome] ?? 0) + 1
        }
      }
      else if (!isHubEntity(w.entity) || !open.entities[w.entity]) summary.ignored.push(`connection ${open.row.name} does not serve ${w.entity}`)
      else if (w.kind === 'fetch') {
        if (open.entities[w.entity].can.read) {
          fetch.add(w.entity)
          summary.fetch.push(w.entity)
        } else summary.ignored.push(`connection ${open.row.name} cannot read ${w.entity} to fetch it`)
      } else {
        const list = records.get(w.entity)
        if (list) list.push(w.record)
        else records.set(w.entity, [w.record])
        summary.records += 1
      }
    }
    totals.ignored += summary.ignored.length
    outcomes.set(row.id, { status: 'done', outcome: summary })
  }
  for (const [entity, list] of records) {
    const caps = open.entities[entity]
    const mapping = deps.mappings.get(open.mappingName(entity))
    for (const round of rounds(list, caps.key)) {
      const prepared = preparePage(round, caps.key, mapping)
      const counts = await writePage(deps.db, {
        ctx: { tenantId: open.row.tenantId, connectionId: open.row.id, syncRunId: null, mappingVersion: mapping.version, receivedAt: deps.clock.now() },
        entity: entity as never,
        ...prepared,
      })
      totals.applied += counts.inserted + counts.updated
    }
  }
  for (const entity of fetch) {
    await deps.fetch(open.row.tenantId, open.row.id, entity)
    if (!totals.fetched.includes(entity)) totals.fetched.push(entity)
  }
  totals.events += rows.length
  totals.failed += [...outcomes.values()].filter((o) => o.status === 'failed').length
  await deps.db.pool.query(
    `UPDATE "webhook_event" e SET "status" = u.status, "outcome" = u.outcome::jsonb, "error" = u.error::jsonb, "attempts" = e."attempts" + 1, "processed_at" = now()
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, status, outcome, error) WHERE e."id" = u.id`,
    [[...outcomes.keys()], [...outcomes.values()].map((o) => o.status), [...outcomes.values()].map((o) => (o.outcome ? JSON.stringify(o.outcome) : null)), [...outcomes.values()].map((o) => (o.error ? JSON.stringify(o.error) : null))],
  )
}
