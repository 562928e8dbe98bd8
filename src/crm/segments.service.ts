/**
 * Segments of golden customers: RFM segments computed from order history, and rule segments whose
 * conditions are data (segment-rules.ts). Membership is stored (segment_member) so campaigns, the
 * customer 360 and the API read it without recomputing; every computation is set-based SQL, one
 * statement per segment, so a tenant of 100k goldens costs a few statements, not 100k round trips.
 */
import { z } from 'zod'
import type { PoolClient } from 'pg'
import { HubError, NotFoundError, ValidationError, type FieldIssue } from '../errors/hub-error'
import { formatPath } from '../errors/zod-issues'
import type { Database } from '../store/database'
import { RFM_SEGMENTS, type RfmSegment } from './rfm'
import { recomputeRfm, type RfmOutcome } from './rfm.recompute'
import { compileConditions, segmentReferences, SegmentConditionSchema, type SegmentCondition } from './segment-rules'
import { isUuid } from '../store/uuid'

export const SegmentName = z.string().trim().min(1).max(100)
const Conditions = z.array(SegmentConditionSchema).max(100)

export const SegmentCreateSchema = z
  .object({
    name: SegmentName,
    // Only rule segments are created by hand; RFM segments come from the RFM computation.
    kind: z.literal('rule', { error: 'only rule segments can be created; RFM segments are computed' }).optional(),
    description: z.string().trim().max(2000).optional(),
    conditions: Conditions,
  })
  .strict()
export type SegmentCreate = z.infer<typeof SegmentCreateSchema>

export const SegmentUpdateSchema = z
  .object({ name: SegmentName.optional(), description: z.string().trim().max(2000).nullable().optional(), conditions: Conditions.optional() })
  .strict()
  .refine((u) => Object.keys(u).length > 0, 'send at least one of name, description, conditions')
export type SegmentUpdate = z.infer<typeof SegmentUpdateSchema>

export const PreviewSchema = z.object({ conditions: Conditions }).strict()

/** What a rule segment stores in `segment.definition` (the table has no description column). */
const RuleDefinition = z.object({ description: z.string().optional(), conditions: z.array(SegmentConditionSchema) })

export interface SegmentView {
  id: string
  name: string
  kind: 'rfm' | 'rule'
  description: string | null
  conditions: SegmentCondition[]
  members: number
  computedAt: Date | null
  createdAt: Date
  updatedAt: Date
}

interface SegmentRow {
  id: string
  name: string
  kind: string
  definition: unknown
  members: number
  computed_at: Date | null
  created_at: Date
  updated_at: Date
}

const isRfmName = (name: string): name is RfmSegment => (RFM_SEGMENTS as readonly string[]).includes(name)

/** An RFM segment behaves like the rule "RFM segment is <name>", so it is computed and previewed the same way. */
function definitionOf(row: Pick<SegmentRow, 'id' | 'kind' | 'name' | 'definition'>): { description: string | null; conditions: SegmentCondition[] } {
  if (row.kind === 'rfm' && isRfmName(row.name)) return { description: `RFM segment ${row.name}`, conditions: [{ rfm: { segments: [row.name] } }] }
  const parsed = RuleDefinition.safeParse(row.definition)
  if (!parsed.success) throw new HubError('internal', `segment ${row.id} has a definition this version cannot read`, { cause: parsed.error })
  return { description: parsed.data.description ?? null, conditions: parsed.data.conditions }
}

function viewOf(row: SegmentRow): SegmentView {
  const def = definitionOf(row)
  return { id: row.id, name: row.name, kind: row.kind as SegmentView['kind'], ...def, members: row.members, computedAt: row.computed_at, createdAt: row.created_at, updatedAt: row.updated_at }
}

const SEGMENT_COLUMNS = `"id", "name", "kind", "definition", "members", "computed_at", "created_at", "updated_at"`

type Queryable = Pick<PoolClient, 'query'>

async function loadSegment(q: Queryable, tenantId: string, id: string, forUpdate = false): Promise<SegmentRow> {
  const row = isUuid(id) ? (await q.query<SegmentRow>(`SELECT ${SEGMENT_COLUMNS} FROM "segment" WHERE "tenant_id" = $1 AND "id" = $2${forUpdate ? ' FOR UPDATE' : ''}`, [tenantId, id])).rows[0] : undefined
  if (!row) throw new NotFoundError('segment', id)
  return row
}

async function loadAll(q: Queryable, tenantId: string): Promise<SegmentRow[]> {
  return (await q.query<SegmentRow>(`SELECT ${SEGMENT_COLUMNS} FROM "segment" WHERE "tenant_id" = $1 ORDER BY "kind", "name"`, [tenantId])).rows
}

/** Definition changes of one tenant take turns, so two concurrent edits cannot close a cycle between them. */
async function lockDefinitions(client: PoolClient, tenantId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('erphub:segments:' || $1::text, 0))`, [tenantId])
}

/** Rule segment name → the segment names its conditions refer to. */
function dependencyGraph(rows: SegmentRow[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const r of rows) if (r.kind === 'rule') graph.set(r.name, segmentReferences(definitionOf(r).conditions).map((x) => x.name))
  return graph
}

/** The chain `from → … → to` through the graph, if there is one. */
function pathBetween(graph: Map<string, string[]>, from: string, to: string): string[] | null {
  const seen = new Set<string>()
  const visit = (node: string): string[] | null => {
    if (node === to) return [node]
    if (seen.has(node)) return null
    seen.add(node)
    for (const next of graph.get(node) ?? []) {
      const rest = visit(next)
      if (rest) return [node, ...rest]
    }
    return null
  }
  return visit(from)
}

/**
 * References must name an existing segment (or an RFM segment, which exists once RFM is computed)
 * and must not lead back to the segment itself. Issues carry the reference's path in the body.
 */
function checkReferences(all: SegmentRow[], self: { id: string | null; name: string } | null, conditions: SegmentCondition[]): void {
  const others = all.filter((r) => r.id !== self?.id)
  const known = new Set([...others.map((r) => r.name), ...RFM_SEGMENTS])
  const graph = dependencyGraph(others)
  const issues: FieldIssue[] = []
  for (const ref of segmentReferences(conditions)) {
    const path = formatPath(['conditions', ...ref.path])
    const back = self && (ref.name === self.name ? [ref.name] : pathBetween(graph, ref.name, self.name))
    if (back) issues.push({ path, message: `a cycle: "${[self.name, ...back].join('" → "')}"; a segment cannot contain itself` })
    else if (!known.has(ref.name)) issues.push({ path, message: `there is no segment named "${ref.name}"` })
  }
  if (issues.length) throw new ValidationError('invalid segment conditions', issues)
}

function checkName(all: SegmentRow[], name: string, selfId: string | null): void {
  if (isRfmName(name)) throw new ValidationError('invalid segment', [{ path: 'name', message: `"${name}" is the name of an RFM segment` }])
  if (all.some((r) => r.name === name && r.id !== selfId)) throw new HubError('conflict', `a segment named "${name}" already exists`)
}

export async function listSegments(db: Database, tenantId: string, q: { limit: number; offset: number; kind?: 'rfm' | 'rule' }): Promise<{ data: SegmentView[]; total: number }> {
  const kind = q.kind ?? null
  const where = `"tenant_id" = $1 AND ($2::text IS NULL OR "kind" = $2::text)`
  const [rows, total] = await Promise.all([
    db.pool.query<SegmentRow>(`SELECT ${SEGMENT_COLUMNS} FROM "segment" WHERE ${where} ORDER BY "kind", "name" LIMIT $3 OFFSET $4`, [tenantId, kind, q.limit, q.offset]),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "segment" WHERE ${where}`, [tenantId, kind]),
  ])
  return { data: rows.rows.map(viewOf), total: total.rows[0].n }
}

export async function getSegment(db: Database, tenantId: string, id: string): Promise<SegmentView> {
  return viewOf(await loadSegment(db.pool, tenantId, id))
}

/** Stores a rule segment (not yet computed: see computeSegment). */
export async function createSegment(db: Database, tenantId: string, input: SegmentCreate): Promise<SegmentView> {
  return db.transaction(async (client) => {
    await lockDefinitions(client, tenantId)
    const all = await loadAll(client, tenantId)
    checkName(all, input.name, null)
    checkReferences(all, { id: null, name: input.name }, input.conditions)
    const definition = { ...(input.description ? { description: input.description } : {}), conditions: input.conditions }
    const res = await client.query<SegmentRow>(`INSERT INTO "segment" ("tenant_id", "name", "kind", "definition") VALUES ($1, $2, 'rule', $3::jsonb) RETURNING ${SEGMENT_COLUMNS}`, [tenantId, input.name, JSON.stringify(definition)])
    return viewOf(res.rows[0])
  })
}

/**
 * Changes a rule segment. Renaming a segment others refer to is refused: their rules name it, and
 * silently pointing them at nothing would empty them at the next computation.
 */
export async function updateSegment(db: Database, tenantId: string, id: string, input: SegmentUpdate): Promise<SegmentView> {
  return db.transaction(async (client) => {
    await lockDefinitions(client, tenantId)
    const row = await loadSegment(client, tenantId, id, true)
    if (row.kind !== 'rule') throw new HubError('conflict', `"${row.name}" is an RFM segment: it is computed from order history and cannot be edited`)
    const all = await loadAll(client, tenantId)
    const current = definitionOf(row)
    const name = input.name ?? row.name
    const conditions = input.conditions ?? current.conditions
    const description = input.description === undefined ? current.description : input.description
    if (name !== row.name) {
      checkName(all, name, row.id)
      const users = usersOf(all, row.name)
      if (users.length) throw new HubError('conflict', `segment "${row.name}" is used by ${users.map((u) => `"${u}"`).join(', ')}; change their conditions before renaming it`)
    }
    checkReferences(all, { id: row.id, name }, conditions)
    const definition = { ...(description ? { description } : {}), conditions }
    const res = await client.query<SegmentRow>(`UPDATE "segment" SET "name" = $3, "definition" = $4::jsonb, "updated_at" = now() WHERE "tenant_id" = $1 AND "id" = $2 RETURNING ${SEGMENT_COLUMNS}`, [tenantId, id, name, JSON.stringify(definition)])
    return viewOf(res.rows[0])
  })
}

/** Names of the rule segments whose conditions refer to `name`. */
function usersOf(all: SegmentRow[], name: string): string[] {
  return [...dependencyGraph(all)].filter(([, refs]) => refs.includes(name)).map(([user]) => user)
}

export async function deleteSegment(db: Database, tenantId: string, id: string): Promise<void> {
  await db.transaction(async (client) => {
    await lockDefinitions(client, tenantId)
    const row = await loadSegment(client, tenantId, id, true)
    if (row.kind !== 'rule') throw new HubError('conflict', `"${row.name}" is an RFM segment and cannot be deleted`)
    const users = usersOf(await loadAll(client, tenantId), row.name)
    if (users.length) throw new HubError('conflict', `segment "${row.name}" is used by ${users.map((u) => `"${u}"`).join(', ')}; change their conditions first`)
    // Members go with it (segment_member cascades).
    await client.query(`DELETE FROM "segment" WHERE "tenant_id" = $1 AND "id" = $2`, [tenantId, id])
  })
}

/** The active golden customers meeting `conditions`, as a SELECT of their ids; the tenant is `$1`. */
function membersQuery(conditions: SegmentCondition[], params: unknown[], now: Date, columns = 'g."id"'): string {
  const where = compileConditions(conditions, params, '$1', now)
  return `SELECT ${columns} FROM "golden_customer" g WHERE g."tenant_id" = $1 AND g."status" = 'active' AND ${where}`
}

export interface ComputedSegment {
  id: string
  name: string
  members: number
  computedAt: Date
}

/**
 * Replaces a segment's members in one transaction: only the difference is written (members who
 * left are deleted, new ones inserted), so a recomputation that changes little writes little.
 */
export async function computeSegment(db: Database, tenantId: string, id: string, now: Date): Promise<ComputedSegment> {
  return db.transaction(async (client) => {
    // The row lock makes concurrent computations of one segment take turns.
    const row = await loadSegment(client, tenantId, id, true)
    const params: unknown[] = [tenantId, row.id]
    const target = membersQuery(definitionOf(row).conditions, params, now)
    const res = await client.query<{ n: number }>(
      `WITH target AS (${target}),
gone AS (DELETE FROM "segment_member" sm WHERE sm."segment_id" = $2::uuid AND NOT EXISTS (SELECT 1 FROM target t WHERE t."id" = sm."golden_id")),
added AS (INSERT INTO "segment_member" ("segment_id", "golden_id") SELECT $2::uuid, t."id" FROM target t ON CONFLICT DO NOTHING)
SELECT count(*)::int AS n FROM target`,
      params,
    )
    const members = res.rows[0].n
    await client.query(`UPDATE "segment" SET "members" = $2, "computed_at" = $3, "updated_at" = now() WHERE "id" = $1`, [row.id, members, now])
    return { id: row.id, name: row.name, members, computedAt: now }
  })
}

/**
 * Rule segments in an order where every segment comes after the segments it refers to (RFM
 * segments are computed before all of them). `only`, when given, limits the result to those names.
 */
function dependencyOrder(rows: SegmentRow[], only?: Set<string>): SegmentRow[] {
  const rules = rows.filter((r) => r.kind === 'rule')
  const graph = dependencyGraph(rules)
  const byName = new Map(rules.map((r) => [r.name, r]))
  const done = new Set<string>()
  const order: SegmentRow[] = []
  const visiting = new Set<string>()
  const visit = (name: string) => {
    if (done.has(name) || !byName.has(name)) return
    if (visiting.has(name)) throw new HubError('conflict', `rule segments refer to each other in a cycle through "${name}"; fix one of their conditions`)
    visiting.add(name)
    for (const dep of graph.get(name) ?? []) visit(dep)
    visiting.delete(name)
    done.add(name)
    order.push(byName.get(name)!)
  }
  for (const r of rules) visit(r.name)
  return only ? order.filter((r) => only.has(r.name)) : order
}

/** A segment and, after it, every rule segment that depends on it (directly or not), each recomputed. */
export async function computeSegmentAndDependents(db: Database, tenantId: string, id: string, now: Date): Promise<ComputedSegment[]> {
  const first = await computeSegment(db, tenantId, id, now)
  const all = await loadAll(db.pool, tenantId)
  const graph = dependencyGraph(all)
  const affected = new Set<string>()
  const pending = [first.name]
  while (pending.length) {
    const name = pending.pop()!
    for (const [user, refs] of graph) {
      if (refs.includes(name) && !affected.has(user)) {
        affected.add(user)
        pending.push(user)
      }
    }
  }
  const out = [first]
  for (const row of dependencyOrder(all, affected)) out.push(await computeSegment(db, tenantId, row.id, now))
  return out
}

export interface AllSegmentsOutcome {
  rfm: RfmOutcome
  segments: ComputedSegment[]
}

/** RFM first (rule segments may refer to RFM segments), then every rule segment after those it refers to. */
export async function computeAllSegments(db: Database, tenantId: string, now: Date): Promise<AllSegmentsOutcome> {
  const rfm = await recomputeRfm(db, tenantId, now)
  const segments: ComputedSegment[] = []
  for (const row of dependencyOrder(await loadAll(db.pool, tenantId))) segments.push(await computeSegment(db, tenantId, row.id, now))
  return { rfm, segments }
}

/** The scheduled job's entry point (the job wiring lives in src/jobs). */
export async function runSegmentJob(db: Database, tenantId: string, now = new Date()): Promise<AllSegmentsOutcome> {
  return computeAllSegments(db, tenantId, now)
}

export interface GoldenSummary {
  id: string
  name: string
  city: string | null
  country: string | null
}

/** How many goldens meet `conditions` now, and the first 20 by name: for building rules live, nothing stored. */
export async function previewSegment(db: Database, tenantId: string, conditions: SegmentCondition[], now: Date): Promise<{ count: number; sample: GoldenSummary[] }> {
  checkReferences(await loadAll(db.pool, tenantId), null, conditions)
  const params: unknown[] = [tenantId]
  const sql = membersQuery(conditions, params, now, `g."id", g."name", g."city", g."country", count(*) OVER ()::int AS total`)
  const res = await db.pool.query<GoldenSummary & { total: number }>(`${sql} ORDER BY g."name", g."id" LIMIT 20`, params)
  return { count: res.rows[0]?.total ?? 0, sample: res.rows.map(({ total: _total, ...g }) => g) }
}

export interface SegmentMemberView extends GoldenSummary {
  rfm: { r: number; f: number; m: number; score: string; segment: string; recencyDays: number; frequency: number; monetary: string } | null
}

/** The stored members (as of the segment's last computation), by name, with their RFM scores when they have any. */
export async function segmentMembers(db: Database, tenantId: string, id: string, q: { limit: number; offset: number }): Promise<{ data: SegmentMemberView[]; total: number }> {
  const seg = await loadSegment(db.pool, tenantId, id)
  const res = await db.pool.query<GoldenSummary & { r: number | null; f: number; m: number; segment: string; recency_days: number; frequency: number; monetary: string; total: number }>(
    `SELECT g."id", g."name", g."city", g."country", cr."r", cr."f", cr."m", cr."segment", cr."recency_days", cr."frequency", cr."monetary"::text AS monetary
FROM "segment_member" sm JOIN "golden_customer" g ON g."id" = sm."golden_id" LEFT JOIN "customer_rfm" cr ON cr."golden_id" = g."id"
WHERE sm."segment_id" = $1 ORDER BY g."name", g."id" LIMIT $2 OFFSET $3`,
    [seg.id, q.limit, q.offset],
  )
  const total = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "segment_member" WHERE "segment_id" = $1`, [seg.id])).rows[0].n
  const data = res.rows.map((r) => ({
    id: r.id,
    name: r.name,
    city: r.city,
    country: r.country,
    rfm: r.r === null ? null : { r: r.r, f: r.f, m: r.m, score: `${r.r}${r.f}${r.m}`, segment: r.segment, recencyDays: r.recency_days, frequency: r.frequency, monetary: r.monetary },
  }))
  return { data, total }
}
