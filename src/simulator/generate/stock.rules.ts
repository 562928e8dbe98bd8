import type { Random } from '../random/seeded.random'

type StockRule = (rng: Random, listCents: number) => number

/** Plausible shelf quantities: expensive pieces in ones and tens, bulk goods by the hundred. */
const ON_HAND_BY_UOM: Readonly<Record<string, StockRule>> = {
  PCE: (rng, cents) => (cents >= 100_000 ? rng.int(1, 12) : cents >= 10_000 ? rng.int(1, 60) : rng.int(1, 400)),
  M: (rng) => rng.int(1, 100) * 50,
  KG: (rng) => rng.int(1, 800) * 25,
  L: (rng) => rng.int(1, 100) * 20,
  BOX: (rng) => rng.int(1, 300),
  PR: (rng) => rng.int(1, 160) * 5,
  SET: (rng) => rng.int(1, 100),
}

const ZERO_STOCK = 0.05
const NOTHING_RESERVED = 0.4

export function stockLevels(rng: Random, uom: string, listCents: number): { onHand: number; reserved: number } {
  if (rng.chance(ZERO_STOCK)) return { onHand: 0, reserved: 0 }
  const onHand = (ON_HAND_BY_UOM[uom] ?? ON_HAND_BY_UOM.SET)(rng, listCents)
  const reserved = rng.chance(NOTHING_RESERVED) ? 0 : rng.int(0, onHand)
  return { onHand, reserved }
}

type BatchRule = (rng: Random, listCents: number) => number

/** Production batch sizes by unit, in the round numbers planners use. */
const BATCH_BY_UOM: Readonly<Record<string, BatchRule>> = {
  PCE: (rng, cents) => (cents >= 100_000 ? rng.int(1, 10) * 5 : cents >= 10_000 ? rng.int(2, 30) * 10 : rng.int(1, 50) * 100),
  M: (rng) => rng.int(1, 20) * 500,
  KG: (rng) => rng.int(1, 20) * 1000,
  L: (rng) => rng.int(1, 20) * 500,
  BOX: (rng) => rng.int(1, 10) * 50,
  PR: (rng) => rng.int(2, 20) * 100,
  SET: (rng) => rng.int(2, 20) * 10,
}

export function productionBatch(rng: Random, uom: string, listCents: number): number {
  return (BATCH_BY_UOM[uom] ?? BATCH_BY_UOM.SET)(rng, listCents)
}
