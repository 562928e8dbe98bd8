import type { KeyedRecord } from '../simulator.types'

/** Sort order of every list: updated_at, then id. ISO instants of one format compare as strings. */
export function compareKeys(aUpdatedAt: string, aId: string, bUpdatedAt: string, bId: string): number {
  if (aUpdatedAt !== bUpdatedAt) return aUpdatedAt < bUpdatedAt ? -1 : 1
  if (aId !== bId) return aId < bId ? -1 : 1
  return 0
}

/** The read side a page needs; covariant in R, so any entity's table fits a KeyedRecord view. */
export type TableView<R> = Pick<EntityTable<R & KeyedRecord>, 'size' | 'lowerBound' | 'upperBound' | 'slice'>

/**
 * One entity's records, kept sorted by (updated_at, id) with an index by id, so a page is found by
 * binary search and sliced (O(log n + page)), never by filtering the whole list.
 *
 * Records are treated as immutable values: a change replaces the object, so anything a caller
 * already holds (a served page, a test's snapshot) keeps showing what it was.
 */
export class EntityTable<R extends KeyedRecord> {
  private readonly rows: R[]
  private readonly byId = new Map<string, R>()

  /** `sortedRows` must already be in (updated_at, id) order with distinct ids. */
  constructor(sortedRows: R[]) {
    this.rows = sortedRows
    for (const row of sortedRows) this.byId.set(row.id, row)
  }

  get size(): number {
    return this.rows.length
  }

  get(id: string): R | undefined {
    return this.byId.get(id)
  }

  at(index: number): R {
    return this.rows[index]
  }

  slice(start: number, end: number): R[] {
    return this.rows.slice(start, end)
  }

  /** A copy, so later changes to the table do not move things under the caller. */
  snapshot(): R[] {
    return this.rows.slice()
  }

  last(): R | undefined {
    return this.rows[this.rows.length - 1]
  }

  /** Index of the first record whose key is ≥ (updatedAt, id); `id` '' means "any id". */
  lowerBound(updatedAt: string, id = ''): number {
    let lo = 0
    let hi = this.rows.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const row = this.rows[mid]
      if (compareKeys(row.updated_at, row.id, updatedAt, id) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Index of the first record whose key is > (updatedAt, id): where a keyset cursor resumes. */
  upperBound(updatedAt: string, id: string): number {
    let lo = 0
    let hi = this.rows.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const row = this.rows[mid]
      if (compareKeys(row.updated_at, row.id, updatedAt, id) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Inserts or replaces by id, keeping the order; returns the record it replaced. */
  put(record: R): R | undefined {
    const previous = this.byId.get(record.id)
    if (previous) this.rows.splice(this.lowerBound(previous.updated_at, previous.id), 1)
    const at = this.upperBound(record.updated_at, record.id)
    // Changes carry the newest timestamp, so this is nearly always an append.
    if (at === this.rows.length) this.rows.push(record)
    else this.rows.splice(at, 0, record)
    this.byId.set(record.id, record)
    return previous
  }
}
