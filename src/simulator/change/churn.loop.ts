import { weightedPicker, type Random } from '../random/seeded.random'
import type { EntityName } from '../simulator.types'

const TICK_MS = 50

/** Where a live ERP's changes fall: order and stock movements dominate, master data changes rarely. */
const pickEntity = weightedPicker<EntityName>([['sales-orders', 40], ['stock', 30], ['customers', 15], ['production-orders', 10], ['products', 5]])

/**
 * Background mutations at a steady rate while a sync runs. The timer is unref'd so a forgotten
 * churn never keeps a process alive; fractional rates accumulate across ticks.
 */
export class ChurnLoop {
  private timer: NodeJS.Timeout | undefined
  private perSecond = 0
  private budget = 0
  private lastTick = 0

  constructor(
    private readonly mutate: (entity: EntityName, count: number) => unknown,
    private readonly rng: Random,
    private readonly now: () => number = Date.now,
  ) {}

  get rate(): number {
    return this.perSecond
  }

  set(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond < 0) throw new RangeError(`churn rate must be a finite number ≥ 0, got ${perSecond}`)
    this.perSecond = perSecond
    if (perSecond === 0) return this.stop()
    if (this.timer) return
    this.budget = 0
    this.lastTick = this.now()
    this.timer = setInterval(() => this.tick(), TICK_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.perSecond = 0
  }

  private tick(): void {
    const now = this.now()
    this.budget += ((now - this.lastTick) / 1000) * this.perSecond
    this.lastTick = now
    for (; this.budget >= 1; this.budget--) this.mutate(pickEntity(this.rng), 1)
  }
}
