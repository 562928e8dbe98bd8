/**
 * Available-to-promise for one SKU, computed from what the ERPs already told us (on hand, open
 * production, planned receipts; open orders' reservations, campaign holds). Pure: no database, no
 * clock. Quantities are exact decimals carried as BigInt micro-units, because the ERPs send numeric
 * strings and a float would turn 0.1 + 0.2 into something no planner typed.
 */

/** Micro-units per unit: quantities carry at most 6 decimals, so every one is a whole number of these. */
export const MICRO = 1_000_000n

/** At most ten years of days (inclusive): enough for any horizon a planner looks at, small enough to list. */
export const MAX_RANGE_DAYS = 3660

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,6}))?$/
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/**
 * A decimal string as micro-units. Strict on purpose ("1.", ".5", "1e3", " 1" and a 7th decimal
 * are refused, not guessed): an ERP value we cannot read exactly must not turn into a promise.
 * `field` names the value in the error when the caller knows where it came from.
 */
export function toMicro(s: string, field = 'value'): bigint {
  const m = typeof s === 'string' ? DECIMAL.exec(s) : null
  if (!m) throw new Error(`${field} must be a decimal string with at most 6 decimals (like "12" or "-2.5"), got ${describe(s)}`)
  const [, sign, whole, fraction = ''] = m
  const micro = BigInt(whole) * MICRO + BigInt(fraction.padEnd(6, '0'))
  return sign === '-' ? -micro : micro
}

/** Micro-units back to the shortest exact decimal string: "12", "0.5", "-3.25" (never "-0"). */
export function fromMicro(n: bigint): string {
  const sign = n < 0n ? '-' : ''
  const abs = n < 0n ? -n : n
  const whole = abs / MICRO
  const fraction = abs % MICRO
  if (fraction === 0n) return `${sign}${whole}`
  return `${sign}${whole}.${fraction.toString().padStart(6, '0').replace(/0+$/, '')}`
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

/**
 * A calendar date as days since 1970-01-01 (UTC, so no daylight-saving day is 23 hours long).
 * The round trip refuses dates that do not exist (2025-02-30) and the years Date.UTC would
 * silently move into the 1900s (0050).
 */
function dayNumber(value: unknown, field: string): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN
  if (!m || Number.isNaN(ms) || dayString(ms / MS_PER_DAY) !== value) throw new Error(`${field} must be a date as YYYY-MM-DD, got ${describe(value)}`)
  return ms / MS_PER_DAY
}

function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
}

/** Checks a YYYY-MM-DD date and returns it; the error names `field`. */
export function checkDate(value: unknown, field: string): string {
  dayNumber(value, field)
  return value as string
}

/** Something that adds stock (supplies) or takes it (demands). */
export interface AtpEvent {
  /** YYYY-MM-DD; null or a past date means "now" (stock on hand, an overdue receipt or demand). */
  date: string | null
  /** A decimal string; the sign is taken as given (some ERPs report a negative on hand). */
  quantity: string
  /** What it is ("on_hand", "production", "receipt", "order", "campaign"), for the people reading the result. */
  kind: string
  source?: string
}

export interface AtpInput {
  /** YYYY-MM-DD: the day "now" events are counted at; the range may not start before it. */
  today: string
  /** The first day to report, YYYY-MM-DD. */
  from: string
  /** The last day to report (inclusive), YYYY-MM-DD. */
  to: string
  supplies: AtpEvent[]
  demands: AtpEvent[]
}

/** One day of the result; every quantity is a decimal string. */
export interface AtpDay {
  date: string
  /**
   * Supply and demand dated on this day. The first day also carries everything dated before it
   * (on hand, overdue, anything between today and `from`), so that every row's projected is the
   * previous row's plus supply minus demand, starting from nothing.
   */
  supply: string
  demand: string
  /** Cumulative supply minus cumulative demand dated on or before this day (Tryton's forecast_quantity). */
  projected: string
  /** The lowest projected from this day on, up to the last dated event (may be negative: over-committed). */
  atp: string
  /** atp, but never below zero: what can actually be promised on this day. */
  promisable: string
}

export interface AtpResult {
  today: string
  from: string
  to: string
  /** The last day the look-ahead took into account: `to`, or the last dated event if that is later. */
  horizon: string
  days: AtpDay[]
}

interface Flow {
  supply: bigint
  demand: bigint
}

/** Adds one list of events into the per-date flows, "now" moved to today. */
function addEvents(flows: Map<string, Flow>, events: unknown, field: 'supplies' | 'demands', today: string): void {
  if (!Array.isArray(events)) throw new Error(`${field} must be an array`)
  events.forEach((e: Partial<AtpEvent> | null, i) => {
    const at = `${field}[${i}]`
    if (typeof e !== 'object' || e === null) throw new Error(`${at} must be an object`)
    if (typeof e.kind !== 'string') throw new Error(`${at}.kind must be a string`)
    const quantity = toMicro(e.quantity as string, `${at}.quantity`)
    const dated = e.date === null || e.date === undefined ? today : checkDate(e.date, `${at}.date`)
    // Overdue stays owed (a late receipt is still expected, a late order still wants its goods): it counts now.
    const date = dated < today ? today : dated
    const flow = flows.get(date) ?? { supply: 0n, demand: 0n }
    if (field === 'supplies') flow.supply += quantity
    else flow.demand += quantity
    flows.set(date, flow)
  })
}

/** For each position, the lowest value from there to the end. */
function lowestFromEach(values: bigint[]): bigint[] {
  const lowest = new Array<bigint>(values.length)
  for (let i = values.length - 1; i >= 0; i--) {
    const later = i + 1 < values.length ? lowest[i + 1] : values[i]
    lowest[i] = values[i] < later ? values[i] : later
  }
  return lowest
}

/** Checks today, from and to, and returns the range's first and last day numbers. */
function checkRange(input: AtpInput): { first: number; last: number } {
  const today = dayNumber(input.today, 'today')
  const first = dayNumber(input.from, 'from')
  const last = dayNumber(input.to, 'to')
  if (last < first) throw new Error(`to (${input.to}) must not be before from (${input.from})`)
  // A day before today would show no stock at all (on hand counts from today): refused rather than misleading.
  if (first < today) throw new Error(`from (${input.from}) must not be before today (${input.today})`)
  if (last - first + 1 > MAX_RANGE_DAYS) throw new Error(`from..to spans ${last - first + 1} days, at most ${MAX_RANGE_DAYS} are allowed`)
  return { first, last }
}

/**
 * Projected stock and ATP for every day from `from` to `to`.
 *
 * projected(d) is what would be in stock on day d if everything known happened as dated. ATP(d) is
 * the lowest projected from d on: what can be taken on day d without any later, already-known
 * demand running short. The look-ahead runs past `to` to the last dated event, because a demand
 * dated after the range still needs the stock we would otherwise promise inside it. It also means a
 * receipt is never promised before its date: before it arrives, the dip in between (if a demand
 * comes first) caps ATP.
 */
export function computeAtp(input: AtpInput): AtpResult {
  const { first, last } = checkRange(input)
  const flows = new Map<string, Flow>()
  addEvents(flows, input.supplies, 'supplies', input.today)
  addEvents(flows, input.demands, 'demands', input.today)

  // YYYY-MM-DD sorts as text in date order.
  const dates = [...flows.keys()].sort()
  const cumulative: bigint[] = []
  let running = 0n
  for (const date of dates) {
    const flow = flows.get(date) as Flow
    running += flow.supply - flow.demand
    cumulative.push(running)
  }
  // Projected only changes on event dates, so the lowest projected from any day on is found among them.
  const lowest = lowestFromEach(cumulative)

  const days: AtpDay[] = []
  let next = 0 // the first event date not yet counted into a row
  let projected = 0n
  for (let day = first; day <= last; day++) {
    const date = dayString(day)
    let supply = 0n
    let demand = 0n
    for (; next < dates.length && dates[next] <= date; next++) {
      const flow = flows.get(dates[next]) as Flow
      supply += flow.supply
      demand += flow.demand
      projected = cumulative[next]
    }
    const atp = next < dates.length && lowest[next] < projected ? lowest[next] : projected
    days.push({
      date,
      supply: fromMicro(supply),
      demand: fromMicro(demand),
      projected: fromMicro(projected),
      atp: fromMicro(atp),
      promisable: fromMicro(atp > 0n ? atp : 0n),
    })
  }
  const lastEvent = dates[dates.length - 1]
  return { today: input.today, from: input.from, to: input.to, horizon: lastEvent !== undefined && lastEvent > input.to ? lastEvent : input.to, days }
}

/**
 * The first day on or after `onOrAfter`, within the result's range, whose ATP covers `quantity`;
 * null when no day in the range does.
 *
 * ATP never falls from one day to the next: ATP(d) is the minimum of projected over the days from d
 * on, and a later day's minimum is taken over a subset of those days, so it can only be the same or
 * higher. That makes the answer a real promise date (every later day in the range fits too) and
 * lets the search halve the range instead of walking it.
 */
export function earliestDate(result: AtpResult, quantity: string, onOrAfter: string): string | null {
  const need = toMicro(quantity, 'quantity')
  checkDate(onOrAfter, 'onOrAfter')
  const { days } = result
  let low = days.findIndex((d) => d.date >= onOrAfter)
  if (low < 0) return null
  let high = days.length // invariant: the answer's index is in [low, high], days.length meaning "none"
  while (low < high) {
    const mid = (low + high) >> 1
    if (toMicro(days[mid].atp) >= need) high = mid
    else low = mid + 1
  }
  return low < days.length ? days[low].date : null
}
