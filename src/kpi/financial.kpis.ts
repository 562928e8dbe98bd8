import type { KpiDefinition } from './kpi.types'
import { overRows } from './kpi.measure'
import { activeGoldenOrders, inPeriod, inPrevious, PERIOD_END_DAY, PERIOD_FIRST_DAY } from './kpi.sql'

/** Financial perspective: does the integrated customer base earn more, and do campaigns pay? */

const revenueGrowth: KpiDefinition = {
  id: 'revenue-growth',
  perspective: 'financial',
  name: 'Revenue growth',
  unit: 'ratio',
  direction: 'higher',
  target: 0.05,
  scope: 'period',
  definition:
    "(revenue in the period − revenue in the previous period of equal length) ÷ revenue in the previous period. Revenue: total_amount of golden customers' counted orders (confirmed, open, shipped, invoiced, closed) by ordered_at, summed as recorded (no currency conversion). Numerator: the change; denominator: the previous period's revenue. No value when the previous period had no revenue.",
  ...overRows({
    sql: () => `SELECT o."golden_id", g."name",
  count(*) FILTER (WHERE ${inPeriod('o."ordered_at"')})::int AS orders,
  COALESCE(SUM(o."total_amount") FILTER (WHERE ${inPeriod('o."ordered_at"')}), 0)::float8 AS revenue,
  count(*) FILTER (WHERE ${inPrevious('o."ordered_at"')})::int AS previous_orders,
  COALESCE(SUM(o."total_amount") FILTER (WHERE ${inPrevious('o."ordered_at"')}), 0)::float8 AS previous_revenue
FROM ${activeGoldenOrders('o')}
JOIN "golden_customer" g ON g."id" = o."golden_id"
WHERE (${inPeriod('o."ordered_at"')}) OR (${inPrevious('o."ordered_at"')})
GROUP BY o."golden_id", g."name"`,
    orderBy: '"revenue" - "previous_revenue" DESC, "golden_id"',
    numerator: 'SUM(r."revenue") - SUM(r."previous_revenue")',
    denominator: 'SUM(r."previous_revenue")',
    empty: (ctx) => `golden customers had no revenue in the previous period (${ctx.period.previous.label}) to grow from`,
  }),
}

const campaignRoi: KpiDefinition = {
  id: 'campaign-roi',
  perspective: 'financial',
  name: 'Campaign ROI',
  unit: 'ratio',
  direction: 'higher',
  target: 2,
  scope: 'period',
  parameters: { costPerMail: { default: 1, min: 0, description: 'what one mailed piece costs, in the order currency' } },
  definition:
    "Over launched campaigns whose mail date falls in the period and that have treated and control targets: Σ incremental revenue ÷ Σ cost. A response is a counted order of a targeted golden customer from the mail date to response_window_days after it (both days included, UTC), with its total_amount as revenue; responses after the period's end still count for a campaign mailed in it. Incremental revenue = (treated revenue per treated target − control revenue per control target) × treated targets; cost = treated targets × costPerMail (a KPI parameter, default 1.0). Campaigns without a control group are listed but left out: their effect cannot be told from what the customers would have bought anyway.",
  ...overRows({
    sql: () => `WITH c AS (
  SELECT "id", "name", "mail_date", "response_window_days" FROM "campaign"
  WHERE "tenant_id" = $1 AND "status" = 'launched' AND "mail_date" >= ${PERIOD_FIRST_DAY} AND "mail_date" < ${PERIOD_END_DAY}
), t AS (
  SELECT ct."campaign_id", ct."group" AS grp, ct."golden_id", count(o."order_id") AS responses, COALESCE(SUM(o."total_amount"), 0) AS revenue
  FROM c
  JOIN "campaign_target" ct ON ct."campaign_id" = c."id"
  JOIN "golden_customer" tg ON tg."id" = ct."golden_id"
  -- A target whose golden was merged since the selection bought as the survivor.
  LEFT JOIN ${activeGoldenOrders('o')} ON o."golden_id" = COALESCE(CASE WHEN tg."status" = 'merged' THEN tg."merged_into" END, tg."id")
    AND o."ordered_at" >= (c."mail_date"::timestamp AT TIME ZONE 'UTC')
    AND o."ordered_at" < ((c."mail_date" + c."response_window_days" + 1)::timestamp AT TIME ZONE 'UTC')
  GROUP BY ct."campaign_id", ct."group", ct."golden_id"
), g AS (
  SELECT c."id" AS campaign_id, c."name", c."mail_date"::text AS mail_date, c."response_window_days",
    ((c."mail_date" + c."response_window_days")::text) AS window_ends,
    count(t.grp) FILTER (WHERE t.grp = 'treated')::int AS treated,
    count(t.grp) FILTER (WHERE t.grp = 'control')::int AS control,
    count(t.grp) FILTER (WHERE t.grp = 'treated' AND t.responses > 0)::int AS treated_responders,
    count(t.grp) FILTER (WHERE t.grp = 'control' AND t.responses > 0)::int AS control_responders,
    COALESCE(SUM(t.revenue) FILTER (WHERE t.grp = 'treated'), 0)::float8 AS treated_revenue,
    COALESCE(SUM(t.revenue) FILTER (WHERE t.grp = 'control'), 0)::float8 AS control_revenue
  FROM c LEFT JOIN t ON t."campaign_id" = c."id"
  GROUP BY c."id", c."name", c."mail_date", c."response_window_days"
)
SELECT g.*,
  CASE WHEN g.treated > 0 AND g.control > 0 THEN (g.treated_revenue / g.treated - g.control_revenue / g.control) * g.treated END AS incremental_revenue,
  (g.treated * $6::float8) AS cost,
  CASE WHEN g.treated > 0 AND g.control > 0 AND $6::float8 > 0 THEN (g.treated_revenue / g.treated - g.control_revenue / g.control) / $6::float8 END AS roi,
  CASE WHEN g.treated = 0 THEN 'no treated targets' WHEN g.control = 0 THEN 'no control group' END AS excluded
FROM g`,
    orderBy: '"mail_date", "campaign_id"',
    extraParams: (ctx) => [ctx.params.costPerMail],
    numerator: 'SUM(r."incremental_revenue")',
    denominator: 'SUM(r."cost") FILTER (WHERE r."incremental_revenue" IS NOT NULL)',
    empty: (ctx) =>
      ctx.params.costPerMail > 0
        ? `no launched campaign with treated and control targets was mailed in ${ctx.period.label}`
        : 'costPerMail is 0: a campaign that costs nothing has no return on investment',
  }),
}

const crossUpSellShare: KpiDefinition = {
  id: 'cross-up-sell-share',
  perspective: 'financial',
  name: 'Cross-sell and up-sell revenue share',
  unit: 'ratio',
  direction: 'higher',
  target: 0.15,
  scope: 'period',
  definition:
    "Revenue of order lines that were a cross-sell or an up-sell ÷ revenue of all order lines, over golden customers' counted orders in the period (line amount, or quantity × unit price without one). Cross-sell: the line's SKU is the consequent of an association rule whose every antecedent SKU the customer had bought in an earlier order. Up-sell: the SKU is the rung right above the highest rung of a product ladder the customer had bought in an earlier order. A SKU the customer had bought before is a repeat, neither. Approximate: today's rules and ladders are applied to past orders.",
  ...overRows({
    // What a customer had bought before an order is read from each SKU's first purchase by that
    // customer (a hash join per order of the period), not by scanning every earlier line per line:
    // the same set, in time linear in the lines instead of quadratic.
    sql: () => `WITH o AS MATERIALIZED (SELECT * FROM ${activeGoldenOrders('ao')}),
l AS MATERIALIZED (
  SELECT o."golden_id", o."order_id", o."ordered_at", sl."line_no", sl."sku", COALESCE(sl."amount", sl."quantity" * sl."unit_price") AS amount
  FROM o JOIN "sales_order_line" sl ON sl."order_id" = o."order_id"
),
first_bought AS MATERIALIZED (SELECT "golden_id", "sku", min("ordered_at") AS "at" FROM l GROUP BY "golden_id", "sku"),
period_orders AS MATERIALIZED (SELECT DISTINCT "golden_id", "ordered_at" FROM l cur WHERE ${inPeriod('cur."ordered_at"')}),
prior_skus AS MATERIALIZED (
  SELECT po."golden_id", po."ordered_at", array_agg(f."sku") AS skus
  FROM period_orders po JOIN first_bought f ON f."golden_id" = po."golden_id" AND f."at" < po."ordered_at"
  GROUP BY po."golden_id", po."ordered_at"
)
SELECT cur."golden_id", g."name", cur."order_id", so."number" AS order_number, cur."ordered_at", cur."line_no", cur."sku", cur."amount"::float8 AS amount,
  CASE WHEN cur."sku" = ANY(COALESCE(prior.skus, '{}')) THEN 'repeat' WHEN ladder."name" IS NOT NULL THEN 'up-sell' WHEN rule."id" IS NOT NULL THEN 'cross-sell' END AS kind,
  CASE WHEN NOT cur."sku" = ANY(COALESCE(prior.skus, '{}')) THEN ladder."name" END AS ladder,
  CASE WHEN NOT cur."sku" = ANY(COALESCE(prior.skus, '{}')) THEN rule."antecedent" END AS antecedent
FROM l cur
JOIN "golden_customer" g ON g."id" = cur."golden_id"
JOIN "sales_order" so ON so."id" = cur."order_id"
LEFT JOIN prior_skus prior ON prior."golden_id" = cur."golden_id" AND prior."ordered_at" = cur."ordered_at"
LEFT JOIN LATERAL (
  SELECT ar."id", ar."antecedent" FROM "association_rule" ar
  WHERE ar."tenant_id" = $1 AND ar."consequent" = cur."sku" AND cardinality(ar."antecedent") > 0 AND ar."antecedent" <@ prior.skus
  ORDER BY ar."confidence" DESC, ar."id" LIMIT 1
) rule ON true
LEFT JOIN LATERAL (
  SELECT pl."name" FROM "product_ladder" pl
  WHERE pl."tenant_id" = $1 AND array_position(pl."rungs", cur."sku") > 1
    AND array_position(pl."rungs", cur."sku") = 1 + (SELECT max(array_position(pl."rungs", s)) FROM unnest(prior.skus) AS s)
  ORDER BY pl."name" LIMIT 1
) ladder ON true
WHERE ${inPeriod('cur."ordered_at"')}`,
    orderBy: `COALESCE("kind" IN ('cross-sell', 'up-sell'), false) DESC, "ordered_at", "order_id", "line_no"`,
    numerator: `COALESCE(SUM(r."amount") FILTER (WHERE r."kind" IN ('cross-sell', 'up-sell')), 0)`,
    denominator: 'SUM(r."amount")',
    empty: (ctx) => `golden customers' orders in ${ctx.period.label} have no line revenue`,
  }),
}

export const financialKpis: KpiDefinition[] = [revenueGrowth, campaignRoi, crossUpSellShare]
