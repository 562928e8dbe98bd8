import { quantityString } from '../generate/money.format'
import type { SimStock } from '../simulator.types'
import type { ChangeContext } from './change.context'

/** Goods received or issued, reservations shifting with them; the count is as of the change. */
export function mutateStock(stock: SimStock, { rng, at }: ChangeContext): SimStock {
  const onHand = /^\d+$/.test(stock.on_hand) ? Number(stock.on_hand) : 0
  const reserved = /^\d+$/.test(stock.reserved) ? Number(stock.reserved) : 0
  const step = Math.max(1, Math.round(Math.max(onHand, 10) * (0.05 + rng.next() * 0.3)))
  const nextOnHand = rng.chance(0.4) ? onHand + step : Math.max(0, onHand - step)
  const nextReserved = Math.min(nextOnHand, rng.chance(0.5) ? reserved : rng.int(0, nextOnHand))
  return { ...stock, on_hand: quantityString(nextOnHand), reserved: quantityString(nextReserved), as_of: at }
}
