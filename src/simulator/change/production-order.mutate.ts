import { DAY_MS } from '../generate/timestamp.assign'
import type { ProductionState, SimProductionOrder } from '../simulator.types'
import type { ChangeContext } from './change.context'

function shifted(order: SimProductionOrder, startDays: number, endDays: number): SimProductionOrder {
  const start = Date.parse(order.planned_start)
  const end = Date.parse(order.planned_end)
  if (Number.isNaN(start) || Number.isNaN(end)) return { ...order }
  return { ...order, planned_start: new Date(start + startDays * DAY_MS).toISOString(), planned_end: new Date(end + endDays * DAY_MS).toISOString() }
}

function advanced(order: SimProductionOrder, state: ProductionState): SimProductionOrder {
  return { ...order, state }
}

/** Planners release, start and finish orders, and move them around the calendar while doing so. */
export function mutateProductionOrder(order: SimProductionOrder, { rng }: ChangeContext): SimProductionOrder {
  const r = rng.next()
  if (order.state === 'planned') {
    if (r < 0.6) return advanced(order, 'released')
    if (r < 0.9) {
      const days = rng.int(-3, 7) || 1
      return shifted(order, days, days)
    }
    return advanced(order, 'cancelled')
  }
  if (order.state === 'released') {
    if (r < 0.6) return advanced(order, 'running')
    const days = rng.int(1, 4)
    return shifted(order, days, days)
  }
  if (order.state === 'running') return r < 0.7 ? advanced(order, 'done') : shifted(order, 0, rng.int(1, 2))
  return { ...order }
}
