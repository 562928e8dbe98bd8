/**
 * The fault a request met, if any: a queued one-shot (failNext, delayNext, truncateNext) or a
 * standing one drawn at the rates set by faults(). A request that met several (a delay, then a
 * truncation) names the one that decided its answer.
 */
export type InjectedFaultKind = 'fail-next' | 'delay-next' | 'truncate-next' | 'random-error' | 'rate-limit' | 'timeout'

export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  /** 0 when no answer was sent (an injected timeout dropped the connection). */
  status: number
  /** Records in the response's `data` (0 for errors and health checks). */
  records: number
  /**
   * When the request arrived, in epoch milliseconds with sub-millisecond precision (taken before
   * hooks and delays, so a held request still counts when it was made): what a rate meter needs.
   */
  at: number
  fault: InjectedFaultKind | null
}

export interface RequestTotals {
  total: number
  records: number
  byStatus: Record<string, number>
  /** Requests that met an injected fault. */
  faulted: number
}

/** A wall-clock reading precise below the millisecond (Date.now() alone ties bursts of requests). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now()
}

/**
 * The largest number of the given arrival times that fall within one window of `windowMs`, over
 * every placement of the window: two arrivals share a window when they are less than windowMs
 * apart, so a budget of "N per second" holds exactly when the result for 1000 is ≤ N.
 */
export function maxArrivalsInWindow(arrivals: readonly number[], windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be a finite number > 0, got ${windowMs}`)
  const sorted = Float64Array.from(arrivals).sort()
  let best = 0
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}

/**
 * The API requests served since the last reset (admin calls are not logged: they are the test's
 * own). An entry is added when its answer is complete, so the list is in completion order and a
 * request still in flight is not in it yet.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = []

  add(entry: RequestLogEntry): void {
    this.entries.push(entry)
  }

  list(): RequestLogEntry[] {
    return this.entries.slice()
  }

  reset(): void {
    this.entries = []
  }

  totals(): RequestTotals {
    const byStatus: Record<string, number> = {}
    let records = 0
    let faulted = 0
    for (const entry of this.entries) {
      byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1
      records += entry.records
      if (entry.fault !== null) faulted++
    }
    return { total: this.entries.length, records, byStatus, faulted }
  }

  /** See maxArrivalsInWindow; `filter` picks the requests that count (e.g. one path, or no faulted ones). */
  maxInWindow(windowMs: number, filter?: (entry: RequestLogEntry) => boolean): number {
    const counted = filter ? this.entries.filter(filter) : this.entries
    return maxArrivalsInWindow(counted.map((entry) => entry.at), windowMs)
  }
}
