import type { Random } from '../random/seeded.random'
import type { SalesOrderStatus, SimCustomer, SimOrderLine, SimProduct, SimSalesOrder } from '../simulator.types'
import { MAX_LINES_PER_ORDER, MIN_LINES_PER_ORDER } from './dataset.sizes'
import { EUR_RATES, formatCents, quantityString } from './money.format'
import { customerDiscount, orderQuantity } from './order-line.rules'
import { LAST_CHANGE_WITHIN_DAYS, statusForAge } from './order-status.rules'
import { assignUpdatedAt, DAY_MS } from './timestamp.assign'

/** What an order is built from: the catalogue and the customer base, and how each is drawn. */
export interface OrderSources {
  products: readonly SimProduct[]
  /** List price in cents per entry of `products`, parsed once rather than per line. */
  productCents: ArrayLike<number>
  pickProduct: (rng: Random) => number
  customers: readonly SimCustomer[]
  pickCustomer: (rng: Random) => number
}

export function salesOrderIds(seq: number, year: number): { id: string; number: string } {
  return { id: `SO-${String(seq).padStart(7, '0')}`, number: `SO-${year}-${String(seq).padStart(6, '0')}` }
}

/** Lines priced in the customer's currency with the customer's discount; distinct products per order. */
export function buildOrderLines(rng: Random, sources: OrderSources, lineCount: number, customer: SimCustomer): { lines: SimOrderLine[]; totalCents: number } {
  const rate = EUR_RATES[customer.currency] ?? 1
  const discount = customerDiscount(customer.id)
  const chosen: number[] = []
  const lines: SimOrderLine[] = new Array(lineCount)
  let totalCents = 0
  for (let n = 0; n < lineCount; n++) {
    let index = sources.pickProduct(rng)
    for (let tries = 0; chosen.includes(index); tries++) index = tries < 10 ? sources.pickProduct(rng) : (index + 1) % sources.products.length
    chosen.push(index)
    const product = sources.products[index]
    const listCents = sources.productCents[index]
    const unitCents = Math.max(1, Math.round(listCents * rate * (1 - discount)))
    const quantity = orderQuantity(rng, product.uom, listCents)
    totalCents += quantity * unitCents
    lines[n] = { line_no: n + 1, sku: product.sku, description: product.name, quantity: quantityString(quantity), unit_price: formatCents(unitCents), uom: product.uom }
  }
  return { lines, totalCents }
}

export function buildSalesOrder(rng: Random, seq: number, sources: OrderSources, lineCount: number, orderDate: string, status: SalesOrderStatus): SimSalesOrder {
  const customer = sources.customers[sources.pickCustomer(rng)]
  const { lines, totalCents } = buildOrderLines(rng, sources, lineCount, customer)
  const { id, number } = salesOrderIds(seq, Number(orderDate.slice(0, 4)))
  return { id, number, customer_id: customer.id, status, order_date: orderDate, currency: customer.currency, total: formatCents(totalCents), lines, updated_at: '' }
}

/** Splits exactly `lines` lines over `orders` orders, each holding 1–9 (uniform, so ~5 on average). */
export function linesPerOrder(rng: Random, orders: number, lines: number): Uint8Array {
  const counts = new Uint8Array(orders)
  let sum = 0
  for (let i = 0; i < orders; i++) {
    counts[i] = rng.int(MIN_LINES_PER_ORDER, MAX_LINES_PER_ORDER)
    sum += counts[i]
  }
  let diff = lines - sum
  // Nudge random orders until the sum is exact; a sweep finishes the rare crowded case quickly.
  for (let attempts = 0; diff !== 0 && attempts < orders * 4; attempts++) {
    const i = rng.int(0, orders - 1)
    if (diff > 0 && counts[i] < MAX_LINES_PER_ORDER) { counts[i]++; diff-- }
    else if (diff < 0 && counts[i] > MIN_LINES_PER_ORDER) { counts[i]--; diff++ }
  }
  for (let i = 0; diff !== 0 && i < orders; i++) {
    const step = diff > 0 ? Math.min(diff, MAX_LINES_PER_ORDER - counts[i]) : -Math.min(-diff, counts[i] - MIN_LINES_PER_ORDER)
    counts[i] += step
    diff -= step
  }
  return counts
}

/** Orders placed over the past year; the status follows the age, the last change follows the status. */
export function generateSalesOrders(count: number, lines: number, rng: Random, nowMs: number, sources: OrderSources): SimSalesOrder[] {
  const perOrder = linesPerOrder(rng, count, lines)
  const records: SimSalesOrder[] = new Array(count)
  const wished = new Float64Array(count)
  const dayStrings = new Map<number, string>()
  for (let i = 0; i < count; i++) {
    const orderMs = nowMs - rng.next() * 365 * DAY_MS
    const day = Math.floor(orderMs / DAY_MS)
    let orderDate = dayStrings.get(day)
    if (orderDate === undefined) {
      orderDate = new Date(day * DAY_MS).toISOString().slice(0, 10)
      dayStrings.set(day, orderDate)
    }
    const status = statusForAge(rng, (nowMs - orderMs) / DAY_MS)
    records[i] = buildSalesOrder(rng, i + 1, sources, perOrder[i], orderDate, status)
    const lastChange = orderMs + rng.next() * LAST_CHANGE_WITHIN_DAYS[status] * DAY_MS
    wished[i] = lastChange < nowMs - 1000 ? lastChange : orderMs + rng.next() * (nowMs - 1000 - orderMs)
  }
  return assignUpdatedAt(records, wished)
}
