import type { Random } from '../random/seeded.random'

type QuantityRule = (rng: Random, unitCents: number) => number

/** Order quantities people actually type for each unit: a few pumps, hundreds of metres of cable. */
const QUANTITY_BY_UOM: Readonly<Record<string, QuantityRule>> = {
  PCE: (rng, cents) => {
    if (cents >= 200_000) return rng.int(1, 3)
    if (cents >= 50_000) return rng.int(1, 6)
    if (cents >= 10_000) return rng.int(1, 12)
    if (cents >= 2_000) return rng.int(1, 40)
    return rng.pick([10, 20, 25, 50, 100, 200])
  },
  M: (rng) => rng.pick([10, 25, 50, 100, 150, 200, 250, 500]),
  KG: (rng) => rng.pick([25, 50, 100, 250, 500, 1000]),
  L: (rng) => rng.pick([5, 10, 20, 60, 200]),
  BOX: (rng) => rng.int(1, 20),
  PR: (rng) => rng.pick([5, 10, 20, 50, 100]),
  SET: (rng) => rng.int(1, 10),
}

export function orderQuantity(rng: Random, uom: string, unitCents: number): number {
  return (QUANTITY_BY_UOM[uom] ?? QUANTITY_BY_UOM.SET)(rng, unitCents)
}

/** Negotiated discounts by customer, derived from the customer number so nothing extra is stored. */
const DISCOUNT_TIERS = [0, 0.02, 0.03, 0.05, 0.08, 0.1, 0.12, 0.15]

export function customerDiscount(customerId: string): number {
  const digits = Number(customerId.replace(/\D/g, ''))
  return DISCOUNT_TIERS[digits % DISCOUNT_TIERS.length]
}
