import { NotFoundError } from '../../errors/hub-error'
import type { Random } from '../random/seeded.random'
import type { EntityName, EntityRecordMap, KeyedRecord } from '../simulator.types'
import type { DatasetState } from '../store/dataset.state'
import type { EntityTable } from '../store/entity.table'
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

/** Told of every stored change (the webhook emitter announces them); `created` when the id is new. */
export type ChangeListener = (entity: EntityName, record: KeyedRecord, kind: 'created' | 'updated') => void

/**
 * Every change to the data goes through here, so each one gets a fresh clock tick, lands at the
 * end of its list (commitLate excepted, on purpose), keeps the line count current and is told to
 * the listener.
 */
export class DatasetChanges {
  constructor(
    private readonly state: DatasetState,
    private readonly clock: SimulatorClock,
    private readonly rng: Random,
    private readonly listener: ChangeListener = () => {},
  ) {}

  private stamp(): { iso: string; ms: number } {
    const ms = this.clock.tick()
    return { iso: new Date(ms).toISOString(), ms }
  }

  private store<E extends EntityName>(entity: E, record: EntityRecordMap[E]): void {
    const previous = this.state.tables[entity].put(record)
    this.state.lineCount += lineCountOf(entity, record) - lineCountOf(entity, previous ?? {})
    this.listener(entity, record, previous === undefined ? 'created' : 'updated')
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

  /**
   * Like mutate, but each record is stamped `lagMs` before the moment of the change: what an ERP
   * shows when a long transaction, begun (and timestamped) earlier, commits now. A reader whose
   * cursor already passed that instant misses the change unless it re-reads with an overlap of at
   * least lagMs. A stamp that another record of the entity already carries moves a millisecond
   * later until it is unique, never earlier, so such an overlap always suffices.
   * Returns the ids in change order.
   */
  commitLate<E extends EntityName>(entity: E, count: number, lagMs: number): string[] {
    assertCount(count)
    if (!Number.isInteger(lagMs) || lagMs < 0) throw new RangeError(`lagMs must be a whole number ≥ 0, got ${lagMs}`)
    const table = this.state.tables[entity]
    const mutator = MUTATORS[entity]
    // A customer created after the back-dated instant would then have been changed before it existed.
    const earliest = new Date(this.clock.peek() - lagMs).toISOString()
    const plausible = (record: EntityRecordMap[E]) => (mutator.prefers?.(record) ?? true) && !('created_at' in record && record.created_at > earliest)
    const ids = pickRecordIds(table, count, this.rng, plausible)
    for (const id of ids) {
      const current = table.get(id)
      if (!current) continue
      let ms = this.clock.tick() - lagMs
      while (this.isStampTaken(table, new Date(ms).toISOString(), id)) ms++
      const iso = new Date(ms).toISOString()
      const next = mutator.mutate(current, { rng: this.rng, state: this.state, at: iso, atMs: ms })
      next.updated_at = iso
      this.store(entity, next)
    }
    return ids
  }

  /** Whether a record other than `id` carries exactly this updated_at (stamps are unique per entity). */
  private isStampTaken(table: EntityTable<KeyedRecord>, iso: string, id: string): boolean {
    const index = table.lowerBound(iso)
    if (index >= table.size) return false
    const row = table.at(index)
    if (row.updated_at !== iso) return false
    return row.id !== id || (index + 1 < table.size && table.at(index + 1).updated_at === iso)
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
