import { HubError, NotFoundError, ValidationError } from '../../errors/hub-error'
import type { Database } from '../../store/database'
import { resolveTenant } from '../resolve-tenant'
import { isUuid } from '../../store/uuid'

async function activeGolden(db: Database, tenantId: string, id: string) {
  let g = isUuid(id) ? await db.prisma.goldenCustomer.findFirst({ where: { id, tenantId } }) : null
  for (let hops = 0; g && g.status === 'merged' && g.mergedInto && hops < 10; hops++) g = await db.prisma.goldenCustomer.findFirst({ where: { id: g.mergedInto, tenantId } })
  if (!g) throw new NotFoundError('customer', id)
  return g
}

async function membersOf(db: Database, goldenId: string): Promise<string[]> {
  return (await db.prisma.customerIdentity.findMany({ where: { goldenId }, select: { customerId: true }, orderBy: { customerId: 'asc' } })).map((m) => m.customerId)
}

/** Decisions are kept per pair of source customers, in id order; a later decision on a pair replaces the earlier. */
async function decide(db: Database, tenantId: string, a: string, b: string, same: boolean, by: string, reason?: string): Promise<void> {
  const [x, y] = a < b ? [a, b] : [b, a]
  await db.pool.query(
    `INSERT INTO "identity_decision" ("tenant_id", "customer_a", "customer_b", "same", "by", "reason") VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT ("tenant_id", "customer_a", "customer_b") DO UPDATE SET "same" = EXCLUDED."same", "by" = EXCLUDED."by", "reason" = EXCLUDED."reason", "at" = now()`,
    [tenantId, x, y, same, by, reason ?? null],
  )
  await db.pool.query(`UPDATE "match_review" SET "status" = $4, "decided_at" = now(), "decided_by" = $5 WHERE "tenant_id" = $1 AND "customer_a" = $2 AND "customer_b" = $3`, [tenantId, x, y, same ? 'same' : 'different', by])
  await db.pool.query(`INSERT INTO "identity_event" ("tenant_id", "action", "golden_id", "customer_ids", "details", "by") VALUES ($1, 'decision', NULL, $2, $3, $4)`, [tenantId, [x, y], JSON.stringify({ same, reason: reason ?? null }), by])
}

/**
 * A person says two golden customers are one: a `same` decision between one member of each (the
 * matcher then links the clusters whatever their score, now and in every later resolution), and the
 * clusters are resolved again at once (incremental: these customers and whatever they may link to). The golden with more members survives; the other's id points to it.
 */
export async function mergeGoldens(db: Database, tenantId: string, id: string, withId: string, by: string, reason?: string) {
  const a = await activeGolden(db, tenantId, id)
  const b = await activeGolden(db, tenantId, withId)
  if (a.id === b.id) throw new HubError('conflict', `${id} and ${withId} are already one customer (${a.id})`)
  const [ma, mb] = [await membersOf(db, a.id), await membersOf(db, b.id)]
  if (!ma.length || !mb.length) throw new HubError('conflict', 'a golden customer without source customers cannot be merged')
  await decide(db, tenantId, ma[0], mb[0], true, by, reason)
  const outcome = await resolveTenant(db, tenantId, { by, mode: 'incremental', focus: [...ma, ...mb] })
  return { survivor: (await db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId: ma[0] } })).goldenId, resolution: outcome }
}

/**
 * A person says some source customers are not this golden customer: `different` decisions between
 * each of them and each remaining member (kept: no later resolution links them again, even through
 * others), and the cluster is resolved again at once (incremental). The golden keeps its id with the members that
 * stay; the split-off customers get the golden they had before a merge, if it still exists, or a new one.
 */
export async function unmergeGolden(db: Database, tenantId: string, id: string, customerIds: string[], by: string, reason?: string) {
  const golden = await activeGolden(db, tenantId, id)
  const members = await membersOf(db, golden.id)
  const leaving = [...new Set(customerIds)]
  const strangers = leaving.filter((c) => !members.includes(c))
  if (strangers.length) throw new ValidationError('invalid unmerge', strangers.map((c) => ({ path: 'customers', message: `${c} is not a source customer of ${golden.id}` })))
  const staying = members.filter((m) => !leaving.includes(m))
  if (!leaving.length || !staying.length) throw new ValidationError('invalid unmerge', [{ path: 'customers', message: `name some, not all, of the ${members.length} source customers of ${golden.id}` }])
  for (const l of leaving) for (const s of staying) await decide(db, tenantId, l, s, false, by, reason)
  // The golden the leaving customers had before they were merged into this one (the link log says
  // where each came from) answers for them again, if it was absorbed by this golden.
  const keep = [{ goldenId: golden.id, customerIds: staying }]
  const events = await db.pool.query<{ customer: string; from: string | null }>(
    `SELECT DISTINCT ON (c) c AS customer, e."details"->>'from' AS from FROM "identity_event" e, unnest(e."customer_ids") AS c
WHERE e."tenant_id" = $1 AND e."action" = 'link' AND e."golden_id" = $2 AND c = ANY($3::uuid[]) ORDER BY c, e."id" DESC`,
    [tenantId, golden.id, leaving],
  )
  const absorbed = new Set((await db.prisma.goldenCustomer.findMany({ where: { tenantId, status: 'merged', mergedInto: golden.id }, select: { id: true } })).map((g) => g.id))
  const byOrigin = new Map<string, string[]>()
  for (const e of events.rows) if (e.from && absorbed.has(e.from)) byOrigin.set(e.from, [...(byOrigin.get(e.from) ?? []), e.customer])
  for (const [goldenId, customers] of byOrigin) keep.push({ goldenId, customerIds: customers })
  const outcome = await resolveTenant(db, tenantId, { by, keep, mode: 'incremental', focus: members })
  const split = [...new Set(await Promise.all(leaving.map(async (c) => (await db.prisma.customerIdentity.findUniqueOrThrow({ where: { customerId: c } })).goldenId)))]
  return { survivor: golden.id, split, resolution: outcome }
}

export { decide as recordIdentityDecision }
