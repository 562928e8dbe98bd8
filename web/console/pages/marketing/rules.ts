import type { Condition, OrdersRule, Ranking, Selection } from './types'

/** Segment rules and campaign selections as people read them, and the audience form they are edited with. */

export const RFM_SEGMENTS = ['Champions', 'Loyal', 'Potential Loyalist', 'New Customers', 'Promising', 'Need Attention', 'About To Sleep', 'At Risk', 'Cannot Lose Them', 'Hibernating', 'Lost'] as const

export const TEXT_FIELDS: Array<{ value: string; label: string }> = [
  { value: 'country', label: 'country' },
  { value: 'city', label: 'city' },
  { value: 'postalCode', label: 'postal code' },
  { value: 'street', label: 'street' },
  { value: 'name', label: 'name' },
  { value: 'email', label: 'email' },
  { value: 'phone', label: 'phone' },
  { value: 'taxId', label: 'tax id' },
  { value: 'currency', label: 'currency' },
]

export const TEXT_OPS: Array<{ value: string; label: string; takes: 'one' | 'many' | 'none' }> = [
  { value: 'eq', label: 'is', takes: 'one' },
  { value: 'neq', label: 'is not', takes: 'one' },
  { value: 'in', label: 'is one of', takes: 'many' },
  { value: 'notIn', label: 'is none of', takes: 'many' },
  { value: 'startsWith', label: 'starts with', takes: 'one' },
  { value: 'contains', label: 'contains', takes: 'one' },
  { value: 'exists', label: 'is known', takes: 'none' },
  { value: 'missing', label: 'is unknown', takes: 'none' },
]

export const RANKING_LABELS: Record<Ranking, string> = {
  rfm: 'RFM score (best customers first)',
  monetary: 'revenue (highest first)',
  frequency: 'number of orders (most first)',
  recency: 'last order (most recent first)',
}

const fieldLabel = (f: string) => TEXT_FIELDS.find((x) => x.value === f)?.label ?? f
const list = (xs: readonly string[]) => xs.join(', ')

function range(name: string, r?: { min?: number; max?: number }): string | null {
  if (!r || (r.min === undefined && r.max === undefined)) return null
  if (r.min !== undefined && r.max !== undefined) return r.min === r.max ? `${name} score ${r.min}` : `${name} score ${r.min}–${r.max}`
  return r.min !== undefined ? `${name} score ≥ ${r.min}` : `${name} score ≤ ${r.max}`
}

export function describeOrders(o: OrdersRule): string {
  const parts = ['ordered']
  if (o.skus?.length) parts.push(`SKU ${list(o.skus)}`)
  if (o.categories?.length) parts.push(`from category ${list(o.categories)}`)
  if (o.withinDays !== undefined) parts.push(`in the last ${o.withinDays} days`)
  const counts: string[] = []
  if (o.minCount !== undefined) counts.push(`at least ${o.minCount}`)
  if (o.maxCount !== undefined) counts.push(`at most ${o.maxCount}`)
  if (counts.length) parts.push(`${counts.join(' and ')} time${o.minCount === 1 && o.maxCount === undefined ? '' : 's'}`)
  if (o.minRevenue !== undefined) parts.push(`for at least ${o.minRevenue} in all`)
  return parts.length === 1 ? 'ordered at least once' : parts.join(' ')
}

/** One condition as a sentence: `country is DE`, `in segment "Champions"`, `not (…)`. */
export function describeCondition(c: Condition): string {
  if ('field' in c) {
    const op = TEXT_OPS.find((o) => o.value === c.op)
    const value = Array.isArray(c.value) ? list(c.value) : (c.value ?? '')
    return `${fieldLabel(c.field)} ${op?.label ?? c.op}${op?.takes === 'none' ? '' : ` ${value}`}`
  }
  if ('rfm' in c) {
    const parts = [c.rfm.segments?.length ? `RFM segment is ${c.rfm.segments.join(' or ')}` : null, range('R', c.rfm.r), range('F', c.rfm.f), range('M', c.rfm.m)].filter(Boolean)
    return parts.length ? parts.join(', ') : 'has RFM scores'
  }
  if ('orders' in c) return describeOrders(c.orders)
  if ('segment' in c) return `in segment "${c.segment}"`
  if ('all' in c) return c.all.length === 1 ? describeCondition(c.all[0]) : `all of (${c.all.map(describeCondition).join('; ')})`
  if ('any' in c) return c.any.length === 1 ? describeCondition(c.any[0]) : `any of (${c.any.map(describeCondition).join('; ')})`
  if ('not' in c) return `not (${describeCondition(c.not)})`
  return JSON.stringify(c)
}

/**
 * The audience step's form. The fields people use most map to plain conditions; any other condition
 * a campaign holds (made through the API) is kept as it is and shown in words.
 */
export interface AudienceForm {
  /** In any of these segments (RFM or rule). */
  segments: string[]
  /** Comma-separated country codes. */
  countries: string
  postalAddress: boolean
  categories: string
  skus: string
  withinDays: string
  minCount: string
  excludeSegments: string[]
  mailedWithinDays: string
  ranking: Ranking
  otherEligibility: Condition[]
  otherBehaviour: Condition[]
}

export const EMPTY_AUDIENCE: AudienceForm = {
  segments: [],
  countries: '',
  postalAddress: false,
  categories: '',
  skus: '',
  withinDays: '',
  minCount: '',
  excludeSegments: [],
  mailedWithinDays: '',
  ranking: 'rfm',
  otherEligibility: [],
  otherBehaviour: [],
}

const splitList = (s: string) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))]
/** A number field: empty is "not set"; anything else goes to the hub as typed, so the hub's issue names it. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s))

const ORDER_KEYS = ['skus', 'categories', 'withinDays', 'minCount']

/** Where each form field's condition sits in the selection, so the hub's issues land on the right field. */
export interface AudiencePaths {
  segments?: string
  countries?: string
  postalAddress?: string
  behaviour?: string
}

export function selectionOf(a: AudienceForm): { selection: Selection; paths: AudiencePaths } {
  const eligibility: Condition[] = []
  const behaviour: Condition[] = []
  const paths: AudiencePaths = {}
  if (a.segments.length) {
    paths.segments = `selection.eligibility[${eligibility.length}]`
    eligibility.push(a.segments.length === 1 ? { segment: a.segments[0] } : { any: a.segments.map((segment) => ({ segment })) })
  }
  const countries = splitList(a.countries)
  if (countries.length) {
    paths.countries = `selection.eligibility[${eligibility.length}]`
    eligibility.push(countries.length === 1 ? { field: 'country', op: 'eq', value: countries[0] } : { field: 'country', op: 'in', value: countries })
  }
  if (a.postalAddress) {
    paths.postalAddress = `selection.eligibility[${eligibility.length}]`
    eligibility.push({ field: 'street', op: 'exists' }, { field: 'postalCode', op: 'exists' })
  }
  eligibility.push(...a.otherEligibility)
  const orders: OrdersRule = {}
  const skus = splitList(a.skus)
  const categories = splitList(a.categories)
  if (skus.length) orders.skus = skus
  if (categories.length) orders.categories = categories
  if (num(a.withinDays) !== undefined) orders.withinDays = num(a.withinDays)
  if (num(a.minCount) !== undefined) orders.minCount = num(a.minCount)
  if (Object.keys(orders).length) {
    paths.behaviour = `selection.behaviour[0]`
    behaviour.push({ orders })
  }
  behaviour.push(...a.otherBehaviour)
  const exclude: Selection['exclude'] = { segments: a.excludeSegments }
  const days = num(a.mailedWithinDays)
  if (days !== undefined) exclude.mailedWithinDays = days
  return { selection: { eligibility, behaviour, exclude, ranking: a.ranking }, paths }
}

/** The form for a stored selection: the conditions it recognises go to their fields, the rest are kept. */
export function audienceOf(s: Selection): AudienceForm {
  const form: AudienceForm = { ...EMPTY_AUDIENCE, segments: [], excludeSegments: [...(s.exclude?.segments ?? [])], otherEligibility: [], otherBehaviour: [], ranking: s.ranking ?? 'rfm' }
  if (s.exclude?.mailedWithinDays !== undefined) form.mailedWithinDays = String(s.exclude.mailedWithinDays)
  let street = false
  let postal = false
  for (const c of s.eligibility ?? []) {
    if ('segment' in c && !form.segments.length) form.segments = [c.segment]
    else if ('any' in c && !form.segments.length && c.any.length > 0 && c.any.every((x) => 'segment' in x)) form.segments = c.any.map((x) => (x as { segment: string }).segment)
    else if ('field' in c && c.field === 'country' && (c.op === 'eq' || c.op === 'in') && !form.countries) form.countries = Array.isArray(c.value) ? c.value.join(', ') : (c.value ?? '')
    else if ('field' in c && c.field === 'street' && c.op === 'exists' && !street) street = true
    else if ('field' in c && c.field === 'postalCode' && c.op === 'exists' && !postal) postal = true
    else form.otherEligibility.push(c)
  }
  if (street && postal) form.postalAddress = true
  else {
    if (street) form.otherEligibility.push({ field: 'street', op: 'exists' })
    if (postal) form.otherEligibility.push({ field: 'postalCode', op: 'exists' })
  }
  const [first, ...rest] = s.behaviour ?? []
  if (first && 'orders' in first && Object.keys(first.orders).every((k) => ORDER_KEYS.includes(k))) {
    form.skus = (first.orders.skus ?? []).join(', ')
    form.categories = (first.orders.categories ?? []).join(', ')
    form.withinDays = first.orders.withinDays === undefined ? '' : String(first.orders.withinDays)
    form.minCount = first.orders.minCount === undefined ? '' : String(first.orders.minCount)
    form.otherBehaviour = rest
  } else form.otherBehaviour = s.behaviour ?? []
  return form
}

/** The number of control customers for `n` selected at `share`, by the hub's rule (share × n rounded half up). */
export function controlSize(n: number, share: number): number {
  return Math.floor(share * n + 0.5 + 1e-9)
}
