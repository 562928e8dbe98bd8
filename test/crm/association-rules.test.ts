import { findFrequentItemsets, minimumCount, mineRules, type AssociationRule, type MineRulesOptions } from '../../src/crm/association-rules'
import { generateBaskets, skuName } from '../../src/crm/basket.generate'

/**
 * Ten orders from a hardware shop, small enough to count by hand (the counts are in the comments).
 * Order 9 is empty and order 10 has the drill twice: both on purpose.
 *   drill 5 (1,2,3,4,10)   bits 5 (1,2,3,5,10)   gloves 5 (1,4,5,6,7)   ladder 3 (6,7,8)
 *   drill+bits 4   drill+gloves 2   bits+gloves 2   gloves+ladder 2   drill+bits+gloves 1 (order 1)
 */
const HARDWARE: string[][] = [
  ['drill', 'bits', 'gloves'],
  ['drill', 'bits'],
  ['drill', 'bits'],
  ['drill', 'gloves'],
  ['bits', 'gloves'],
  ['gloves', 'ladder'],
  ['gloves', 'ladder'],
  ['ladder'],
  [],
  ['drill', 'drill', 'bits'],
]

const ruleKey = (r: Pick<AssociationRule, 'antecedent' | 'consequent'>) => `${r.antecedent.join('+')} -> ${r.consequent.join('+')}`

describe('association rules on a hand-counted example', () => {
  test('support, confidence, lift and count are as counted by hand; default minLift 1 drops the lift-0.8 rules', () => {
    const result = mineRules(HARDWARE, { minSupport: 0.2, minConfidence: 0.5 })
    // minSupport 0.2 of 10 baskets is 2: the four items and the four pairs; the triple (1 basket) is not frequent.
    expect(result.baskets).toBe(10)
    expect(result.frequentItemsets).toBe(8)
    expect(result.rules.map(ruleKey)).toEqual(['bits -> drill', 'drill -> bits', 'ladder -> gloves'])
    // bits -> drill: 4 of 10 baskets; 4 of bits' 5; 0.8 / (5 / 10).
    expect(result.rules[0]).toEqual({ antecedent: ['bits'], consequent: ['drill'], support: 0.4, confidence: 0.8, lift: 1.6, count: 4 })
    expect(result.rules[1]).toEqual({ antecedent: ['drill'], consequent: ['bits'], support: 0.4, confidence: 0.8, lift: 1.6, count: 4 })
    // ladder -> gloves: 2 of 10; 2 of ladder's 3; (2 / 3) / (5 / 10). gloves -> ladder (2 / 5 = 0.4) is below minConfidence.
    const ladder = result.rules[2]
    expect(ladder.count).toBe(2)
    expect(ladder.support).toBe(0.2)
    expect(ladder.confidence).toBeCloseTo(2 / 3, 12)
    expect(ladder.lift).toBeCloseTo(4 / 3, 12)
  })

  test('without the confidence and lift floors every rule comes out, ordered by lift, confidence, support, then by name', () => {
    const result = mineRules(HARDWARE, { minSupport: 0.2, minConfidence: 0, minLift: 0 })
    expect(result.rules.map(ruleKey)).toEqual([
      'bits -> drill', // lift 1.6, confidence 0.8
      'drill -> bits',
      'ladder -> gloves', // lift 4/3, confidence 2/3
      'gloves -> ladder', // lift 4/3, confidence 0.4
      'bits -> gloves', // lift 0.8, confidence 0.4, support 0.2: the rest is by name
      'drill -> gloves',
      'gloves -> bits',
      'gloves -> drill',
    ])
    const glovesLadder = result.rules[3]
    expect(glovesLadder).toMatchObject({ support: 0.2, confidence: 0.4, count: 2 })
    expect(glovesLadder.lift).toBeCloseTo(4 / 3, 12)
    // drill and gloves meet in 2 baskets where chance would put 5 × 5 / 10 = 2.5: lift 0.8.
    expect(result.rules[5]).toEqual({ antecedent: ['drill'], consequent: ['gloves'], support: 0.2, confidence: 0.4, lift: 0.8, count: 2 })
  })

  test('a two-item antecedent: {bits, gloves} -> drill', () => {
    // minSupport 0.1 is one basket: the triple drill+bits+gloves (order 1) is frequent now.
    const result = mineRules(HARDWARE, { minSupport: 0.1, minConfidence: 0, minLift: 0 })
    const byKey = new Map(result.rules.map((r) => [ruleKey(r), r]))
    // 1 of 10; 1 of the 2 bits+gloves baskets; 0.5 / (5 / 10).
    expect(byKey.get('bits+gloves -> drill')).toEqual({ antecedent: ['bits', 'gloves'], consequent: ['drill'], support: 0.1, confidence: 0.5, lift: 1, count: 1 })
    // 1 of the 4 drill+bits baskets; 0.25 / 0.5.
    expect(byKey.get('bits+drill -> gloves')).toEqual({ antecedent: ['bits', 'drill'], consequent: ['gloves'], support: 0.1, confidence: 0.25, lift: 0.5, count: 1 })
    // Only single-item consequents.
    expect(result.rules.every((r) => r.consequent.length === 1)).toBe(true)
    // maxItemsetSize 2 stops at pairs.
    const pairsOnly = mineRules(HARDWARE, { minSupport: 0.1, minConfidence: 0, minLift: 0, maxItemsetSize: 2 })
    expect(pairsOnly.rules.every((r) => r.antecedent.length === 1)).toBe(true)
  })

  test('the empty basket counts toward the total: without it every support and lift changes', () => {
    const withoutEmpty = mineRules(HARDWARE.filter((b) => b.length > 0), { minSupport: 0.2, minConfidence: 0.5 })
    expect(withoutEmpty.baskets).toBe(9)
    const bitsDrill = withoutEmpty.rules.find((r) => ruleKey(r) === 'bits -> drill')
    expect(bitsDrill?.support).toBeCloseTo(4 / 9, 12)
    expect(bitsDrill?.lift).toBeCloseTo((4 * 9) / (5 * 5), 12)
  })
})

describe('duplicates, empty input and the support threshold', () => {
  test('an item repeated within a basket counts once', () => {
    const baskets = [['a', 'a', 'b'], ['a', 'b', 'b', 'b'], ['a'], [], []]
    const itemsets = findFrequentItemsets(baskets, { minSupport: 0.01 }).itemsets
    expect(itemsets.map((s) => [s.items.join('+'), s.count])).toEqual([['a', 3], ['b', 2], ['a+b', 2]])
    const rules = mineRules(baskets, { minSupport: 0.01, minConfidence: 0, minLift: 0 }).rules
    // b -> a: 2 of 5 baskets, both of b's 2, lift 1 / (3 / 5).
    expect(rules[0]).toMatchObject({ antecedent: ['b'], consequent: ['a'], count: 2, support: 0.4, confidence: 1 })
    expect(rules[0].lift).toBeCloseTo(5 / 3, 12)
    expect(rules[1]).toMatchObject({ antecedent: ['a'], consequent: ['b'], count: 2, support: 0.4 })
    expect(rules[1].confidence).toBeCloseTo(2 / 3, 12)
  })

  test('no baskets, or only empty ones: nothing frequent, no rules', () => {
    expect(mineRules([], { minSupport: 0.1, minConfidence: 0.1 })).toEqual({ baskets: 0, frequentItemsets: 0, rules: [] })
    expect(mineRules([[], []], { minSupport: 0.1, minConfidence: 0.1 })).toEqual({ baskets: 2, frequentItemsets: 0, rules: [] })
  })

  test('minimumCount is the smallest count whose support reaches minSupport, despite floating point', () => {
    // 0.07 × 100 is 7.000000000000001 in floating point; a plain ceil would ask for 8.
    expect(minimumCount(0.07, 100)).toBe(7)
    expect(minimumCount(0.001, 50_000)).toBe(50)
    expect(minimumCount(0.5, 3)).toBe(2)
    expect(minimumCount(1e-9, 10)).toBe(1)
    expect(minimumCount(1, 10)).toBe(10)
  })
})

describe('options are validated, naming the option', () => {
  const base: MineRulesOptions = { minSupport: 0.1, minConfidence: 0.5 }
  test.each<[Partial<MineRulesOptions>, RegExp]>([
    [{ minSupport: -0.1 }, /minSupport must be between 0 and 1/],
    [{ minSupport: 0 }, /minSupport must be between 0 and 1/],
    [{ minSupport: 1.5 }, /minSupport must be between 0 and 1/],
    [{ minSupport: Number.NaN }, /minSupport must be between 0 and 1/],
    [{ minConfidence: -0.1 }, /minConfidence must be between 0 and 1/],
    [{ minConfidence: 1.01 }, /minConfidence must be between 0 and 1/],
    [{ minLift: -1 }, /minLift must be a finite number of at least 0/],
    [{ minLift: Number.POSITIVE_INFINITY }, /minLift must be a finite number/],
    [{ maxItemsetSize: 1 }, /maxItemsetSize must be an integer of at least 2/],
    [{ maxItemsetSize: 2.5 }, /maxItemsetSize must be an integer/],
    [{ maxRules: 0 }, /maxRules must be an integer of at least 1/],
    [{ maxRules: 10.5 }, /maxRules must be an integer/],
  ])('%j', (override, message) => {
    expect(() => mineRules(HARDWARE, { ...base, ...override })).toThrow(message)
  })

  test('the generator validates too', () => {
    expect(() => generateBaskets({ seed: 1, baskets: 10, skus: 0, planted: [] })).toThrow(/skus must be/)
    expect(() => generateBaskets({ seed: 1, baskets: 10, skus: 5, planted: [{ antecedent: ['SKU-0001'], consequent: 'SKU-0002', probability: 1.5 }] })).toThrow(/probability must be between 0 and 1/)
  })
})

/** Every subset of 1..maxSize items of every basket, counted: the definition of support, nothing clever. */
function bruteForceItemsets(baskets: string[][], minSupport: number, maxSize: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort()
    const visit = (start: number, chosen: string[]) => {
      if (chosen.length > 0) counts.set(chosen.join('|'), (counts.get(chosen.join('|')) ?? 0) + 1)
      if (chosen.length === maxSize) return
      for (let i = start; i < items.length; i++) visit(i + 1, [...chosen, items[i]])
    }
    visit(0, [])
  }
  for (const [key, count] of counts) if (count / baskets.length < minSupport) counts.delete(key)
  return counts
}

/** Rules from the oracle's itemsets, by the textbook definitions. */
function bruteForceRules(itemsets: Map<string, number>, n: number, minConfidence: number, minLift: number): Map<string, { support: number; confidence: number; lift: number; count: number }> {
  const rules = new Map<string, { support: number; confidence: number; lift: number; count: number }>()
  for (const [key, count] of itemsets) {
    const items = key.split('|')
    if (items.length < 2) continue
    for (const consequent of items) {
      const antecedent = items.filter((i) => i !== consequent)
      const confidence = count / itemsets.get(antecedent.join('|'))!
      const lift = confidence / (itemsets.get(consequent)! / n)
      if (confidence >= minConfidence && lift >= minLift - 1e-12) rules.set(`${antecedent.join('+')} -> ${consequent}`, { support: count / n, confidence, lift, count })
    }
  }
  return rules
}

/** A few hundred small random baskets over few SKUs, so that itemsets of three and four items are frequent too, with repeats and empties. */
function randomBaskets(seed: number): string[][] {
  const baskets = generateBaskets({
    seed,
    baskets: 300,
    skus: 14,
    basketSize: { min: 0, max: 7 },
    zipfExponent: 0.7,
    planted: [{ antecedent: ['SKU-0003', 'SKU-0005'], consequent: 'SKU-0011', probability: 0.9 }],
  })
  // Every seventh basket repeats its first item: the miner must not count it twice.
  return baskets.map((b, i) => (i % 7 === 0 && b.length > 0 ? [...b, b[0]] : b))
}

describe('FP-growth agrees with brute force', () => {
  test.each([
    [1, 0.01, 3],
    [2, 0.03, 3],
    [3, 0.05, 4],
    [4, 0.1, 2],
    [5, 0.2, 3],
    [6, 0.5, 3],
  ])('seed %d, minSupport %d, maxItemsetSize %d: the same itemsets with the same counts', (seed, minSupport, maxItemsetSize) => {
    const baskets = randomBaskets(seed)
    const expected = bruteForceItemsets(baskets, minSupport, maxItemsetSize)
    const found = findFrequentItemsets(baskets, { minSupport, maxItemsetSize })
    expect(found.baskets).toBe(baskets.length)
    expect(new Map(found.itemsets.map((s) => [s.items.join('|'), s.count]))).toEqual(expected)
    expect(found.itemsets.length).toBe(expected.size)
    expect(mineRules(baskets, { minSupport, maxItemsetSize, minConfidence: 0 }).frequentItemsets).toBe(expected.size)
  })

  test.each([
    [7, 0.02, 0.3, 1],
    [8, 0.05, 0, 0],
    [9, 0.01, 0.6, 1.2],
  ])('seed %d, minSupport %d, minConfidence %d, minLift %d: the same rules, in rule order', (seed, minSupport, minConfidence, minLift) => {
    const baskets = randomBaskets(seed)
    const expected = bruteForceRules(bruteForceItemsets(baskets, minSupport, 3), baskets.length, minConfidence, minLift)
    const mined = mineRules(baskets, { minSupport, minConfidence, minLift, maxRules: 1_000_000 }).rules
    expect(mined.length).toBeGreaterThan(0)
    expect(new Set(mined.map(ruleKey))).toEqual(new Set(expected.keys()))
    for (const rule of mined) {
      const want = expected.get(ruleKey(rule))!
      expect(rule.count).toBe(want.count)
      expect(rule.support).toBeCloseTo(want.support, 12)
      expect(rule.confidence).toBeCloseTo(want.confidence, 12)
      expect(rule.lift).toBeCloseTo(want.lift, 12)
    }
    for (let i = 1; i < mined.length; i++) {
      const [a, b] = [mined[i - 1], mined[i]]
      expect(a.lift).toBeGreaterThanOrEqual(b.lift)
      if (a.lift === b.lift) expect(a.confidence).toBeGreaterThanOrEqual(b.confidence)
    }
  })
})

describe('planted associations among popular background items', () => {
  const s = skuName
  // Antecedents among the bestsellers (SKU-0002 and SKU-0003 are in about a quarter of all orders), consequents less common.
  const PLANTED = [
    { antecedent: [s(8)], consequent: s(40), probability: 0.8 },
    { antecedent: [s(2), s(3)], consequent: s(60), probability: 0.7 },
    { antecedent: [s(12)], consequent: s(50), probability: 0.6 },
  ]
  const plantedSets = PLANTED.map((p) => [...p.antecedent, p.consequent].sort())
  const baskets = generateBaskets({ seed: 7, baskets: 20_000, skus: 500, planted: PLANTED })
  const result = mineRules(baskets, { minSupport: 0.005, minConfidence: 0.1, minLift: 0, maxRules: 100_000 })
  const itemsOf = (r: AssociationRule) => [...r.antecedent, ...r.consequent]

  /**
   * How rules are grouped before "the top three": a rule belongs to a planted association when it holds
   * all of the association's items. That takes in the reverse direction (SKU-0040 -> SKU-0008: lift is
   * symmetric, so it has exactly the planted rule's lift), the other directions of the three-item set
   * ({SKU-0002, SKU-0060} -> SKU-0003), and a planted rule with an unrelated item added to its antecedent
   * ({SKU-0008, SKU-0001} -> SKU-0040), which is as true as the planted rule and ranks next to it.
   * Any other rule is a group of its own, by its items.
   */
  const groupOf = (r: AssociationRule) => plantedSets.find((set) => set.every((i) => itemsOf(r).includes(i)))?.join('+') ?? [...itemsOf(r)].sort().join('+')

  test('the first three groups by lift are the planted associations', () => {
    const groups: string[] = []
    for (const r of result.rules) if (!groups.includes(groupOf(r))) groups.push(groupOf(r))
    expect(new Set(groups.slice(0, 3))).toEqual(new Set(plantedSets.map((set) => set.join('+'))))
    // The planted rules themselves are there, well above anything else.
    const planted = PLANTED.map((p) => result.rules.find((r) => ruleKey(r) === `${p.antecedent.join('+')} -> ${p.consequent}`)!)
    const firstOther = result.rules.find((r) => !plantedSets.some((set) => set.every((i) => itemsOf(r).includes(i))))!
    for (const r of planted) {
      expect(r.confidence).toBeGreaterThan(0.5)
      expect(r.lift).toBeGreaterThan(2 * firstOther.lift)
    }
  })

  test('a rule and its reverse have exactly the same lift', () => {
    const forward = result.rules.find((r) => ruleKey(r) === `${s(8)} -> ${s(40)}`)!
    const reverse = result.rules.find((r) => ruleKey(r) === `${s(40)} -> ${s(8)}`)!
    expect(reverse.lift).toBe(forward.lift)
    expect(reverse.count).toBe(forward.count)
  })

  test('bestsellers are frequent together but not associated', () => {
    const bestsellers = result.rules.find((r) => ruleKey(r) === `${s(1)} -> ${s(2)}`)!
    expect(bestsellers.support).toBeGreaterThan(0.1)
    expect(bestsellers.lift).toBeLessThan(1.5)
    // Rules that touch no planted item at all are near chance (larger orders hold more of everything: a little above 1).
    const untouched = result.rules.filter((r) => !itemsOf(r).some((i) => plantedSets.some((set) => set.includes(i))))
    expect(untouched.length).toBeGreaterThan(100)
    for (const r of untouched) expect(r.lift).toBeLessThan(1.6)
  })
})

describe('determinism', () => {
  const baskets = generateBaskets({ seed: 11, baskets: 2000, skus: 60, planted: [{ antecedent: ['SKU-0004'], consequent: 'SKU-0030', probability: 0.7 }] })
  const options: MineRulesOptions = { minSupport: 0.01, minConfidence: 0.05, minLift: 0 }

  test('the generator gives the same baskets for the same seed, different ones for another', () => {
    const again = generateBaskets({ seed: 11, baskets: 2000, skus: 60, planted: [{ antecedent: ['SKU-0004'], consequent: 'SKU-0030', probability: 0.7 }] })
    expect(again).toEqual(baskets)
    expect(generateBaskets({ seed: 12, baskets: 2000, skus: 60, planted: [] })).not.toEqual(baskets)
    expect(baskets.every((b) => b.length >= 1 && new Set(b).size === b.length && b.every((sku) => /^SKU-\d{4}$/.test(sku)))).toBe(true)
  })

  test('the same baskets give the same rules in the same order, whatever order baskets and items come in', () => {
    const first = mineRules(baskets, options)
    expect(mineRules(baskets, options)).toEqual(first)
    // Reversed baskets with reversed items: ties (equal lift, confidence, support) must still break the same way.
    const reordered = [...baskets].reverse().map((b) => [...b].reverse())
    expect(mineRules(reordered, options)).toEqual(first)
    expect(first.rules.length).toBeGreaterThan(50)
  })

  test('baskets may come from a one-shot generator', () => {
    function* stream() {
      yield* baskets
    }
    expect(mineRules(stream(), options)).toEqual(mineRules(baskets, options))
  })

  test('maxRules keeps the best rules', () => {
    const all = mineRules(baskets, { ...options, maxRules: 100_000 }).rules
    const top = mineRules(baskets, { ...options, maxRules: 10 }).rules
    expect(top).toEqual(all.slice(0, 10))
  })
})
