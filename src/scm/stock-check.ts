import { type AtpResult, MICRO, checkDate, earliestDate, fromMicro, toMicro } from './atp'

/**
 * The campaign stock check: before a campaign goes out to its targets, will the stock be there for
 * the responses it is expected to bring? Pure: the ATP per SKU comes in already computed
 * (src/scm/atp.ts). All arithmetic is in BigInt micro-units, like ATP itself.
 */

export interface CampaignOffer {
  sku: string
  /** The share of targets expected to respond with this offer, 0..1; taken at 6 decimals. */
  responseRate: number
  /** A decimal string, not negative: how much of the SKU one response takes. */
  quantityPerResponse: string
}

export interface StockCheckInput {
  /** How many customers the campaign goes to: a whole number, 0 or more. */
  targets: number
  /** YYYY-MM-DD: the day the campaign promises delivery from. */
  promiseDate: string
  offers: CampaignOffer[]
  /** ATP per SKU, each covering promiseDate and a horizon after it. A SKU missing here has no stock at all. */
  atp: Record<string, AtpResult>
}

export interface SkuCheck {
  sku: string
  /** False when there was no ATP for the SKU: it then counts as 0 on every day. */
  known: boolean
  /** Expected demand from all offers naming the SKU, rounded up to 6 decimals. */
  demand: string
  /** ATP on the promise date (negative when already over-committed). */
  atpAtPromise: string
  /** How much more ATP the promise date needs; "0" when there is enough. */
  shortBy: string
  /** The first day from promiseDate on whose ATP covers the demand; null if none within the ATP's range. */
  earliestFeasibleDate: string | null
}

export interface StockCheckResult {
  feasible: boolean
  /** One entry per SKU, in the order the offers first name them. */
  skus: SkuCheck[]
  /** promiseDate when feasible; else the latest of the short SKUs' dates, null if one of them never fits. */
  earliestFeasibleDate: string | null
  /** The most targets (up to `targets`) whose demand fits every SKU's ATP on the promise date. */
  maxFeasibleTargets: number
}

/** One SKU's demand per target, as a numerator over MICRO in micro-units (see demandMicro). */
interface SkuDemand {
  sku: string
  perTarget: bigint
}

/**
 * A response rate as micro-units. The number is taken at 6 decimals (toFixed(6), which rounds the
 * binary value to the nearest millionth), so 0.1 is exactly 0.1 and not 0.1000000000000000055...;
 * nobody quotes a response rate finer than that, and from here on everything is exact.
 */
function rateMicro(rate: unknown, field: string): bigint {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new Error(`${field} must be between 0 and 1, got ${String(rate)}`)
  return toMicro(rate.toFixed(6), field)
}

/**
 * Demand per target, summed per SKU. Each offer adds rate × quantity: micro × micro, so the sum is
 * in micro-units times MICRO. Keeping the sum exact and rounding once per SKU (in demandMicro)
 * means two offers' fractions are not each rounded up.
 */
function demandsPerSku(offers: unknown): SkuDemand[] {
  if (!Array.isArray(offers)) throw new Error('offers must be an array')
  const bySku = new Map<string, bigint>()
  offers.forEach((o: Partial<CampaignOffer> | null, i) => {
    const at = `offers[${i}]`
    if (typeof o !== 'object' || o === null) throw new Error(`${at} must be an object`)
    if (typeof o.sku !== 'string' || o.sku === '') throw new Error(`${at}.sku must be a non-empty string`)
    const rate = rateMicro(o.responseRate, `${at}.responseRate`)
    const quantity = toMicro(o.quantityPerResponse as string, `${at}.quantityPerResponse`)
    if (quantity < 0n) throw new Error(`${at}.quantityPerResponse must not be negative, got "${o.quantityPerResponse}"`)
    bySku.set(o.sku, (bySku.get(o.sku) ?? 0n) + rate * quantity)
  })
  return [...bySku].map(([sku, perTarget]) => ({ sku, perTarget }))
}

/**
 * Expected demand of `targets` targets in micro-units, rounded up: a fraction of a micro-unit still
 * has to come from somewhere, and under-counting demand is the error that breaks a promise.
 */
function demandMicro(targets: bigint, perTarget: bigint): bigint {
  return (targets * perTarget + MICRO - 1n) / MICRO
}

/** Nothing asked for always fits, even against an over-committed SKU: the over-commitment is not this campaign's doing. */
function fits(demand: bigint, atp: bigint): boolean {
  return demand === 0n || atp >= demand
}

/**
 * The most targets (at most `targets`) whose rounded-up demand fits `atp`. ceil(n·k / MICRO) ≤ atp
 * holds exactly when n·k ≤ atp·MICRO (atp is whole micro-units), so the floor is the answer; it is
 * then checked against demandMicro itself, so the rounding rule stays the one source of truth.
 */
function maxTargetsFor(perTarget: bigint, atp: bigint, targets: bigint): bigint {
  if (perTarget === 0n) return targets // demands nothing, however many respond
  let n = atp > 0n ? (atp * MICRO) / perTarget : 0n
  if (n > targets) n = targets
  while (n > 0n && !fits(demandMicro(n, perTarget), atp)) n--
  return n
}

/** The ATP of one SKU, or undefined when there is none (own keys only: a SKU named "constructor" is a SKU). */
function atpOf(atp: Record<string, AtpResult>, sku: string): AtpResult | undefined {
  return Object.hasOwn(atp, sku) ? atp[sku] : undefined
}

/** ATP on the promise date in micro-units; an ATP that does not reach the date is an input error, not a shortage. */
function atpAt(result: AtpResult, sku: string, promiseDate: string): bigint {
  const field = `atp[${JSON.stringify(sku)}]`
  if (typeof result !== 'object' || result === null || !Array.isArray(result.days)) throw new Error(`${field} must be an ATP result (from computeAtp)`)
  const days = result.days
  const i = days.findIndex((d) => d.date === promiseDate)
  if (i < 0) throw new Error(`${field} does not cover promiseDate ${promiseDate} (it covers ${result.from}..${result.to})`)
  return toMicro(days[i].atp, `${field}.days[${i}].atp`)
}

function checkTargets(targets: unknown): bigint {
  if (typeof targets !== 'number' || !Number.isSafeInteger(targets) || targets < 0) throw new Error(`targets must be a whole number, 0 or more, got ${String(targets)}`)
  return BigInt(targets)
}

/** Checks whether the stock will be there for a campaign's expected responses, per SKU and overall. */
export function checkCampaignStock(input: StockCheckInput): StockCheckResult {
  const targets = checkTargets(input.targets)
  const promiseDate = checkDate(input.promiseDate, 'promiseDate')
  if (typeof input.atp !== 'object' || input.atp === null) throw new Error('atp must be an object keyed by SKU')
  const demands = demandsPerSku(input.offers)

  let maxTargets = targets
  const skus = demands.map(({ sku, perTarget }): SkuCheck => {
    const result = atpOf(input.atp, sku)
    const atp = result ? atpAt(result, sku, promiseDate) : 0n
    const demand = demandMicro(targets, perTarget)
    const enough = fits(demand, atp)
    const skuMax = maxTargetsFor(perTarget, atp, targets)
    if (skuMax < maxTargets) maxTargets = skuMax
    let earliest: string | null = promiseDate
    if (!enough) earliest = result ? earliestDate(result, fromMicro(demand), promiseDate) : null
    return {
      sku,
      known: result !== undefined,
      demand: fromMicro(demand),
      atpAtPromise: fromMicro(atp),
      // Below zero, new stock first covers the orders already promised, so the over-commitment counts in.
      shortBy: fromMicro(enough ? 0n : demand - atp),
      earliestFeasibleDate: earliest,
    }
  })

  const short = skus.filter((s) => s.shortBy !== '0')
  // ATP never falls from one day to the next, so SKUs that fit on the promise date (or on their own
  // earliest date) still fit on any later day: the latest of the short SKUs' dates fits them all.
  let earliest: string | null = promiseDate
  for (const s of short) {
    if (s.earliestFeasibleDate === null) {
      earliest = null
      break
    }
    if (s.earliestFeasibleDate > earliest) earliest = s.earliestFeasibleDate
  }
  return { feasible: short.length === 0, skus, earliestFeasibleDate: earliest, maxFeasibleTargets: Number(maxTargets) }
}

/** The expected demand per SKU of `targets` mailed targets, by the same rule the stock check uses (exact, rounded up once per SKU). */
export function expectedDemand(targets: number, offers: readonly CampaignOffer[]): Array<{ sku: string; demand: string }> {
  const n = checkTargets(targets)
  return demandsPerSku(offers).map((d) => ({ sku: d.sku, demand: fromMicro(demandMicro(n, d.perTarget)) }))
}
