import { ConfigError, getPath, MalformedResponse, type HttpResponse, type Logger, type TimeRange, type WindowPage } from '../../src/connector-sdk'
import type { QueryParams, RestClient } from './rest.client'
import type { RestCount, RestEntity } from './rest.config'
import { pagingStrategy } from './rest.paging'
import { refuseRepeatedPage } from './rest.read'
import { extractRecords } from './rest.records'
import { formatInstant } from './rest.watermark'

/**
 * Counting and re-reading one span of change times, for the hub's gap checks. Both send the
 * incremental filter with an upper bound as well (`incremental.untilParam`), so a bucket far in the
 * past costs one request to count and a page or two to re-read, whatever the size of the entity.
 */

export interface RangeDeps {
  client: RestClient
  baseUrl: string
  logger: Logger
}

/** The filter params of [from, to) in the entity's format; throws ConfigError when the entity has no such filter. */
export function rangeParams(name: string, entity: RestEntity, range: TimeRange, purpose: string): QueryParams {
  const incremental = entity.incremental
  if (!incremental) throw new ConfigError(`cannot ${purpose} ${name}: it is not incremental, so its records have no change time to filter on (set entities.${name}.incremental)`)
  if (incremental.untilParam === undefined) {
    throw new ConfigError(`cannot ${purpose} ${name}: the ERP param bounding the change time from above is not configured (set entities.${name}.incremental.untilParam, e.g. updated_before)`)
  }
  const to = instantMs(range.to, 'to')
  const params: QueryParams = {
    // An inclusive bound one unit earlier selects the same records as an exclusive one at `to`.
    [incremental.untilParam]: formatInstant(incremental.untilInclusive ? to - 1 : to, incremental.format),
  }
  if (range.from !== null) params[incremental.param] = formatInstant(instantMs(range.from, 'from'), incremental.format)
  return params
}

function instantMs(value: string, which: 'from' | 'to'): number {
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new ConfigError(`the range ${which} ${JSON.stringify(value)} is not an ISO-8601 instant`)
  return ms
}

function isEmpty(range: TimeRange): boolean {
  return range.from !== null && Date.parse(range.from) >= Date.parse(range.to)
}

/** How many records changed in [from, to), asked as `entities.<name>.count` says. */
export async function countRange(deps: RangeDeps, name: string, entity: RestEntity, range: TimeRange, signal: AbortSignal): Promise<number> {
  signal.throwIfAborted()
  const bounds = rangeParams(name, entity, range, 'count')
  const count = entity.count
  if (!count) throw new ConfigError(`cannot count ${name}: no count request is configured (set entities.${name}.count with totalPath or totalHeader)`)
  if (isEmpty(range)) return 0
  let url = count.path
  let sizing: QueryParams = {}
  if (url === undefined) {
    // The list itself, asked for its smallest page: the total comes with it, one record costs nothing.
    const paging = pagingStrategy(entity.paging, deps.baseUrl)
    const first = paging.request(paging.first, { path: entity.path, params: {}, pageSize: 1 })
    url = first.url
    sizing = first.params
  }
  const response = await deps.client.get(url, { ...entity.query, ...sizing, ...count.query, ...bounds }, signal)
  const total = totalOf(response, count)
  deps.logger.debug({ entity: name, from: range.from, to: range.to, total }, 'counted')
  return total
}

/** The total where the config says: a whole number ≥ 0, as a JSON number or digits (headers, OData v2 `__count`). */
function totalOf(response: HttpResponse<unknown>, count: RestCount): number {
  const where = count.totalHeader !== undefined ? `header ${count.totalHeader}` : `\`${count.totalPath}\``
  const raw = count.totalHeader !== undefined ? response.headers[count.totalHeader.toLowerCase()] : bodyValue(response.data, count.totalPath ?? '')
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  const found = raw === undefined ? 'nothing' : raw === null ? 'null' : `${JSON.stringify(raw).slice(0, 40)}`
  throw new MalformedResponse(`GET ${response.path}: expected the total (a whole number ≥ 0) at ${where}, found ${found}`, { details: { path: response.path, total: where } })
}

/** OData names its total `@odata.count`: a key holding dots is taken whole before it is read as a path. */
function bodyValue(body: unknown, path: string): unknown {
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, path)) return (body as Record<string, unknown>)[path]
  return getPath(body, path)
}

/** Every record changed in [from, to), page by page with the entity's own paging. */
export async function* readRange(deps: RangeDeps, name: string, entity: RestEntity, range: TimeRange, signal: AbortSignal): AsyncGenerator<WindowPage> {
  signal.throwIfAborted()
  const params: QueryParams = { ...entity.query, ...rangeParams(name, entity, range, 'read a window of') }
  if (isEmpty(range)) return
  const paging = pagingStrategy(entity.paging, deps.baseUrl)
  const log = deps.logger.child({ entity: name })
  let token = paging.first
  let previous: string | undefined
  let pages = 0
  let total = 0
  for (;;) {
    const request = paging.request(token, { path: entity.path, params, pageSize: entity.pageSize })
    const response = await deps.client.get(request.url, request.params, signal)
    const records = extractRecords(response.data, entity.recordsPath, response.path)
    previous = refuseRepeatedPage(records, entity.idField, previous, response.path)
    pages++
    total += records.length
    const nextToken = paging.next({ token, request, response, records, pageSize: entity.pageSize })
    yield { records }
    if (nextToken === undefined) {
      log.debug({ from: range.from, to: range.to, pages, records: total }, 'window read')
      return
    }
    signal.throwIfAborted()
    token = nextToken
  }
}
