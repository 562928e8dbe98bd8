/**
 * A small seeded PRNG (mulberry32) with the helpers the generators need. Math.random is never used
 * for data: the same seed must give byte-identical datasets on every run.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Fills a pattern: `#` any digit, `%` a digit 1–9, `@` an upper-case letter; other characters stay. */
  fill(pattern: string): string
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[]
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

export function createRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    fill(pattern) {
      let out = ''
      for (const ch of pattern) {
        if (ch === '#') out += String(Math.floor(next() * 10))
        else if (ch === '%') out += String(1 + Math.floor(next() * 9))
        else if (ch === '@') out += LETTERS[Math.floor(next() * 26)]
        else out += ch
      }
      return out
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const tmp = items[i]
        items[i] = items[j]
        items[j] = tmp
      }
      return items
    },
  }
}

/**
 * One independent stream per purpose (customers, orders, mutations…), so overriding one entity's
 * count or calling mutate() never shifts the data of another entity.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  // murmur3's finalizer spreads nearby seeds (7 and 8) far apart
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

export type WeightedEntries<T> = readonly (readonly [T, number])[]

/** Precomputes the cumulative weights once; each pick is then a short scan. */
export function weightedPicker<T>(entries: WeightedEntries<T>): (rng: Random) => T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
  const cumulative: number[] = []
  let acc = 0
  for (const [, weight] of entries) {
    acc += weight / total
    cumulative.push(acc)
  }
  return (rng) => {
    const r = rng.next()
    for (let i = 0; i < cumulative.length; i++) if (r < cumulative[i]) return entries[i][0]
    return entries[entries.length - 1][0]
  }
}

/**
 * A skewed index in [0, n): low indices come up far more often. Callers map it through a shuffled
 * order so that popularity is not tied to id order (a few customers and products dominate, as in life).
 */
export function skewedIndex(rng: Random, n: number): number {
  const r = rng.next()
  return Math.floor(r * r * n)
}
