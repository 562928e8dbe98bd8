import type { DocumentBatch, EntityName, JsonObject } from './connector.contract'

/**
 * Collects a document's records into one batch per entity and variant, handing out a batch as soon
 * as it is full: a document of any length is passed on in pieces of `size` records, in the order they
 * were found.
 */
export class BatchCollector {
  private readonly open = new Map<string, DocumentBatch>()

  constructor(private readonly size: number) {}

  /** Adds a record; returns the batch it filled, if any. */
  add(entity: EntityName, variant: string, record: JsonObject): DocumentBatch | undefined {
    const key = `${variant}\u0000${entity}`
    let batch = this.open.get(key)
    if (batch === undefined) {
      batch = { entity, variant, records: [] }
      this.open.set(key, batch)
    }
    batch.records.push(record)
    if (batch.records.length < this.size) return undefined
    this.open.delete(key)
    return batch
  }

  /** The partly filled batches, in the order they were started. */
  drain(): DocumentBatch[] {
    const rest = [...this.open.values()]
    this.open.clear()
    return rest
  }
}
