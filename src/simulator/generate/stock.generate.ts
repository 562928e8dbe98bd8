import { WAREHOUSES } from '../catalog/warehouse.data'
import type { Random } from '../random/seeded.random'
import type { SimProduct, SimStock, SimWarehouse } from '../simulator.types'
import { parseCents, quantityString } from './money.format'
import { stockLevels } from './stock.rules'
import { assignUpdatedAt, DAY_MS, HOUR_MS, MINUTE_MS } from './timestamp.assign'

export function stockId(warehouse: SimWarehouse, sku: string): string {
  return `${warehouse.code}:${sku}`
}

export function buildStock(rng: Random, product: SimProduct, warehouse: SimWarehouse, asOf: string): SimStock {
  const { onHand, reserved } = stockLevels(rng, product.uom, parseCents(product.list_price))
  return {
    id: stockId(warehouse, product.sku),
    sku: product.sku,
    warehouse,
    on_hand: quantityString(onHand),
    reserved: quantityString(reserved),
    uom: product.uom,
    as_of: asOf,
    updated_at: '',
  }
}

/**
 * `count` of the product × warehouse pairs, chosen at random: most products are stocked in most
 * warehouses, some nowhere near one. Counted within the last two months; as_of precedes the change.
 */
export function generateStock(count: number, rng: Random, nowMs: number, products: readonly SimProduct[]): SimStock[] {
  const pairs = products.length * WAREHOUSES.length
  const pairOrder = new Uint32Array(pairs)
  for (let i = 0; i < pairs; i++) pairOrder[i] = i
  // A partial shuffle: the first `count` slots are a uniform sample without repeats.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (pairs - i))
    const tmp = pairOrder[i]
    pairOrder[i] = pairOrder[j]
    pairOrder[j] = tmp
  }
  const chosen = pairOrder.subarray(0, count).sort()
  const records: SimStock[] = new Array(count)
  const wished = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    const pair = chosen[k]
    const product = products[Math.floor(pair / WAREHOUSES.length)]
    const warehouse = WAREHOUSES[pair % WAREHOUSES.length]
    wished[k] = nowMs - MINUTE_MS - rng.next() * 60 * DAY_MS
    records[k] = buildStock(rng, product, warehouse, new Date(Math.floor(wished[k] - rng.next() * 6 * HOUR_MS)).toISOString())
  }
  return assignUpdatedAt(records, wished)
}
