import type { Database } from '../store/database'

export interface EventRow {
  tenantId: string
  connectionId: string
  dedupKey: string
  contentType: string | null
  headers: Record<string, string>
  body: Buffer
}

export interface Stored {
  receiptId: string
  duplicate: boolean
}

interface Pending {
  row: EventRow
  resolve(s: Stored): void
  reject(err: unknown): void
}

/**
 * Group commit for webhook events: calls that arrive while an insert is in flight are written
 * together by the next one, in one statement and one commit (one WAL flush). Under light load every
 * event is its own insert, so latency stays low; under heavy load batches form by themselves and
 * the commit rate, not the request rate, is what the disk sees. Every caller is answered only after
 * the commit that holds its event: nothing acknowledged is lost.
 */
export class EventInsertBatcher {
  private queue: Pending[] = []
  private inFlight = 0

  constructor(private readonly db: Database, private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 500, maxInFlight: 3 }) {}

  insert(row: EventRow): Promise<Stored> {
    return new Promise<Stored>((resolve, reject) => {
      this.queue.push({ row, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch)
      this.inFlight += 1
      this.write(batch)
        .catch((err) => batch.forEach((p) => p.reject(err)))
        .finally(() => {
          this.inFlight -= 1
          this.pump()
        })
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // The same event twice in one batch would make ON CONFLICT touch one row twice: the first stands
    // for all, the others are told they are duplicates of it.
    const first = new Map<string, Pending[]>()
    for (const p of batch) {
      const k = `${p.row.connectionId}\u0000${p.row.dedupKey}`
      const group = first.get(k)
      if (group) group.push(p)
      else first.set(k, [p])
    }
    const rows = [...first.values()].map((g) => g[0].row)
    // Named: each pooled connection parses and plans it once.
    const res = await this.db.pool.query<{ id: string; connection_id: string; dedup_key: string; duplicate: boolean }>({
      name: 'webhook_event_insert',
      text: `INSERT INTO "webhook_event" ("tenant_id", "connection_id", "dedup_key", "content_type", "headers", "body")
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::bytea[])
ON CONFLICT ("connection_id", "dedup_key") DO UPDATE SET "deliveries" = "webhook_event"."deliveries" + 1
RETURNING "id", "connection_id", "dedup_key", ("xmax" <> 0) AS "duplicate"`,
      values: [rows.map((r) => r.tenantId), rows.map((r) => r.connectionId), rows.map((r) => r.dedupKey), rows.map((r) => r.contentType), rows.map((r) => JSON.stringify(r.headers)), rows.map((r) => r.body)],
    })
    const byKey = new Map(res.rows.map((r) => [`${r.connection_id}\u0000${r.dedup_key}`, r]))
    for (const [k, group] of first) {
      const stored = byKey.get(k)
      if (!stored) {
        group.forEach((p) => p.reject(new Error('the event insert returned no row')))
        continue
      }
      group.forEach((p, i) => p.resolve({ receiptId: stored.id, duplicate: stored.duplicate || i > 0 }))
    }
  }
}
