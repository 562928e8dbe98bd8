import { ConfigError, getPath, MalformedResponse, type Cursor, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import type { SapClient } from './sap-odata.client'
import type { SapEntity, SapODataConfig } from './sap-odata.config'
import { cursorJson, parseSapCursor } from './sap-odata.cursor'
import { addDerivedFields, keyPath } from './sap-odata.derive'
import { FIRST, isOnOrigin, nextPosition, pageUrl, resolveNextLink, type Position } from './sap-odata.paging'
import { allOf, entitySetUrl, type Query } from './sap-odata.query'
import { readODataPage, type CleanNotes } from './sap-odata.records'
import { changedSinceFilter, laterIso, newestInstant, toIso } from './sap-odata.watermark'

export interface ReadDeps {
  client: SapClient
  config: SapODataConfig
  logger: Logger
}

/**
 * Reads one entity set page by page, from the start of a new run or from the page a stored cursor
 * names (see sap-odata.cursor.ts). Each page's `next` is safe to store as soon as that page is
 * durable: resuming from it never skips a record after the page.
 */
export async function* readEntity(deps: ReadDeps, name: string, entity: SapEntity, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  signal.throwIfAborted()
  const stored = parseSapCursor(cursor)
  const origin = new URL(deps.config.baseUrl).origin
  if (stored.run?.next !== undefined && !isOnOrigin(stored.run.next, origin)) {
    throw new ConfigError(`the stored cursor is unreadable: its next link is not on ${origin}; reset the cursor to read from the beginning`)
  }
  const incremental = entity.incremental
  const log = deps.logger.child({ entity: name })
  // Without `incremental` a stored watermark means nothing (the config changed): read everything.
  const watermark = incremental ? stored.since : undefined
  const runSince = stored.run ? stored.run.since : watermark !== undefined && incremental ? toIso(Date.parse(watermark) - incremental.lookbackMs) : undefined
  let high = stored.run?.high
  let position: Position = stored.run ? { skip: stored.run.skip, next: stored.run.next, seen: stored.run.seen } : FIRST

  const filter = allOf([entity.filter, incremental && runSince !== undefined ? changedSinceFilter(incremental, runSince) : undefined])
  const query = entityQuery(deps.config, entity, filter)
  const setUrl = entitySetUrl(deps.config, entity)
  const notes = cleanNotes(log)

  log.debug({ resumed: stored.run !== undefined, filtered: runSince !== undefined }, 'read started')
  let pages = 0
  let total = 0
  let previous: string | undefined
  for (;;) {
    const url = pageUrl(setUrl, query, entity, position, deps.config.sapClient)
    const response = await deps.client.request<unknown>({ url, signal })
    const where = `GET ${response.path}`
    const page = readODataPage(response.data, where, notes)
    const records = page.records.map((record) => addDerivedFields(record, entity))
    pages++
    total += records.length
    if (page.count !== undefined) log.info({ count: page.count }, 'the server counts this many records in the run')
    if (page.deleted > 0) log.info({ page: pages, deleted: page.deleted }, 'deleted entries skipped (the hub does not delete records)')

    if (incremental) {
      const seen = newestInstant(records, incremental, high)
      high = seen.high
      if (seen.undated > 0) log.warn({ page: pages, undated: seen.undated, field: incremental.field }, 'records without a readable last-change value')
    }
    const link = page.next === undefined ? undefined : resolveNextLink(page.next, url, origin, where)
    const following = nextPosition(entity, position, page.records.length + page.deleted, link)
    if (following !== undefined && pageUrl(setUrl, query, entity, following, deps.config.sapClient) === url) {
      throw new MalformedResponse(`${where}: the server named the page just read as the next one; stopping instead of looping`)
    }
    previous = refuseRepeatedPage(records, keyPath(entity), previous, where)
    log.debug({ page: pages, records: records.length, path: response.path, last: following === undefined }, 'page read')

    if (following === undefined) {
      log.info({ pages, records: total }, 'read finished')
      yield { records, next: incremental ? cursorJson({ since: laterIso(watermark, high) }) : null }
      return
    }
    yield { records, next: cursorJson({ since: watermark, run: { since: runSince, high, ...following } }) }
    signal.throwIfAborted()
    position = following
  }
}

/** The system query options every page of a run shares (a next link carries its own). */
export function entityQuery(config: Pick<SapODataConfig, 'sapClient'>, entity: SapEntity, filter: string | undefined): Query {
  const query: Array<[string, string]> = [['$format', 'json']]
  if (config.sapClient !== undefined) query.push(['sap-client', config.sapClient])
  if (filter !== undefined) query.push(['$filter', filter])
  if (entity.select) query.push(['$select', entity.select.join(',')])
  if (entity.expand.length > 0) query.push(['$expand', entity.expand.join(',')])
  if (entity.orderBy) query.push(['$orderby', entity.orderBy.join(',')])
  return query
}

function cleanNotes(log: Logger): CleanNotes {
  return {
    truncatedNavigation(navigation) {
      log.warn({ navigation }, 'the server cut an expanded navigation short (it carries its own __next); only its first part is in the record')
    },
  }
}

/**
 * A server that ignores $skip answers the same window forever. Two consecutive non-empty pages that
 * start and end on the same keys are taken as that.
 */
function refuseRepeatedPage(records: JsonObject[], key: string, previous: string | undefined, where: string): string | undefined {
  if (records.length === 0) return undefined
  const first = getPath(records[0], key)
  const last = getPath(records[records.length - 1], key)
  if (first === undefined || last === undefined) return undefined
  const signature = JSON.stringify([records.length, first, last])
  if (signature === previous) throw new MalformedResponse(`${where}: the server answered the same page twice (does it ignore $skip?); stopping instead of looping`)
  return signature
}
