/** The hub's answers the marketing pages read, as the campaign, availability and segment routes send them. */

export type Condition =
  | { field: string; op: string; value?: string | string[] }
  | { rfm: { segments?: string[]; r?: ScoreRange; f?: ScoreRange; m?: ScoreRange } }
  | { orders: OrdersRule }
  | { segment: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

export interface ScoreRange {
  min?: number
  max?: number
}

export interface OrdersRule {
  skus?: string[]
  categories?: string[]
  withinDays?: number
  minCount?: number
  maxCount?: number
  minRevenue?: number
}

export const RANKINGS = ['rfm', 'monetary', 'frequency', 'recency'] as const
export type Ranking = (typeof RANKINGS)[number]

export interface Selection {
  eligibility: Condition[]
  behaviour: Condition[]
  exclude: { segments: string[]; mailedWithinDays?: number }
  ranking: Ranking
}

export interface Offer {
  sku: string
  responseRate: number
  quantityPerResponse: string
}

export interface FunnelStage {
  stage: string
  in: number
  out: number
  kept: number
  note?: string
}

export interface SkuCheck {
  sku: string
  known: boolean
  demand: string
  atpAtPromise: string
  shortBy: string
  earliestFeasibleDate: string | null
}

export interface StockCheck {
  at: string
  today: string
  promiseDate: string
  targets: number
  feasible: boolean
  skus: SkuCheck[]
  earliestFeasibleDate: string | null
  maxFeasibleTargets: number
  atp: Array<{
    sku: string
    known: boolean
    asOf: Record<string, string>
    holds: Hold[]
    days: Array<{ date: string; projected: string; atp: string }>
    sources: Array<{ connection: string; location: string | null; basis: string; atpAtPromise: string | null }>
  }>
}

export interface Campaign {
  id: string
  name: string
  description: string | null
  status: 'draft' | 'launched' | 'cancelled'
  mailDate: string
  promiseDate: string
  responseWindowDays: number
  controlShare: number
  maxTargets: number | null
  offers: Offer[]
  selection: Selection
  funnel: { at: string; stages: FunnelStage[] } | null
  targets: { treated: number; control: number }
  stockCheck: StockCheck | null
  checkedAt: string | null
  launchedAt: string | null
  push: Record<string, number>
  createdAt: string
  updatedAt: string
}

export interface LaunchAnswer {
  launched: boolean
  alreadyLaunchedAt?: string | null
  targets?: number
  toErp?: number
  notInErp?: number
  acceptedShortfall?: boolean
  campaign: Campaign
}

export interface GroupOutcome {
  size: number
  responders: number
  revenue: number
  orders: number
}

export interface Results {
  campaign: { id: string; name: string; mailDate: string; responseWindowDays: number }
  window: { from: string; to: string; complete: boolean }
  groups: { treated: GroupOutcome; control: GroupOutcome }
  treated: { rate: number | null; revenuePerTarget: number | null }
  control: { rate: number | null; revenuePerTarget: number | null }
  uplift: { rate: number; relative: number | null; incrementalResponders: number; incrementalRevenue: number } | null
  significance: { z: number; pValue: number; significantAt95: boolean } | null
  offers: Array<{ sku: string; expectedResponseRate: number; buyers: number; responseRate: number | null; quantity: string }>
}

export interface AtpDay {
  date: string
  supply: string
  demand: string
  projected: string
  atp: string
  promisable: string
}

export interface AtpResult {
  today: string
  from: string
  to: string
  horizon: string
  days: AtpDay[]
}

export interface Hold {
  campaign: { id: string; name: string }
  date: string
  quantity: string
}

export interface SkuAvailability {
  sku: string
  known: boolean
  total: AtpResult
  sources: Array<{ connection: { id: string; name: string }; location: string | null; basis: 'movements' | 'positions'; asOf: string | null; timeline: AtpResult }>
  holds: Hold[]
  asOf: Record<string, string>
}

export interface Refreshed {
  connection: { id: string; name: string }
  entity: string
  read?: number
  deleted?: number
  skipped?: string
  error?: string
}

/** GET /v1/availability?sku= */
export interface OneSku {
  sku: string
  known: boolean
  totals: { onHand: string; reserved: string; available: string }
  locations: Array<{ connection: { id: string; name: string }; location: string; onHand: string; reserved: string; available: string; uom: string | null; asOf: string }>
  production: Array<{ date: string | null; quantity: string; orders: number }>
  asOf: Record<string, string>
  timeline: SkuAvailability
  refreshed?: Refreshed[]
}

/** GET /v1/availability?skus= */
export interface ManySkus {
  from: string
  to: string
  today: string
  data: SkuAvailability[]
  refreshed?: Refreshed[]
}

export interface Segment {
  id: string
  name: string
  kind: 'rfm' | 'rule'
  description: string | null
  conditions: Condition[]
  members: number
  computedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface SegmentMember {
  id: string
  name: string
  city: string | null
  country: string | null
  rfm: { r: number; f: number; m: number; score: string; segment: string; recencyDays: number; frequency: number; monetary: string } | null
}

export interface AssociationRule {
  antecedent: string[]
  consequent: string
  support: number
  confidence: number
  lift: number
  count: number
  minedAt: string
}

export interface Ladder {
  name: string
  rungs: string[]
}
