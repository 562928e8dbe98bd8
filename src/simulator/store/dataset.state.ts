import type { ProductNamer } from '../generate/product.generate'
import type { EntityCounts, EntityName, EntityRecordMap } from '../simulator.types'
import type { EntityTable } from './entity.table'

export type EntityTables = { [E in EntityName]: EntityTable<EntityRecordMap[E]> }

/** Everything the simulator holds: the data, plus what is needed to keep adding to it consistently. */
export interface DatasetState {
  tables: EntityTables
  /** Sum of order lines, kept current on add/patch instead of recounted. */
  lineCount: number
  /** The next sequence number per entity (stock ids are composite and take none). */
  nextSeq: Record<Exclude<EntityName, 'stock'>, number>
  customerNames: Set<string>
  productNamer: ProductNamer
}

export function countsOf(state: DatasetState): EntityCounts {
  const { tables } = state
  return {
    customers: tables.customers.size,
    products: tables.products.size,
    'sales-orders': tables['sales-orders'].size,
    stock: tables.stock.size,
    'production-orders': tables['production-orders'].size,
  }
}
