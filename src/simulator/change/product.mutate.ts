import { formatCents, parseCents, roundListPrice } from '../generate/money.format'
import type { SimProduct } from '../simulator.types'
import type { ChangeContext } from './change.context'

/** A price revision, mostly upwards (−3 % … +7 %). Orders keep the prices they were placed at. */
export function mutateProduct(product: SimProduct, { rng }: ChangeContext): SimProduct {
  let cents: number
  try {
    cents = parseCents(product.list_price)
  } catch {
    // A patched-in bad price is left as it is; only the timestamp moves.
    return { ...product }
  }
  const revised = roundListPrice((cents / 100) * (0.97 + rng.next() * 0.1))
  return { ...product, list_price: formatCents(revised) }
}
