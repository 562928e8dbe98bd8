import type { Pool, PoolClient } from 'pg'
import { goldenOrdersFrom } from '../golden-orders.sql'
import { compileCondition, compileConditions } from '../segment-rules'
import { controlGroupSplit } from '../uplift'
import type { Selection } from './campaign.schema'

export interface FunnelStage {
  stage: 'customers' | 'eligibility' | 'behaviour' | 'exclusions' | 'ranking and cut' | 'control group'
  in: number
  out: number
  kept: number
  note?: string
}

export interface FunnelResult {
  stages: FunnelStage[]
  /** Best first: the rank each selected customer had before the control group was drawn. */
  treated: Array<{ goldenId: string; rank: number; score: number | null }>
  control: Array<{ goldenId: string; rank: number; score: number | null }>
}

/** The ranking's score per customer, best first (higher is better; recency counts days, so it is negated). */
const RANK_SCORE: Record<Selection['ranking'], string> = {
  rfm: `coalesce(r."r" + r."f" + r."m", 0) * 1e12 + coalesce(o.revenue, 0)`,
  monetary: `coalesce(o.revenue, 0)`,
  frequency: `coalesce(o.orders, 0)`,
  recency: `-coalesce(extract(epoch FROM (now() - o.last_order)) / 86400, 1e9)`,
}

/**
 * Runs a campaign's selection funnel over the tenant's active golden customers and counts what each
 * stage lets in and keeps: eligibility, behaviour, exclusions (other segments, customers mailed by
 * another launched campaign lately), then the ranking and the budget's cut, then a random control
 * group drawn with the campaign's seed (the same campaign draws the same group every time).
 */
export async function runFunnel(
  db: Pool | PoolClient,
  tenantId: string,
  input: { selection: Selection; maxTargets?: number | null; mailDate?: string; controlShare: number; seed: string; campaignId?: string },
  now: Date,
): Promise<FunnelResult> {
  const params: unknown[] = [tenantId]
  const eligible = compileConditions(input.selection.eligibility, params, '$1', now)
  const behaves = compileConditions(input.selection.behaviour, params, '$1', now)
  const exclusions: string[] = []
  if (input.selection.exclude.segments.length) exclusions.push(compileCondition({ any: input.selection.exclude.segments.map((segment) => ({ segment })) }, params, '$1', now))
  if (input.selection.exclude.mailedWithinDays && input.mailDate) {
    params.push(input.mailDate, input.selection.exclude.mailedWithinDays, input.campaignId ?? null)
    const [mail, days, self] = [params.length - 2, params.length - 1, params.length].map((n) => `$${n}`)
    exclusions.push(`(g."id" IN (SELECT t."golden_id" FROM "campaign_target" t JOIN "campaign" c ON c."id" = t."campaign_id"
  WHERE c."tenant_id" = $1 AND c."status" = 'launched' AND t."group" = 'treated' AND c."id" IS DISTINCT FROM ${self}::uuid
    AND c."mail_date" BETWEEN ${mail}::date - ${days}::int AND ${mail}::date))`)
  }
  const excluded = exclusions.length ? `(${exclusions.join(' OR ')})` : 'FALSE'
  const flagged = `SELECT g."id", ${eligible} AS e, ${behaves} AS b, ${excluded} AS x FROM "golden_customer" g WHERE g."tenant_id" = $1 AND g."status" = 'active'`

  const counts = (
    await db.query<{ all: number; e: number; b: number; k: number }>(
      `SELECT count(*)::int AS all, count(*) FILTER (WHERE f.e)::int AS e, count(*) FILTER (WHERE f.e AND f.b)::int AS b, count(*) FILTER (WHERE f.e AND f.b AND NOT f.x)::int AS k FROM (${flagged}) f`,
      params,
    )
  ).rows[0]

  const limit = input.maxTargets ?? null
  params.push(limit)
  const ranked = (
    await db.query<{ id: string; score: number | null }>(
      `SELECT f."id", (${RANK_SCORE[input.selection.ranking]})::float8 AS score
FROM (${flagged}) f
LEFT JOIN "customer_rfm" r ON r."golden_id" = f."id"
LEFT JOIN (SELECT go."golden_id", count(*) AS orders, sum(go."total_amount") AS revenue, max(go."ordered_at") AS last_order FROM ${goldenOrdersFrom('$1')} GROUP BY go."golden_id") o ON o."golden_id" = f."id"
WHERE f.e AND f.b AND NOT f.x
ORDER BY score DESC NULLS LAST, f."id"
LIMIT $${params.length}::int`,
      params,
    )
  ).rows

  const rankOf = new Map(ranked.map((r, i) => [r.id, { rank: i + 1, score: r.score }]))
  const split = controlGroupSplit(
    ranked.map((r) => r.id),
    input.controlShare,
    input.seed,
  )
  const row = (goldenId: string) => ({ goldenId, ...rankOf.get(goldenId)! })
  const byRank = (a: { rank: number }, b: { rank: number }) => a.rank - b.rank
  const stage = (name: FunnelStage['stage'], into: number, kept: number, note?: string): FunnelStage => ({ stage: name, in: into, out: into - kept, kept, ...(note ? { note } : {}) })
  return {
    stages: [
      stage('customers', counts.all, counts.all, 'active golden customers'),
      stage('eligibility', counts.all, counts.e),
      stage('behaviour', counts.e, counts.b),
      stage('exclusions', counts.b, counts.k),
      stage('ranking and cut', counts.k, ranked.length, `ranked by ${input.selection.ranking}${limit ? `, cut to ${limit}` : ''}`),
      stage('control group', ranked.length, split.treated.length, `${split.control.length} held out at random (${Math.round(input.controlShare * 1000) / 10} %)`),
    ],
    treated: split.treated.map(row).sort(byRank),
    control: split.control.map(row).sort(byRank),
  }
}
