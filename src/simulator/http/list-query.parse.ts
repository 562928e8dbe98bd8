import { z } from 'zod'
import { decodeCursor, type CursorPosition } from './cursor.codec'

/**
 * The three paging styles a list accepts, plus the change-time filter they share: `since` (from
 * `updated_since`, inclusive) and `before` (from `updated_before`, exclusive), so a client can count
 * or re-read one time bucket without walking everything changed after it.
 */
export type ListQuery =
  | { style: 'page'; page: number; perPage: number; since?: string; before?: string }
  | { style: 'offset'; offset: number; limit: number; since?: string; before?: string }
  | { style: 'cursor'; after?: CursorPosition; limit: number; since?: string; before?: string }

/** Only the change-time filter: what the count route reads (paging params mean nothing to a count). */
export interface RangeQuery {
  since?: string
  before?: string
}

export interface PageSizes {
  default: number
  max: number
}

export type ParsedListQuery = { ok: true; query: ListQuery } | { ok: false; param: string; message: string }

function wholeNumber(param: string, min: number, max?: number) {
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  return z.string().transform((raw, ctx) => {
    const value = Number(raw)
    if (!/^\d{1,15}$/.test(raw) || value < min || (max !== undefined && value > max)) {
      ctx.addIssue(`${param} must be a whole number ${range}; got ${JSON.stringify(raw)}`)
      return z.NEVER
    }
    return value
  })
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i

/** Date.parse rolls 2026-02-30 over into March; a real calendar date is required instead. */
function isCalendarDate(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

/**
 * An ISO 8601 date or date-time, normalised to the UTC form records carry. A date-time without a
 * zone is UTC (not server-local). An unencoded "+02:00" arrives as " 02:00"; it is read as meant.
 */
const instant = (param: string) => z.string().transform((raw, ctx) => {
  const text = raw.replace(/^(.+T.+) (\d{2}:?\d{2})$/i, '$1+$2')
  const parts = ISO_DATE.exec(text) ?? ISO_DATE_TIME.exec(text)
  let ms = Number.NaN
  if (parts && isCalendarDate(parts[1], parts[2], parts[3])) {
    const iso = parts.length === 4 ? `${text}T00:00:00Z` : HAS_ZONE.test(text) ? text : `${text}Z`
    ms = Date.parse(iso.replace(' ', 'T'))
  }
  if (Number.isNaN(ms)) {
    ctx.addIssue(`${param} must be an ISO 8601 date or date-time such as 2026-03-01T00:00:00Z; got ${JSON.stringify(raw)}`)
    return z.NEVER
  }
  return new Date(ms).toISOString()
})

const cursor = z.string().transform((raw, ctx) => {
  const position = decodeCursor(raw)
  if (!position) {
    ctx.addIssue('cursor is not a cursor this API issued; pass next_cursor from the previous page unchanged')
    return z.NEVER
  }
  return position
})

const STYLE_PARAMS = ['page', 'offset', 'cursor'] as const

function listQuerySchema(sizes: PageSizes) {
  return z
    .object({
      page: wholeNumber('page', 1).optional(),
      per_page: wholeNumber('per_page', 1, sizes.max).optional(),
      offset: wholeNumber('offset', 0).optional(),
      limit: wholeNumber('limit', 1, sizes.max).optional(),
      cursor: cursor.optional(),
      updated_since: instant('updated_since').optional(),
      updated_before: instant('updated_before').optional(),
    })
    .superRefine((q, ctx) => {
      const styles = STYLE_PARAMS.filter((p) => q[p] !== undefined)
      if (styles.length > 1) ctx.addIssue({ code: 'custom', path: [styles[1]], message: `${styles[1]} cannot be combined with ${styles[0]}: use one paging style` })
      else if (q.page !== undefined && q.limit !== undefined) ctx.addIssue({ code: 'custom', path: ['limit'], message: 'limit does not apply to page paging; use per_page' })
      else if (q.page === undefined && q.per_page !== undefined) ctx.addIssue({ code: 'custom', path: ['per_page'], message: 'per_page applies to page paging only; use limit' })
    })
}

/** Parses a list's query string; the failure names the offending parameter. */
export function createListQueryParser(sizes: PageSizes): (query: Record<string, string>) => ParsedListQuery {
  const schema = listQuerySchema(sizes)
  return (raw) => {
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return { ok: false, param: String(issue.path[0] ?? 'query'), message: issue.message }
    }
    const q = parsed.data
    const since = q.updated_since
    // Left out when absent, so a query without it is exactly what it was before the bound existed.
    const before = q.updated_before === undefined ? {} : { before: q.updated_before }
    if (q.page !== undefined) return { ok: true, query: { style: 'page', page: q.page, perPage: q.per_page ?? sizes.default, since, ...before } }
    if (q.offset !== undefined) return { ok: true, query: { style: 'offset', offset: q.offset, limit: q.limit ?? sizes.default, since, ...before } }
    return { ok: true, query: { style: 'cursor', after: q.cursor, limit: q.limit ?? sizes.default, since, ...before } }
  }
}

const rangeQuerySchema = z.object({ updated_since: instant('updated_since').optional(), updated_before: instant('updated_before').optional() })

export type ParsedRangeQuery = { ok: true; query: RangeQuery } | { ok: false; param: string; message: string }

/** Parses a count's query: only the change-time filter matters; other params are ignored, as lists ignore them. */
export function parseRangeQuery(raw: Record<string, string>): ParsedRangeQuery {
  const parsed = rangeQuerySchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { ok: false, param: String(issue.path[0] ?? 'query'), message: issue.message }
  }
  const q = parsed.data
  return { ok: true, query: { ...(q.updated_since === undefined ? {} : { since: q.updated_since }), ...(q.updated_before === undefined ? {} : { before: q.updated_before }) } }
}
