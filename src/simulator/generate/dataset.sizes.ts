import { ValidationError } from '../../errors/hub-error'
import { WAREHOUSES } from '../catalog/warehouse.data'
import type { EntityCounts, EntityName } from '../simulator.types'

export const MIN_LINES_PER_ORDER = 1
export const MAX_LINES_PER_ORDER = 9
const AVERAGE_LINES_PER_ORDER = 5
const NOT_STOCKED_SHARE = 0.1

/**
 * Derives every entity's count from the number of order lines, the one size knob benchmarks turn.
 * Explicit overrides win, but must still allow a valid dataset (e.g. 1–9 lines per order).
 */
export function resolveCounts(lines: number, overrides: Partial<EntityCounts>): EntityCounts {
  const minOrders = Math.ceil(lines / MAX_LINES_PER_ORDER)
  const orders = overrides['sales-orders'] ?? clamp(Math.round(lines / AVERAGE_LINES_PER_ORDER), minOrders, lines)
  const products = overrides.products ?? clamp(Math.round(2 * Math.sqrt(lines)), 20, 5000)
  const counts: EntityCounts = {
    customers: overrides.customers ?? Math.max(10, Math.round(orders / 4)),
    products,
    'sales-orders': orders,
    stock: overrides.stock ?? Math.round(products * WAREHOUSES.length * (1 - NOT_STOCKED_SHARE)),
    'production-orders': overrides['production-orders'] ?? Math.max(1, Math.round(products / 2)),
  }
  const issues: { path: string; message: string }[] = []
  const bound = (entity: EntityName, min: number, max: number, why: string) => {
    if (counts[entity] < min || counts[entity] > max) issues.push({ path: `counts.${entity}`, message: `must be between ${min} and ${max} (${why}); got ${counts[entity]}` })
  }
  bound('sales-orders', minOrders, lines, `${lines} lines at ${MIN_LINES_PER_ORDER}–${MAX_LINES_PER_ORDER} per order`)
  bound('customers', 1, Number.MAX_SAFE_INTEGER, 'orders need customers')
  bound('products', MAX_LINES_PER_ORDER, 99_999, 'an order has up to 9 distinct products')
  bound('stock', 0, counts.products * WAREHOUSES.length, `one record per product and warehouse`)
  bound('production-orders', 0, Number.MAX_SAFE_INTEGER, 'a count')
  if (issues.length > 0) throw new ValidationError('simulator counts do not fit together', issues)
  return counts
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
