/**
 * The benchmark's own seeded randomness. src/identity may not import the simulator (scripts/check-deps.ts),
 * so the generator carries a tiny PRNG of its own: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator, 128 bits of state with a counter that rules out short cycles; its statistical quality is far
 * beyond what the few million draws of a dataset need), seeded through splitmix32 so that nearby seeds
 * (1, 2, 3) give unrelated streams.
 * Math.random is never used: a benchmark number is only comparable between runs if the data is identical.
 */
export interface BenchRandom {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /**
   * Front-loaded pick: index ⌊r²·n⌋, so the first entries of a list come up far more often. Name stems and
   * industry words are listed most-common-first, which is what makes "Müller" and "Bau" frequent tokens.
   */
  pickSkewed<T>(items: readonly T[]): T
  /** `#` any digit, `%` a digit 1–9, `@` an upper-case letter; every other character is kept. */
  fill(pattern: string): string
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[]
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0
    return (z ^ (z >>> 15)) >>> 0
  }
}

/** FNV-1a over the label, mixed with the seed: one independent stream per purpose. */
export function streamSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0
  return splitmix32(h)()
}

export function createBenchRandom(seed: number): BenchRandom {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let counter = 1
  const raw = (): number => {
    const t = (((a + b) >>> 0) + counter) >>> 0
    counter = (counter + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t >>> 0
  }
  // The first outputs of a freshly seeded counter generator are still correlated with the seed.
  for (let i = 0; i < 12; i++) raw()
  const next = (): number => raw() / 4294967296
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    pickSkewed: (items) => {
      const r = next()
      return items[Math.floor(r * r * items.length)]
    },
    fill(pattern) {
      let out = ''
      for (const ch of pattern) {
        if (ch === '#') out += String(Math.floor(next() * 10))
        else if (ch === '%') out += String(1 + Math.floor(next() * 9))
        else if (ch === '@') out += UPPER[Math.floor(next() * 26)]
        else out += ch
      }
      return out
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const swap = items[i]
        items[i] = items[j]
        items[j] = swap
      }
      return items
    },
  }
}

export type Weighted<T> = readonly (readonly [T, number])[]

/** Cumulative weights computed once; a pick is then one draw and a short scan. Zero weights never come up. */
export function weighted<T>(entries: Weighted<T>): (rng: BenchRandom) => T {
  const live = entries.filter(([, w]) => w > 0)
  if (live.length === 0) throw new Error('weighted(): every weight is zero')
  const total = live.reduce((sum, [, w]) => sum + w, 0)
  const bounds: number[] = []
  let acc = 0
  for (const [, w] of live) bounds.push((acc += w / total))
  return (rng) => {
    const r = rng.next()
    for (let i = 0; i < bounds.length; i++) if (r < bounds[i]) return live[i][0]
    return live[live.length - 1][0]
  }
}
