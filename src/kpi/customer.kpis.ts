import type { KpiDefinition } from './kpi.types'
import { overRows } from './kpi.measure'
import { activeGoldenCases, activeGoldenOrders, inPeriod, inPrevious } from './kpi.sql'

/** Customer perspective: do golden customers stay, come back, and stay content? */

const retentionRate: KpiDefinition = {
  id: 'retention-rate',
  perspective: 'customer',
  name: 'Customer retention',
  unit: 'ratio',
  direction: 'higher',
  target: 0.8,
  scope: 'period',
  definition:
    'Of the golden customers with at least one counted order in the previous period, the share that ordered again in the period. Rows: those customers, each marked retained or not.',
  ...overRows({
    sql: () => `SELECT o."golden_id", g."name",
  count(*) FILTER (WHERE ${inPrevious('o."ordered_at"')})::int AS previous_orders,
  count(*) FILTER (WHERE ${inPeriod('o."ordered_at"')})::int AS orders,
  count(*) FILTER (WHERE ${inPeriod('o."ordered_at"')}) > 0 AS retained
FROM ${activeGoldenOrders('o')}
JOIN "golden_customer" g ON g."id" = o."golden_id"
WHERE (${inPeriod('o."ordered_at"')}) OR (${inPrevious('o."ordered_at"')})
GROUP BY o."golden_id", g."name"
HAVING count(*) FILTER (WHERE ${inPrevious('o."ordered_at"')}) > 0`,
    orderBy: '"retained" DESC, "name", "golden_id"',
    numerator: 'count(*) FILTER (WHERE r."retained")',
    denominator: 'count(*)',
    empty: (ctx) => `no golden customer ordered in the previous period (${ctx.period.previous.label})`,
  }),
}

const repeatPurchaseRate: KpiDefinition = {
  id: 'repeat-purchase-rate',
  perspective: 'customer',
  name: 'Repeat purchase rate',
  unit: 'ratio',
  direction: 'higher',
  target: 0.3,
  scope: 'period',
  definition: 'Of the golden customers with at least one counted order in the period, the share with two or more. Rows: those customers with their order count.',
  ...overRows({
    sql: () => `SELECT o."golden_id", g."name", count(*)::int AS orders, count(*) >= 2 AS repeat
FROM ${activeGoldenOrders('o')}
JOIN "golden_customer" g ON g."id" = o."golden_id"
WHERE ${inPeriod('o."ordered_at"')}
GROUP BY o."golden_id", g."name"`,
    orderBy: '"orders" DESC, "name", "golden_id"',
    numerator: 'count(*) FILTER (WHERE r."repeat")',
    denominator: 'count(*)',
    empty: (ctx) => `no golden customer ordered in ${ctx.period.label}`,
  }),
}

const complaintRate: KpiDefinition = {
  id: 'complaint-rate',
  perspective: 'customer',
  name: 'Complaint rate',
  unit: 'ratio',
  direction: 'lower',
  target: 0.05,
  scope: 'period',
  definition:
    "Service cases opened in the period by golden customers ÷ golden customers' counted orders in the period (complaints per order; every case counts, as the hub's cases are complaints in the ERP). Cases of source customers not yet resolved into a golden customer are left out. Rows: the cases.",
  ...overRows({
    sql: () => `SELECT c."id" AS case_id, c."golden_id", c."golden_name" AS name, c."subject", c."status", c."priority", c."created_at", c."resolved_at"
FROM ${activeGoldenCases('c')}
WHERE ${inPeriod('c."created_at"')}`,
    orderBy: '"created_at", "case_id"',
    numerator: 'count(*)',
    denominator: `(SELECT count(*) FROM ${activeGoldenOrders('po')} WHERE ${inPeriod('po."ordered_at"')})`,
    empty: (ctx) => `no golden customer ordered in ${ctx.period.label}: there are no orders to relate complaints to`,
  }),
}

export const customerKpis: KpiDefinition[] = [retentionRate, repeatPurchaseRate, complaintRate]
