/**
 * Segment rules as data: a condition tree marketers build (and campaigns reuse for target
 * selection), its schema, and a compiler to one SQL boolean over a golden customer row aliased `g`.
 *
 * Every compiled condition is two-valued (true or false, never NULL): a NULL would turn `not` into
 * "neither", so `{ not: { field: 'country', op: 'eq', value: 'DE' } }` would silently drop the
 * customers whose country is unknown. Every user value travels as a parameter; only column names
 * from the fixed table below are written into the SQL text.
 */
import { z } from 'zod'
import { goldenOrderLinesFrom, goldenOrdersFrom } from './golden-orders.sql'
import { RFM_SEGMENTS, type RfmSegment } from './rfm'

export const TEXT_FIELDS = ['name', 'email', 'phone', 'taxId', 'street', 'postalCode', 'city', 'country', 'currency'] as const
export type TextField = (typeof TEXT_FIELDS)[number]

export const TEXT_OPS = ['eq', 'neq', 'in', 'notIn', 'startsWith', 'contains', 'exists', 'missing'] as const
export type TextOp = (typeof TEXT_OPS)[number]

/** Nesting limit of all / any / not: deep trees are unreadable to people and expensive to plan. */
export const MAX_CONDITION_DEPTH = 8

export interface ScoreRange {
  min?: number
  max?: number
}

export type SegmentCondition =
  | { field: TextField; op: TextOp; value?: string | string[] }
  | { rfm: { segments?: RfmSegment[]; r?: ScoreRange; f?: ScoreRange; m?: ScoreRange } }
  | { orders: { skus?: string[]; categories?: string[]; withinDays?: number; minCount?: number; maxCount?: number; minRevenue?: number } }
  | { segment: string }
  | { all: SegmentCondition[] }
  | { any: SegmentCondition[] }
  | { not: SegmentCondition }

const COLUMN: Record<TextField, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  taxId: 'tax_id',
  street: 'street',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  currency: 'currency',
}

/** What each op needs in `value`. */
const VALUE_SHAPE: Record<TextOp, 'one' | 'many' | 'none'> = {
  eq: 'one',
  neq: 'one',
  startsWith: 'one',
  contains: 'one',
  in: 'many',
  notIn: 'many',
  exists: 'none',
  missing: 'none',
}

const KINDS = ['field', 'rfm', 'orders', 'segment', 'all', 'any', 'not'] as const
type Kind = (typeof KINDS)[number]

const Text = z.string().trim().min(1).max(500)
const TextList = z.array(Text).min(1).max(1000)

export const FieldSchema = z
  .object({ field: z.enum(TEXT_FIELDS), op: z.enum(TEXT_OPS), value: z.union([Text, TextList]).optional() })
  .strict()
  .superRefine((c, ctx) => {
    const wants = VALUE_SHAPE[c.op]
    if (wants === 'none' && c.value !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${c.op} takes no value` })
    if (wants === 'one' && typeof c.value !== 'string') ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${c.op} needs one text value` })
    if (wants === 'many' && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${c.op} needs a list of text values` })
  })

const Score = z.number().int().min(1).max(5)
const ScoreRangeSchema = z
  .object({ min: Score.optional(), max: Score.optional() })
  .strict()
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, { path: ['max'], message: 'max must not be below min' })

export const RfmSchema = z
  .object({
    rfm: z.object({ segments: z.array(z.enum(RFM_SEGMENTS)).min(1).max(RFM_SEGMENTS.length).optional(), r: ScoreRangeSchema.optional(), f: ScoreRangeSchema.optional(), m: ScoreRangeSchema.optional() }).strict(),
  })
  .strict()

export const OrdersSchema = z
  .object({
    orders: z
      .object({
        skus: z.array(z.string().trim().min(1).max(200)).min(1).max(1000).optional(),
        categories: z.array(z.string().trim().min(1).max(200)).min(1).max(1000).optional(),
        withinDays: z.number().int().min(1).max(3650).optional(),
        minCount: z.number().int().min(0).max(1_000_000).optional(),
        maxCount: z.number().int().min(0).max(1_000_000).optional(),
        minRevenue: z.number().min(0).max(1e15).optional(),
      })
      .strict()
      .refine((o) => o.minCount === undefined || o.maxCount === undefined || o.minCount <= o.maxCount, { path: ['maxCount'], message: 'maxCount must not be below minCount' }),
  })
  .strict()

export const SegmentRefSchema = z.object({ segment: z.string().trim().min(1).max(100) }).strict()

/** Forwards a nested parse's issues; their paths are relative to the condition, the parents add theirs. */
function forward(issues: z.core.$ZodIssue[], ctx: z.RefinementCtx): void {
  for (const issue of issues) ctx.addIssue({ ...issue } as z.core.$ZodRawIssue)
}

/**
 * A condition is an object with exactly one kind key, so the kind is picked by key and only that
 * kind's schema reports — a plain union would answer "invalid input" at the condition instead of
 * naming the offending field inside it. One schema per depth keeps the nesting limit in the schema
 * itself, so an absurdly deep body is refused before it is recursed into.
 */
function conditionAt(depth: number): z.ZodType<SegmentCondition> {
  if (depth > MAX_CONDITION_DEPTH) {
    return z.unknown().transform((_v, ctx) => {
      ctx.addIssue({ code: 'custom', message: `conditions nest at most ${MAX_CONDITION_DEPTH} deep` })
      return z.NEVER
    })
  }
  const child = conditionAt(depth + 1)
  const group = z.array(child).min(1).max(100)
  const kinds: Record<Kind, z.ZodType> = {
    field: FieldSchema,
    rfm: RfmSchema,
    orders: OrdersSchema,
    segment: SegmentRefSchema,
    all: z.object({ all: group }).strict(),
    any: z.object({ any: group }).strict(),
    not: z.object({ not: child }).strict(),
  }
  return z.unknown().transform((input, ctx): SegmentCondition => {
    const kind = typeof input === 'object' && input !== null && !Array.isArray(input) ? KINDS.find((k) => k in input) : undefined
    if (!kind) {
      ctx.addIssue({ code: 'custom', message: `a condition is an object with one of ${KINDS.join(', ')}` })
      return z.NEVER
    }
    const result = kinds[kind].safeParse(input)
    if (!result.success) {
      forward(result.error.issues, ctx)
      return z.NEVER
    }
    return result.data as SegmentCondition
  })
}

export const SegmentConditionSchema: z.ZodType<SegmentCondition> = conditionAt(1)

/** Every `{ segment: name }` inside the conditions, with its path from the list (for issues and the dependency graph). */
export function segmentReferences(cs: readonly SegmentCondition[]): { name: string; path: (string | number)[] }[] {
  const out: { name: string; path: (string | number)[] }[] = []
  const walk = (c: SegmentCondition, path: (string | number)[]) => {
    if ('segment' in c) out.push({ name: c.segment, path: [...path, 'segment'] })
    else if ('all' in c) c.all.forEach((x, i) => walk(x, [...path, 'all', i]))
    else if ('any' in c) c.any.forEach((x, i) => walk(x, [...path, 'any', i]))
    else if ('not' in c) walk(c.not, [...path, 'not'])
  }
  cs.forEach((c, i) => walk(c, [i]))
  return out
}

const DAY_MS = 86_400_000

/** Appends `value` to `params` and returns its placeholder with a cast, so PostgreSQL never guesses a type. */
function param(params: unknown[], value: unknown, cast: string): string {
  params.push(value)
  return `$${params.length}::${cast}`
}

/** A lower-cased text[] parameter, lowered by PostgreSQL so both sides fold case the same way. */
function loweredList(params: unknown[], values: string[]): string {
  return `ARRAY(SELECT lower(v) FROM unnest(${param(params, values, 'text[]')}) AS v)`
}

function compileField(c: Extract<SegmentCondition, { field: TextField }>, params: unknown[]): string {
  const col = `g."${COLUMN[c.field]}"`
  const one = () => param(params, c.value as string, 'text')
  switch (c.op) {
    case 'eq':
      return `COALESCE(lower(${col}) = lower(${one()}), false)`
    // neq and notIn are exactly the negations of eq and in: an unknown value is "not equal".
    case 'neq':
      return `(NOT COALESCE(lower(${col}) = lower(${one()}), false))`
    case 'in':
      return `COALESCE(lower(${col}) = ANY(${loweredList(params, c.value as string[])}), false)`
    case 'notIn':
      return `(NOT COALESCE(lower(${col}) = ANY(${loweredList(params, c.value as string[])}), false))`
    case 'startsWith':
      return `COALESCE(starts_with(lower(${col}), lower(${one()})), false)`
    case 'contains':
      // strpos, not LIKE: a % or _ in the value is a character to find, not a wildcard.
      return `COALESCE(strpos(lower(${col}), lower(${one()})) > 0, false)`
    case 'exists':
      return `COALESCE(btrim(${col}) <> '', false)`
    case 'missing':
      return `(NOT COALESCE(btrim(${col}) <> '', false))`
  }
}

function compileRfm(c: Extract<SegmentCondition, { rfm: unknown }>['rfm'], params: unknown[], tenantParam: string): string {
  const where = [`cr."tenant_id" = ${tenantParam}`]
  if (c.segments) where.push(`cr."segment" = ANY(${param(params, c.segments, 'text[]')})`)
  for (const key of ['r', 'f', 'm'] as const) {
    const range = c[key]
    if (range?.min !== undefined) where.push(`cr."${key}" >= ${param(params, range.min, 'int')}`)
    if (range?.max !== undefined) where.push(`cr."${key}" <= ${param(params, range.max, 'int')}`)
  }
  return `(g."id" IN (SELECT cr."golden_id" FROM "customer_rfm" cr WHERE ${where.join(' AND ')}))`
}

/**
 * "Bought (these SKUs or from these categories) between minCount and maxCount times in the last
 * withinDays days, for at least minRevenue". A time is an order: several matching lines of one order
 * count once. SKUs and categories together widen the choice (a line matches either); categories
 * fold case, SKUs are codes and match exactly. Revenue is the orders' totals, or the matching lines'
 * amounts when SKUs or categories narrow the lines. One uncorrelated aggregate per condition, so a
 * tenant of 100k goldens is one hash lookup per golden, not one subquery each.
 */
function compileOrders(o: Extract<SegmentCondition, { orders: unknown }>['orders'], params: unknown[], tenantParam: string, now: Date): string {
  const byLine = o.skus !== undefined || o.categories !== undefined
  const where: string[] = []
  if (o.withinDays !== undefined) where.push(`x."ordered_at" >= ${param(params, new Date(now.getTime() - o.withinDays * DAY_MS), 'timestamptz')}`)
  if (byLine) {
    const either: string[] = []
    if (o.skus) either.push(`x."sku" = ANY(${param(params, o.skus, 'text[]')})`)
    if (o.categories) either.push(`COALESCE(lower(x."category") = ANY(${loweredList(params, o.categories)}), false)`)
    where.push(`(${either.join(' OR ')})`)
  }
  const count = byLine ? `count(DISTINCT x."order_id")` : `count(*)`
  const revenue = byLine ? `COALESCE(sum(x."amount"), 0)` : `COALESCE(sum(x."total_amount"), 0)`
  // "Has not bought" is written maxCount: 0, so without a minCount a maxCount means "at most".
  const minCount = o.minCount ?? (o.maxCount !== undefined ? 0 : 1)
  const having: string[] = []
  if (minCount > 0) having.push(`${count} >= ${param(params, minCount, 'int')}`)
  if (o.maxCount !== undefined) having.push(`${count} <= ${param(params, o.maxCount, 'int')}`)
  if (o.minRevenue !== undefined && o.minRevenue > 0) having.push(`${revenue} >= ${param(params, o.minRevenue, 'numeric')}`)
  if (having.length === 0) return 'TRUE'
  const from = byLine ? goldenOrderLinesFrom(tenantParam, 'x') : goldenOrdersFrom(tenantParam, 'x')
  const groups = (test: string) => `SELECT x."golden_id" FROM ${from} WHERE ${where.length ? where.join(' AND ') : 'TRUE'} GROUP BY x."golden_id" HAVING ${test}`
  // Goldens without a matching order never appear in the groups; when zero orders qualify they
  // are members, so the condition becomes "not among the groups that fail".
  const zeroQualifies = minCount === 0 && !(o.minRevenue !== undefined && o.minRevenue > 0)
  return zeroQualifies ? `(g."id" NOT IN (${groups(`NOT (${having.join(' AND ')})`)}))` : `(g."id" IN (${groups(having.join(' AND '))}))`
}

/** Appends its parameters to `params` and returns SQL like `(g."country" = ANY($3::text[]))`; `tenantParam` is e.g. '$1'. */
export function compileCondition(c: SegmentCondition, params: unknown[], tenantParam: string, now: Date): string {
  if ('field' in c) return compileField(c, params)
  if ('rfm' in c) return compileRfm(c.rfm, params, tenantParam)
  if ('orders' in c) return compileOrders(c.orders, params, tenantParam, now)
  if ('segment' in c) {
    // By name at compile time: a stored rule keeps pointing at the segment of that name, whatever its id.
    return `(g."id" IN (SELECT sm."golden_id" FROM "segment_member" sm JOIN "segment" s ON s."id" = sm."segment_id" WHERE s."tenant_id" = ${tenantParam} AND s."name" = ${param(params, c.segment, 'text')}))`
  }
  if ('all' in c) return c.all.length ? `(${c.all.map((x) => compileCondition(x, params, tenantParam, now)).join(' AND ')})` : 'TRUE'
  if ('any' in c) return c.any.length ? `(${c.any.map((x) => compileCondition(x, params, tenantParam, now)).join(' OR ')})` : 'FALSE'
  if ('not' in c) return `(NOT ${compileCondition(c.not, params, tenantParam, now)})`
  throw new TypeError(`not a segment condition: ${JSON.stringify(c)}`)
}

/** AND of all; 'TRUE' for none. */
export function compileConditions(cs: SegmentCondition[], params: unknown[], tenantParam: string, now: Date): string {
  return cs.length ? `(${cs.map((c) => compileCondition(c, params, tenantParam, now)).join(' AND ')})` : 'TRUE'
}
