import type { KeyedRecord } from '../simulator.types'
import type { TableView } from '../store/entity.table'
import type { ListQuery } from './list-query.parse'

export interface PageSelection<R> {
  rows: R[]
  /** Records matching the filter, in all pages. */
  total: number
  /** Whether matching records follow this page. */
  hasMore: boolean
}

/** Two binary searches and one slice: O(log n + page size) whatever the table's size. */
export function selectPage<R extends KeyedRecord>(table: TableView<R>, query: ListQuery): PageSelection<R> {
  const first = query.since === undefined ? 0 : table.lowerBound(query.since)
  const size = query.style === 'page' ? query.perPage : query.limit
  let start: number
  if (query.style === 'page') start = first + (query.page - 1) * query.perPage
  else if (query.style === 'offset') start = first + query.offset
  else start = query.after ? Math.max(first, table.upperBound(query.after.updatedAt, query.after.id)) : first
  start = Math.min(start, table.size)
  const end = Math.min(start + size, table.size)
  return { rows: table.slice(start, end), total: table.size - first, hasMore: end < table.size }
}
