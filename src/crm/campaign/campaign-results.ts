import { HubError } from '../../errors/hub-error'
import type { Database } from '../../store/database'
import { goldenOrderLinesFrom, goldenOrdersFrom } from '../golden-orders.sql'
import { responseStats } from '../uplift'
import { findCampaign } from './campaign.service'

const iso = (d: Date) => d.toISOString().slice(0, 10)

/**
 * What a launched campaign brought: an order of a targeted customer (mailed or held out) placed from
 * the mail date to the end of the response window is a response. Response rate and revenue per
 * group, uplift of the mailed over the control group with its significance, and per offered SKU
 * the units sold against the units expected.
 */
export async function campaignResults(db: Database, tenantId: string, id: string, now: Date) {
  const c = await findCampaign(db, tenantId, id)
  if (c.status !== 'launched') throw new HubError('conflict', `campaign ${c.name} is ${c.status}: it has results once launched`)
  const from = iso(c.mailDate)
  const until = new Date(Date.parse(`${from}T00:00:00Z`) + c.responseWindowDays * 86_400_000)
  const windowEnd = until < now ? until : now
  const groups = await db.pool.query<{ group: string; size: number; responders: number; revenue: string | null; orders: number }>(
    `SELECT t."group", count(DISTINCT t."golden_id")::int AS size, count(DISTINCT go."golden_id")::int AS responders, sum(go."total_amount")::text AS revenue, count(go."order_id")::int AS orders
FROM "campaign_target" t
LEFT JOIN ${goldenOrdersFrom('$1')} ON go."golden_id" = t."golden_id" AND go."ordered_at" >= $3::date AND go."ordered_at" < $4
WHERE t."campaign_id" = $2 GROUP BY t."group"`,
    [tenantId, c.id, from, windowEnd],
  )
  const group = (name: string) => {
    const g = groups.rows.find((r) => r.group === name)
    return { size: g?.size ?? 0, responders: g?.responders ?? 0, revenue: Number(g?.revenue ?? 0), orders: g?.orders ?? 0 }
  }
  const treated = group('treated')
  const control = group('control')
  const skus = c.offers.map((o) => o.sku)
  const perSku = await db.pool.query<{ sku: string; buyers: number; quantity: string | null }>(
    `SELECT gl."sku", count(DISTINCT gl."golden_id")::int AS buyers, trim_scale(sum(gl."quantity"))::text AS quantity
FROM "campaign_target" t JOIN ${goldenOrderLinesFrom('$1')} ON gl."golden_id" = t."golden_id" AND gl."ordered_at" >= $3::date AND gl."ordered_at" < $4
WHERE t."campaign_id" = $2 AND t."group" = 'treated' AND gl."sku" = ANY($5::text[]) GROUP BY gl."sku"`,
    [tenantId, c.id, from, windowEnd, skus],
  )
  return {
    campaign: { id: c.id, name: c.name, mailDate: from, responseWindowDays: c.responseWindowDays },
    window: { from, to: windowEnd.toISOString(), complete: until <= now },
    groups: { treated, control },
    ...responseStats({ treated, control }),
    offers: c.offers.map((o) => {
      const got = perSku.rows.find((r) => r.sku === o.sku)
      return {
        sku: o.sku,
        expectedResponseRate: o.responseRate,
        buyers: got?.buyers ?? 0,
        responseRate: treated.size ? (got?.buyers ?? 0) / treated.size : null,
        quantity: got?.quantity ?? '0',
      }
    }),
  }
}
