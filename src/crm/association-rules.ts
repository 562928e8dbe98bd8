/**
 * Association rules for cross-sell ("customers who ordered these also ordered that") mined from order
 * history. Pure: baskets in, rules out; no database, no I/O, nothing printed.
 *
 * Frequent itemsets are found with FP-growth (Han, Pei & Yin, 2000), not Apriori: the baskets are read
 * twice, compressed into a prefix tree of their frequent items, and itemsets are grown from that tree
 * through conditional pattern bases. Apriori generates and counts candidate itemsets level by level,
 * re-reading every basket per level; with thousands of SKUs and a low support threshold the candidate
 * pairs alone run into the millions, while the FP-tree only ever holds what the baskets contain.
 *
 * Terms, for a rule X → Y over n baskets:
 * - count: baskets containing every item of X and Y;
 * - support: count / n (empty baskets are baskets too: they lower every support);
 * - confidence: count / count(X), the share of X's baskets that also hold Y;
 * - lift: confidence / support(Y), how much more often Y comes with X than it would by chance. Lift is
 *   symmetric (lift(X → Y) = lift(Y → X)), so a rule and its reverse always have the same lift.
 */

export interface ItemsetOptions {
  /** Share of all baskets (0 < minSupport ≤ 1) an itemset must appear in to be frequent: count / baskets ≥ minSupport. */
  minSupport: number
  /** Largest itemset mined; a rule has one more item in it than its antecedent. Default 3. */
  maxItemsetSize?: number
}

export interface MineRulesOptions extends ItemsetOptions {
  /** Rules below this confidence (0..1) are dropped. */
  minConfidence: number
  /** Rules below this lift are dropped (inclusive, like the other minimums). Default 1: nothing less than chance. */
  minLift?: number
  /** At most this many rules are returned, the best first. Default 1000. */
  maxRules?: number
}

export interface FrequentItemset {
  /** Sorted by code unit (locale-independent, so the order is the same on every machine). */
  items: string[]
  count: number
  support: number
}

export interface FrequentItemsetsResult {
  baskets: number
  /** Ordered by size, then by items. */
  itemsets: FrequentItemset[]
}

/**
 * One rule. The consequent is always a single item: a next-best-offer proposes one SKU at a time, and
 * rules with a larger consequent would only repeat what the single-item rules already say (an itemset
 * {A, B, C} gives A,B → C, A,C → B and B,C → A; the larger consequents add no offer of their own).
 */
export interface AssociationRule {
  /** Sorted by code unit. */
  antecedent: string[]
  /** One item. An array so that the shape stays the usual one for association rules. */
  consequent: string[]
  support: number
  confidence: number
  lift: number
  /** Baskets containing the antecedent and the consequent. */
  count: number
}

export interface MineRulesResult {
  baskets: number
  /** Frequent itemsets found (of every size from 1 to maxItemsetSize), before any rule was made from them. */
  frequentItemsets: number
  /** By lift, then confidence, then support (all descending), then antecedent and consequent by code unit. */
  rules: AssociationRule[]
}

const DEFAULT_MAX_ITEMSET_SIZE = 3
const DEFAULT_MIN_LIFT = 1
const DEFAULT_MAX_RULES = 1000

/** Code-unit order: `localeCompare` would make the output depend on the machine's ICU data and locale. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function compareTextArrays(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const c = compareText(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length - b.length
}

function checkItemsetOptions(options: ItemsetOptions): Required<ItemsetOptions> {
  const { minSupport, maxItemsetSize = DEFAULT_MAX_ITEMSET_SIZE } = options
  // Zero would make every co-occurrence, however accidental, a frequent itemset: never what a caller wants.
  if (typeof minSupport !== 'number' || !(minSupport > 0 && minSupport <= 1)) throw new RangeError(`minSupport must be between 0 and 1 (above 0, at most 1), got ${String(minSupport)}`)
  // A rule needs at least two items; a size of 1 would mine nothing to make rules from.
  if (!Number.isInteger(maxItemsetSize) || maxItemsetSize < 2) throw new RangeError(`maxItemsetSize must be an integer of at least 2, got ${String(maxItemsetSize)}`)
  return { minSupport, maxItemsetSize }
}

function checkRuleOptions(options: MineRulesOptions): Required<MineRulesOptions> {
  const itemset = checkItemsetOptions(options)
  const { minConfidence, minLift = DEFAULT_MIN_LIFT, maxRules = DEFAULT_MAX_RULES } = options
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) throw new RangeError(`minConfidence must be between 0 and 1, got ${String(minConfidence)}`)
  if (typeof minLift !== 'number' || !(minLift >= 0 && Number.isFinite(minLift))) throw new RangeError(`minLift must be a finite number of at least 0, got ${String(minLift)}`)
  if (!Number.isInteger(maxRules) || maxRules < 1) throw new RangeError(`maxRules must be an integer of at least 1, got ${String(maxRules)}`)
  return { ...itemset, minConfidence, minLift, maxRules }
}

/**
 * The smallest count c with c / baskets ≥ minSupport, computed with the very division that defines
 * support: `Math.ceil(minSupport * baskets)` alone is off by one when the product rounds up
 * (0.07 × 100 is 7.000000000000001). Never below 1: an itemset no basket holds is not frequent.
 */
export function minimumCount(minSupport: number, baskets: number): number {
  if (baskets === 0) return 1
  let c = Math.max(1, Math.ceil(minSupport * baskets))
  while (c > 1 && (c - 1) / baskets >= minSupport) c--
  while (c / baskets < minSupport) c++
  return c
}

/** The baskets after the first pass: one flat list of item ids (each basket's items once), with offsets. */
interface Transactions {
  baskets: number
  /** Item id → SKU. */
  names: string[]
  /** Item id → baskets containing the item. */
  counts: number[]
  items: number[]
  /** Basket b's items are items[starts[b] .. starts[b + 1]). */
  starts: number[]
}

/** First pass: interns the SKUs, drops duplicates within a basket, counts every item. Reads `baskets` once, so a generator will do. */
function readBaskets(baskets: Iterable<string[]>): Transactions {
  const ids = new Map<string, number>()
  const names: string[] = []
  const counts: number[] = []
  // The last basket each item was seen in: a duplicate line in one order is then found without a Set per basket.
  const lastSeen: number[] = []
  const items: number[] = []
  const starts: number[] = [0]
  let b = 0
  for (const basket of baskets) {
    for (const sku of basket) {
      let id = ids.get(sku)
      if (id === undefined) {
        id = names.length
        ids.set(sku, id)
        names.push(sku)
        counts.push(0)
        lastSeen.push(-1)
      }
      if (lastSeen[id] === b) continue
      lastSeen[id] = b
      counts[id]++
      items.push(id)
    }
    b++
    starts.push(items.length)
  }
  return { baskets: b, names, counts, items, starts }
}

/**
 * An FP-tree, stored as parallel arrays (one entry per node) rather than node objects: the main tree
 * has hundreds of thousands of nodes, and arrays of numbers are both smaller and faster to walk.
 * Node 0 is the root. Items are ranks (see `rankItems`), and every path from the root runs through
 * ascending ranks, so a node's ancestors are exactly the items that precede it in its baskets.
 */
interface FpTree {
  item: number[]
  count: number[]
  parent: number[]
  /** Next node carrying the same item (the node link), -1 at the end. */
  link: number[]
  /** (parent × stride + item) → child: one map for the whole tree instead of one per node. */
  child: Map<number, number>
  /** Header table: item → first node of its node link. */
  head: Map<number, number>
  /** Header table: item → its count in this tree (the sum over its node link). */
  total: Map<number, number>
}

const ROOT = 0

function emptyTree(): FpTree {
  return { item: [-1], count: [0], parent: [-1], link: [-1], child: new Map(), head: new Map(), total: new Map() }
}

/** Adds one path (ascending ranks) `count` times, sharing whatever prefix the tree already has. */
function insertPath(tree: FpTree, path: readonly number[], count: number, stride: number): void {
  let node = ROOT
  for (const item of path) {
    const key = node * stride + item
    let next = tree.child.get(key)
    if (next === undefined) {
      next = tree.item.length
      tree.item.push(item)
      tree.count.push(0)
      tree.parent.push(node)
      // Prepended to the node link: the order of a link does not matter, and prepending needs no tail pointer.
      tree.link.push(tree.head.get(item) ?? -1)
      tree.head.set(item, next)
      tree.child.set(key, next)
    }
    tree.count[next] += count
    tree.total.set(item, (tree.total.get(item) ?? 0) + count)
    node = next
  }
}

/** The items that precede `item` in the tree's paths, each with how often (the conditional pattern base, counted). */
function prefixCounts(tree: FpTree, item: number): Map<number, number> {
  const counts = new Map<number, number>()
  for (let node = tree.head.get(item) ?? -1; node !== -1; node = tree.link[node]) {
    const c = tree.count[node]
    for (let p = tree.parent[node]; p !== ROOT; p = tree.parent[p]) counts.set(tree.item[p], (counts.get(tree.item[p]) ?? 0) + c)
  }
  return counts
}

/** The conditional FP-tree of `item`: its prefix paths, keeping only the items frequent among them. */
function conditionalTree(tree: FpTree, item: number, frequent: ReadonlyMap<number, number>, minCount: number, stride: number): FpTree {
  const conditional = emptyTree()
  const path: number[] = []
  for (let node = tree.head.get(item) ?? -1; node !== -1; node = tree.link[node]) {
    path.length = 0
    for (let p = tree.parent[node]; p !== ROOT; p = tree.parent[p]) if ((frequent.get(tree.item[p]) ?? 0) >= minCount) path.push(tree.item[p])
    if (path.length === 0) continue
    // Collected leaf to root; the tree wants ascending ranks, root first.
    path.reverse()
    insertPath(conditional, path, tree.count[node], stride)
  }
  return conditional
}

interface Mining {
  minCount: number
  maxSize: number
  stride: number
  /** Itemsets as ascending ranks, with their counts. */
  found: Array<{ ranks: number[]; count: number }>
}

/**
 * FP-growth proper: every item of the tree, appended to the suffix, is a frequent itemset; its
 * conditional tree then holds everything that can extend it. The suffix only ever gains items of a
 * lower rank than those it has, so each itemset is reached exactly once, already in ascending order.
 */
function grow(tree: FpTree, suffix: readonly number[], m: Mining): void {
  for (const [item, total] of tree.total) {
    const itemset = [item, ...suffix]
    m.found.push({ ranks: itemset, count: total })
    if (itemset.length >= m.maxSize) continue
    const prefixes = prefixCounts(tree, item)
    if (itemset.length + 1 === m.maxSize) {
      // One item short of the limit: the counts of the pattern base are the answer, no tree needed.
      // This is where most of the work would go, so skipping the tree here matters.
      for (const [prefix, count] of prefixes) if (count >= m.minCount) m.found.push({ ranks: [prefix, ...itemset], count })
      continue
    }
    let any = false
    for (const count of prefixes.values()) if (count >= m.minCount) any = true
    if (any) grow(conditionalTree(tree, item, prefixes, m.minCount, m.stride), itemset, m)
  }
}

/**
 * Frequent items by descending count. Ties go by SKU: the output is sorted by name anyway, but this keeps
 * the tree itself, and so the work done, the same whatever order the baskets come in.
 */
function rankItems(t: Transactions, minCount: number): number[] {
  const frequent: number[] = []
  for (let id = 0; id < t.names.length; id++) if (t.counts[id] >= minCount) frequent.push(id)
  // Most frequent first puts them nearest the root, where they are shared by the most paths: a smaller tree.
  return frequent.sort((a, b) => t.counts[b] - t.counts[a] || compareText(t.names[a], t.names[b]))
}

interface Mined {
  baskets: number
  /** Rank → SKU and rank → count. */
  names: string[]
  counts: number[]
  found: Array<{ ranks: number[]; count: number }>
}

function mineItemsets(baskets: Iterable<string[]>, options: Required<ItemsetOptions>): Mined {
  const t = readBaskets(baskets)
  const minCount = minimumCount(options.minSupport, t.baskets)
  const byRank = rankItems(t, minCount)
  const rankOf = new Int32Array(t.names.length).fill(-1)
  byRank.forEach((id, rank) => (rankOf[id] = rank))
  const stride = Math.max(1, byRank.length)

  // Second pass: each basket's frequent items, in rank order, into the tree.
  const tree = emptyTree()
  const path: number[] = []
  for (let b = 0; b < t.baskets; b++) {
    path.length = 0
    for (let i = t.starts[b]; i < t.starts[b + 1]; i++) {
      const rank = rankOf[t.items[i]]
      if (rank >= 0) path.push(rank)
    }
    if (path.length === 0) continue
    path.sort((x, y) => x - y)
    insertPath(tree, path, 1, stride)
  }

  const mining: Mining = { minCount, maxSize: options.maxItemsetSize, stride, found: [] }
  grow(tree, [], mining)
  return { baskets: t.baskets, names: byRank.map((id) => t.names[id]), counts: byRank.map((id) => t.counts[id]), found: mining.found }
}

/** Every itemset of 1 to maxItemsetSize items that at least minSupport of the baskets contain. */
export function findFrequentItemsets(baskets: Iterable<string[]>, options: ItemsetOptions): FrequentItemsetsResult {
  const mined = mineItemsets(baskets, checkItemsetOptions(options))
  const itemsets = mined.found.map(({ ranks, count }) => ({ items: ranks.map((r) => mined.names[r]).sort(compareText), count, support: count / mined.baskets }))
  itemsets.sort((a, b) => a.items.length - b.items.length || compareTextArrays(a.items, b.items))
  return { baskets: mined.baskets, itemsets }
}

/** Best first: lift, confidence, support, then by name so that equal rules still come out in one order. */
export function compareRules(a: AssociationRule, b: AssociationRule): number {
  return b.lift - a.lift || b.confidence - a.confidence || b.support - a.support || compareTextArrays(a.antecedent, b.antecedent) || compareTextArrays(a.consequent, b.consequent)
}

/**
 * The rules with a single-item consequent (see `AssociationRule`) from every frequent itemset of two or
 * more items. Every subset of a frequent itemset is frequent, so the antecedent's count is always known.
 */
function rulesFrom(mined: Mined, options: Required<MineRulesOptions>): AssociationRule[] {
  const n = mined.baskets
  const countOf = new Map<string, number>()
  for (const { ranks, count } of mined.found) if (ranks.length > 1) countOf.set(ranks.join(','), count)
  const rules: AssociationRule[] = []
  for (const { ranks, count } of mined.found) {
    if (ranks.length < 2) continue
    for (let i = 0; i < ranks.length; i++) {
      const consequent = ranks[i]
      const antecedent = ranks.filter((_, j) => j !== i)
      const antecedentCount = antecedent.length === 1 ? mined.counts[antecedent[0]] : countOf.get(antecedent.join(','))
      if (antecedentCount === undefined) throw new Error(`association rules: the subset ${antecedent.join(',')} of a frequent itemset was not mined`)
      const confidence = count / antecedentCount
      // Integer products first and one division: a rule and its reverse then get bit-for-bit the same lift.
      const lift = (count * n) / (antecedentCount * mined.counts[consequent])
      if (confidence < options.minConfidence || lift < options.minLift) continue
      rules.push({ antecedent: antecedent.map((r) => mined.names[r]).sort(compareText), consequent: [mined.names[consequent]], support: count / n, confidence, lift, count })
    }
  }
  return rules
}

/**
 * Mines cross-sell rules from order baskets (each a list of SKUs; a SKU repeated within a basket counts
 * once). Deterministic: the same baskets give the same rules in the same order, whatever order the
 * baskets or their items come in.
 */
export function mineRules(baskets: Iterable<string[]>, options: MineRulesOptions): MineRulesResult {
  const checked = checkRuleOptions(options)
  const mined = mineItemsets(baskets, checked)
  const rules = rulesFrom(mined, checked).sort(compareRules)
  if (rules.length > checked.maxRules) rules.length = checked.maxRules
  return { baskets: mined.baskets, frequentItemsets: mined.found.length, rules }
}
