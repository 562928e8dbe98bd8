/**
 * Synthetic order history with known associations planted in it, for the association-rule tests and
 * for benchmarks and demos: with real data nobody knows which rules ought to come out, here we do.
 *
 * Background items are drawn with a Zipf-like popularity (the k-th SKU is drawn with weight 1 / k^s),
 * so a few SKUs are in a large share of the baskets — frequent, but drawn independently of each
 * other, hence not associated. That is the trap a cross-sell miner must not fall into: support alone
 * would recommend the bestsellers with everything. Then each planted association adds its consequent,
 * with its probability, to every basket that holds its whole antecedent.
 *
 * One caveat that real order data shares: baskets differ in size, and a large basket holds more of
 * everything, so two background items are slightly more likely together than apart (lift a little
 * above 1, at most about E[size²] / E[size]², 1.26 for sizes uniform in 1..8). Planted associations
 * are far above that.
 *
 * Deterministic per seed: every random choice comes from the seeded generator below, never from
 * Math.random or the clock, so a test's or a benchmark's data is the same on every run.
 */

export interface PlantedAssociation {
  /** All of these in a basket (as drawn, or added by an earlier planted association) trigger the consequent. */
  antecedent: string[]
  consequent: string
  /** Chance (0..1) that a basket holding the antecedent gets the consequent. */
  probability: number
}

export interface BasketGeneratorOptions {
  seed: number
  baskets: number
  /** SKUs in the background assortment: `SKU-0001` (the most popular) to `skuName(skus)`. */
  skus: number
  /** Applied in this order to each basket, so one association's consequent can be the next one's antecedent. */
  planted: PlantedAssociation[]
  /** Distinct background items per basket, uniform in min..max (at most `skus`). Default 1..8. */
  basketSize?: { min: number; max: number }
  /** The exponent s of the popularity 1 / k^s: 0 is uniform, 1 (default) is classic Zipf, larger is steeper. */
  zipfExponent?: number
}

/** `SKU-0001` for 1: four digits, more only past 9,999. The background's SKUs are ranked by popularity, 1 the most popular. */
export function skuName(rank: number): string {
  return `SKU-${String(rank).padStart(4, '0')}`
}

/**
 * mulberry32 (Tommy Ettinger): 32 bits of state, one multiply-xorshift round per draw. Far from
 * cryptographic, but uniform enough for test data, tiny, and seedable with any 32-bit integer (zero
 * included, unlike a plain xorshift). Returns uniform floats in [0, 1).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
}

/** Cumulative popularity weights, computed once; a draw is then one random number and a binary search. */
function zipfSampler(skus: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(skus)
  let total = 0
  for (let k = 1; k <= skus; k++) cumulative[k - 1] = total += 1 / Math.pow(k, exponent)
  return () => {
    const target = random() * total
    let lo = 0
    let hi = skus - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cumulative[mid] > target) hi = mid
      else lo = mid + 1
    }
    return lo + 1
  }
}

function checkOptions(o: BasketGeneratorOptions): Required<BasketGeneratorOptions> {
  const { basketSize = { min: 1, max: 8 }, zipfExponent = 1 } = o
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${String(o.seed)}`)
  if (!Number.isInteger(o.baskets) || o.baskets < 0) throw new RangeError(`baskets must be an integer of at least 0, got ${String(o.baskets)}`)
  if (!Number.isInteger(o.skus) || o.skus < 1) throw new RangeError(`skus must be an integer of at least 1, got ${String(o.skus)}`)
  if (!Number.isInteger(basketSize.min) || !Number.isInteger(basketSize.max) || basketSize.min < 0 || basketSize.max < basketSize.min) {
    throw new RangeError(`basketSize must be integers with 0 <= min <= max, got ${basketSize.min}..${basketSize.max}`)
  }
  if (!(zipfExponent >= 0 && Number.isFinite(zipfExponent))) throw new RangeError(`zipfExponent must be a finite number of at least 0, got ${String(zipfExponent)}`)
  for (const p of o.planted) {
    if (p.antecedent.length === 0) throw new RangeError(`planted association → ${p.consequent} needs an antecedent`)
    if (!(p.probability >= 0 && p.probability <= 1)) throw new RangeError(`planted probability must be between 0 and 1, got ${String(p.probability)} for ${p.antecedent.join(',')} → ${p.consequent}`)
  }
  return { ...o, basketSize, zipfExponent }
}

/** Orders as lists of SKUs, each SKU at most once per order. */
export function generateBaskets(options: BasketGeneratorOptions): string[][] {
  const o = checkOptions(options)
  const random = mulberry32(o.seed)
  const draw = zipfSampler(o.skus, o.zipfExponent, random)
  const names = Array.from({ length: o.skus }, (_, i) => skuName(i + 1))
  const maxSize = Math.min(o.basketSize.max, o.skus)
  const minSize = Math.min(o.basketSize.min, maxSize)
  const out: string[][] = []
  for (let b = 0; b < o.baskets; b++) {
    const size = minSize + Math.floor(random() * (maxSize - minSize + 1))
    const basket = new Set<string>()
    // Distinct items by redrawing a repeat. Bounded: with a steep popularity and few SKUs the last rare
    // items can take long to come up, and a basket one item short is no harm to test data.
    for (let attempts = 0; basket.size < size && attempts < 50 * size; attempts++) basket.add(names[draw() - 1])
    for (const p of o.planted) {
      if (!p.antecedent.every((sku) => basket.has(sku))) continue
      if (random() < p.probability) basket.add(p.consequent)
    }
    out.push([...basket])
  }
  return out
}
