import { formatCents, parseCents, quantityString } from '../generate/money.format'
import { orderQuantity } from '../generate/order-line.rules'
import { NEXT_STATUS } from '../generate/order-status.rules'
import type { SimOrderLine, SimSalesOrder } from '../simulator.types'
import type { ChangeContext } from './change.context'

/** Cents of quantity × unit price over all lines, or null when a line holds a patched-in bad value. */
function totalOf(lines: readonly SimOrderLine[]): number | null {
  let total = 0
  for (const line of lines) {
    if (!/^\d+$/.test(line.quantity)) return null
    try {
      total += Number(line.quantity) * parseCents(line.unit_price)
    } catch {
      return null
    }
  }
  return total
}

/**
 * Orders move forward through their states. Open offers may instead be cancelled or have a
 * quantity changed (total recomputed); closed orders are only touched.
 */
export function mutateSalesOrder(order: SimSalesOrder, { rng }: ChangeContext): SimSalesOrder {
  const next = NEXT_STATUS[order.status]
  if (!next) return { ...order }
  if (order.status === 'draft' || order.status === 'quotation') {
    if (rng.chance(0.1)) return { ...order, status: 'cancelled' }
    if (rng.chance(0.3) && order.lines.length > 0) {
      const index = rng.int(0, order.lines.length - 1)
      const line = order.lines[index]
      const lines = order.lines.slice()
      let unitCents = 0
      try {
        unitCents = parseCents(line.unit_price)
      } catch {
        return { ...order, status: next }
      }
      lines[index] = { ...line, quantity: quantityString(orderQuantity(rng, line.uom, unitCents)) }
      const total = totalOf(lines)
      if (total !== null) return { ...order, lines, total: formatCents(total) }
    }
  }
  return { ...order, status: next }
}
