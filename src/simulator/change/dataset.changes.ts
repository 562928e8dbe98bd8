import { NotFoundError } from '../../errors/hub-error'
import type { Random } from '../random/seeded.random'
import type { EntityName, EntityRecordMap } from '../simulator.types'
import type { DatasetState } from '../store/dataset.state'
import { CREATORS } from './record.creators'
import { MUTATORS } from './record.mutators'
import { applyPatch, type RecordPatch } from './record.patch'
import { pickRecordIds } from './records.pick'
import type { SimulatorClock } from './simulator.clock'

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number ≥ 0, got ${count}`)
}

function lineCountOf(entity: EntityName, record: unknown): number {
  if (entity !== 'sales-orders') return 0
  const lines = (record as { lines?: unknown }).lines
  return Array.isArray(lines) ? lines.length : 0
}

/**
 * Every change to the data goes through here, so each one gets a fresh clock tick, lands at the
 * end of its list, and keeps the line count current.
 */
export class DatasetChanges {
  constructor(
    private readonly state: DatasetState,
    private readonly clock: SimulatorClock,
    private readonly rng: Random,
  ) {}

  private stamp(): { iso: string; ms: number } {
    const ms = this.clock.tick()
    return { iso: new Date(ms).toISOString(), ms }
  }

  private store<E extends EntityName>(entity: E, record: EntityRecordMap[E]): void {
    const previous = this.state.tables[entity].put(record)
    this.state.lineCount += lineCountOf(entity, record) - lineCountOf(entity, previous ?? {})
  }

  /** Realistic changes to `count` random records (at most all of them); returns their ids in change order. */
  mutate<E extends EntityName>(entity: E, count: number): string[] {
    assertCount(count)
    const table = this.state.tables[entity]
    const mutator = MUTATORS[entity]
    const ids = pickRecordIds(table, count, this.rng, mutator.prefers)
    for (const id of ids) {
      const current = table.get(id)
      if (!current) continue
      const at = this.stamp()
      const next = mutator.mutate(current, { rng: this.rng, state: this.state, at: at.iso, atMs: at.ms })
      next.updated_at = at.iso
      this.store(entity, next)
    }
    return ids
  }

  patch<E extends EntityName>(entity: E, id: string, patch: RecordPatch<EntityRecordMap[E]>): EntityRecordMap[E] {
    const current = this.state.tables[entity].get(id)
    if (!current) throw new NotFoundError(`simulator ${entity} record`, id)
    const next = applyPatch(current, patch)
    next.updated_at = this.stamp().iso
    this.store(entity, next)
    return next
  }

  /** Creates up to `count` records (stock stops when every product is stocked everywhere); returns their ids. */
  add<E extends EntityName>(entity: E, count: number): string[] {
    assertCount(count)
    const make = CREATORS[entity](this.state, this.rng)
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const record = make(this.stamp())
      if (!record) break
      this.store(entity, record)
      ids.push(record.id)
    }
    return ids
  }
}
