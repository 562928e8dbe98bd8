/** A decimal column as the API shows it: exact text, never a float. */
type Decimalish = { toString(): string }

interface OrderRow {
  id: string
  externalId: string
  number: string | null
  status: string
  orderedAt: Date | null
  currency: string | null
  totalAmount: Decimalish | null
  lines: Array<{ lineNo: number; sku: string; description: string | null; quantity: Decimalish; unitPrice: Decimalish | null; amount: Decimalish | null; uom: string | null }>
}

/** A sales order with its lines as the customer views show it (source view and 360 alike). */
export function orderView(o: OrderRow) {
  return {
    id: o.id,
    externalId: o.externalId,
    number: o.number,
    status: o.status,
    orderedAt: o.orderedAt,
    currency: o.currency,
    totalAmount: o.totalAmount?.toString() ?? null,
    lines: o.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, description: l.description, quantity: l.quantity.toString(), unitPrice: l.unitPrice?.toString() ?? null, amount: l.amount?.toString() ?? null, uom: l.uom })),
  }
}
