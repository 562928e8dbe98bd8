import { randomUUID } from 'node:crypto'
import type { Database } from '../store/database'
import { choose, type Chosen, type SourceValue } from './golden/survivorship'
import { toMatchRecord } from './match/match-record'
import { matchFrequencies, matchSettingsFor, neighbourhood, resolveClusters, type MatchRecord, type MatchResult, type ScoredPair } from './match/matcher'
import { normaliseCountry, normaliseCustomer, type NormalisedCustomer } from './normalise'

interface SourceRow {
  id: string
  connection_id: string
  external_id: string
  name: string
  email: string | null
  phone: string | null
  tax_id: string | null
  street: string | null
  postal_code: string | null
  city: string | null
  country: string | null
  currency: string | null
  source_updated_at: Date | null
  mapping_version: number
  sync_run_id: string | null
  priority: number
  default_country: string | null
  updated_at: Date
  golden_id: string | null
  golden_created: Date | null
  /** Changed (or new) since the last resolution's watermark. */
  dirty: boolean
}

export interface ResolveProgress {
  stage: 'load' | 'scope' | 'match' | 'golden' | 'store'
  done: number
  total: number
}

export interface ResolveOutcome {
  mode: 'full' | 'incremental'
  customers: number
  /** Source customers looked at again: all of them (full), or the changed ones and whatever they may link to (incremental). */
  examined: number
  goldens: number
  created: number
  merged: number
  moved: number
  /** Golden customers written (new or changed); the rest were already as resolved. */
  written: number
  /** Goldens whose every source customer was deleted. */
  retired: number
  review: number
}

const FIELDS = ['name', 'email', 'phone', 'taxId', 'street', 'postalCode', 'city', 'country', 'currency'] as const
type Field = (typeof FIELDS)[number]

function valueOf(r: SourceRow, n: NormalisedCustomer, field: Field): { value: string | null; valid: boolean | null } {
  switch (field) {
    case 'name':
      return { value: r.name, valid: null }
    case 'email':
      return { value: r.email, valid: r.email ? n.email.valid : null }
    case 'phone':
      // The E.164 form when the number is real: one spelling of one number, whichever ERP it came from.
      return { value: n.phone.valid && n.phone.e164 ? n.phone.e164 : r.phone, valid: r.phone ? n.phone.valid : null }
    case 'taxId':
      return { value: r.tax_id ? n.taxId.value || r.tax_id : null, valid: r.tax_id ? n.taxId.valid : null }
    case 'street':
      return { value: r.street, valid: null }
    case 'postalCode':
      return { value: r.postal_code, valid: null }
    case 'city':
      return { value: r.city, valid: null }
    case 'country':
      // The record's own country only: a connection's default country reads numbers, it does not say where a customer is.
      return { value: normaliseCountry(r.country) ?? r.country, valid: null }
    case 'currency':
      return { value: r.currency, valid: null }
  }
}

/** Per tenant: the matcher's view of each source customer as of its last change, so an incremental resolution normalises only what changed. */
const matchCache = new Map<string, Map<string, { stamp: string; record: MatchRecord }>>()

function stampOf(r: SourceRow): string {
  return `${r.updated_at.getTime()}|${r.default_country ?? ''}`
}

function normaliseRow(r: SourceRow): NormalisedCustomer {
  return normaliseCustomer({ name: r.name, email: r.email, phone: r.phone, taxId: r.tax_id, street: r.street, postalCode: r.postal_code, city: r.city, country: r.country }, r.default_country ?? undefined)
}

/** One resolution per tenant at a time (the job, a merge, an unmerge): each computes from what the one before wrote. */
async function withTenantLock<T>(db: Database, tenantId: string, fn: () => Promise<T>): Promise<T> {
  const client = await db.pool.connect()
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended('erphub.identity:' || $1, 0))`, [tenantId])
    try {
      return await fn()
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtextextended('erphub.identity:' || $1, 0))`, [tenantId])
    }
  } finally {
    client.release()
  }
}

/**
 * Resolves a tenant's source customers into golden customers: normalise, match (people's decisions
 * win), then give each cluster a golden id — the one most of its members already had (so ids are
 * stable across re-resolutions; ties go to the older golden), or a new one — and pick each field by
 * survivorship with its lineage. Goldens left without members are marked merged into the golden
 * that took most of them, or retired when their source customers were deleted. Every change of a
 * customer's golden is logged with the evidence. One transaction: readers see the previous
 * resolution or this one, never half of it.
 *
 * `full` looks at every customer. `incremental` looks at the customers changed since the last
 * resolution (and `focus`), every customer they share a block with and score at least the review
 * band against, and all members of those customers' goldens (a cluster is re-decided whole); the
 * term frequencies and shared-identifier counts are still the whole tenant's, so a part is judged as
 * the whole would judge it.
 */
export async function resolveTenant(
  db: Database,
  tenantId: string,
  options: {
    by?: string
    mode?: 'full' | 'incremental'
    /** Source customers to look at again whatever their change time (a person's decision about them). */
    focus?: string[]
    onProgress?: (p: ResolveProgress) => void
    /** Unmerge: each golden id goes to the cluster holding its customers, whatever its size (first come first). */
    keep?: Array<{ goldenId: string; customerIds: string[] }>
  } = {},
): Promise<ResolveOutcome> {
  return withTenantLock(db, tenantId, () => resolveLocked(db, tenantId, options))
}

async function resolveLocked(db: Database, tenantId: string, options: Parameters<typeof resolveTenant>[2] = {}): Promise<ResolveOutcome> {
  const by = options.by ?? 'matcher'
  // Every write this resolution's reads cannot see carries an updated_at at or after this instant:
  // it belongs to a transaction that was open now (its updated_at is its start) or began later.
  const mark = await db.pool.query<{ watermark: Date; previous: Date | null }>(
    `SELECT least(now(), coalesce((SELECT min("xact_start") FROM pg_stat_activity WHERE "datname" = current_database() AND "xact_start" IS NOT NULL), now())) AS watermark,
  (SELECT "watermark" FROM "identity_state" WHERE "tenant_id" = $1) AS previous`,
    [tenantId],
  )
  const { watermark, previous } = mark.rows[0]
  const mode = options.mode === 'incremental' && previous ? 'incremental' : 'full'
  const res = await db.pool.query<SourceRow>(
    `SELECT c."id", c."connection_id", c."external_id", c."name", c."email", c."phone", c."tax_id", c."street", c."postal_code", c."city", c."country", c."currency",
       c."source_updated_at", c."mapping_version", c."sync_run_id", c."updated_at", k."identity_priority" AS priority, k."default_country", i."golden_id", g."created_at" AS golden_created,
       (i."customer_id" IS NULL OR c."updated_at" >= $2) AS dirty
FROM "customer" c JOIN "connection" k ON k."id" = c."connection_id"
LEFT JOIN "customer_identity" i ON i."customer_id" = c."id" LEFT JOIN "golden_customer" g ON g."id" = i."golden_id"
WHERE c."tenant_id" = $1 ORDER BY c."id"`,
    [tenantId, previous ?? new Date(0)],
  )
  const rows = res.rows
  options.onProgress?.({ stage: 'load', done: rows.length, total: rows.length })
  // Goldens whose member count no longer holds lost source customers (deleted in their ERP or with their connection).
  const drifted = (
    await db.pool.query<{ id: string; left: number }>(
      `SELECT g."id", count(i."customer_id")::int AS left FROM "golden_customer" g LEFT JOIN "customer_identity" i ON i."golden_id" = g."id"
WHERE g."tenant_id" = $1 AND g."status" = 'active' GROUP BY g."id" HAVING count(i."customer_id") <> g."members"`,
      [tenantId],
    )
  ).rows
  const decisions = (await db.pool.query<{ customer_a: string; customer_b: string; same: boolean }>(`SELECT "customer_a", "customer_b", "same" FROM "identity_decision" WHERE "tenant_id" = $1`, [tenantId])).rows.map((d) => ({ a: d.customer_a, b: d.customer_b, same: d.same }))

  // The matcher's view of every customer: what changed is normalised, the rest comes from the cache.
  const cached = matchCache.get(tenantId) ?? new Map<string, { stamp: string; record: MatchRecord }>()
  const fresh = new Map<string, { stamp: string; record: MatchRecord }>()
  const normalised = new Map<number, NormalisedCustomer>()
  const records = rows.map((r, i) => {
    const stamp = stampOf(r)
    const hit = cached.get(r.id)
    if (hit && hit.stamp === stamp && mode === 'incremental') {
      fresh.set(r.id, hit)
      return hit.record
    }
    const n = normaliseRow(r)
    normalised.set(i, n)
    const record = toMatchRecord(r.id, n)
    fresh.set(r.id, { stamp, record })
    return record
  })
  matchCache.set(tenantId, fresh)

  // The part resolved: everyone, or the changed customers and what they may link to.
  let part: number[]
  let result: MatchResult
  const settings = matchSettingsFor(rows.length)
  if (mode === 'full') {
    part = rows.map((_, i) => i)
    options.onProgress?.({ stage: 'scope', done: rows.length, total: rows.length })
    result = resolveClusters(records, settings, decisions)
  } else {
    const index = new Map(rows.map((r, i) => [r.id, i]))
    const focusIds = new Set([...(options.focus ?? []), ...(options.keep ?? []).flatMap((k) => k.customerIds)])
    const driftedIds = new Set(drifted.map((d) => d.id))
    const focus = rows.flatMap((r, i) => (r.dirty || focusIds.has(r.id) || (r.golden_id !== null && driftedIds.has(r.golden_id)) ? [i] : []))
    const f = matchFrequencies(records)
    const near = focus.length ? neighbourhood(records, focus, f, settings) : { neighbours: new Set<number>(), skipBlocks: new Set<string>() }
    const chosen = new Set([...focus, ...near.neighbours])
    // A cluster is re-decided whole, and a person's decision about a customer brings its partner along.
    const membersOf = new Map<string, number[]>()
    const add = (m: Map<string | number, number[]>, k: string | number, i: number) => {
      const list = m.get(k)
      if (list) list.push(i)
      else m.set(k, [i])
    }
    rows.forEach((r, i) => {
      if (r.golden_id) add(membersOf, r.golden_id, i)
    })
    const partners = new Map<number, number[]>()
    for (const d of decisions) {
      const a = index.get(d.a)
      const b = index.get(d.b)
      if (a === undefined || b === undefined) continue
      add(partners, a, b)
      add(partners, b, a)
    }
    const queue = [...chosen]
    while (queue.length) {
      const i = queue.pop()!
      const more = [...(rows[i].golden_id ? (membersOf.get(rows[i].golden_id!) ?? []) : []), ...(partners.get(i) ?? [])]
      for (const j of more) {
        if (chosen.has(j)) continue
        chosen.add(j)
        queue.push(j)
      }
    }
    part = [...chosen].sort((a, b) => a - b)
    options.onProgress?.({ stage: 'scope', done: part.length, total: rows.length })
    const inPart = new Set(part.map((i) => rows[i].id))
    result = resolveClusters(
      part.map((i) => records[i]),
      settings,
      decisions.filter((d) => inPart.has(d.a) && inPart.has(d.b)),
      { frequencies: f, skipBlocks: near.skipBlocks },
    )
  }
  for (const i of part) if (!normalised.has(i)) normalised.set(i, normaliseRow(rows[i]))
  options.onProgress?.({ stage: 'match', done: part.length, total: part.length })

  // The strongest link of each customer: its evidence is what the customer's identity row explains.
  const strongest = new Map<string, ScoredPair>()
  for (const l of result.links) for (const id of [l.a, l.b]) if (!strongest.has(id) || strongest.get(id)!.score < l.score) strongest.set(id, l)

  const clusters = new Map<string, number[]>()
  for (const i of part) {
    const c = result.clusterOf.get(rows[i].id)!
    const list = clusters.get(c)
    if (list) list.push(i)
    else clusters.set(c, [i])
  }
  // Biggest clusters choose first, so a golden id stays with the bulk of its members.
  const ordered = [...clusters.values()].sort((a, b) => b.length - a.length || (rows[a[0]].id < rows[b[0]].id ? -1 : 1))
  const taken = new Set<string>()
  const goldenOf = new Map<number, string>()
  const keeps = options.keep ?? []
  for (const keep of [...keeps].reverse()) {
    const anchor = rows.findIndex((r) => keep.customerIds.includes(r.id))
    const cluster = anchor >= 0 ? ordered.findIndex((members) => members.includes(anchor)) : -1
    if (cluster > 0) ordered.unshift(...ordered.splice(cluster, 1))
  }
  const goldens: Array<{ id: string; isNew: boolean; members: number[]; fields: Partial<Record<Field, Chosen>> }> = []
  for (const members of ordered) {
    const votes = new Map<string, { n: number; created: number }>()
    for (const i of members) {
      const g = rows[i].golden_id
      if (!g || taken.has(g)) continue
      const v = votes.get(g) ?? { n: 0, created: rows[i].golden_created?.getTime() ?? 0 }
      v.n += 1
      votes.set(g, v)
    }
    const kept = keeps.find((k) => !taken.has(k.goldenId) && members.some((i) => k.customerIds.includes(rows[i].id)))?.goldenId ?? null
    const best = kept ? ([kept, { n: Infinity, created: 0 }] as const) : [...votes.entries()].sort((a, b) => b[1].n - a[1].n || a[1].created - b[1].created || (a[0] < b[0] ? -1 : 1))[0]
    const id = best ? best[0] : randomUUID()
    taken.add(id)
    const fields: Partial<Record<Field, Chosen>> = {}
    for (const field of FIELDS) {
      const candidates: SourceValue[] = []
      for (const i of members) {
        const r = rows[i]
        const v = valueOf(r, normalised.get(i)!, field)
        if (v.value === null) continue
        candidates.push({ customerId: r.id, connectionId: r.connection_id, externalId: r.external_id, mappingVersion: r.mapping_version, syncRunId: r.sync_run_id, sourceUpdatedAt: r.source_updated_at, priority: r.priority, value: v.value, valid: v.valid })
      }
      const chosen = choose(candidates)
      if (chosen) fields[field] = chosen
    }
    for (const i of members) goldenOf.set(i, id)
    goldens.push({ id, isNew: !best, members, fields })
  }
  options.onProgress?.({ stage: 'golden', done: goldens.length, total: goldens.length })

  const before = new Set(part.map((i) => rows[i].golden_id).filter((g): g is string => g !== null))
  const orphaned = [...before].filter((g) => !taken.has(g))
  // Goldens nobody belongs to any more because their source customers are gone.
  const retired = drifted.filter((d) => d.left === 0 && !taken.has(d.id)).map((d) => d.id)
  const moved = part.map((i) => ({ r: rows[i], to: goldenOf.get(i)! })).filter(({ r, to }) => r.golden_id !== to)

  // Only what changed is written: a re-resolution after a few changes touches a few rows, not all.
  const stored = new Map(
    (
      await db.pool.query<{ id: string; members: number; status: string; lineage: unknown }>(`SELECT "id", "members", "status", "lineage" FROM "golden_customer" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [
        tenantId,
        goldens.map((g) => g.id),
      ])
    ).rows.map((g) => [g.id, g]),
  )
  const changedGoldens = goldens.filter((g) => {
    const was = stored.get(g.id)
    return !was || was.status !== 'active' || was.members !== g.members.length || stableJson(was.lineage) !== stableJson(g.fields)
  })
  const relinked = part.map((i) => ({ r: rows[i], i })).filter(({ r, i }) => r.golden_id !== goldenOf.get(i))
  const partIds = part.map((i) => rows[i].id)

  await db.transaction(async (client) => {
    const col = <T>(f: (g: (typeof goldens)[number]) => T) => changedGoldens.map(f)
    await client.query(
      `INSERT INTO "golden_customer" ("id", "tenant_id", "name", "email", "phone", "tax_id", "street", "postal_code", "city", "country", "currency", "lineage", "members", "status", "merged_into")
SELECT u.id, $1, u.name, u.email, u.phone, u.tax_id, u.street, u.postal_code, u.city, u.country, u.currency, u.lineage::jsonb, u.members, 'active', NULL
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])
  AS u(id, name, email, phone, tax_id, street, postal_code, city, country, currency, lineage, members)
ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "email" = EXCLUDED."email", "phone" = EXCLUDED."phone", "tax_id" = EXCLUDED."tax_id",
  "street" = EXCLUDED."street", "postal_code" = EXCLUDED."postal_code", "city" = EXCLUDED."city", "country" = EXCLUDED."country", "currency" = EXCLUDED."currency",
  "lineage" = EXCLUDED."lineage", "members" = EXCLUDED."members", "status" = 'active', "merged_into" = NULL, "updated_at" = now()`,
      [
        tenantId,
        col((g) => g.id),
        col((g) => g.fields.name?.value ?? ''),
        col((g) => g.fields.email?.value ?? null),
        col((g) => g.fields.phone?.value ?? null),
        col((g) => g.fields.taxId?.value ?? null),
        col((g) => g.fields.street?.value ?? null),
        col((g) => g.fields.postalCode?.value ?? null),
        col((g) => g.fields.city?.value ?? null),
        col((g) => g.fields.country?.value ?? null),
        col((g) => g.fields.currency?.value ?? null),
        col((g) => JSON.stringify(g.fields)),
        col((g) => g.members.length),
      ],
    )
    await client.query(
      `INSERT INTO "customer_identity" ("customer_id", "tenant_id", "golden_id", "linked_by", "score", "evidence", "updated_at")
SELECT u.customer_id, $1, u.golden_id, u.linked_by, u.score, u.evidence::jsonb, now()
FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::float8[], $6::text[]) AS u(customer_id, golden_id, linked_by, score, evidence)
ON CONFLICT ("customer_id") DO UPDATE SET "golden_id" = EXCLUDED."golden_id", "linked_by" = EXCLUDED."linked_by", "score" = EXCLUDED."score", "evidence" = EXCLUDED."evidence", "updated_at" = now()`,
      [
        tenantId,
        relinked.map(({ r }) => r.id),
        relinked.map(({ i }) => goldenOf.get(i)!),
        relinked.map(({ r }) => (strongest.get(r.id)?.score === Infinity ? 'person' : 'matcher')),
        relinked.map(({ r }) => (Number.isFinite(strongest.get(r.id)?.score ?? NaN) ? strongest.get(r.id)!.score : null)),
        relinked.map(({ r }) => (strongest.has(r.id) ? JSON.stringify({ with: strongest.get(r.id)!.a === r.id ? strongest.get(r.id)!.b : strongest.get(r.id)!.a, evidence: strongest.get(r.id)!.evidence }) : null)),
      ],
    )
    // A golden nobody belongs to any more was merged into the one that took most of its members.
    const successors = new Map<string, Map<string, number>>()
    for (const i of part) {
      const g = rows[i].golden_id
      if (!g || taken.has(g)) continue
      const counts = successors.get(g) ?? new Map<string, number>()
      counts.set(goldenOf.get(i)!, (counts.get(goldenOf.get(i)!) ?? 0) + 1)
      successors.set(g, counts)
    }
    for (const g of orphaned) {
      const into = [...(successors.get(g) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
      await client.query(`UPDATE "golden_customer" SET "status" = 'merged', "merged_into" = $2, "members" = 0, "updated_at" = now() WHERE "id" = $1`, [g, into])
      await client.query(`INSERT INTO "identity_event" ("tenant_id", "action", "golden_id", "customer_ids", "details", "by") VALUES ($1, 'merged', $2, '{}', $3, $4)`, [tenantId, g, JSON.stringify({ into }), by])
    }
    if (retired.length) {
      await client.query(`UPDATE "golden_customer" SET "status" = 'retired', "members" = 0, "updated_at" = now() WHERE "id" = ANY($1::uuid[])`, [retired])
      await client.query(`INSERT INTO "identity_event" ("tenant_id", "action", "golden_id", "customer_ids", "details", "by") SELECT $1, 'retired', g, '{}', '{"reason":"every source customer was deleted"}'::jsonb, $2 FROM unnest($3::uuid[]) AS g`, [tenantId, by, retired])
    }
    // The review queue is the resolution's: open pairs of the part are replaced, decided ones kept.
    if (mode === 'full') await client.query(`DELETE FROM "match_review" WHERE "tenant_id" = $1 AND "status" = 'open'`, [tenantId])
    else await client.query(`DELETE FROM "match_review" WHERE "tenant_id" = $1 AND "status" = 'open' AND ("customer_a" = ANY($2::uuid[]) OR "customer_b" = ANY($2::uuid[]))`, [tenantId, partIds])
    if (result.review.length) {
      const pairs = result.review.map((p) => (p.a < p.b ? p : { ...p, a: p.b, b: p.a }))
      await client.query(
        `INSERT INTO "match_review" ("tenant_id", "customer_a", "customer_b", "score", "evidence")
SELECT $1, u.a, u.b, u.score, u.evidence::jsonb FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::text[]) AS u(a, b, score, evidence)
ON CONFLICT ("tenant_id", "customer_a", "customer_b") DO NOTHING`,
        [tenantId, pairs.map((p) => p.a), pairs.map((p) => p.b), pairs.map((p) => p.score), pairs.map((p) => JSON.stringify(p.evidence))],
      )
    }
    if (moved.length) {
      await client.query(
        `INSERT INTO "identity_event" ("tenant_id", "action", "golden_id", "customer_ids", "details", "by")
SELECT $1, 'link', u.golden_id, ARRAY[u.customer_id], u.details::jsonb, $2 FROM unnest($3::uuid[], $4::uuid[], $5::text[]) AS u(golden_id, customer_id, details)`,
        [
          tenantId,
          by,
          moved.map((m) => m.to),
          moved.map((m) => m.r.id),
          moved.map((m) => JSON.stringify({ from: m.r.golden_id, score: Number.isFinite(strongest.get(m.r.id)?.score ?? NaN) ? strongest.get(m.r.id)!.score : null, evidence: strongest.get(m.r.id)?.evidence ?? [] })),
        ],
      )
    }
    await client.query(
      `INSERT INTO "identity_state" ("tenant_id", "watermark", "full_at", "updated_at") VALUES ($1, $2, CASE WHEN $3 THEN now() END, now())
ON CONFLICT ("tenant_id") DO UPDATE SET "watermark" = EXCLUDED."watermark", "full_at" = coalesce(EXCLUDED."full_at", "identity_state"."full_at"), "updated_at" = now()`,
      [tenantId, watermark, mode === 'full'],
    )
  })
  options.onProgress?.({ stage: 'store', done: part.length, total: part.length })
  const outside = new Set(rows.flatMap((r, i) => (r.golden_id && !goldenOf.has(i) ? [r.golden_id] : [])))
  return {
    mode,
    customers: rows.length,
    examined: part.length,
    goldens: outside.size + goldens.length,
    created: goldens.filter((g) => g.isNew).length,
    merged: orphaned.length,
    moved: moved.length,
    written: changedGoldens.length,
    retired: retired.length,
    review: result.review.length,
  }
}

/** JSON with object keys sorted, so a stored jsonb value and a fresh object compare by content. */
function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`
}
