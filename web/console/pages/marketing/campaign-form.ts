import { audienceOf, EMPTY_AUDIENCE, selectionOf, type AudienceForm } from './rules'
import type { Campaign, Offer, Selection } from './types'

/** The campaign builder's form: text as typed, turned into the hub's body on save. */

export interface OfferRow {
  sku: string
  /** Expected response rate in percent. */
  ratePercent: string
  quantity: string
}

export interface CampaignForm {
  name: string
  description: string
  mailDate: string
  promiseDate: string
  responseWindowDays: string
  maxTargets: string
  controlPercent: string
  audience: AudienceForm
  offers: OfferRow[]
}

export interface CampaignBody {
  name: string
  description?: string
  mailDate: string
  promiseDate: string
  responseWindowDays: number
  controlShare: number
  maxTargets: number | null
  offers: Offer[]
  selection: Selection
}

/** `YYYY-MM-DD` of the browser's calendar, `n` days from today. */
export function localDay(n = 0): string {
  const d = new Date()
  d.setDate(d.getDate() + n)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** A day `n` days after `day` (calendar arithmetic, no time zone). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

const percent = (share: number) => String(Number((share * 100).toFixed(4)))
/** A number as typed; empty stays empty so the hub says it is missing. */
const numberOf = (s: string) => (s.trim() === '' ? Number.NaN : Number(s))

export function formOf(c?: Campaign): CampaignForm {
  if (!c) {
    return {
      name: '',
      description: '',
      mailDate: localDay(7),
      promiseDate: localDay(21),
      responseWindowDays: '60',
      maxTargets: '',
      controlPercent: '10',
      audience: { ...EMPTY_AUDIENCE },
      offers: [{ sku: '', ratePercent: '5', quantity: '1' }],
    }
  }
  return {
    name: c.name,
    description: c.description ?? '',
    mailDate: c.mailDate,
    promiseDate: c.promiseDate,
    responseWindowDays: String(c.responseWindowDays),
    maxTargets: c.maxTargets === null ? '' : String(c.maxTargets),
    controlPercent: percent(c.controlShare),
    audience: audienceOf(c.selection),
    offers: c.offers.map((o) => ({ sku: o.sku, ratePercent: percent(o.responseRate), quantity: o.quantityPerResponse })),
  }
}

export function bodyOf(f: CampaignForm): CampaignBody {
  return {
    name: f.name.trim(),
    ...(f.description.trim() ? { description: f.description.trim() } : {}),
    mailDate: f.mailDate,
    promiseDate: f.promiseDate,
    responseWindowDays: numberOf(f.responseWindowDays),
    controlShare: Number((numberOf(f.controlPercent) / 100).toFixed(6)),
    maxTargets: f.maxTargets.trim() === '' ? null : Number(f.maxTargets),
    offers: f.offers.map((o) => ({ sku: o.sku.trim(), responseRate: Number((numberOf(o.ratePercent) / 100).toFixed(6)), quantityPerResponse: o.quantity.trim() })),
    selection: selectionOf(f.audience).selection,
  }
}

/** JSON with keys sorted: the hub stores selections as jsonb, which orders keys its own way. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** The fields of the form that differ from the saved campaign: a PATCH sends only those (a change of the selection voids the stock check). */
export function changesOf(f: CampaignForm, saved: Campaign): Partial<CampaignBody> {
  const body = bodyOf(f)
  const savedBody: CampaignBody = {
    name: saved.name,
    description: saved.description ?? undefined,
    mailDate: saved.mailDate,
    promiseDate: saved.promiseDate,
    responseWindowDays: saved.responseWindowDays,
    controlShare: saved.controlShare,
    maxTargets: saved.maxTargets,
    offers: saved.offers,
    selection: saved.selection,
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(savedBody) as Array<keyof CampaignBody>) {
    if (key === 'description') {
      const now = f.description.trim()
      if (now !== (saved.description ?? '')) out.description = now
      continue
    }
    if (stable(body[key]) !== stable(savedBody[key])) out[key] = body[key]
  }
  return out as Partial<CampaignBody>
}

/** POST /v1/campaigns takes no null maxTargets: leave it out instead. */
export function createBodyOf(f: CampaignForm): Omit<CampaignBody, 'maxTargets'> & { maxTargets?: number } {
  const { maxTargets, ...rest } = bodyOf(f)
  return maxTargets === null ? rest : { ...rest, maxTargets }
}

/** Expected demand of `mailed` targets for an offer, as the stock check works it out (rounded up to 6 decimals). */
export function expectedDemand(mailed: number, responseRate: number, quantity: string): number | null {
  const q = Number(quantity)
  if (!Number.isFinite(q) || !Number.isFinite(responseRate)) return null
  return Math.ceil(Number((mailed * responseRate * q * 1e6).toFixed(3))) / 1e6
}
