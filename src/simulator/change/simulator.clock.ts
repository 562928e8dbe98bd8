/**
 * The time stamped on every change. It runs at real speed from the simulator's `now` (so a
 * simulator started "in the past" stays in the past) and never repeats or goes back: each reading
 * is at least 1 ms after the previous one and after every stored updated_at, so a changed record
 * always sorts after all existing ones.
 */
export class SimulatorClock {
  private last: number

  constructor(
    private readonly nowMs: number,
    private readonly startedAtMs: number,
    notBeforeMs: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.last = notBeforeMs
  }

  tick(): number {
    const current = this.nowMs + (this.realNow() - this.startedAtMs)
    this.last = Math.max(current, this.last + 1)
    return this.last
  }

  /** The time without consuming a tick, for reports. */
  peek(): number {
    return Math.max(this.nowMs + (this.realNow() - this.startedAtMs), this.last)
  }
}
