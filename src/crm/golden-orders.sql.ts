/**
 * Orders of golden customers, for every CRM query that needs order behaviour (RFM, rule segments,
 * campaign selection and responses, association rules, offers, the scorecard): a golden customer's
 * orders are the orders, in every ERP, of its source customers. One SQL fragment, so every part of
 * the hub counts the same orders the same way.
 */

/** Orders that are real business: drafts and quotations are not yet, cancelled ones no longer. */
export const COUNTED_ORDER_STATUSES = ['confirmed', 'open', 'shipped', 'invoiced', 'closed'] as const

/**
 * A FROM item `(…) AS <alias>` with columns golden_id, tenant_id, order_id, connection_id, ordered_at,
 * total_amount, currency, status — counted orders only. `$tenant` is the placeholder holding the
 * tenant id in the caller's parameter list (e.g. `$1`).
 */
export function goldenOrdersFrom(tenant: string, alias = 'go'): string {
  return `(SELECT i."golden_id", o."tenant_id", o."id" AS order_id, o."connection_id", o."ordered_at", o."total_amount", o."currency", o."status"
  FROM "customer_identity" i
  JOIN "customer" c ON c."id" = i."customer_id"
  JOIN "sales_order" o ON o."connection_id" = c."connection_id" AND o."customer_external_id" = c."external_id"
  WHERE i."tenant_id" = ${tenant} AND o."status" IN (${COUNTED_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')})) AS ${alias}`
}

/**
 * A FROM item `(…) AS <alias>` with the lines of golden customers' counted orders: golden_id, order_id,
 * ordered_at, sku, quantity, amount, and the product's category in the order's ERP (null when the
 * ERP does not know the SKU as a product).
 */
export function goldenOrderLinesFrom(tenant: string, alias = 'gl'): string {
  return `(SELECT go."golden_id", go."order_id", go."ordered_at", l."sku", l."quantity", l."amount", p."category"
  FROM ${goldenOrdersFrom(tenant, 'go')}
  JOIN "sales_order_line" l ON l."order_id" = go."order_id"
  LEFT JOIN LATERAL (SELECT p."category" FROM "product" p WHERE p."connection_id" = go."connection_id" AND p."sku" = l."sku" LIMIT 1) p ON true) AS ${alias}`
}
