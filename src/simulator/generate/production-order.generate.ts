import { WAREHOUSES } from '../catalog/warehouse.data'
import type { Random } from '../random/seeded.random'
import type { ProductionState, SimProduct, SimProductionOrder } from '../simulator.types'
import { parseCents, quantityString } from './money.format'
import { productionBatch } from './stock.rules'
import { assignUpdatedAt, DAY_MS, HOUR_MS, MINUTE_MS } from './timestamp.assign'

export function productionOrderIds(seq: number, year: number): { id: string; number: string } {
  const digits = String(seq).padStart(6, '0')
  return { id: `MO-${digits}`, number: `MO-${year}-${digits}` }
}

/** Shifts start at 06:00 or 14:00 UTC and end at 18:00 or 22:00, one to five days later. */
export function plannedWindow(rng: Random, dayMs: number): { startMs: number; endMs: number } {
  const lateShift = rng.chance(0.3)
  const startMs = dayMs + (lateShift ? 14 : 6) * HOUR_MS
  const endMs = dayMs + rng.int(0, 4) * DAY_MS + (lateShift ? 22 : 18) * HOUR_MS
  return { startMs, endMs }
}

/** The state a planner would have set by `nowMs`, given the window. */
export function stateForWindow(rng: Random, nowMs: number, startMs: number, endMs: number): ProductionState {
  if (endMs <= nowMs) return rng.chance(0.9) ? 'done' : 'cancelled'
  if (startMs <= nowMs) return 'running'
  if (startMs - nowMs < 7 * DAY_MS) return rng.chance(0.7) ? 'released' : 'planned'
  const r = rng.next()
  return r < 0.9 ? 'planned' : r < 0.95 ? 'released' : 'cancelled'
}

export function buildProductionOrder(rng: Random, seq: number, product: SimProduct, startMs: number, endMs: number, state: ProductionState): SimProductionOrder {
  const planned_start = new Date(startMs).toISOString()
  const { id, number } = productionOrderIds(seq, Number(planned_start.slice(0, 4)))
  return {
    id,
    number,
    sku: product.sku,
    quantity: quantityString(productionBatch(rng, product.uom, parseCents(product.list_price))),
    warehouse: rng.pick(WAREHOUSES).code,
    planned_start,
    planned_end: new Date(endMs).toISOString(),
    state,
    updated_at: '',
  }
}

/** Orders planned from three weeks ago to eight weeks ahead of `now`; the past ones are done. */
export function generateProductionOrders(count: number, rng: Random, nowMs: number, products: readonly SimProduct[], pickProduct: (rng: Random) => number): SimProductionOrder[] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS
  const records: SimProductionOrder[] = new Array(count)
  const wished = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const { startMs, endMs } = plannedWindow(rng, today + rng.int(-21, 56) * DAY_MS)
    const state = stateForWindow(rng, nowMs, startMs, endMs)
    records[i] = buildProductionOrder(rng, i + 1, products[pickProduct(rng)], startMs, endMs, state)
    // A finished order was last touched after it ended, a running one after it started.
    const from = state === 'done' ? endMs : state === 'running' ? startMs : nowMs - 45 * DAY_MS
    wished[i] = from + rng.next() * (nowMs - MINUTE_MS - from)
  }
  return assignUpdatedAt(records, wished)
}
