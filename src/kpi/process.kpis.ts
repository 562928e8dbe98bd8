import type { KpiDefinition } from './kpi.types'
import { overRows, unmeasurable } from './kpi.measure'
import { activeGoldenCases, days, inPeriod } from './kpi.sql'

/**
 * Internal-process perspective. Three of its KPIs need delivery facts the canonical sales order
 * does not carry yet (it has ordered_at and a status, no promised or delivered date): they are
 * listed with their definition and the reason, never with a made-up number.
 */

const MISSING_DELIVERY =
  'the canonical SalesOrder carries ordered_at and status only; stock movements carry planned dates but not when a delivery happened'

const onTimeDelivery: KpiDefinition = {
  id: 'on-time-delivery',
  perspective: 'internal-process',
  name: 'On-time delivery',
  unit: 'ratio',
  direction: 'higher',
  target: 0.95,
  scope: 'period',
  definition: "Golden customers' orders delivered in the period on or before the promised date ÷ orders delivered in the period.",
  ...unmeasurable(`needs each sales order's promised delivery date and actual delivery date; ${MISSING_DELIVERY}`),
}

const orderCycleTime: KpiDefinition = {
  id: 'order-cycle-time',
  perspective: 'internal-process',
  name: 'Order cycle time',
  unit: 'days',
  direction: 'lower',
  target: 5,
  scope: 'period',
  definition: "Average days from order to delivery of golden customers' orders delivered in the period.",
  ...unmeasurable(`needs each sales order's actual delivery (or shipment) date; ${MISSING_DELIVERY}`),
}

const promiseAccuracy: KpiDefinition = {
  id: 'promise-accuracy',
  perspective: 'internal-process',
  name: 'Promise accuracy',
  unit: 'ratio',
  direction: 'higher',
  target: 0.95,
  scope: 'period',
  definition: 'Orders whose promised date (from available-to-promise at order time) was kept ÷ orders with a promise, delivered in the period.',
  ...unmeasurable(`needs the date promised to the customer on each sales order and the date it was delivered; ${MISSING_DELIVERY}`),
}

const caseResolutionTime: KpiDefinition = {
  id: 'case-resolution-time',
  perspective: 'internal-process',
  name: 'Case resolution time',
  unit: 'days',
  direction: 'lower',
  target: 3,
  scope: 'period',
  definition:
    "Average days from opening to resolution of golden customers' service cases resolved in the period (status resolved or closed, resolved_at in the period). Numerator: the days summed; denominator: the cases. Rows: the cases with their resolution time.",
  ...overRows({
    sql: () => `SELECT c."id" AS case_id, c."golden_id", c."golden_name" AS name, c."subject", c."status", c."created_at", c."resolved_at", c."due_at",
  ${days('c."resolved_at" - c."created_at"')}::float8 AS resolution_days,
  (c."due_at" IS NOT NULL AND c."resolved_at" > c."due_at") AS overdue
FROM ${activeGoldenCases('c')}
WHERE c."status" IN ('resolved', 'closed') AND c."resolved_at" IS NOT NULL AND ${inPeriod('c."resolved_at"')}`,
    orderBy: '"resolution_days" DESC, "case_id"',
    numerator: 'SUM(r."resolution_days")',
    denominator: 'count(*)',
    empty: (ctx) => `no service case of a golden customer was resolved in ${ctx.period.label}`,
  }),
}

export const processKpis: KpiDefinition[] = [onTimeDelivery, orderCycleTime, caseResolutionTime, promiseAccuracy]
