import { jaroWinkler } from './jaro-winkler'

/**
 * What the matcher needs of one source customer, already normalised (src/identity/normalise): keys
 * for comparison, never raw values. Missing or invalid values are left out, not guessed.
 */
export interface MatchRecord {
  id: string
  /** The name without its legal form, case-folded and transliterated. */
  nameKey: string
  nameTokens: string[]
  legalForm?: string | null
  email?: { value: string; domain: string; role: boolean } | null
  /** E.164. */
  phone?: string | null
  taxId?: { value: string; valid: boolean | null } | null
  postalCode?: string | null
  streetKey?: string | null
  houseNumber?: string | null
  city?: string | null
  country?: string | null
}

export interface MatchSettings {
  /** Total weight at or above which a pair is a match. */
  matchAt: number
  /** Pairs from here up to `matchAt` go to people for review. */
  reviewAt: number
  /** A block larger than this is not compared within (a shared mailbox, a switchboard, a frequent token). */
  maxBlock: number
  /** An identifier (email, phone, tax id) held by more customers than this stops counting as evidence. */
  sharedAbove: number
}

/**
 * The thresholds are on the sum of log2 likelihood ratios, and depend on how many customers there
 * are: a pair drawn at random from n customers is a match with odds of about 1 : n, so the evidence
 * must outweigh log2(n) before the pair is more likely the same customer than not. A match needs
 * 3.5 bits more than that (about 11 : 1 for); from 4.5 bits below it, people decide. For 100,000
 * customers: a match from 20.1, review from 12.1 — a shared phone and a close name, a valid tax id
 * and a similar name, a rare name and the same address.
 */
export function matchSettingsFor(customers: number, overrides: Partial<MatchSettings> = {}): MatchSettings {
  const prior = Math.log2(Math.max(2, customers))
  // Floors: in a handful of customers the prior alone would let one shared address make a match.
  return { matchAt: Math.max(12, prior + 3.5), reviewAt: Math.max(6, prior - 4.5), maxBlock: 60, sharedAbove: 4, ...overrides }
}

/** The settings for 100,000 customers (the benchmark's size), for tests and explanations. */
export const DEFAULT_MATCH_SETTINGS: MatchSettings = matchSettingsFor(100_000)

/** One comparison's part of a pair's score, for people to read ("why were these merged?"). */
export interface Evidence {
  field: string
  level: string
  weight: number
}

export interface ScoredPair {
  a: string
  b: string
  score: number
  evidence: Evidence[]
}

export interface MatchResult {
  /** Record id → cluster id (the id of the cluster's first record in input order). */
  clusterOf: Map<string, string>
  /** Pairs at or above `matchAt` that were linked. */
  links: ScoredPair[]
  /** Pairs at or above `matchAt` that were not linked: linking them would join two different valid tax ids. */
  refused: ScoredPair[]
  /** Pairs in the review band whose records ended in different clusters. */
  review: ScoredPair[]
  stats: { records: number; blocks: number; skippedBlocks: number; candidatePairs: number }
}

/**
 * Fellegi-Sunter weights: for each comparison level, log2(m / u) where m is how often true matches
 * agree at that level and u how often non-matches do. The m and u here are set by hand from what
 * B2B customer data looks like (a tax id rarely disagrees between two records of one company; two
 * different companies share a postal code often); `u` of an exact name agreement is not a constant
 * but the share of customers carrying the name's rarest token (term-frequency adjustment), so
 * "Service GmbH" counts for little and "Kowalczyk Spedycja" for a lot.
 */
const w = (m: number, u: number) => Math.log2(m / u)

const WEIGHTS = {
  taxSame: w(0.6, 0.00001),
  taxDifferent: w(0.01, 0.95),
  taxNear: w(0.08, 0.0005),
  phoneSame: w(0.5, 0.0002),
  phoneDifferent: w(0.3, 0.9),
  emailSame: w(0.45, 0.0002),
  emailDomain: w(0.35, 0.002),
  emailDifferent: w(0.4, 0.95),
  nameClose: w(0.3, 0.002),
  nameSimilar: w(0.12, 0.01),
  nameDifferent: w(0.05, 0.97),
  streetSame: w(0.7, 0.001),
  streetDifferent: w(0.15, 0.9),
  postalSame: w(0.85, 0.01),
  postalDifferent: w(0.1, 0.95),
  citySame: w(0.9, 0.03),
  countryDifferent: w(0.02, 0.7),
}

function frequencies(records: MatchRecord[]) {
  const token = new Map<string, number>()
  const email = new Map<string, number>()
  const phone = new Map<string, number>()
  const tax = new Map<string, number>()
  const bump = (m: Map<string, number>, k: string | null | undefined) => {
    if (k) m.set(k, (m.get(k) ?? 0) + 1)
  }
  for (const r of records) {
    for (const t of new Set(r.nameTokens)) bump(token, t)
    bump(email, r.email?.value)
    bump(phone, r.phone)
    bump(tax, r.taxId?.value)
  }
  const idf = new Map<string, number>()
  for (const [t, df] of token) idf.set(t, Math.log2((records.length + 1) / (df + 1)))
  return { token, idf, email, phone, tax, n: records.length }
}

type Frequencies = ReturnType<typeof frequencies>

function idf(f: Frequencies, t: string): number {
  return f.idf.get(t) ?? Math.log2(f.n + 1)
}

/** Blocking keys: several, so that one typo (in the name, the phone, the tax id) does not hide a pair. */
function blockKeys(r: MatchRecord, f: Frequencies, s: MatchSettings): string[] {
  const keys: string[] = []
  const shared = (m: Map<string, number>, k: string) => (m.get(k) ?? 0) > s.sharedAbove
  if (r.taxId?.valid && !shared(f.tax, r.taxId.value)) keys.push(`t:${r.taxId.value}`)
  if (r.phone && !shared(f.phone, r.phone)) keys.push(`p:${r.phone}`)
  if (r.email && !r.email.role && !shared(f.email, r.email.value)) keys.push(`e:${r.email.value}`)
  const compact = r.nameKey.replace(/ /g, '')
  if (compact.length >= 3) keys.push(`n:${r.country ?? ''}:${compact.slice(0, 5)}`)
  // The name's two rarest tokens: a typo in one still leaves the other.
  const rare = [...new Set(r.nameTokens)].filter((t) => t.length >= 3).sort((x, y) => (f.token.get(x) ?? 0) - (f.token.get(y) ?? 0) || (x < y ? -1 : 1))
  for (const t of rare.slice(0, 2)) keys.push(`k:${t}`)
  if (r.postalCode && compact.length >= 2) keys.push(`z:${r.country ?? ''}:${r.postalCode}:${compact.slice(0, 2)}`)
  // A typo early in the name changes its prefix and rare tokens: the city and the first letters still meet.
  if (r.city && compact.length >= 3) keys.push(`c:${r.country ?? ''}:${r.city}:${compact.slice(0, 3)}`)
  if (r.streetKey && r.houseNumber) keys.push(`s:${r.postalCode ?? r.city ?? ''}:${r.streetKey}:${r.houseNumber}`)
  return keys
}

/** Weighted token-set similarity: the share of the two names' information (idf) that they have in common. */
function tokenSimilarity(a: string[], b: string[], f: Frequencies): number {
  const sa = new Set(a)
  const sb = new Set(b)
  let common = 0
  let all = 0
  for (const t of sa) {
    const v = idf(f, t)
    all += v
    if (sb.has(t)) common += v
  }
  for (const t of sb) if (!sa.has(t)) all += idf(f, t)
  return all === 0 ? 0 : common / all
}

/** The score of one pair with every comparison's part. Exported for tests and for explaining decisions. */
export function scorePair(x: MatchRecord, y: MatchRecord, f: Frequencies, s: MatchSettings = DEFAULT_MATCH_SETTINGS): ScoredPair {
  const evidence: Evidence[] = []
  const add = (field: string, level: string, weight: number) => evidence.push({ field, level, weight: Math.round(weight * 100) / 100 })
  const shared = (m: Map<string, number>, k: string) => (m.get(k) ?? 0) > s.sharedAbove

  if (x.taxId && y.taxId) {
    if (x.taxId.value === y.taxId.value) {
      if (x.taxId.valid && !shared(f.tax, x.taxId.value)) add('taxId', 'same', WEIGHTS.taxSame)
    } else if (x.taxId.valid && y.taxId.valid) add('taxId', 'different valid ids', WEIGHTS.taxDifferent)
    else if (jaroWinkler(x.taxId.value, y.taxId.value) >= 0.9) add('taxId', 'one typo apart', WEIGHTS.taxNear)
  }
  if (x.phone && y.phone) {
    if (x.phone === y.phone) {
      if (!shared(f.phone, x.phone)) add('phone', 'same', WEIGHTS.phoneSame)
    } else add('phone', 'different', WEIGHTS.phoneDifferent)
  }
  if (x.email && y.email) {
    if (x.email.value === y.email.value) {
      if (!x.email.role && !shared(f.email, x.email.value)) add('email', 'same', WEIGHTS.emailSame)
    } else if (x.email.domain === y.email.domain) add('email', 'same domain', WEIGHTS.emailDomain)
    else add('email', 'different', WEIGHTS.emailDifferent)
  }
  const jw = jaroWinkler(x.nameKey, y.nameKey)
  const tokens = tokenSimilarity(x.nameTokens, y.nameTokens, f)
  const nameSim = Math.max(jw, tokens)
  if (x.nameKey === y.nameKey || nameSim >= 0.97) {
    // Term-frequency adjustment: agreeing on a rare name is worth more than on a common one.
    const rarest = Math.min(...[...new Set(x.nameTokens)].filter((t) => y.nameTokens.includes(t)).map((t) => f.token.get(t) ?? 1), f.n)
    const u = Math.min(0.05, Math.max(1 / f.n, rarest / f.n))
    add('name', 'same', w(0.55, u))
  } else if (nameSim >= 0.92) add('name', 'close', WEIGHTS.nameClose)
  else if (nameSim >= 0.85) add('name', 'similar', WEIGHTS.nameSimilar)
  else add('name', 'different', WEIGHTS.nameDifferent)
  if (x.streetKey && y.streetKey) {
    if (jaroWinkler(x.streetKey, y.streetKey) >= 0.92 && (x.houseNumber ?? '') === (y.houseNumber ?? '')) add('street', 'same', WEIGHTS.streetSame)
    else add('street', 'different', WEIGHTS.streetDifferent)
  }
  if (x.postalCode && y.postalCode) add('postalCode', x.postalCode === y.postalCode ? 'same' : 'different', x.postalCode === y.postalCode ? WEIGHTS.postalSame : WEIGHTS.postalDifferent)
  // The city says little more once the postal code agrees (they are not independent): counted only without one.
  if (!(x.postalCode && y.postalCode) && x.city && y.city && x.city === y.city) add('city', 'same', WEIGHTS.citySame)
  if (x.country && y.country && x.country !== y.country) add('country', 'different', WEIGHTS.countryDifferent)
  const score = Math.round(evidence.reduce((n, e) => n + e.weight, 0) * 100) / 100
  return { a: x.id, b: y.id, score, evidence }
}

/**
 * Resolves a set of source customers into clusters (one per real customer): block, score every
 * candidate pair once, then link pairs from the strongest down, refusing a link that would put two
 * different valid tax ids into one cluster (a cluster whose members conflict is never formed, so it
 * never needs splitting afterwards). `decisions` are people's: `same` pairs are linked first
 * whatever their score, `different` pairs are never linked, even through others.
 */
export function resolveClusters(
  records: MatchRecord[],
  settings: MatchSettings = matchSettingsFor(records.length),
  decisions: Array<{ a: string; b: string; same: boolean }> = [],
  /** A part of the tenant is resolved (incremental): the whole tenant's frequencies, and its blocks too big to compare within. */
  context: { frequencies?: Frequencies; skipBlocks?: ReadonlySet<string> } = {},
): MatchResult {
  const f = context.frequencies ?? frequencies(records)
  const blocks = new Map<string, number[]>()
  records.forEach((r, i) => {
    for (const k of blockKeys(r, f, settings)) {
      if (context.skipBlocks?.has(k)) continue
      const list = blocks.get(k)
      if (list) list.push(i)
      else blocks.set(k, [i])
    }
  })
  const seen = new Set<number>()
  const pairs: ScoredPair[] = []
  let skippedBlocks = 0
  let candidatePairs = 0
  for (const members of blocks.values()) {
    if (members.length < 2) continue
    if (members.length > settings.maxBlock) {
      skippedBlocks++
      continue
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const lo = Math.min(members[i], members[j])
        const hi = Math.max(members[i], members[j])
        const key = lo * records.length + hi
        if (seen.has(key)) continue
        seen.add(key)
        candidatePairs++
        const p = scorePair(records[lo], records[hi], f, settings)
        if (p.score >= settings.reviewAt) pairs.push(p)
      }
    }
  }

  // Union-find whose roots carry the valid tax ids of their cluster and the clusters people said differ.
  const parent = records.map((_, i) => i)
  const index = new Map(records.map((r, i) => [r.id, i]))
  const taxes: Array<Set<string>> = records.map((r) => new Set(r.taxId?.valid && (f.tax.get(r.taxId.value) ?? 0) <= settings.sharedAbove ? [r.taxId.value] : []))
  const apart: Array<Set<number>> = records.map(() => new Set())
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  const conflict = (ra: number, rb: number) => {
    if (taxes[ra].size && taxes[rb].size && ![...taxes[ra]].some((t) => taxes[rb].has(t))) return true
    for (const o of apart[ra]) if (find(o) === rb) return true
    return false
  }
  const union = (ra: number, rb: number) => {
    const [big, small] = taxes[ra].size + apart[ra].size >= taxes[rb].size + apart[rb].size ? [ra, rb] : [rb, ra]
    parent[small] = big
    for (const t of taxes[small]) taxes[big].add(t)
    for (const o of apart[small]) apart[big].add(o)
  }
  for (const d of decisions) {
    const ia = index.get(d.a)
    const ib = index.get(d.b)
    if (ia === undefined || ib === undefined || d.same) continue
    apart[find(ia)].add(ib)
    apart[find(ib)].add(ia)
  }
  const links: ScoredPair[] = []
  const refused: ScoredPair[] = []
  for (const d of decisions) {
    const ia = index.get(d.a)
    const ib = index.get(d.b)
    if (ia === undefined || ib === undefined || !d.same) continue
    const ra = find(ia)
    const rb = find(ib)
    if (ra !== rb) union(ra, rb)
    links.push({ a: d.a, b: d.b, score: Infinity, evidence: [{ field: 'decision', level: 'same (by a person)', weight: Infinity }] })
  }
  pairs.sort((p, q) => q.score - p.score)
  const held: ScoredPair[] = []
  for (const p of pairs) {
    if (p.score < settings.matchAt) break
    // Different names are never linked on shared contact data alone (tenants of one office building,
    // a group's sister companies): only the same valid tax id says a renamed company is still itself.
    if (p.evidence.some((e) => e.field === 'name' && e.level === 'different') && !p.evidence.some((e) => e.field === 'taxId' && e.level === 'same')) {
      held.push(p)
      continue
    }
    const ra = find(index.get(p.a)!)
    const rb = find(index.get(p.b)!)
    if (ra === rb) continue
    if (conflict(ra, rb)) refused.push(p)
    else {
      union(ra, rb)
      links.push(p)
    }
  }
  const clusterOf = new Map<string, string>()
  const rootId = new Map<number, string>()
  records.forEach((r, i) => {
    const root = find(i)
    if (!rootId.has(root)) rootId.set(root, r.id)
    clusterOf.set(r.id, rootId.get(root)!)
  })
  const review = [...held, ...pairs.filter((p) => p.score < settings.matchAt)].filter((p) => clusterOf.get(p.a) !== clusterOf.get(p.b))
  return { clusterOf, links, refused, review, stats: { records: records.length, blocks: blocks.size, skippedBlocks, candidatePairs } }
}

/**
 * What an incremental resolution must look at around some changed records: every record that shares
 * a block with one of them and scores at least `reviewAt` against it, and the blocks too big to
 * compare within across the whole tenant (so the part is blocked as the whole would be).
 */
export function neighbourhood(records: MatchRecord[], focus: Iterable<number>, f: Frequencies, settings: MatchSettings): { neighbours: Set<number>; skipBlocks: Set<string>; candidatePairs: number } {
  const wanted = new Map<string, number[]>()
  const focusSet = new Set(focus)
  for (const i of focusSet) for (const k of blockKeys(records[i], f, settings)) wanted.set(k, [])
  const sizes = new Map<string, number>()
  records.forEach((r, i) => {
    for (const k of blockKeys(r, f, settings)) {
      sizes.set(k, (sizes.get(k) ?? 0) + 1)
      wanted.get(k)?.push(i)
    }
  })
  const skipBlocks = new Set<string>()
  for (const [key, size] of sizes) if (size > settings.maxBlock) skipBlocks.add(key)
  const neighbours = new Set<number>()
  const seen = new Set<number>()
  let candidatePairs = 0
  for (const [key, members] of wanted) {
    if (skipBlocks.has(key)) continue
    for (const i of members) {
      if (!focusSet.has(i)) continue
      for (const j of members) {
        if (i === j) continue
        const pair = Math.min(i, j) * records.length + Math.max(i, j)
        if (seen.has(pair)) continue
        seen.add(pair)
        candidatePairs++
        if (scorePair(records[i], records[j], f, settings).score >= settings.reviewAt) neighbours.add(j)
      }
    }
  }
  return { neighbours, skipBlocks, candidatePairs }
}

export { frequencies as matchFrequencies, type Frequencies as MatchFrequencies }
