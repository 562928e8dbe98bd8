import { ENTITY_NAMES, type EntityName, type KeyedRecord } from '../simulator.types'
import type { EntityTables } from '../store/dataset.state'
import type { TableView } from '../store/entity.table'
import { encodeCursor } from './cursor.codec'
import { parseRangeQuery, type ListQuery, type ParsedListQuery, type RangeQuery } from './list-query.parse'
import { selectPage } from './page.select'
import { errorBody } from './response.send'

export interface ApiContext {
  tables: EntityTables
  parseQuery: (query: Record<string, string>) => ParsedListQuery
}

export interface ApiRequest {
  method: string
  path: string
  query: Record<string, string>
  /** "http://host:port" as the client addressed us, for absolute next links. */
  origin: string
}

export interface ApiResponse {
  status: number
  body: unknown
  /** The body already serialised, when the route can do it cheaper than JSON.stringify(body). */
  json?: string
  headers?: Record<string, string>
  records: number
}

const ENTITY_PATH = /^\/api\/v1\/([a-z-]+)\/?$/
const COUNT_PATH = /^\/api\/v1\/([a-z-]+)\/count\/?$/
const entityNames: ReadonlySet<string> = new Set(ENTITY_NAMES)

function isEntityName(name: string): name is EntityName {
  return entityNames.has(name)
}

function notFound(path: string): ApiResponse {
  return { status: 404, body: errorBody('not_found', `no such resource: ${path}; lists live at /api/v1/{${ENTITY_NAMES.join('|')}}, counts at /api/v1/<list>/count`), records: 0 }
}

/** The query of the following page in the same style, keeping every other parameter the client sent. */
function nextQuery(query: ListQuery, sent: Record<string, string>, nextCursor: string): Record<string, string> {
  if (query.style === 'page') return { ...sent, page: String(query.page + 1) }
  if (query.style === 'offset') return { ...sent, offset: String(query.offset + query.limit) }
  return { ...sent, cursor: nextCursor }
}

function metaOf(query: ListQuery, total: number): Record<string, number> {
  if (query.style === 'page') return { total, page: query.page, per_page: query.perPage }
  if (query.style === 'offset') return { total, offset: query.offset, limit: query.limit }
  return { total, limit: query.limit }
}

/**
 * The table as if it ended at the first record changed at or after `before`: paging, totals and
 * next links then all respect the upper bound without the page selection knowing of it.
 */
function endingBefore<R extends KeyedRecord>(table: TableView<R>, before: string | undefined): TableView<R> {
  if (before === undefined) return table
  const end = table.lowerBound(before)
  return {
    size: end,
    lowerBound: (updatedAt, id) => Math.min(table.lowerBound(updatedAt, id), end),
    upperBound: (updatedAt, id) => Math.min(table.upperBound(updatedAt, id), end),
    slice: (start, stop) => table.slice(Math.min(start, end), Math.min(stop, end)),
  }
}

function listPage(table: TableView<KeyedRecord>, query: ListQuery, request: ApiRequest): ApiResponse {
  const { rows, total, hasMore } = selectPage(endingBefore(table, query.before), query)
  const last = rows[rows.length - 1]
  // Offered in every style, so a client can switch to keyset paging at any page.
  const nextCursor = hasMore && last ? encodeCursor(last) : null
  const next = nextCursor === null ? null : `${request.origin}${request.path}?${new URLSearchParams(nextQuery(query, request.query, nextCursor))}`
  const body = { data: rows, meta: metaOf(query, total), next_cursor: nextCursor, links: { next } }
  const rest = JSON.stringify({ meta: body.meta, next_cursor: nextCursor, links: body.links })
  return { status: 200, body, json: `{"data":[${rows.map(recordJson).join(',')}],${rest.slice(1)}`, records: rows.length }
}

/**
 * Records are immutable values (a change replaces the object), so each one is serialised once and
 * reused on every page that serves it: an ERP serving a full sync should not spend more CPU than
 * the hub reading it, since here both share one machine. Webhook bodies embed the same string, so
 * an event's data is byte for byte what the list serves.
 */
const serialised = new WeakMap<object, string>()
export function recordJson(record: object): string {
  let json = serialised.get(record)
  if (json === undefined) {
    json = JSON.stringify(record)
    serialised.set(record, json)
  }
  return json
}

/**
 * How many records changed in [updated_since, updated_before), as `{ count }` and `X-Total-Count`
 * (the two shapes REST ERPs use), found by two binary searches: counting a bucket is cheap for the
 * ERP too, which is why a gap check can afford one request per bucket.
 */
function countRecords(table: TableView<KeyedRecord>, query: RangeQuery): ApiResponse {
  const from = query.since === undefined ? 0 : table.lowerBound(query.since)
  const to = query.before === undefined ? table.size : table.lowerBound(query.before)
  const count = Math.max(0, to - from)
  return { status: 200, body: { count }, headers: { 'X-Total-Count': String(count) }, records: 0 }
}

function notGet(method: string): ApiResponse {
  return { status: 405, body: errorBody('method_not_allowed', `${method} is not supported; the API is read-only (GET)`), headers: { Allow: 'GET' }, records: 0 }
}

/** The read API: one list and one count per entity, and a health check. Auth and faults are handled before this. */
export function routeApiRequest(ctx: ApiContext, request: ApiRequest): ApiResponse {
  const counted = COUNT_PATH.exec(request.path)
  if (counted) {
    if (!isEntityName(counted[1])) return notFound(request.path)
    if (request.method !== 'GET') return notGet(request.method)
    const parsed = parseRangeQuery(request.query)
    if (!parsed.ok) return { status: 400, body: errorBody('bad_request', parsed.message, { param: parsed.param }), records: 0 }
    return countRecords(ctx.tables[counted[1]], parsed.query)
  }
  const match = ENTITY_PATH.exec(request.path)
  if (!match) return notFound(request.path)
  if (request.method !== 'GET') return notGet(request.method)
  const name = match[1]
  if (name === 'health') return { status: 200, body: { status: 'ok' }, records: 0 }
  if (!isEntityName(name)) return notFound(request.path)
  const parsed = ctx.parseQuery(request.query)
  if (!parsed.ok) return { status: 400, body: errorBody('bad_request', parsed.message, { param: parsed.param }), records: 0 }
  return listPage(ctx.tables[name], parsed.query, request)
}
