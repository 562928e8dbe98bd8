import { goldenOrdersFrom } from '../crm/golden-orders.sql'

/**
 * SQL fragments the KPIs share, so that every KPI counts the same customers, orders and cases.
 * Placeholders as in RowsQuery: $1 tenant, $2/$3 the period, $4/$5 the previous period.
 */

/** Active golden customers' counted orders (goldenOrdersFrom's columns), as a FROM item. */
export function activeGoldenOrders(alias: string): string {
  return `(SELECT ao.* FROM ${goldenOrdersFrom('$1', 'ao')}
  JOIN "golden_customer" ag ON ag."id" = ao."golden_id" AND ag."status" = 'active') AS ${alias}`
}

/**
 * Service cases of active golden customers (a case names its customer by connection and external
 * id; cases of customers not yet resolved into a golden are not in it), with `golden_id` and
 * `golden_name`, as a FROM item.
 */
export function activeGoldenCases(alias: string): string {
  return `(SELECT sc.*, ci."golden_id", cg."name" AS golden_name
  FROM "service_case" sc
  JOIN "customer" cc ON cc."connection_id" = sc."connection_id" AND cc."external_id" = sc."customer_external_id"
  JOIN "customer_identity" ci ON ci."customer_id" = cc."id"
  JOIN "golden_customer" cg ON cg."id" = ci."golden_id" AND cg."status" = 'active'
  WHERE sc."tenant_id" = $1) AS ${alias}`
}

export const inPeriod = (column: string) => `${column} >= $2::timestamptz AND ${column} < $3::timestamptz`
export const inPrevious = (column: string) => `${column} >= $4::timestamptz AND ${column} < $5::timestamptz`

/** The period's first and last-plus-one UTC day, for DATE columns. */
export const PERIOD_FIRST_DAY = `($2::timestamptz AT TIME ZONE 'UTC')::date`
export const PERIOD_END_DAY = `($3::timestamptz AT TIME ZONE 'UTC')::date`

/** Seconds → days. */
export const days = (interval: string) => `(EXTRACT(EPOCH FROM (${interval})) / 86400.0)`
