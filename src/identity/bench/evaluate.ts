import type { CorruptionName, SourceCustomer } from './bench.types'

/**
 * Scores a clustering against the ground truth without looking at pairs one by one. Every pair count is
 * cluster-size arithmetic: the pairs inside a group of n records are n(n−1)/2, so
 *   true pairs       = Σ over true clusters t of C(|t|, 2)
 *   predicted pairs  = Σ over predicted clusters p of C(|p|, 2)
 *   true positives   = Σ over non-empty cells (t, p) of C(|t ∩ p|, 2)
 * and one pass over the records that counts the cells is O(n). 100,000 records take milliseconds.
 */

export interface PairScores {
  precision: number
  recall: number
  f1: number
  tp: number
  fp: number
  fn: number
}

export interface ClusterScores {
  precision: number
  recall: number
  f1: number
}

export interface CorruptionRecall {
  /** True pairs with at least one record carrying the corruption, each pair counted once. */
  pairs: number
  /** Of those, the pairs the prediction puts in one cluster. */
  found: number
  recall: number
}

export interface Evaluation {
  pair: PairScores
  cluster: ClusterScores
  perCorruption: Partial<Record<CorruptionName, CorruptionRecall>>
}

const pairsIn = (n: number): number => (n * (n - 1)) / 2
const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den)
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r))

/** Number of record pairs that refer to the same entity. */
export function truePairs(truth: ReadonlyMap<string, string>): number {
  const sizes = new Map<string, number>()
  for (const entity of truth.values()) sizes.set(entity, (sizes.get(entity) ?? 0) + 1)
  let total = 0
  for (const n of sizes.values()) total += pairsIn(n)
  return total
}

/**
 * Pair precision/recall/F1, cluster-level precision/recall/F1, and recall per corruption.
 *
 * - Only records in `truth` count. A record missing from `predicted` is its own singleton cluster (a
 *   resolver that never saw it linked it to nothing); predicted ids not in the truth are ignored.
 * - Cluster level is the exact-match definition (as in Menestrina, Whang & Garcia-Molina, "Evaluating
 *   Entity Resolution Results", 2010, and Splink's cluster metrics): a predicted cluster counts as correct
 *   only if its member set equals a true cluster's member set; precision = correct / predicted clusters,
 *   recall = correct / true clusters, singletons included on both sides. It punishes a single stray
 *   record in a large cluster, which pair scores hardly notice.
 * - Per corruption: among true pairs with at least one record that carries the corruption, the share the
 *   prediction clusters together. Per true cluster t with k carriers that is C(|t|,2) − C(|t|−k, 2) pairs,
 *   and per cell (t, p) with k' carriers C(|t∩p|,2) − C(|t∩p|−k', 2) found. Needs `records` for the
 *   corruptions; without them perCorruption is empty.
 * - Ratios with an empty denominator are 1 (nothing to find, nothing wrongly claimed).
 */
export function evaluate(truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>, records?: readonly Pick<SourceCustomer, 'recordId' | 'corruptions'>[]): Evaluation {
  // Entities and clusters become dense integers once; every count after that is a typed-array or
  // numeric-key lookup, not string concatenation.
  const entityIndex = new Map<string, number>()
  const clusterIndex = new Map<string, number>()
  const trueSize: number[] = []
  const predSize: number[] = []
  const n = truth.size
  const recordEntity = new Int32Array(n)
  const recordCluster = new Int32Array(n)
  const recordPosition = new Map<string, number>()
  let r = 0
  for (const [recordId, entity] of truth) {
    let e = entityIndex.get(entity)
    if (e === undefined) entityIndex.set(entity, (e = trueSize.push(0) - 1))
    // A record the prediction does not mention is a singleton; its key cannot collide with a predicted id.
    const p = predicted.get(recordId)
    const key = p === undefined ? `s:${recordId}` : `p:${p}`
    let c = clusterIndex.get(key)
    if (c === undefined) clusterIndex.set(key, (c = predSize.push(0) - 1))
    trueSize[e]++
    predSize[c]++
    recordEntity[r] = e
    recordCluster[r] = c
    if (records) recordPosition.set(recordId, r)
    r++
  }
  const clusters = predSize.length
  const cellKey = (i: number): number => recordEntity[i] * clusters + recordCluster[i]
  const cellSize = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    const key = cellKey(i)
    cellSize.set(key, (cellSize.get(key) ?? 0) + 1)
  }

  let allTrue = 0
  for (const size of trueSize) allTrue += pairsIn(size)
  let allPredicted = 0
  for (const size of predSize) allPredicted += pairsIn(size)
  let tp = 0
  let exact = 0
  for (const [key, size] of cellSize) {
    tp += pairsIn(size)
    const e = Math.floor(key / clusters)
    if (trueSize[e] === size && predSize[key - e * clusters] === size) exact++
  }
  const pairPrecision = ratio(tp, allPredicted)
  const pairRecall = ratio(tp, allTrue)
  const clusterPrecision = ratio(exact, predSize.length)
  const clusterRecall = ratio(exact, trueSize.length)

  const perCorruption: Partial<Record<CorruptionName, CorruptionRecall>> = {}
  if (records) {
    // Carriers of each corruption per true cluster and per cell, one map per corruption.
    const inTrue = new Map<CorruptionName, Map<number, number>>()
    const inCell = new Map<CorruptionName, Map<number, number>>()
    const bump = (maps: Map<CorruptionName, Map<number, number>>, c: CorruptionName, key: number): void => {
      let m = maps.get(c)
      if (!m) maps.set(c, (m = new Map()))
      m.set(key, (m.get(key) ?? 0) + 1)
    }
    for (const { recordId, corruptions } of records) {
      if (corruptions.length === 0) continue
      const i = recordPosition.get(recordId)
      if (i === undefined) continue
      for (const c of corruptions) {
        bump(inTrue, c, recordEntity[i])
        bump(inCell, c, cellKey(i))
      }
    }
    for (const [c, perEntity] of inTrue) {
      let pairs = 0
      for (const [e, k] of perEntity) pairs += pairsIn(trueSize[e]) - pairsIn(trueSize[e] - k)
      let found = 0
      for (const [key, k] of inCell.get(c)!) {
        const size = cellSize.get(key)!
        found += pairsIn(size) - pairsIn(size - k)
      }
      perCorruption[c] = { pairs, found, recall: ratio(found, pairs) }
    }
  }

  return {
    pair: { precision: pairPrecision, recall: pairRecall, f1: harmonic(pairPrecision, pairRecall), tp, fp: allPredicted - tp, fn: allTrue - tp },
    cluster: { precision: clusterPrecision, recall: clusterRecall, f1: harmonic(clusterPrecision, clusterRecall) },
    perCorruption,
  }
}
