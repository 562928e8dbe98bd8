import type { AssociationRule } from './association-rules'

/** ln n!, exact below 20, Stirling's series above (error under 1e-12). */
function logFactorial(n: number): number {
  if (n < 20) {
    let s = 0
    for (let i = 2; i <= n; i++) s += Math.log(i)
    return s
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3) + 1 / (1260 * n ** 5)
}

/**
 * ln P(X ≥ c) for X ~ Binomial(n, p), exact: the first term in logs (no underflow at 1e-300 and below),
 * the rest as ratios to it. Above the mean the terms only shrink, so the sum stops once they no longer count.
 */
function logBinomialTail(c: number, n: number, p: number): number {
  if (c <= n * p) return 0
  let sum = 1
  let term = 1
  for (let k = c; k < n; k++) {
    term *= ((n - k) / (k + 1)) * (p / (1 - p))
    sum += term
    if (term < 1e-16 * sum) break
  }
  return logFactorial(n) - logFactorial(c) - logFactorial(n - c) + c * Math.log(p) + (n - c) * Math.log1p(-p) + Math.log(sum)
}

/**
 * The rules worth an offer: above the thresholds, and each better than every shorter rule for its
 * consequent, the empty antecedent (chance: the consequent's share of all baskets) included. Better
 * means both a lift at least `minImprovement` higher and a count of baskets that the shorter rule's
 * confidence makes unlikely: a one-sided binomial test, Bonferroni-corrected over every rule the miner
 * looked at, so that among all the rules kept the chance of even one fluke stays below `maxPValue`.
 * Without the test, thousands of candidate rules throw up some with a handful of baskets and a lift
 * of 20 by chance alone, and the offers with the highest scores would be those flukes.
 */
export function keepProductive(examined: AssociationRule[], baskets: string[][], o: { minConfidence: number; minLift: number; minImprovement: number; maxPValue: number }): AssociationRule[] {
  const key = (items: readonly string[]) => [...items].sort().join('\u0000')
  const countOf = new Map<string, number>([['', baskets.length]])
  // Orders hold each SKU once (array_agg DISTINCT); sets of two or more items are counted by their rules.
  for (const basket of baskets) for (const sku of basket) countOf.set(sku, (countOf.get(sku) ?? 0) + 1)
  for (const r of examined) countOf.set(key([...r.antecedent, ...r.consequent]), r.count)
  const logAlpha = Math.log(o.maxPValue / Math.max(1, examined.length))
  return examined.filter((r) => {
    if (r.confidence < o.minConfidence || r.lift < o.minLift) return false
    const y = r.consequent[0]
    const n = r.antecedent.length
    const antecedentCount = countOf.get(key(r.antecedent))!
    // Every proper subset of the antecedent, the empty one first (antecedents have at most three items).
    for (let mask = 0; mask < (1 << n) - 1; mask++) {
      const shorter = r.antecedent.filter((_, i) => mask & (1 << i))
      const base = countOf.get(key([...shorter, y]))! / countOf.get(key(shorter))!
      if (shorter.length && r.confidence < base * (1 + o.minImprovement)) return false
      if (logBinomialTail(r.count, antecedentCount, base) > logAlpha) return false
    }
    return true
  })
}
