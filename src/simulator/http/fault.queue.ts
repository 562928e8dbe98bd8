/** A response forced on the next requests: a status, and optionally a body and headers. */
export interface InjectedFailure {
  status: number
  /** A string is sent as is (for malformed bodies); anything else as JSON. */
  body?: unknown
  headers?: Record<string, string>
}

/**
 * `malformed`: the body is cut in half and its Content-Length matches the cut, so the client sees
 * a complete response whose JSON does not parse. `abort`: the full length is announced, half the
 * body is written and the connection is destroyed, so the client sees a broken transfer.
 */
export type TruncationMode = 'malformed' | 'abort'

class CountedQueue<T> {
  private readonly entries: { value: T; remaining: number }[] = []

  push(count: number, value: T): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`)
    if (count > 0) this.entries.push({ value, remaining: count })
  }

  take(): T | undefined {
    const head = this.entries[0]
    if (!head) return undefined
    if (--head.remaining === 0) this.entries.shift()
    return head.value
  }

  /** Whether a queued value is waiting, without taking it. */
  pending(): boolean {
    return this.entries.length > 0
  }

  clear(): void {
    this.entries.length = 0
  }
}

/**
 * Faults queued by tests, consumed one per API request in the order they were queued. They take
 * precedence over the standing faults of StandingFaults (see simulator.server.ts).
 */
export class FaultQueue {
  readonly failures = new CountedQueue<InjectedFailure>()
  readonly delays = new CountedQueue<number>()
  readonly truncations = new CountedQueue<TruncationMode>()

  clear(): void {
    this.failures.clear()
    this.delays.clear()
    this.truncations.clear()
  }
}
