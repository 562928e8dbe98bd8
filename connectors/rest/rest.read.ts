import { ConfigError, getPath, MalformedResponse, type Cursor, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import type { QueryParams, RestClient } from './rest.client'
import type { RestEntity } from './rest.config'
import { cursorJson, parseRestCursor, type RestCursor } from './rest.cursor'
import { pagingStrategy, type PageToken } from './rest.paging'
import { extractRecords } from './rest.records'
import { filterFrom, formatInstant, laterIso, newestInstant } from './rest.watermark'

export interface ReadDeps {
  client: RestClient
  baseUrl: string
  logger: Logger
}

/**
 * Reads one entity page by page, from the start of a new run or from the page a stored cursor
 * names (the cursor format is described in rest.cursor.ts). Each page's `next` is safe to store as
 * soon as that page is durable: resuming from it never skips a record after the page.
 */
export async function* readEntity(deps: ReadDeps, name: string, entity: RestEntity, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  signal.throwIfAborted()
  const stored = parseRestCursor(cursor)
  const paging = pagingStrategy(entity.paging, deps.baseUrl)
  const incremental = entity.incremental
  const log = deps.logger.child({ entity: name })

  if (stored.run && !paging.accepts(stored.run.token)) {
    throw new ConfigError(`the stored cursor is unreadable: its run position does not fit ${entity.paging.type} paging of ${name}; reset the cursor to read from the beginning`)
  }
  // Without `incremental` a stored watermark means nothing (the config changed): read everything.
  const watermark = incremental ? stored.since : undefined
  const runSince = stored.run ? stored.run.since : watermark && incremental ? filterFrom(watermark, incremental.lookbackMs) : undefined
  let high = stored.run?.high
  let token: PageToken | undefined = stored.run ? stored.run.token : paging.first

  const params: QueryParams = { ...entity.query }
  if (incremental && runSince !== undefined) params[incremental.param] = formatInstant(Date.parse(runSince), incremental.format)

  log.debug({ resumed: stored.run !== undefined, filtered: runSince !== undefined }, 'read started')
  let pages = 0
  let total = 0
  let previous: string | undefined
  for (;;) {
    const request = paging.request(token, { path: entity.path, params, pageSize: entity.pageSize })
    const response = await deps.client.get(request.url, request.params, signal)
    const records = extractRecords(response.data, entity.recordsPath, response.path)
    pages++
    total += records.length
    previous = refuseRepeatedPage(records, entity.idField, previous, response.path)

    if (incremental) {
      const seen = newestInstant(records, incremental, high)
      high = seen.high
      if (seen.undated > 0) log.warn({ page: pages, undated: seen.undated, field: incremental.field }, 'records without a readable incremental field value')
    }
    const nextToken = paging.next({ token, request, response, records, pageSize: entity.pageSize })
    log.debug({ page: pages, records: records.length, path: response.path, last: nextToken === undefined }, 'page read')

    if (nextToken === undefined) {
      log.info({ pages, records: total }, 'read finished')
      yield { records, next: incremental ? cursorJson({ since: laterIso(watermark, high) }) : null }
      return
    }
    const midRun: RestCursor = { since: watermark, run: { since: runSince, high, token: nextToken } }
    yield { records, next: cursorJson(midRun) }
    signal.throwIfAborted()
    token = nextToken
  }
}

/**
 * A server that ignores the paging param answers the same page forever; page and offset paging
 * would follow it without end. Two consecutive non-empty pages that start and end on the same ids
 * are taken as that.
 */
export function refuseRepeatedPage(records: JsonObject[], idField: string, previous: string | undefined, path: string): string | undefined {
  if (records.length === 0) return undefined
  const first = getPath(records[0], idField)
  const last = getPath(records[records.length - 1], idField)
  if (first === undefined || last === undefined) return undefined
  const signature = JSON.stringify([records.length, first, last])
  if (signature === previous) throw new MalformedResponse(`GET ${path}: the server answered the same page twice (does it ignore the paging params?); stopping instead of looping`)
  return signature
}
