import { weightedPicker, type Random } from '../random/seeded.random'
import type { SalesOrderStatus } from '../simulator.types'

const recent = weightedPicker<SalesOrderStatus>([['draft', 20], ['quotation', 25], ['confirmed', 40], ['processing', 10], ['cancelled', 5]])
const thisFortnight = weightedPicker<SalesOrderStatus>([['draft', 3], ['quotation', 10], ['confirmed', 30], ['processing', 30], ['shipped', 22], ['cancelled', 5]])
const thisQuarter = weightedPicker<SalesOrderStatus>([['processing', 8], ['shipped', 25], ['invoiced', 45], ['done', 17], ['cancelled', 5]])
const older = weightedPicker<SalesOrderStatus>([['shipped', 1], ['invoiced', 14], ['done', 79], ['cancelled', 6]])

/** Old orders are mostly closed, recent ones still open. */
export function statusForAge(rng: Random, ageDays: number): SalesOrderStatus {
  if (ageDays <= 2) return recent(rng)
  if (ageDays <= 14) return thisFortnight(rng)
  if (ageDays <= 45) return thisQuarter(rng)
  return older(rng)
}

/** How long after the order date a record in this status was last touched, at most. */
export const LAST_CHANGE_WITHIN_DAYS: Readonly<Record<SalesOrderStatus, number>> = {
  draft: 1,
  quotation: 3,
  confirmed: 2,
  processing: 5,
  shipped: 10,
  invoiced: 25,
  done: 50,
  cancelled: 10,
}

/** The path an order walks; terminal states have no next step. */
export const NEXT_STATUS: Readonly<Partial<Record<SalesOrderStatus, SalesOrderStatus>>> = {
  draft: 'quotation',
  quotation: 'confirmed',
  confirmed: 'processing',
  processing: 'shipped',
  shipped: 'invoiced',
  invoiced: 'done',
}
