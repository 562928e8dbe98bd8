import { getPath, MalformedResponse, type HttpResponse, type JsonObject } from '../../src/connector-sdk'
import type { QueryParams } from './rest.client'
import type { RestPaging } from './rest.config'
import { nextLinkFromHeader } from './rest.link-header'

/** Where a page starts: page number, offset, cursor token or next URL. */
export type PageToken = string | number

export interface PageRequest {
  url: string
  params: QueryParams
}

/** What a paging style needs to know of the page just read to find the following one. */
export interface PageSeen {
  token: PageToken | undefined
  request: PageRequest
  response: HttpResponse<unknown>
  records: JsonObject[]
  pageSize: number
}

/**
 * One paging style. `next` returns undefined on the last page; the read loop is the same for all.
 * Tokens come back from stored cursors too, so `accepts` checks one before it is used.
 */
export interface PagingStrategy {
  first: PageToken | undefined
  accepts(token: PageToken): boolean
  /** `base` holds the static query and the incremental filter. */
  request(token: PageToken | undefined, base: { path: string; params: QueryParams; pageSize: number }): PageRequest
  next(seen: PageSeen): PageToken | undefined
}

export function pagingStrategy(paging: RestPaging, baseUrl: string): PagingStrategy {
  switch (paging.type) {
    case 'none':
      return {
        first: undefined,
        accepts: () => false,
        request: (_token, base) => ({ url: base.path, params: base.params }),
        next: () => undefined,
      }
    case 'page':
      return {
        first: paging.firstPage,
        accepts: (token) => Number.isSafeInteger(token) && (token as number) >= paging.firstPage,
        request: (token, base) => ({
          url: base.path,
          params: { ...base.params, [paging.pageParam]: token ?? paging.firstPage, [paging.sizeParam]: base.pageSize },
        }),
        // A short page is the last; a full one may be followed by an empty one, which is read.
        next: (seen) => (seen.records.length < seen.pageSize ? undefined : Number(seen.token ?? paging.firstPage) + 1),
      }
    case 'offset':
      return {
        first: 0,
        accepts: (token) => Number.isSafeInteger(token) && (token as number) >= 0,
        request: (token, base) => ({
          url: base.path,
          params: { ...base.params, [paging.offsetParam]: token ?? 0, [paging.limitParam]: base.pageSize },
        }),
        next: (seen) => (seen.records.length < seen.pageSize ? undefined : Number(seen.token ?? 0) + seen.records.length),
      }
    case 'cursor':
      return {
        first: undefined,
        accepts: (token) => token !== '',
        request: (token, base) => ({
          url: base.path,
          params: { ...base.params, [paging.sizeParam]: base.pageSize, ...(token === undefined ? {} : { [paging.cursorParam]: token }) },
        }),
        next: (seen) => {
          const value = getPath(seen.response.data, paging.nextCursorPath)
          if (value === undefined || value === null || value === '') return undefined
          if (typeof value !== 'string' && typeof value !== 'number') {
            throw new MalformedResponse(`GET ${seen.response.path}: the next cursor at \`${paging.nextCursorPath}\` is a ${kindOf(value)}, not a string or number`)
          }
          return notRepeated(value, seen)
        },
      }
    case 'next-link': {
      const origin = new URL(baseUrl).origin
      return {
        first: undefined,
        accepts: (token) => typeof token === 'string' && sameOrigin(token, origin),
        request: (token, base) =>
          // A next link carries every param the server wants; adding ours could change or break it.
          token === undefined
            ? { url: base.path, params: { ...base.params, ...(paging.sizeParam ? { [paging.sizeParam]: base.pageSize } : {}) } }
            : { url: String(token), params: {} },
        next: (seen) => {
          const raw = paging.nextLinkPath ? getPath(seen.response.data, paging.nextLinkPath) : nextLinkFromHeader(seen.response.headers.link)
          if (raw === undefined || raw === null || raw === '') return undefined
          const where = paging.nextLinkPath ? `the next link at \`${paging.nextLinkPath}\`` : 'the Link rel="next"'
          if (typeof raw !== 'string') throw new MalformedResponse(`GET ${seen.response.path}: ${where} is a ${kindOf(raw)}, not a URL`)
          // Relative links resolve against the page that named them.
          const current = seen.token === undefined ? joinBase(baseUrl, seen.request.url) : String(seen.token)
          let next: string
          try {
            next = new URL(raw, current).toString()
          } catch {
            throw new MalformedResponse(`GET ${seen.response.path}: ${where} is not a URL`)
          }
          // The credentials go with every request: never follow a link to another host.
          if (!sameOrigin(next, origin)) throw new MalformedResponse(`GET ${seen.response.path}: ${where} points outside ${origin}; refusing to send credentials there`)
          return notRepeated(next, seen)
        },
      }
    }
  }
}

function notRepeated(next: PageToken, seen: PageSeen): PageToken {
  if (seen.token !== undefined && String(next) === String(seen.token)) {
    throw new MalformedResponse(`GET ${seen.response.path}: the server named the current page as the next one; stopping instead of looping`)
  }
  return next
}

function sameOrigin(url: string, origin: string): boolean {
  return URL.canParse(url) && new URL(url).origin === origin
}

function joinBase(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value
}
