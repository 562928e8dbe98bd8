import { ConfigError, MalformedResponse, type Cursor, type JsonObject, type Logger, type Page } from '../../src/connector-sdk'
import type { ODataClient } from './odata-v4.client'
import type { ODataEntity } from './odata-v4.config'
import { cursorJson, parseODataCursor, type CursorMode, type ODataCursor } from './odata-v4.cursor'
import { responseOf } from './odata-v4.error-body'
import { readCollection } from './odata-v4.page'
import { readItem } from './odata-v4.records'
import { entitySetUrl, linkRefusal, pathOf } from './odata-v4.url'
import { filterFrom, laterIso, newestInstant } from './odata-v4.watermark'

export interface ReadDeps {
  client: ODataClient
  serviceRoot: string
  logger: Logger
}

/** Where a read starts: the URL, and whether it came from the stored cursor (and may have expired). */
interface Start {
  url: string
  stored: boolean
  /** Only the first request of a fresh delta read asks the server to track changes. */
  trackChanges: boolean
}

/**
 * Reads one entity set page by page, following `@odata.nextLink` exactly, from the start of a new
 * run or from the link a stored cursor names (the cursor is described in odata-v4.cursor.ts). Each
 * page's `next` is safe to store once the page is durable: resuming from it skips nothing after it.
 */
export async function* readEntity(deps: ReadDeps, name: string, entity: ODataEntity, cursor: Cursor | null, signal: AbortSignal): AsyncGenerator<Page> {
  signal.throwIfAborted()
  const log = deps.logger.child({ entity: name })
  const mode: CursorMode = entity.incremental?.mode ?? 'full'
  let stored = parseODataCursor(cursor)
  if (stored && stored.mode !== mode) {
    // The entity's config changed since the cursor was stored: what it says no longer applies.
    log.warn({ stored: stored.mode, configured: mode }, 'the stored cursor was made for another incremental mode; reading from the start')
    stored = undefined
  }
  for (const link of storedLinks(stored)) {
    const refusal = linkRefusal(link, deps.serviceRoot)
    if (refusal !== undefined) throw new ConfigError(`the stored cursor's link ${refusal}; reset the cursor to read from the beginning`)
  }

  const incremental = entity.incremental
  const watermark = stored?.mode === 'modified-since' ? stored.since : undefined
  const previousDelta = stored?.mode === 'delta' ? stored.delta : undefined
  const runSince = runFilter(stored, entity)
  let high = stored?.mode === 'modified-since' ? stored.run?.high : undefined
  const fresh = (): Start => ({ url: firstUrl(deps.serviceRoot, entity, runSince), stored: false, trackChanges: mode === 'delta' })
  // A stored link wins: the unfinished run's next page, else the last delta link, else the entity set.
  const storedUrl = stored?.run?.link ?? previousDelta
  let at: Start = storedUrl !== undefined ? { url: storedUrl, stored: true, trackChanges: false } : fresh()

  log.debug({ mode, resumed: stored?.run !== undefined, fromDelta: stored?.run === undefined && previousDelta !== undefined, filtered: runSince !== undefined }, 'read started')
  let pages = 0
  let total = 0
  for (;;) {
    let response
    try {
      response = await deps.client.request({ url: at.url, headers: { Prefer: prefer(entity.pageSize, at.trackChanges) }, signal })
    } catch (err) {
      // 410 Gone: the server forgot the stored skip or delta token. Start over rather than fail every run.
      if (at.stored && responseOf(err)?.status === 410) {
        log.warn({ path: pathOf(at.url) }, 'the stored link has expired (410 Gone); reading from the start')
        at = fresh()
        continue
      }
      throw err
    }
    const page = readCollection(response, at.url, deps.serviceRoot)
    const { records, links, related } = recordsOf(page.items, entity)
    pages++
    total += records.length
    if (links > 0) log.debug({ page: pages, links }, 'relationship changes skipped (not records)')
    if (related.length > 0) log.warn({ page: pages, related: related.length, entitySets: [...new Set(related)] }, 'changes of related entities skipped: they cannot be merged into their parent records')
    if (incremental?.mode === 'modified-since') {
      const seen = newestInstant(records, incremental.field, high)
      high = seen.high
      if (seen.undated > 0) log.warn({ page: pages, undated: seen.undated, field: incremental.field }, 'records without a readable incremental field value')
    }

    if (page.nextLink !== undefined) {
      if (page.nextLink === at.url) throw new MalformedResponse(`GET ${pathOf(at.url)}: the server named the current page as the next one; stopping instead of looping`)
      log.debug({ page: pages, records: records.length }, 'page read')
      yield { records, next: cursorJson(midRun(mode, page.nextLink, { watermark, runSince, high, previousDelta })) }
      signal.throwIfAborted()
      at = { url: page.nextLink, stored: false, trackChanges: false }
      continue
    }

    log.info({ pages, records: total }, 'read finished')
    if (mode === 'delta' && page.deltaLink === undefined) log.warn({ path: pathOf(at.url) }, 'the server sent no @odata.deltaLink (it does not track changes of this set); the next run reads everything')
    yield { records, next: finalCursor(mode, { watermark, high, deltaLink: page.deltaLink }) }
    return
  }
}

/** The filter of this run: the one the unfinished run sent, else the watermark minus the lookback. */
function runFilter(stored: ODataCursor | undefined, entity: ODataEntity): string | undefined {
  if (stored?.mode !== 'modified-since' || entity.incremental?.mode !== 'modified-since') return undefined
  if (stored.run) return stored.run.since
  return stored.since === undefined ? undefined : filterFrom(stored.since, entity.incremental.lookbackMs)
}

/** The initial request: `$select`, `$expand` and `$filter` (the static one `and` the incremental one). */
function firstUrl(serviceRoot: string, entity: ODataEntity, since: string | undefined): string {
  const query: Array<[string, string]> = []
  if (entity.select) query.push(['$select', entity.select])
  if (entity.expand) query.push(['$expand', entity.expand])
  const filters: string[] = []
  if (entity.filter) filters.push(`(${entity.filter})`)
  if (since !== undefined && entity.incremental?.mode === 'modified-since') filters.push(`${entity.incremental.field} gt ${since}`)
  if (filters.length > 0) query.push(['$filter', filters.join(' and ')])
  return entitySetUrl(serviceRoot, entity.entitySet, query)
}

function prefer(pageSize: number, trackChanges: boolean): string {
  return trackChanges ? `odata.track-changes, odata.maxpagesize=${pageSize}` : `odata.maxpagesize=${pageSize}`
}

function recordsOf(items: JsonObject[], entity: ODataEntity): { records: JsonObject[]; links: number; related: string[] } {
  const records: JsonObject[] = []
  const related: string[] = []
  let links = 0
  const ctx = { key: entity.key, entitySet: entity.entitySet, constants: entity.constants }
  for (const item of items) {
    const read = readItem(item, ctx)
    if (read.kind === 'link') links++
    else if (read.kind === 'related') related.push(read.entitySet)
    else records.push(read.record)
  }
  return { records, links, related }
}

function storedLinks(stored: ODataCursor | undefined): string[] {
  if (!stored) return []
  const links: string[] = []
  if (stored.run) links.push(stored.run.link)
  if (stored.mode === 'delta' && stored.delta) links.push(stored.delta)
  return links
}

function midRun(mode: CursorMode, link: string, state: { watermark?: string; runSince?: string; high?: string; previousDelta?: string }): ODataCursor {
  if (mode === 'modified-since') return { mode, since: state.watermark, run: { since: state.runSince, high: state.high, link } }
  if (mode === 'delta') return { mode, delta: state.previousDelta, run: { link } }
  return { mode, run: { link } }
}

function finalCursor(mode: CursorMode, state: { watermark?: string; high?: string; deltaLink?: string }): JsonObject | null {
  if (mode === 'modified-since') return cursorJson({ mode, since: laterIso(state.watermark, state.high) })
  if (mode === 'delta' && state.deltaLink !== undefined) return cursorJson({ mode, delta: state.deltaLink })
  return null
}
