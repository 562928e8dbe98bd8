import { MalformedResponse } from '../../src/connector-sdk'
import type { SapEntity } from './sap-odata.config'
import type { RunPosition } from './sap-odata.cursor'
import { withQuery, withSessionParams, type Query } from './sap-odata.query'

/**
 * Paging as SAP Gateway does it. With `paging: 'auto'` the connector asks for windows of
 * `$top = pageSize` records at `$skip`; when the server pages inside a window (it answers fewer
 * records plus `d.__next`, usually with a `$skiptoken`), the link is followed as given until the chain
 * ends, and the next window starts after everything the chain delivered. A window that comes back
 * short, with no `__next`, is the last. With `paging: 'server'` no `$top`/`$skip` is sent and only
 * `__next` links are followed.
 */

export type Position = Pick<RunPosition, 'skip' | 'next' | 'seen'>

export const FIRST: Position = { skip: 0 }

/**
 * The URL of the page at `position`: a next link (with sap-client and $format made sure of), or the
 * entity set with the run's query and the window. `$inlinecount` is asked once, on the first window.
 */
export function pageUrl(setUrl: string, query: Query, entity: Pick<SapEntity, 'paging' | 'pageSize' | 'inlineCount'>, position: Position, sapClient: string | undefined): string {
  if (position.next !== undefined) return withSessionParams(position.next, sapClient)
  const window: Array<[string, string]> = []
  if (entity.paging === 'auto') {
    window.push(['$top', String(entity.pageSize)])
    if (position.skip > 0) window.push(['$skip', String(position.skip)])
  }
  if (entity.inlineCount && position.skip === 0) window.push(['$inlinecount', 'allpages'])
  return withQuery(setUrl, [...query, ...window])
}

/** Where the page after this one starts, or undefined when this page was the last. */
export function nextPosition(entity: Pick<SapEntity, 'paging' | 'pageSize'>, position: Position, received: number, nextLink: string | undefined): Position | undefined {
  const seen = (position.next === undefined ? 0 : (position.seen ?? 0)) + received
  if (nextLink !== undefined) return { skip: position.skip, next: nextLink, seen }
  if (entity.paging === 'server') return undefined
  // A server that ignored $top and paged through everything leaves an empty window after it; that is read.
  return seen >= entity.pageSize ? { skip: position.skip + seen } : undefined
}

/**
 * A `__next` as an absolute URL on baseUrl's origin. An absolute link is kept byte for byte (a
 * `$skiptoken='ERNSH'` stays quoted as the server wrote it); a relative one resolves against the page
 * that named it. A link elsewhere is refused because the credentials go with every request.
 */
export function resolveNextLink(raw: string, currentUrl: string, origin: string, where: string): string {
  const next = /^https?:\/\//i.test(raw) ? raw : resolveRelative(raw, currentUrl)
  if (next === undefined || !URL.canParse(next)) throw new MalformedResponse(`${where}: d.__next is not a URL`)
  if (new URL(next).origin !== origin) throw new MalformedResponse(`${where}: d.__next points outside ${origin}; refusing to send credentials there`)
  return next
}

/** RFC 3986 resolution by hand for the usual forms, so the query is not re-encoded; URL() for the rest. */
function resolveRelative(raw: string, currentUrl: string): string | undefined {
  const current = new URL(currentUrl)
  // Cut the raw text, not URL's re-encoded parts, whose lengths may differ.
  const path = currentUrl.split(/[?#]/)[0]
  if (raw.startsWith('//') || raw.includes('../') || raw.includes('./')) return URL.canParse(raw, currentUrl) ? new URL(raw, currentUrl).toString() : undefined
  if (raw.startsWith('/')) return `${current.origin}${raw}`
  if (raw.startsWith('?')) return `${path}${raw}`
  return `${path.slice(0, path.lastIndexOf('/') + 1)}${raw}`
}

/** True when a stored next link may be followed with this configuration's credentials. */
export function isOnOrigin(url: string, origin: string): boolean {
  return URL.canParse(url) && new URL(url).origin === origin
}
