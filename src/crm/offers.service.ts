/**
 * Next-best offers for a golden customer: cross-sell from association rules mined from every ERP's
 * order history, up-sell from product ladders that marketing defines as data (Basic → Plus → Premium).
 *
 * Decisions, so that callers and people reading the offers know what they get:
 * - A basket is one counted order (any ERP), not a customer's whole history: "bought together" means
 *   in one order, the classic market basket. Per-customer baskets would make a long-standing customer
 *   who bought everything once look like evidence that everything goes with everything.
 * - Mined with support adapting to the history (at least five orders, and 0.1% of a large one), and a
 *   rule is kept only when it is productive: clearly and significantly better than chance and than
 *   every shorter rule for its consequent (see keepProductive). Otherwise every chance companion X of
 *   A repeats A → B as {A, X} → B with a noisier lift, and small counts throw up flukes with top lifts.
 * - A SKU sits on at most one ladder, so "the next rung up" of a product is never ambiguous.
 * - Scores: a cross-sell scores the lift of its best rule (antecedent ⊆ bought, consequent not
 *   bought); an up-sell scores a fixed `ladderWeight` (default 5: a curated step counts like a clearly
 *   strong rule; only a stronger association outranks it). One offer per SKU, the higher score (an
 *   up-sell on a tie). Best first; ties by SKU.
 * - Up-sell offers only the rung right above the highest rung bought. On a ladder the customer is on,
 *   no rule may offer any other rung: that would skip a step or sell down.
 */
import { z } from 'zod'
import { HubError, NotFoundError } from '../errors/hub-error'
import type { Database } from '../store/database'
import { mineRules, type AssociationRule } from './association-rules'
import { goldenOrderLinesFrom, goldenOrdersFrom } from './golden-orders.sql'
import { keepProductive } from './rule-significance'

export const MiningOptionsSchema = z
  .object({
    /** Default max(0.001, 5 / baskets): at least five orders, and at least 0.1% of a large history. */
    minSupport: z.number().gt(0).max(1).optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    minLift: z.number().min(0).max(1_000_000).optional(),
    /** Relative lift gain a longer antecedent needs over each shorter rule with the same consequent. */
    minImprovement: z.number().min(0).max(100).optional(),
    /** The chance, over all rules kept, that even one is a fluke of the data (see keepProductive). */
    maxPValue: z.number().gt(0).max(1).optional(),
    maxItemsetSize: z.number().int().min(2).max(4).optional(),
    maxRules: z.number().int().min(1).max(20_000).optional(),
    /** Only orders of the last so many days (undated orders then do not count); default all history. */
    lookbackDays: z.number().int().min(1).max(36_500).optional(),
  })
  .strict()
export type MiningOptions = z.infer<typeof MiningOptionsSchema>

const MINING_DEFAULTS = { minConfidence: 0.1, minImprovement: 0.1, maxPValue: 0.05, maxItemsetSize: 3, maxRules: 5_000 }
/** Unrelated SKUs reach a lift of about 1.26 from basket sizes alone (see basket.generate.ts); a rule must clear that. */
const DEFAULT_MIN_LIFT = 1.5
const FETCH_ORDERS = 5_000
export const DEFAULT_LADDER_WEIGHT = 5

export interface RuleView {
  antecedent: string[]
  consequent: string
  support: number
  confidence: number
  lift: number
  count: number
}

export interface MiningOutcome {
  minedAt: Date
  baskets: number
  frequentItemsets: number
  /** Every rule of every frequent itemset; those that pass the thresholds and the test (see keepProductive); stored, at most maxRules. */
  examined: number
  kept: number
  stored: number
  options: Required<Omit<MiningOptions, 'lookbackDays'>> & { lookbackDays: number | null }
  top: RuleView[]
}

const viewOf = (r: AssociationRule): RuleView => ({ antecedent: r.antecedent, consequent: r.consequent[0], support: r.support, confidence: r.confidence, lift: r.lift, count: r.count })

/**
 * One basket per counted order. The lines are joined to goldenOrdersFrom (the same counted orders as
 * every CRM query) rather than read through goldenOrderLinesFrom, whose per-line product lookup
 * (category) costs an index probe per line that mining never uses. Read through a cursor so that a
 * large history never sits in one result; SKU strings are interned, each stored once.
 */
async function loadBaskets(db: Database, tenantId: string, now: Date, since: Date | null): Promise<string[][]> {
  return db.transaction(async (client) => {
    await client.query('SET TRANSACTION READ ONLY')
    await client.query(
      `DECLARE order_baskets NO SCROLL CURSOR FOR
SELECT array_agg(DISTINCT l."sku") AS skus FROM ${goldenOrdersFrom('$1', 'go')} JOIN "sales_order_line" l ON l."order_id" = go."order_id"
WHERE (go."ordered_at" IS NULL OR go."ordered_at" <= $2) AND ($3::timestamptz IS NULL OR go."ordered_at" >= $3)
GROUP BY go."order_id"`,
      [tenantId, now, since],
    )
    const baskets: string[][] = []
    const interned = new Map<string, string>()
    for (;;) {
      const page = await client.query<{ skus: string[] }>(`FETCH ${FETCH_ORDERS} FROM order_baskets`)
      for (const row of page.rows) {
        baskets.push(
          row.skus.map((sku) => {
            const known = interned.get(sku)
            if (known !== undefined) return known
            interned.set(sku, sku)
            return sku
          }),
        )
      }
      if (page.rows.length < FETCH_ORDERS) return baskets
    }
  })
}

/**
 * Mines the tenant's order history and replaces its association rules in one transaction: readers
 * see the old rules or the new, never a mix. Two minings at once write one after the other.
 */
export async function mineTenantRules(db: Database, tenantId: string, options: MiningOptions = {}, now: Date = new Date()): Promise<MiningOutcome> {
  const since = options.lookbackDays ? new Date(now.getTime() - options.lookbackDays * 86_400_000) : null
  const baskets = await loadBaskets(db, tenantId, now, since)
  const settings: MiningOutcome['options'] = {
    minSupport: options.minSupport ?? Math.min(1, Math.max(0.001, 5 / Math.max(1, baskets.length))),
    minConfidence: options.minConfidence ?? MINING_DEFAULTS.minConfidence,
    minLift: options.minLift ?? DEFAULT_MIN_LIFT,
    minImprovement: options.minImprovement ?? MINING_DEFAULTS.minImprovement,
    maxPValue: options.maxPValue ?? MINING_DEFAULTS.maxPValue,
    maxItemsetSize: options.maxItemsetSize ?? MINING_DEFAULTS.maxItemsetSize,
    maxRules: options.maxRules ?? MINING_DEFAULTS.maxRules,
    lookbackDays: options.lookbackDays ?? null,
  }
  // Every rule of every frequent itemset: the thresholds are applied after, as the test needs the counts of all of them.
  const result = mineRules(baskets, { minSupport: settings.minSupport, minConfidence: 0, minLift: 0, maxItemsetSize: settings.maxItemsetSize, maxRules: Number.MAX_SAFE_INTEGER })
  const kept = keepProductive(result.rules, baskets, settings)
  const stored = kept.slice(0, settings.maxRules)
  await db.transaction(async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('erphub.association-rules:' || $1, 0))`, [tenantId])
    await client.query('DELETE FROM "association_rule" WHERE "tenant_id" = $1', [tenantId])
    if (!stored.length) return
    // Inserted best first, so that ids follow the ranking (the tie-breaker of every rule listing).
    await client.query(
      `INSERT INTO "association_rule" ("tenant_id", "antecedent", "consequent", "support", "confidence", "lift", "count", "mined_at")
SELECT $1, ARRAY(SELECT a FROM jsonb_array_elements_text(r."antecedent") WITH ORDINALITY AS x(a, n) ORDER BY x.n), r."consequent", r."support", r."confidence", r."lift", r."count", $3
FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(rule, n)
CROSS JOIN LATERAL jsonb_to_record(e.rule) AS r("antecedent" jsonb, "consequent" text, "support" float8, "confidence" float8, "lift" float8, "count" int)
ORDER BY e.n`,
      [tenantId, JSON.stringify(stored.map(viewOf)), now],
    )
  })
  return { minedAt: now, baskets: result.baskets, frequentItemsets: result.frequentItemsets, examined: result.rules.length, kept: kept.length, stored: stored.length, options: settings, top: stored.slice(0, 10).map(viewOf) }
}

/** The scheduled job's entry point: mining with the defaults, as of `now`. */
export async function runOfferMiningJob(db: Database, tenantId: string, now: Date = new Date()): Promise<MiningOutcome> {
  return mineTenantRules(db, tenantId, {}, now)
}

interface RuleRow extends RuleView {
  mined_at: Date
}

/** Stored rules, best first; `sku` keeps those with the SKU as consequent or in the antecedent. */
export async function listRules(db: Database, tenantId: string, q: { sku?: string; limit: number; offset: number }) {
  const where = `"tenant_id" = $1 AND ($2::text IS NULL OR "consequent" = $2 OR $2 = ANY("antecedent"))`
  const [rows, total] = await Promise.all([
    db.pool.query<RuleRow>(`SELECT "antecedent", "consequent", "support", "confidence", "lift", "count", "mined_at" FROM "association_rule" WHERE ${where} ORDER BY "lift" DESC, "confidence" DESC, "support" DESC, "id" LIMIT $3 OFFSET $4`, [tenantId, q.sku ?? null, q.limit, q.offset]),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "association_rule" WHERE ${where}`, [tenantId, q.sku ?? null]),
  ])
  return { data: rows.rows.map(({ mined_at, ...r }) => ({ ...r, minedAt: mined_at })), total: total.rows[0].n }
}

/** Names: no space at either end, so that the name in a URL and in a listing are the same. */
export const LadderNameSchema = z.string().min(1).max(100).regex(/^\S(?:[\s\S]*\S)?$/, 'must not start or end with a space')

export const LadderBodySchema = z
  .object({ rungs: z.array(z.string().trim().min(1).max(100)).min(2).max(10) })
  .strict()
  .superRefine((body, ctx) => {
    body.rungs.forEach((sku, i) => {
      const first = body.rungs.indexOf(sku)
      if (first < i) ctx.addIssue({ code: 'custom', path: ['rungs', i], message: `${sku} is already rung ${first + 1}: a ladder's rungs are distinct SKUs` })
    })
  })
export type LadderBody = z.infer<typeof LadderBodySchema>

interface LadderRow {
  name: string
  rungs: string[]
  created_at: Date
  updated_at: Date
}
const ladderView = (l: LadderRow) => ({ name: l.name, rungs: l.rungs, createdAt: l.created_at, updatedAt: l.updated_at })

export async function listLadders(db: Database, tenantId: string, q: { limit: number; offset: number }) {
  const [rows, total] = await Promise.all([
    db.pool.query<LadderRow>(`SELECT "name", "rungs", "created_at", "updated_at" FROM "product_ladder" WHERE "tenant_id" = $1 ORDER BY "name", "id" LIMIT $2 OFFSET $3`, [tenantId, q.limit, q.offset]),
    db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "product_ladder" WHERE "tenant_id" = $1`, [tenantId]),
  ])
  return { data: rows.rows.map(ladderView), total: total.rows[0].n }
}

/** Creates the ladder or replaces its rungs. A SKU already on another ladder is a conflict (409) naming it. */
export async function putLadder(db: Database, tenantId: string, name: string, body: LadderBody) {
  return db.transaction(async (client) => {
    // Ladder writes of one tenant in turn: two at once could otherwise each put one SKU on a different ladder.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('erphub.product-ladder:' || $1, 0))`, [tenantId])
    const taken = await client.query<{ name: string; sku: string }>(
      `SELECT l."name", s.sku FROM "product_ladder" l, unnest(l."rungs") AS s(sku) WHERE l."tenant_id" = $1 AND l."name" <> $2 AND s.sku = ANY($3::text[])`,
      [tenantId, name, body.rungs],
    )
    if (taken.rows.length) {
      const issues = taken.rows.map((t) => ({ path: `rungs[${body.rungs.indexOf(t.sku)}]`, message: `${t.sku} is already on ladder ${t.name}: a SKU sits on one ladder only` }))
      throw new HubError('conflict', `${taken.rows.map((t) => t.sku).join(', ')} already on another ladder`, { details: { issues } })
    }
    const res = await client.query<LadderRow & { created: boolean }>(
      `INSERT INTO "product_ladder" ("tenant_id", "name", "rungs") VALUES ($1, $2, $3)
ON CONFLICT ("tenant_id", "name") DO UPDATE SET "rungs" = EXCLUDED."rungs", "updated_at" = now()
RETURNING "name", "rungs", "created_at", "updated_at", ("xmax" = 0) AS "created"`,
      [tenantId, name, body.rungs],
    )
    return { created: res.rows[0].created, ladder: ladderView(res.rows[0]) }
  })
}

export async function deleteLadder(db: Database, tenantId: string, name: string): Promise<void> {
  const res = await db.pool.query(`DELETE FROM "product_ladder" WHERE "tenant_id" = $1 AND "name" = $2`, [tenantId, name])
  if (!res.rowCount) throw new NotFoundError('product ladder', name)
}

export interface Offer {
  sku: string
  /** The product's name in some ERP, when one knows the SKU. */
  name?: string
  kind: 'cross-sell' | 'up-sell'
  score: number
  /** The best rule with its measures; or the ladder step, `rung` being the position of `to` (1 = lowest) of the ladder's `of` rungs. */
  reason: { rule: Omit<RuleView, 'count'> } | { ladder: { name: string; from: string; to: string; rung: number; of: number } }
}

export interface OfferOptions {
  limit?: number
  now?: Date
  ladderWeight?: number
}

/** A golden merged into another answers for the survivor (followed at most 10 hops, like lineage). */
async function survivorOf(db: Database, tenantId: string, id: string) {
  let golden = /^[0-9a-f-]{36}$/i.test(id) ? await db.prisma.goldenCustomer.findFirst({ where: { id, tenantId }, select: { id: true, status: true, mergedInto: true } }) : null
  const mergedFrom: string[] = []
  while (golden && golden.status === 'merged' && golden.mergedInto && mergedFrom.length < 10) {
    mergedFrom.push(golden.id)
    golden = await db.prisma.goldenCustomer.findFirst({ where: { id: golden.mergedInto, tenantId }, select: { id: true, status: true, mergedInto: true } })
  }
  if (!golden) throw new NotFoundError('customer', id)
  return { id: golden.id, mergedFrom }
}

const byScore = (a: Offer, b: Offer) => b.score - a.score || (a.kind === b.kind ? 0 : a.kind === 'up-sell' ? -1 : 1) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)

/** The customer's next-best offers, best first, each with its reason (see the top of this file). */
export async function offersFor(db: Database, tenantId: string, goldenId: string, options: OfferOptions = {}) {
  const { limit = 10, now = new Date(), ladderWeight = DEFAULT_LADDER_WEIGHT } = options
  const customer = await survivorOf(db, tenantId, goldenId)
  const bought = (
    await db.pool.query<{ sku: string }>(`SELECT DISTINCT gl."sku" FROM ${goldenOrderLinesFrom('$1', 'gl')} WHERE gl."golden_id" = $2 AND (gl."ordered_at" IS NULL OR gl."ordered_at" <= $3)`, [tenantId, customer.id, now])
  ).rows.map((r) => r.sku)
  const boughtSet = new Set(bought)
  const [ladders, rules, mined] = await Promise.all([
    db.pool.query<{ name: string; rungs: string[] }>(`SELECT "name", "rungs" FROM "product_ladder" WHERE "tenant_id" = $1 ORDER BY "name"`, [tenantId]),
    bought.length
      ? db.pool.query<RuleRow>(
          `SELECT DISTINCT ON ("consequent") "antecedent", "consequent", "support", "confidence", "lift" FROM "association_rule"
WHERE "tenant_id" = $1 AND "antecedent" <@ $2::text[] AND NOT ("consequent" = ANY($2::text[]))
ORDER BY "consequent", "lift" DESC, "confidence" DESC, "support" DESC, "id"`,
          [tenantId, bought],
        )
      : Promise.resolve({ rows: [] as RuleRow[] }),
    db.pool.query<{ mined_at: Date }>(`SELECT "mined_at" FROM "association_rule" WHERE "tenant_id" = $1 LIMIT 1`, [tenantId]),
  ])

  const offers = new Map<string, Offer>()
  const offer = (o: Offer) => {
    const known = offers.get(o.sku)
    if (!known || byScore(o, known) < 0) offers.set(o.sku, o)
  }
  const barred = new Set<string>()
  for (const ladder of ladders.rows) {
    const top = ladder.rungs.reduce((best, sku, i) => (boughtSet.has(sku) ? i : best), -1)
    if (top < 0) continue
    ladder.rungs.forEach((sku, i) => i !== top + 1 && barred.add(sku))
    if (top + 1 < ladder.rungs.length) offer({ sku: ladder.rungs[top + 1], kind: 'up-sell', score: ladderWeight, reason: { ladder: { name: ladder.name, from: ladder.rungs[top], to: ladder.rungs[top + 1], rung: top + 2, of: ladder.rungs.length } } })
  }
  for (const r of rules.rows) {
    if (barred.has(r.consequent)) continue
    offer({ sku: r.consequent, kind: 'cross-sell', score: r.lift, reason: { rule: { antecedent: r.antecedent, consequent: r.consequent, support: r.support, confidence: r.confidence, lift: r.lift } } })
  }
  const best = [...offers.values()].sort(byScore).slice(0, limit)
  const names = new Map(
    best.length
      ? (
          await db.pool.query<{ sku: string; name: string }>(
            `SELECT DISTINCT ON ("sku") "sku", "name" FROM "product" WHERE "tenant_id" = $1 AND "sku" = ANY($2::text[]) ORDER BY "sku", "source_updated_at" DESC NULLS LAST, "updated_at" DESC`,
            [tenantId, best.map((o) => o.sku)],
          )
        ).rows.map((p) => [p.sku, p.name])
      : [],
  )
  return {
    id: customer.id,
    ...(customer.mergedFrom.length ? { mergedFrom: customer.mergedFrom } : {}),
    asOf: now,
    bought: bought.length,
    rulesMinedAt: mined.rows[0]?.mined_at ?? null,
    data: best.map((o) => (names.has(o.sku) ? { sku: o.sku, name: names.get(o.sku), kind: o.kind, score: o.score, reason: o.reason } : o)),
  }
}
